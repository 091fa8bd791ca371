import type { Page } from '@playwright/test';
import {
  badgeText,
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

/** Issue 14: every number a rep sees is right, agrees with the others, and explains itself. */

const SHOTS = 'test-results/numbers';
type Json = Record<string, unknown>;

async function ok<T>(page: Page, message: Json): Promise<T> {
  const response = await sendMessage<{ ok: boolean; data: T; error?: string }>(page, message);
  if (!response.ok) throw new Error(response.error);
  return response.data;
}

let seq = 0;
function email(to: string, overrides: Json = {}): Json {
  seq += 1;
  const at = Date.now() - 60_000;
  const id = `n14-${seq}`;
  return {
    id,
    kind: 'email',
    channel: 'gmail',
    occurredAt: at,
    account: 'rep@seller.example',
    recipients: [{ address: to, role: 'to' }],
    dedupeKey: `dedupe:${id}`,
    status: 'counted',
    detection: { method: 'page-request', source: 'gmail-sync' },
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

/** Every hour of every day is working time: pace depends only on the date. */
async function allDaysWorking(page: Page, extra: Json = {}) {
  const { settings } = await ok<{ settings: Json }>(page, { type: 'settings/get' });
  await ok(page, {
    type: 'settings/save',
    settings: { ...settings, workingDays: [0, 1, 2, 3, 4, 5, 6], workdayStartHour: 0, workdayEndHour: 24, ...extra },
  });
}

test('a fresh install is not at risk: the month is counted from the install, and says so', async ({ context, extensionId }) => {
  const options = await openOptions(context, extensionId);
  await allDaysWorking(options);
  const popup = await openPopup(context, extensionId);
  const cards = popup.locator('section.quota');
  await expect(cards.first()).toBeVisible();
  for (const card of await cards.all()) {
    await expect(card).toHaveAttribute('data-pace', 'on_track');
    await expect(card.getByTestId('tracked-from')).toContainText('Counting since');
  }
  await popup.screenshot({ path: `${SHOTS}/popup-fresh-install.png` });
  // A rep whose manager counts whole months counts from the 1st: the full target, no note.
  await options.reload();
  await showSection(options, 'calendar');
  await expect(options.getByTestId('tracking-start')).toContainText('Counting since');
  await options.getByTestId('tracking-start-day').fill(`${new Date().toISOString().slice(0, 8)}01`);
  await options.getByTestId('tracking-start-save').click();
  await expect(popup.locator('[data-quota="calls"]').getByTestId('done-target')).toHaveText('0 / 150');
  await expect(popup.getByTestId('tracked-from')).toHaveCount(0);
});

test('a deal typed as 12,500 is $12,500 everywhere; a revenue quota shows its sign and no cents', async ({
  context,
  extensionId,
  worker,
}) => {
  const options = await openOptions(context, extensionId);
  await countWholePeriods(options);
  await allDaysWorking(options);
  await ok(options, {
    type: 'quotas/save',
    quotas: [
      {
        id: 'rev',
        name: 'Revenue',
        kinds: ['deal'],
        target: 90_000,
        period: 'month',
        measure: 'sum',
        excludeInternal: false,
        currency: 'USD',
      },
    ],
  });
  const popup = await openPopup(context, extensionId);
  await popup.getByTestId('log-deal').click();
  await expect(popup.getByTestId('deal-currency')).toHaveValue('USD');
  await popup.getByTestId('deal-amount').fill('12,500');
  await popup.getByTestId('deal-save').click();
  await expect(popup.getByTestId('status')).toHaveText('Logged: Deal — $12,500');
  expect((await readActivities(worker)).find((a) => a.kind === 'deal')).toMatchObject({ amount: 12500, currency: 'USD' });
  const card = popup.locator('[data-quota="rev"]');
  await expect(card.getByTestId('done-target')).toHaveText('$12,500 / $90,000');
  await expect(card.locator('.quota-sub').first()).toHaveText(/^Expected by now: \$[\d,]+$/);
  await expect(card.getByTestId('remaining')).toHaveText(/^\$77,500 left · \$[\d,]+ per working day$/);
  await expect(popup.getByTestId('recent')).toContainText('Deal');
  await popup.screenshot({ path: `${SHOTS}/popup-revenue.png` });
});

test('an email to a colleague counts nowhere, and History says why', async ({ context, extensionId }) => {
  const options = await openOptions(context, extensionId);
  await countWholePeriods(options);
  await allDaysWorking(options, { internalDomains: ['seller.example'] });
  await ok(options, { type: 'activity/import', activities: [email('boss@seller.example'), email('ann@buyer.example')] });
  const popup = await openPopup(context, extensionId);
  await expect(popup.locator('[data-quota="emails"]').getByTestId('done-target')).toHaveText('1 / 200');
  await expect(popup.getByTestId('today')).toContainText('Email: 1');

  await options.reload();
  await showSection(options, 'history');
  const rows = options.getByTestId('history-row');
  await expect(rows).toHaveCount(2);
  // Both were imported at the same minute: compare as a set.
  await expect
    .poll(async () => (await options.getByTestId('row-status').allInnerTexts()).sort())
    .toEqual(['Counted', 'Not counted: only to colleagues (internal domain)']);
  const report = await ok<{ report: { byKind: Json } }>(options, { type: 'report/get', period: 'this_month' });
  expect(report.report.byKind).toEqual({ email: 1 });
});

test("the badge changes the moment a send's undo window ends, names its quota, and matches the popup", async ({
  context,
  extensionId,
  worker,
}) => {
  const options = await openOptions(context, extensionId);
  await countWholePeriods(options);
  await allDaysWorking(options);
  await ok(options, {
    type: 'quotas/save',
    quotas: [
      { id: 'emails', name: 'Emails', kinds: ['email'], target: 5, period: 'day', measure: 'count', excludeInternal: true },
      { id: 'calls', name: 'Calls', kinds: ['call'], target: 3, period: 'day', measure: 'count', excludeInternal: false },
    ],
  });
  // Not 8 (a sum of two quotas): the most-behind quota's own need, named in the tooltip.
  await expect.poll(() => badgeText(worker)).toMatch(/^[35]$/);
  // Long enough for the steps below on a loaded two-core machine; the check is that the badge follows within a second.
  const confirmAt = Date.now() + 8000;
  await ok(options, {
    type: 'activity/import',
    activities: [
      email('ann@buyer.example', { status: 'pending', confirmAt }),
      email('bob@buyer.example', { status: 'pending', confirmAt }),
    ],
  });
  await ok(options, { type: 'activity/log', entry: { kind: 'call' } });
  await ok(options, { type: 'activity/log', entry: { kind: 'call' } });
  await expect.poll(() => badgeText(worker)).toBe('5');
  expect(await worker.evaluate(() => chrome.action.getTitle({}))).toContain('Emails: 5 more today');
  const popup = await openPopup(context, extensionId);
  await expect(popup.locator('[data-quota="emails"]').getByTestId('pending')).toHaveText(/2/);
  await expect(popup.getByTestId('pending-all').locator('li')).toHaveCount(2);
  // Within a second of the end of the undo window (not at the next 30-second tick).
  await expect.poll(() => badgeText(worker), { timeout: Math.max(0, confirmAt - Date.now()) + 1000, intervals: [100] }).toBe('3');
  await expect(popup.locator('[data-quota="emails"]').getByTestId('done-target')).toHaveText('2 / 5', { timeout: 1500 });
});

test('the popup lists the latest captures with their source; a wrong one is removed; undo names what it undoes', async ({
  context,
  extensionId,
}) => {
  const options = await openOptions(context, extensionId);
  await countWholePeriods(options);
  const invite = email('x@y.example', {
    kind: 'linkedin_invite',
    channel: 'linkedin',
    account: 'urn:li:fsd_profile:me',
    recipients: [{ profileId: 'urn:li:fsd_profile:ACoAAB12345' }],
    subtype: 'with_note',
    detection: { method: 'page-request', source: 'voyager-invite' },
  });
  await ok(options, { type: 'activity/import', activities: [email('ann@buyer.example'), invite] });
  const popup = await openPopup(context, extensionId);
  const recent = popup.getByTestId('recent');
  await expect(recent).toContainText('LinkedIn invitation');
  await expect(recent).toContainText('with a note');
  await expect(recent).toContainText('LinkedIn profile');
  await expect(recent).not.toContainText('urn:li');
  await expect(recent).toContainText('Gmail');
  await popup.screenshot({ path: `${SHOTS}/popup-recent.png` });

  await recent.getByTestId('recent-item').filter({ hasText: 'ann@buyer.example' }).getByTestId('recent-remove').click();
  await expect(popup.getByTestId('status')).toHaveText('Removed: Email to ann@buyer.example');
  await expect(recent.getByTestId('recent-item')).toHaveCount(1);

  await popup.getByTestId('log-call').click();
  await popup.getByTestId('undo').click();
  await expect(popup.getByTestId('status')).toHaveText('Undone: Call');
});

test('logging with details: a contact, a note and an earlier time; the future is refused', async ({ context, extensionId, worker }) => {
  const options = await openOptions(context, extensionId);
  await countWholePeriods(options);
  const popup = await openPopup(context, extensionId);
  await popup.getByTestId('log-details').click();
  await popup.getByTestId('entry-kind').selectOption('meeting');
  await popup.getByTestId('entry-contact').fill('Ann@Buyer.example');
  await popup.getByTestId('deal-note').fill('Demo');
  await popup.getByTestId('entry-when').fill('2031-01-01T16:00');
  await popup.getByTestId('deal-save').click();
  await expect(popup.getByTestId('entry-when')).toHaveAccessibleDescription('cannot be in the future');
  const yesterday = new Date(Date.now() - 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  await popup
    .getByTestId('entry-when')
    .fill(`${yesterday.getFullYear()}-${pad(yesterday.getMonth() + 1)}-${pad(yesterday.getDate())}T16:00`);
  await popup.getByTestId('deal-save').click();
  await expect(popup.getByTestId('status')).toHaveText('Logged: Meeting to ann@buyer.example');
  const meeting = (await readActivities(worker)).find((a) => a.kind === 'meeting');
  expect(meeting).toMatchObject({ note: 'Demo', recipients: [{ address: 'ann@buyer.example' }] });
  expect(Date.now() - (meeting!.occurredAt as number)).toBeGreaterThan(6 * 3_600_000);
});

test('the popup fits 600 px with many quotas, log buttons in sight', async ({ context, extensionId }) => {
  const options = await openOptions(context, extensionId);
  await countWholePeriods(options);
  const kinds = ['call', 'email', 'meeting', 'opportunity', 'deal', 'linkedin_message', 'linkedin_invite', 'inmail'];
  await ok(options, {
    type: 'quotas/save',
    quotas: kinds.map((kind) => ({
      id: kind,
      name: `Quota ${kind}`,
      kinds: [kind],
      target: 50,
      period: 'month',
      measure: 'count',
      excludeInternal: false,
    })),
  });
  const popup = await openPopup(context, extensionId);
  await popup.setViewportSize({ width: 368, height: 600 });
  const height = await popup.evaluate(() => document.documentElement.scrollHeight);
  expect(height).toBeLessThanOrEqual(600);
  await expect(popup.getByTestId('log-call')).toBeInViewport();
  await expect(popup.getByTestId('undo')).toBeInViewport();
  await popup.screenshot({ path: `${SHOTS}/popup-eight-quotas.png` });
});

test('validation per field: a free mail domain, an impossible holiday, half a call', async ({ context, extensionId }) => {
  const options = await openOptions(context, extensionId, 'capture');
  await options.getByTestId('internal-domains').fill('gmail.com');
  await options.locator('#capture').getByRole('button', { name: /save/i }).click();
  await expect(options.locator('#capture').getByRole('alert').first()).toContainText('gmail.com is a free mail service');
  await showSection(options, 'calendar');
  await options.getByTestId('holidays').fill('2026-13-45');
  await options.locator('#calendar').getByRole('button', { name: /save/i }).click();
  await expect(options.locator('#calendar').getByRole('alert').first()).toContainText('“2026-13-45” is not a real date');
  await showSection(options, 'quotas');
  const first = options.getByTestId('quota-0');
  await first.getByTestId('quota-target').fill('0.5');
  await options.getByTestId('save-quotas').click();
  await expect(first.getByRole('alert')).toContainText('whole number from 1 to 1,000,000');
  await options.screenshot({ path: `${SHOTS}/options-validation.png`, fullPage: true });
});

test('a weekly quota installed on a day off: the popup, Reports and the badge say the same (issue 21, points 4 and 5)', async ({
  context,
  extensionId,
  worker,
}) => {
  const options = await openOptions(context, extensionId);
  const { settings } = await ok<{ settings: Json }>(options, { type: 'settings/get' });
  // The calendar is built around today's weekday (in the settings' zone), so the test holds on any day.
  const today = await options.evaluate(
    (zone) =>
      ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(
        new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: zone }).format(new Date()),
      ),
    settings.timeZone as string,
  );
  const dayOffToday = {
    ...settings,
    workingDays: [0, 1, 2, 3, 4, 5, 6].filter((d) => d !== today),
    workdayStartHour: 0,
    workdayEndHour: 24,
  };
  await ok(options, {
    type: 'quotas/save',
    quotas: [
      { id: 'weekly', name: 'Weekly calls', kinds: ['call'], target: 250, period: 'week', measure: 'count', excludeInternal: false },
    ],
  });
  // Installed now, on a day off.
  await ok(options, { type: 'tracking/set', since: Date.now() });
  const reportRow = async () => {
    await options.reload();
    await showSection(options, 'reports');
    const reports = options.locator('section#reports');
    await reports.getByTestId('report-period').selectOption('this_week');
    return reports.locator('tr[data-quota="weekly"]');
  };

  // 1. Today is the week's last day (the Sunday): no working time is left after the install.
  // Before: "0 / 0 ✓ Target met". Now nothing is asked of this week, and every surface says so.
  await ok(options, { type: 'settings/save', settings: { ...dayOffToday, weekStartsOn: (today + 1) % 7 } });
  let popup = await openPopup(context, extensionId);
  let card = popup.locator('[data-quota="weekly"]');
  await expect(card.getByTestId('done-target')).toHaveText('0 / —');
  await expect(card.getByTestId('pace')).toContainText('Nothing asked');
  await expect(card.getByTestId('remaining')).toContainText('after this period’s last working hours');
  await expect(card.getByTestId('needed-today')).toHaveCount(0);
  await popup.screenshot({ path: `${SHOTS}/popup-day-off-week-over.png` });
  let row = await reportRow();
  await expect(row.getByTestId('report-target')).toHaveText(/^—/);
  await expect(row).toContainText('Nothing asked');
  await expect.poll(() => badgeText(worker)).toBe('');
  expect(await worker.evaluate(() => chrome.action.getTitle({}))).toContain('Day off');
  await popup.close();

  // 2. Today is the week's first day: six working days follow the install, the whole 250 is asked
  // (never pro-rated to 0), Reports ask the same, and neither the card nor the badge asks for more today.
  await ok(options, { type: 'settings/save', settings: { ...dayOffToday, weekStartsOn: today } });
  popup = await openPopup(context, extensionId);
  card = popup.locator('[data-quota="weekly"]');
  await expect(card.getByTestId('done-target')).toHaveText('0 / 250');
  for (let i = 0; i < 3; i += 1) await popup.getByTestId('log-call').click();
  await expect(card.getByTestId('done-target')).toHaveText('3 / 250');
  await expect(card.getByTestId('pace')).toContainText('On track');
  await expect(card.getByTestId('needed-today')).toHaveCount(0);
  await popup.screenshot({ path: `${SHOTS}/popup-day-off-week-ahead.png` });
  row = await reportRow();
  await expect(row.getByTestId('report-target')).toHaveText(/^250/);
  await expect(row.getByTestId('report-expected')).toHaveText('0');
  await expect.poll(() => badgeText(worker)).toBe('');
  expect(await worker.evaluate(() => chrome.action.getTitle({}))).toContain('Day off');
});

test('a Russian deal form: roubles by default, "1,5 млн ₽" is 1 500 000 RUB, an ambiguous or huge amount is refused with why (issues 21.1, 27.1)', async () => {
  const context = await launchWithExtension(['--lang=ru']);
  try {
    const worker = await serviceWorkerOf(context);
    const extensionId = new URL(worker.url()).host;
    const popup = await openPopup(context, extensionId);
    await popup.setViewportSize({ width: 368, height: 560 });
    await popup.getByTestId('log-deal').click();
    // The currency follows the rep's language, not a fixed USD.
    await expect(popup.getByTestId('deal-currency')).toHaveValue('RUB');
    // "12,500": twelve thousand five hundred, or twelve and a half? Refused, both readings named.
    await popup.getByTestId('deal-amount').fill('12,500');
    await popup.getByTestId('deal-save').click();
    await expect(popup.getByTestId('problem-amount')).toHaveText(/^«12,500» можно прочитать и как 12\s500, и как 12,50 — /);
    await expect(popup.getByTestId('deal-amount')).toHaveAttribute('aria-invalid', 'true');
    await popup.screenshot({ path: `${SHOTS}/popup-ru-amount-ambiguous.png` });
    await popup.getByTestId('deal-amount').fill('9999999999999999999999');
    await popup.getByTestId('deal-save').click();
    await expect(popup.getByTestId('problem-amount')).toHaveText(/^Сумма — не больше 1\s000\s000\s000\s000\.$/);
    await popup.getByTestId('deal-amount').fill('1,5 млн ₽');
    await popup.getByTestId('deal-save').click();
    await expect(popup.getByTestId('status')).toHaveText(/^Записано: Закрытая сделка — 1\s500\s000\s₽$/);
    expect((await readActivities(worker)).filter((a) => a.kind === 'deal')).toMatchObject([{ amount: 1_500_000, currency: 'RUB' }]);
    await popup.screenshot({ path: `${SHOTS}/popup-ru-deal-logged.png` });
  } finally {
    await context.close();
  }
});

test('importing older history says "Counting since" would move, and moves it only when chosen', async ({ context, extensionId }) => {
  const options = await openOptions(context, extensionId, 'data');
  const { trackingStart: installed } = await ok<{ trackingStart: number }>(options, { type: 'settings/get' });
  const older = installed - 35 * 86_400_000;
  const file = {
    name: 'older.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify([email('ann@buyer.example', { occurredAt: older, createdAt: older, updatedAt: older })])),
  };
  const importWith = async (choice: 'import-tracking-keep' | 'import-tracking-move') => {
    await options.getByTestId('import-file').setInputFiles(file);
    const change = options.getByTestId('import-tracking-start');
    await expect(change).toContainText('before “Counting since”');
    await expect(options.getByTestId('import-tracking-keep')).toBeChecked();
    if (choice === 'import-tracking-keep')
      await options.getByTestId('import-preview').screenshot({ path: `${SHOTS}/import-older-history.png` });
    await options.getByTestId(choice).check();
    await options.getByTestId('import-confirm').click();
    await expect(options.getByTestId('data-status')).toContainText('Imported');
  };

  await importWith('import-tracking-keep');
  expect((await ok<{ trackingStart: number }>(options, { type: 'settings/get' })).trackingStart).toBe(installed);

  await importWith('import-tracking-move');
  expect((await ok<{ trackingStart: number }>(options, { type: 'settings/get' })).trackingStart).toBe(older);
});
