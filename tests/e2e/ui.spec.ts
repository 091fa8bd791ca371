import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { saveSettings } from './capture-helpers';
import {
  countWholePeriods,
  expect,
  launchWithExtension,
  openOptions,
  openPopup,
  readActivities,
  sendMessage,
  serviceWorkerOf,
  showSection,
  test,
} from './fixtures';

const SHOTS = 'test-results/ui';
/** Screenshots the README shows: made here, committed, looked at. */
const DOCS = 'docs';
/** The README's pictures are made by `npm run docs:shots`, not by the gate. */
const DOCS_SHOTS = process.env.QR_DOCS_SHOTS === '1';
const SECTIONS = ['quotas', 'kinds', 'topics', 'calendar', 'capture', 'privacy', 'crm', 'notifications', 'history', 'reports', 'data'];

type Json = Record<string, unknown>;
let seq = 0;

/** A valid activity as the store keeps it; `at` defaults to a minute ago. */
function activity(kind: string, overrides: Json = {}): Json {
  seq += 1;
  const at = (overrides.occurredAt as number | undefined) ?? Date.now() - 60_000;
  const id = `e2e-${kind}-${seq}`;
  const captured =
    kind === 'email'
      ? {
          channel: 'gmail',
          account: 'rep@seller.example',
          recipients: [{ address: `lead${seq}@buyer.example`, role: 'to' }],
          detection: { method: 'page-request', source: 'gmail-sync', ids: { threadId: `t${seq}` } },
          subject: `Intro ${seq}`,
        }
      : kind.startsWith('linkedin') || kind === 'social_touch'
        ? {
            channel: 'linkedin',
            account: 'urn:li:fsd_profile:me',
            recipients: [{ profileId: `urn:li:fsd_profile:p${seq}`, name: `Lead ${seq}` }],
            detection: { method: 'page-request', source: 'voyager-invite' },
          }
        : { channel: 'manual', account: 'me', recipients: [], detection: { method: 'manual' } };
  return {
    id,
    kind,
    occurredAt: at,
    dedupeKey: `dedupe:${id}`,
    status: 'counted',
    createdAt: at,
    updatedAt: at,
    ...captured,
    ...overrides,
  };
}

async function ok<T>(page: Page, message: Json): Promise<T> {
  const response = await sendMessage<{ ok: boolean; data: T; error?: string }>(page, message);
  if (!response.ok) throw new Error(response.error);
  return response.data;
}

/** Monthly quotas on a calendar where every hour of every day is working time: pace depends only on the date. */
async function setUp(page: Page, quotas?: Json[]) {
  await countWholePeriods(page);
  const { settings } = await ok<{ settings: Json }>(page, { type: 'settings/get' });
  await ok(page, {
    type: 'settings/save',
    settings: { ...settings, workingDays: [0, 1, 2, 3, 4, 5, 6], workdayStartHour: 0, workdayEndHour: 24 },
  });
  await ok(page, {
    type: 'quotas/save',
    quotas: quotas ?? [
      { id: 'calls', name: 'Calls', kinds: ['call'], target: 150, period: 'month', measure: 'count', excludeInternal: false },
      { id: 'emails', name: 'Emails', kinds: ['email'], target: 200, period: 'month', measure: 'count', excludeInternal: true },
      {
        id: 'social',
        name: 'Social touches',
        kinds: ['linkedin_message', 'linkedin_invite', 'inmail', 'social_touch'],
        target: 50,
        period: 'month',
        measure: 'count',
        excludeInternal: false,
      },
    ],
  });
}

/** Seeds each quota to `share` of where pace says it should be now (or of its target). */
async function seed(page: Page, share: (q: { expectedByNow: number; target: number }) => number, invites = 0) {
  const report = await ok<{ quotas: { quotaId: string; expectedByNow: number; target: number }[] }>(page, { type: 'progress/get' });
  const kindOf: Record<string, string> = { calls: 'call', emails: 'email', social: 'linkedin_message' };
  const activities: Json[] = [];
  for (const q of report.quotas) {
    // Invitations count toward the social quota too.
    const n = Math.max(0, Math.round(share(q)) - (q.quotaId === 'social' ? invites : 0));
    for (let i = 0; i < n; i += 1) activities.push(activity(kindOf[q.quotaId]!, { occurredAt: Date.now() - 60_000 - i * 1000 }));
  }
  for (let i = 0; i < invites; i += 1) activities.push(activity('linkedin_invite', { occurredAt: Date.now() - 30_000 - i }));
  await ok(page, { type: 'activity/import', activities });
}

async function popupAt(context: BrowserContext, extensionId: string): Promise<Page> {
  const popup = await openPopup(context, extensionId);
  // The size Chromium gives the popup: the page's own width.
  await popup.setViewportSize({ width: 368, height: 560 });
  return popup;
}

/** Every section; those named in `docs` also go to docs/ as `options-<name>.png` for the README. */
async function shootOptions(page: Page, variant: string, docs: Record<string, string> = {}) {
  for (const id of SECTIONS) {
    await showSection(page, id);
    const section = page.locator(`section#${id}`);
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: `${SHOTS}/options-${variant}-${id}.png` });
    if (!DOCS_SHOTS || !docs[id]) continue;
    // A long list is cut at the viewport's height: the README needs its top, not 50 rows.
    await section.evaluate((el) => el.scrollIntoView({ block: 'start', behavior: 'instant' }));
    const box = (await section.boundingBox())!;
    const viewport = page.viewportSize()!;
    await page.screenshot({
      path: `${DOCS}/${docs[id]}.png`,
      clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, viewport.height - box.y) },
    });
  }
}

test('quotas are set through the options page, a bad value is refused', async ({ context, extensionId }) => {
  const options = await openOptions(context, extensionId);
  await expect(options.getByTestId('setup-banner')).toContainText('150 calls');
  const emails = options.getByTestId('quota-1');
  await emails.getByTestId('quota-target').fill('lots');
  await options.getByTestId('save-quotas').click();
  await expect(emails.getByRole('alert')).toBeVisible();
  await expect(options.getByTestId('quotas-status')).toContainText('Not saved');
  expect((await ok<{ quotas: { target: number }[] }>(options, { type: 'settings/get' })).quotas[1]!.target).toBe(200);

  await emails.getByTestId('quota-target').fill('250');
  await options.getByTestId('save-quotas').click();
  await expect(options.getByTestId('quotas-status')).toHaveText('Saved');
  expect((await ok<{ quotas: { target: number }[] }>(options, { type: 'settings/get' })).quotas[1]!.target).toBe(250);

  // A settings field without UI before: the end-of-day nudge. Each section saves only itself:
  // the calendar's Save leaves the nudge edit unsaved (and marked) until its own section saves.
  await showSection(options, 'notifications');
  await options.getByTestId('notify-eod').check();
  await expect(options.getByTestId('unsaved-notifications')).toBeVisible();
  // Another section's view: the navigation still marks the nudge's section as unsaved.
  await showSection(options, 'calendar');
  await expect(options.getByTestId('nav-unsaved-notifications')).toBeVisible();
  await options.getByTestId('workday-end').fill('');
  await options.getByTestId('save-settings').click();
  await expect(options.getByTestId('settings-status')).toContainText('Not saved');
  await expect(options.getByTestId('workday-end')).toHaveAccessibleDescription('Work ends at (hour): must be a whole number from 1 to 24');
  await options.getByTestId('workday-end').fill('18');
  await options.getByTestId('save-settings').click();
  await expect(options.getByTestId('settings-status')).toHaveText('Saved');
  expect(
    (await ok<{ settings: { notifications: { endOfDayNudge: boolean } } }>(options, { type: 'settings/get' })).settings.notifications
      .endOfDayNudge,
  ).toBe(false);
  await expect(options.getByTestId('nav-unsaved-notifications')).toBeVisible();
  await showSection(options, 'notifications');
  await expect(options.getByTestId('unsaved-notifications')).toBeVisible();
  await options.getByTestId('save-settings-notifications').click();
  await expect(options.getByTestId('settings-status-notifications')).toHaveText('Saved');
  await expect(options.getByTestId('unsaved-notifications')).toHaveCount(0);
  await expect(options.getByTestId('nav-unsaved-notifications')).toHaveCount(0);
  const { settings } = await ok<{ settings: { workdayEndHour: number; notifications: { endOfDayNudge: boolean } } }>(options, {
    type: 'settings/get',
  });
  expect(settings.workdayEndHour).toBe(18);
  expect(settings.notifications.endOfDayNudge).toBe(true);

  await options.getByTestId('setup-dismiss').click();
  // The welcome's "adjust" link and a reload both land on a section: the URL keeps it.
  await options.reload();
  await expect(options.getByTestId('nav-notifications')).toHaveAttribute('aria-current', 'page');
  await showSection(options, 'quotas');
  await options.getByTestId('save-quotas').waitFor();
  await expect(options.getByTestId('setup-banner')).toHaveCount(0);
});

test('the popup logs, logs a deal with an amount, undoes, and lists pending captures', async ({ context, extensionId, worker }) => {
  const options = await openOptions(context, extensionId);
  await setUp(options);
  const popup = await popupAt(context, extensionId);
  await popup.screenshot({ path: `${SHOTS}/popup-empty.png` });
  await expect(popup.getByRole('progressbar', { name: 'Calls' })).toHaveAttribute('aria-valuetext', /^0 of 150, /);

  await popup.getByTestId('log-call').click();
  await popup.getByTestId('log-meeting').click();
  await expect(popup.locator('[data-quota="calls"]').getByTestId('done-target')).toHaveText('1 / 150');
  await expect(popup.getByTestId('today')).toContainText('Meeting: 1');

  await popup.getByTestId('log-deal').click();
  await popup.getByTestId('deal-amount').fill('abc');
  await popup.getByTestId('deal-save').click();
  await expect(popup.getByTestId('deal-form').getByRole('alert')).toContainText('number');
  await expect(popup.getByTestId('deal-amount')).toHaveAccessibleDescription(/number/);
  await expect(popup.getByTestId('deal-currency')).toHaveAttribute('aria-invalid', 'false');
  // Typed the English way, with a thousands separator: 1,250.50, not 1.25 (issue 14, item 1).
  await popup.getByTestId('deal-amount').fill('1,250.50');
  await popup.getByTestId('deal-currency').fill('eur');
  await popup.getByTestId('deal-amount').press('Enter');
  await expect(popup.getByTestId('status')).toHaveText('Logged: Deal — €1,250.50');
  const deal = (await readActivities(worker)).find((a) => a.kind === 'deal');
  expect(deal).toMatchObject({ amount: 1250.5, currency: 'EUR', channel: 'manual', status: 'counted' });

  await popup.getByTestId('undo').click();
  await expect(popup.getByTestId('status')).toHaveText('Undone: Deal — €1,250.50');
  expect((await readActivities(worker)).find((a) => a.kind === 'deal')!.status).toBe('retracted');

  // A Gmail send inside its undo window shows as pending, with who it went to and a countdown.
  await ok(options, {
    type: 'activity/import',
    activities: [activity('email', { status: 'pending', confirmAt: Date.now() + 60_000, recipients: [{ address: 'x@buyer.example' }] })],
  });
  await expect(popup.getByTestId('pending-all')).toContainText(/Email to x@buyer\.example — pending, counts in \d+ s/);
  // Keyboard: the log buttons are reachable and work with Enter.
  await popup.getByTestId('log-call').focus();
  await popup.keyboard.press('Enter');
  await expect(popup.locator('[data-quota="calls"]').getByTestId('done-target')).toHaveText('2 / 150');
});

test('popup screenshots: mid-period, behind pace, met, dark', async ({ context, extensionId }) => {
  const options = await openOptions(context, extensionId);
  await setUp(options);
  await seed(options, (q) => q.expectedByNow, 85);
  let popup = await popupAt(context, extensionId);
  await expect(popup.getByTestId('invite-guard')).toHaveAttribute('data-level', 'near');
  await popup.screenshot({ path: `${SHOTS}/popup-mid-period.png` });
  if (DOCS_SHOTS) await popup.screenshot({ path: `${DOCS}/popup.png` });
  await popup.emulateMedia({ colorScheme: 'dark' });
  await popup.screenshot({ path: `${SHOTS}/popup-mid-period-dark.png` });
  if (DOCS_SHOTS) await popup.screenshot({ path: `${DOCS}/popup-dark.png` });
  await popup.close();

  await ok(options, { type: 'activity/delete-all' });
  await seed(options, (q) => q.expectedByNow * 0.3);
  popup = await popupAt(context, extensionId);
  await popup.screenshot({ path: `${SHOTS}/popup-behind.png` });
  await popup.close();

  await ok(options, { type: 'activity/delete-all' });
  await seed(options, (q) => q.target + 3, 100);
  popup = await popupAt(context, extensionId);
  await expect(popup.locator('[data-quota="calls"]').getByTestId('pace')).toHaveText(/Target met/);
  await expect(popup.getByTestId('invite-guard')).toHaveAttribute('data-level', 'reached');
  await popup.screenshot({ path: `${SHOTS}/popup-met.png` });
});

test('import refuses a bad file whole, accepts a good one, and an export re-imports exactly', async ({ context, extensionId, worker }) => {
  const options = await openOptions(context, extensionId);
  // Subjects are kept only where the rep allows it (off at install): this file's formula is in one.
  await saveSettings(options, { privacy: { storeSubjects: true, storeRecipientNames: true } });
  const dir = mkdtempSync(path.join(tmpdir(), 'qr-import-'));
  const good = [
    activity('call'),
    activity('email', { subject: '=HYPERLINK("http://x.example")' }),
    activity('meeting', { occurredAt: Date.now() - 3 * 86_400_000 }),
  ];
  writeFileSync(path.join(dir, 'good.json'), JSON.stringify(good));
  const badCsv = [
    'id,kind,channel,status,occurredAt,account,recipients,dedupeKey,detectionMethod,createdAt,updatedAt',
    'b1,call,manual,counted,2026-01-05T10:00:00.000Z,me,[],k1,manual,2026-01-05T10:00:00.000Z,2026-01-05T10:00:00.000Z',
    'b2,fax,manual,counted,2026-01-05T10:00:00.000Z,me,[],k2,manual,2026-01-05T10:00:00.000Z,2026-01-05T10:00:00.000Z',
  ].join('\n');
  writeFileSync(path.join(dir, 'bad.csv'), badCsv);

  await showSection(options, 'data');
  await options.getByTestId('import-file').setInputFiles(path.join(dir, 'bad.csv'));
  await expect(options.getByTestId('import-error')).toContainText('row 2, column “kind”: is not one of the allowed values');
  await expect(options.getByTestId('import-preview')).toHaveCount(0);
  expect(await readActivities(worker)).toEqual([]);

  await options.getByTestId('import-file').setInputFiles(path.join(dir, 'good.json'));
  await expect(options.getByTestId('import-preview')).toContainText('3 activities');
  await expect(options.getByTestId('import-preview')).toContainText('Meeting: 1');
  expect(await readActivities(worker)).toEqual([]);
  await options.getByTestId('import-confirm').click();
  await expect(options.getByTestId('data-status')).toContainText('3 added');
  expect(await readActivities(worker)).toHaveLength(3);
  await showSection(options, 'history');
  await expect(options.getByTestId('history-count')).toContainText('Activities: 3');

  // Export as CSV, wipe, import the export: the same records come back.
  await showSection(options, 'data');
  const before = (await readActivities(worker)).sort((a, b) => String(a.id).localeCompare(String(b.id)));
  const [download] = await Promise.all([options.waitForEvent('download'), options.getByTestId('export-csv').click()]);
  const csvPath = path.join(dir, 'export.csv');
  await download.saveAs(csvPath);
  expect(readFileSync(csvPath, 'utf8')).toContain(`"'=HYPERLINK(""http://x.example"")"`);
  await ok(options, { type: 'activity/delete-all' });
  expect(await readActivities(worker)).toEqual([]);
  await options.getByTestId('import-file').setInputFiles(csvPath);
  await options.getByTestId('import-confirm').click();
  await expect(options.getByTestId('data-status')).toContainText('3 added');
  const after = (await readActivities(worker)).sort((a, b) => String(a.id).localeCompare(String(b.id)));
  expect(after).toEqual(before);

  // History: delete and restore from the list.
  await showSection(options, 'history');
  const row = options.getByTestId('history-row').filter({ hasText: 'Call' }).first();
  await row.getByTestId('row-delete').click();
  await expect(row.getByTestId('row-status')).toHaveText('Deleted');
  await options.getByTestId('filter-kind').selectOption('email');
  await expect(options.getByTestId('history-count')).toContainText('Activities: 1');
  await options.getByTestId('history-row').first().locator('summary').click();
  await expect(options.getByTestId('history-row').first()).toContainText('The page’s own request to Gmail');
});

/**
 * Quotas about 80 % on pace, the activities spread over the days of the month so far (as a real
 * month looks in the charts), plus a call and an email every third day further back.
 */
async function seedMonth(page: Page, names?: string[]) {
  const quotas = names
    ? [
        { id: 'calls', name: names[0], kinds: ['call'], target: 150, period: 'month', measure: 'count', excludeInternal: false },
        { id: 'emails', name: names[1], kinds: ['email'], target: 200, period: 'month', measure: 'count', excludeInternal: true },
        {
          id: 'social',
          name: names[2],
          kinds: ['linkedin_message', 'linkedin_invite', 'inmail', 'social_touch'],
          target: 50,
          period: 'month',
          measure: 'count',
          excludeInternal: false,
        },
      ]
    : undefined;
  await setUp(page, quotas);
  const report = await ok<{ quotas: { quotaId: string; expectedByNow: number }[] }>(page, { type: 'progress/get' });
  const daysSoFar = new Date().getDate();
  const todayStart = new Date().setHours(0, 0, 0, 0);
  // Ahead on calls, about on track on emails, behind on social: every pace colour in the pictures.
  const kindOf: Record<string, string[]> = {
    calls: ['call'],
    emails: ['email'],
    social: ['linkedin_message', 'linkedin_invite', 'social_touch'],
    meetings: ['meeting'],
  };
  const shareOf: Record<string, number> = { calls: 1.1, emails: 0.97, social: 0.75 };
  const activities: Json[] = [];
  const wanted = [
    ...report.quotas.map((q) => ({ id: q.quotaId, n: Math.round(q.expectedByNow * shareOf[q.quotaId]!) })),
    { id: 'meetings', n: daysSoFar * 2 },
  ];
  for (const { id, n } of wanted) {
    const kinds = kindOf[id]!;
    for (let i = 0; i < n; i += 1) {
      const day = i % daysSoFar;
      // Earlier days in working hours; today up to a minute ago.
      const at =
        day === 0
          ? Date.now() - 60_000 - i * 1000
          : new Date(todayStart).setDate(new Date(todayStart).getDate() - day) + (9 + (i % 8)) * 3_600_000;
      activities.push(activity(kinds[i % kinds.length]!, { occurredAt: at }));
    }
  }
  for (let day = daysSoFar + 1; day < daysSoFar + 40; day += 3) {
    activities.push(
      activity('call', { occurredAt: Date.now() - day * 86_400_000 }),
      activity('email', { occurredAt: Date.now() - day * 86_400_000 - 5000 }),
    );
  }
  await ok(page, { type: 'activity/import', activities });
}

/** Screenshots of every options section; those named in `docs` also go to docs/ for the README. */
async function optionsShots(
  context: BrowserContext,
  extensionId: string,
  variant: string,
  options: { dark?: boolean; docs?: Record<string, string> } = {},
) {
  const page = await openOptions(context, extensionId);
  if (options.dark) await page.emulateMedia({ colorScheme: 'dark' });
  await showSection(page, 'reports');
  await expect(page.getByTestId('report-quotas')).toBeVisible();
  await showSection(page, 'history');
  await expect(page.getByTestId('history-table')).toBeVisible();
  await shootOptions(page, variant, options.docs);
  return page;
}
test('options screenshots, English and dark', async ({ context, extensionId }) => {
  test.skip(!DOCS_SHOTS, 'pictures of every section: npm run docs:shots');
  await seedMonth(await openOptions(context, extensionId));
  await optionsShots(context, extensionId, 'en', {
    docs: { quotas: 'options-quotas', history: 'options-history', reports: 'options-reports' },
  });
  await optionsShots(context, extensionId, 'dark', { dark: true, docs: { reports: 'options-reports-dark' } });
});

test('the UI follows the browser language (Russian)', async () => {
  const context = await launchWithExtension(['--lang=ru']);
  try {
    const worker = await serviceWorkerOf(context);
    const extensionId = new URL(worker.url()).host;
    // The first-run quotas are named in the user's language.
    const firstRun = await openOptions(context, extensionId);
    await expect(firstRun.getByTestId('quota-0').getByTestId('quota-name')).toHaveValue('Звонки');
    await expect(firstRun.getByTestId('quota-2').getByTestId('quota-name')).toHaveValue('Касания');
    await firstRun.close();
    await seedMonth(await openOptions(context, extensionId), ['Звонки', 'Письма', 'Касания']);
    const options = await optionsShots(context, extensionId, 'ru', { docs: { reports: 'options-reports-ru' } });
    await showSection(options, 'calendar');
    await expect(options.getByTestId('save-settings')).toHaveText('Сохранить настройки');
    await showSection(options, 'quotas');
    await expect(options.getByRole('heading', { name: 'Планы активности' })).toBeVisible();
    // Validation speaks Russian too, naming the field and what it allows.
    const target = options.getByTestId('quota-0').getByTestId('quota-target');
    await target.fill('много');
    await options.getByTestId('save-quotas').click();
    // A count target: one limit, one message, whatever was typed (issue 21.12).
    await expect(target).toHaveAccessibleDescription(/^Цель: должно быть целым числом от 1 до 1\s000\s000$/);
    await expect(options.getByTestId('unsaved-quotas')).toHaveText('Есть несохранённые изменения');
    const popup = await popupAt(context, extensionId);
    await expect(popup.getByTestId('log-call')).toHaveText('+ Звонок');
    // Dates follow the language of the words, not only the words.
    await expect(popup.locator('header time')).toHaveText(/[а-я]/);
    await showSection(options, 'reports');
    await expect(options.locator('#reports .hint').first()).toHaveText(/г\./);
    await popup.screenshot({ path: `${SHOTS}/popup-ru.png` });
    if (DOCS_SHOTS) await popup.screenshot({ path: `${DOCS}/popup-ru.png` });
    // An amount typed the way the app prints it in Russian is read, not refused (issue 14, item 1).
    await popup.getByTestId('log-deal').click();
    await popup.getByTestId('deal-amount').fill('150\u00a0000');
    await popup.getByTestId('deal-currency').fill('RUB');
    await popup.getByTestId('deal-save').click();
    await expect(popup.getByTestId('status')).toHaveText(/Закрытая сделка — 150\s000\s₽$/);
  } finally {
    await context.close();
  }
});

test('a revenue quota takes a currency (a bad one is refused), and delete-all asks first, then empties the store', async ({
  context,
  extensionId,
  worker,
}) => {
  const options = await openOptions(context, extensionId);
  const first = options.getByTestId('quota-0');
  await first.locator('select').nth(1).selectOption('sum');
  await first.getByTestId('quota-currency').fill('U$');
  await options.getByTestId('save-quotas').click();
  await expect(first.getByRole('alert')).toContainText('three-letter ISO code');
  let saved = await ok<{ quotas: Json[] }>(options, { type: 'settings/get' });
  expect(saved.quotas[0]).toMatchObject({ measure: 'count' });
  expect(saved.quotas[0]!.currency).toBeUndefined();
  await first.getByTestId('quota-currency').fill('eur');
  await options.getByTestId('save-quotas').click();
  await expect(options.getByTestId('quotas-status')).toHaveText('Saved');
  saved = await ok(options, { type: 'settings/get' });
  expect(saved.quotas[0]).toMatchObject({ measure: 'sum', currency: 'EUR' });

  await ok(options, { type: 'activity/import', activities: [activity('call'), activity('email')] });
  await showSection(options, 'data');
  await options.getByTestId('delete-all').click();
  await expect(options.getByTestId('delete-all-confirm')).toBeVisible();
  expect(await readActivities(worker)).toHaveLength(2); // nothing gone before the confirmation
  await options.getByTestId('delete-all-confirm').click();
  await expect(options.getByTestId('data-status')).toHaveText('Deleted 2 activities');
  expect(await readActivities(worker)).toEqual([]);
});

/** A wall-clock time in a zone, as a datetime-local input writes it (yyyy-mm-ddThh:mm). */
function wallClock(at: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

test('a call logged in the popup is edited in History (time in the settings zone, note) and the popup follows', async ({
  context,
  extensionId,
  worker,
}) => {
  // The settings' zone, not the machine's: Tokyo is UTC+9 all year, unlike any CI machine.
  const zone = 'Asia/Tokyo';
  const setup = await openOptions(context, extensionId);
  await setUp(setup);
  const { settings } = await ok<{ settings: Json }>(setup, { type: 'settings/get' });
  await ok(setup, { type: 'settings/save', settings: { ...settings, timeZone: zone } });
  await setup.close();

  const popup = await popupAt(context, extensionId);
  await popup.getByTestId('log-call').click();
  const calls = popup.locator('[data-quota="calls"]').getByTestId('done-target');
  await expect(calls).toHaveText('1 / 150');
  const [logged] = await readActivities(worker);
  expect(logged).toMatchObject({ kind: 'call', channel: 'manual', status: 'counted' });

  const options = await openOptions(context, extensionId, 'history');
  const row = options.getByTestId('history-row').filter({ hasText: 'Call' });
  await expect(row).toHaveCount(1);
  // Shown and edited as Tokyo's wall clock.
  await row.getByTestId('row-edit').click();
  await expect(options.getByTestId('edit-when')).toHaveValue(wallClock(logged!.occurredAt as number, zone));
  // Earlier today by a minute or so (a whole minute, as the input keeps it), with a note.
  const earlier = Math.floor(((logged!.occurredAt as number) - 60_000) / 60_000) * 60_000;
  await options.getByTestId('edit-when').fill(wallClock(earlier, zone));
  await options.getByTestId('edit-note').fill('Discovery call with ACME');
  await options.getByTestId('edit-save').click();
  await expect(options.getByTestId('history-row').filter({ hasText: 'Discovery call with ACME' })).toHaveCount(1);
  let [stored] = await readActivities(worker);
  expect(stored).toMatchObject({ id: logged!.id, occurredAt: earlier, note: 'Discovery call with ACME', status: 'counted' });
  await expect(calls).toHaveText('1 / 150');

  // Moved to 40 days ago (always an earlier month): it leaves this month's count, in the popup too.
  const monthAgo = earlier - 40 * 86_400_000;
  await options.getByTestId('history-row').getByTestId('row-edit').click();
  await options.getByTestId('edit-when').fill(wallClock(monthAgo, zone));
  await options.getByTestId('edit-save').click();
  await expect.poll(async () => (await readActivities(worker))[0]!.occurredAt).toBe(monthAgo);
  [stored] = await readActivities(worker);
  expect(stored).toMatchObject({ note: 'Discovery call with ACME', kind: 'call' });
  await expect(calls).toHaveText('0 / 150');
});
