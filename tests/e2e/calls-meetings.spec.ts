import type { BrowserContext, Page, Worker } from '@playwright/test';
import * as aircallFx from '../fixtures/connectors/aircall/calls';
import * as calendlyFx from '../fixtures/connectors/calendly/events';
import { calendarItemRequest, calendarItemResponse, meetingObservation } from '../fixtures/connectors/outlook/meeting';
import { dumpDatabase, exchange, FakeHost, openHostPage, saveSettings } from './capture-helpers';
import { expect, launchWithExtension, openOptions, openPopup, readActivities, sendMessage, serviceWorkerOf, test } from './fixtures';
import { ensureGrantedBuild, GRANTED_DIR } from './granted-build';

/**
 * Calls and meetings counted by themselves, in Chromium with every vendor's host routed:
 * phone links with and without the sites' permission, a phone system's log polled and merged with
 * a phone-link attempt, Outlook meeting requests, a Calendly cancellation, a calendar's private feed.
 *
 * Headless Chromium cannot answer the browser's permission prompt, so the "granted" tests run on a
 * second build (QR_GRANT_OPTIONAL_FOR_TESTS=1) that holds the optional permissions from install;
 * there `permissions.request` answers true at once and everything after it is the real path (the
 * options page's own buttons, the background, the run-time content script). The "not granted" tests
 * run on the release build, where nothing optional is held.
 */

/** A site the rep works in (a CRM), routed: never reached. */
const CRM = 'https://crm.example.test';

/** A CRM page with phone links; its own click handler keeps the browser from opening a dialler. */
async function routeCrm(context: BrowserContext): Promise<void> {
  await context.route(`${CRM}/**`, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><title>CRM</title><body>
        <a id="call" href="tel:+33 6 12 34 56 78">+33 6 12 34 56 78</a>
        <a id="skype" href="callto:+14155550124">Skype</a>
        <script>document.addEventListener('click', (e) => e.preventDefault());</script>
      </body>`,
    }),
  );
}

const calls = async (worker: Worker) => (await readActivities(worker)).filter((a) => a.kind === 'call');

test.describe('release build: nothing optional granted', () => {
  test('a tel: click records nothing, and phone links cannot be turned on without the permission', async ({
    context,
    worker,
    extensionId,
  }) => {
    await routeCrm(context);
    const options = await openOptions(context, extensionId);
    const refused = await sendMessage<{ ok: boolean; error?: string }>(options, { type: 'phone-links/set', setting: { enabled: true } });
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(/permission/);
    const page = await openHostPage(context, `${CRM}/contacts/1`);
    await page.click('#call');
    // Even a forged message is ignored while phone links are off.
    await sendMessage(options, {
      type: 'phone-link/clicked',
      click: { href: 'tel:+14155550123', pageHost: 'crm.example.test', at: Date.now() },
    });
    await page.waitForTimeout(500);
    expect(await calls(worker)).toEqual([]);
    expect(await worker.evaluate(() => chrome.permissions.contains({ origins: ['https://*/*'] }))).toBe(false);
  });

  test('an Outlook meeting request with an outside attendee counts, one only to colleagues does not', async ({
    context,
    worker,
    extensionId,
  }) => {
    const options = await openOptions(context, extensionId);
    await saveSettings(options, { internalDomains: ['seller.example'] });
    const host = new FakeHost('https://outlook.office.com');
    await host.install(context);
    const page = await openHostPage(context, 'https://outlook.office.com/calendar/view/week');
    const external = meetingObservation(
      calendarItemRequest({
        required: [{ EmailAddress: 'buyer@buyer.example' }, { EmailAddress: 'colleague@seller.example' }],
        subject: 'QR-SECRET meeting',
      }),
      { response: calendarItemResponse({ success: true, itemId: 'AAMkExternal=' }) },
    );
    const internal = meetingObservation(calendarItemRequest({ required: [{ EmailAddress: 'colleague@seller.example' }] }), {
      response: calendarItemResponse({ success: true, itemId: 'AAMkInternal=' }),
    });
    internal.request.url = `${internal.request.url}&n=2`;
    await exchange(host, page, internal, 'fetch');
    await exchange(host, page, external, 'xhr');
    await expect.poll(async () => (await readActivities(worker)).length).toBe(1);
    await page.waitForTimeout(300);
    const [meeting] = await readActivities(worker);
    expect(meeting).toMatchObject({ kind: 'meeting', channel: 'outlook', dedupeKey: 'outlook-meeting:AAMkExternal=', status: 'counted' });
    expect(meeting?.recipients).toEqual(expect.arrayContaining([expect.objectContaining({ address: 'buyer@buyer.example' })]));
    expect(JSON.stringify(await dumpDatabase(worker))).not.toContain('SECRET agenda');
  });
});

test.describe('permission granted', () => {
  let granted: BrowserContext;
  let worker: Worker;
  let extensionId: string;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    ensureGrantedBuild();
  });

  test.beforeEach(async () => {
    granted = await launchWithExtension([], '', GRANTED_DIR);
    worker = await serviceWorkerOf(granted);
    extensionId = new URL(worker.url()).host;
  });

  test.afterEach(async () => {
    await granted.close();
  });

  async function turnOnPhoneLinks(): Promise<Page> {
    const options = await openOptions(granted, extensionId, 'capture');
    // The box shows the background's state: it turns checked once the sites are granted and the script registered.
    await options.getByTestId('phone-links-toggle').click();
    await expect(options.getByTestId('phone-links-toggle')).toBeChecked();
    await expect(options.getByTestId('permission-phone-link')).toBeVisible();
    return options;
  }

  test('a tel: click on an allowed site records a call attempt the popup can mark', async () => {
    await routeCrm(granted);
    await turnOnPhoneLinks();
    const page = await openHostPage(granted, `${CRM}/contacts/1`);
    await page.click('#call');
    await expect.poll(async () => (await calls(worker)).length).toBe(1);
    const [attempt] = await calls(worker);
    expect(attempt).toMatchObject({
      channel: 'phone',
      subtype: 'attempt',
      status: 'counted',
      recipients: [{ phone: '+33612345678', role: 'to' }],
    });
    expect((attempt!.detection as { ids: Record<string, string> }).ids.site).toBe('crm.example.test');

    const popup = await granted.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    const row = popup.getByTestId('recent-call').first();
    await row.getByTestId('outcome-connected').click();
    await expect(row).toHaveAttribute('data-outcome', 'connected');
    expect((await calls(worker))[0]).toMatchObject({ outcome: 'connected' });
  });

  test("a phone-system poll records the rep's calls and merges the phone-link attempt into its call", async () => {
    await routeCrm(granted);
    const served: string[] = [];
    await granted.route('https://api.aircall.io/**', (route) => {
      const url = new URL(route.request().url());
      served.push(url.search);
      return route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify(url.searchParams.get('page') === '2' ? aircallFx.page2 : aircallFx.page1),
      });
    });
    // Aircall's documented calls are dated T0; the click is placed 30 s before call 812 started.
    const options = await turnOnPhoneLinks();
    await sendMessage(options, {
      type: 'phone-link/clicked',
      click: { href: 'tel:+33612345678', pageHost: 'crm.example.test', at: aircallFx.T0 * 1000 - 30_000 },
    });
    await expect.poll(async () => (await calls(worker)).length).toBe(1);

    await options.getByTestId('connector-aircall').locator('summary').click();
    await options.getByTestId('connector-aircall-input-apiId').fill('api_id_123');
    await options.getByTestId('connector-aircall-input-apiToken').fill('api_token_456');
    await options.getByTestId('connector-aircall-input-lines').fill(aircallFx.REP.email);
    await options.getByTestId('connector-aircall-connect').click();
    await expect(options.getByTestId('connector-aircall-apiToken')).toHaveText('api_…');
    await expect(options.getByTestId('connector-aircall-status')).toContainText('3');

    const all = await calls(worker);
    const live = all.filter((a) => a.status !== 'retracted');
    expect(live.map((a) => a.dedupeKey).sort()).toEqual(['aircall:812', 'aircall:813', 'aircall:817']);
    const attempt = all.find((a) => a.channel === 'phone');
    expect(attempt?.status).toBe('retracted');
    expect(all.find((a) => a.dedupeKey === 'aircall:812')).toMatchObject({ outcome: 'connected', durationSec: 40 });
    expect(served.some((search) => search.includes('page=2'))).toBe(true);
    // The key is kept in the extension's database only, and never in an export.
    const exported = await sendMessage<{ ok: true; data: unknown }>(options, { type: 'activity/export' });
    expect(JSON.stringify(exported)).not.toContain('api_token_456');

    await options.getByTestId('connector-aircall-disconnect').click();
    await expect(options.getByTestId('connector-aircall')).toHaveAttribute('data-connected', 'false');
    expect(JSON.stringify(await dumpDatabase(worker))).not.toContain('api_token_456');
  });

  test('a Calendly cancellation retracts its meeting', async () => {
    let status: 'active' | 'canceled' = 'active';
    await granted.route('https://api.calendly.com/**', (route) => {
      const url = new URL(route.request().url());
      const json = (body: unknown) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
      if (url.pathname === '/users/me') return json(calendlyFx.me);
      if (url.pathname.endsWith('/invitees')) return json(calendlyFx.invitees);
      return json({
        collection: calendlyFx.page1.collection.map((event) => ({ ...event, status })),
        pagination: { ...calendlyFx.page1.pagination, next_page: null, next_page_token: null },
      });
    });
    const options = await openOptions(granted, extensionId, 'capture');
    await options.getByTestId('connector-calendly').locator('summary').click();
    await options.getByTestId('connector-calendly-input-token').fill('eyJraWQiOi.pat');
    await options.getByTestId('connector-calendly-connect').click();
    await expect(options.getByTestId('connector-calendly')).toHaveAttribute('data-connected', 'true');
    await expect
      .poll(async () => (await readActivities(worker)).filter((a) => a.kind === 'meeting').map((a) => a.status))
      .toEqual(['counted']);

    status = 'canceled';
    const polled = await sendMessage<{ ok: boolean }>(options, { type: 'connectors/poll', id: 'calendly', reason: 'manual' });
    expect(polled.ok).toBe(true);
    await expect
      .poll(async () => (await readActivities(worker)).filter((a) => a.kind === 'meeting').map((a) => a.status))
      .toEqual(['retracted']);
  });
  test("a calendar's private address: its origin alone, the meeting counted in the popup, a cancellation retracting it", async () => {
    // Earlier today, to the minute: the meeting took place today whatever the hour.
    const now = Date.now();
    const start = Math.max(Math.floor((now - 60_000) / 60_000) * 60_000, new Date(now).setHours(0, 0, 0, 0));
    const stamp = (at: number) =>
      new Date(at)
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
    const feed = (status: string) =>
      [
        'BEGIN:VCALENDAR',
        'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
        'VERSION:2.0',
        'BEGIN:VEVENT',
        `DTSTART:${stamp(start)}`,
        `DTEND:${stamp(start + 1_800_000)}`,
        'UID:e2e-demo@google.com',
        'ORGANIZER;CN=Rep:mailto:rep@seller.example',
        'ATTENDEE;PARTSTAT=ACCEPTED;CN=Bea Buyer:mailto:buyer@buyer.example',
        `STATUS:${status}`,
        'SUMMARY:Demo',
        'END:VEVENT',
        'END:VCALENDAR',
      ].join('\r\n');
    let status = 'CONFIRMED';
    const served: string[] = [];
    await granted.route('https://calendar.google.com/**', (route) => {
      served.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'text/calendar', body: feed(status) });
    });
    const options = await openOptions(granted, extensionId, 'capture');
    await options.getByTestId('connector-ics').locator('summary').click();
    await options
      .getByTestId('connector-ics-input-url')
      .fill('webcal://calendar.google.com/calendar/ical/rep%40seller.example/private-0a1b2c/basic.ics');
    await options.getByTestId('connector-ics-input-email').fill('rep@seller.example');
    await options.getByTestId('connector-ics-connect').click();
    await expect(options.getByTestId('connector-ics')).toHaveAttribute('data-connected', 'true');
    // The private address shows its host only (the one mask rule, lib/connections/mask.ts).
    await expect(options.getByTestId('connector-ics-url')).toHaveText('https://calendar.google.com/…');
    expect(served[0]).toBe('https://calendar.google.com/calendar/ical/rep%40seller.example/private-0a1b2c/basic.ics');
    await expect(options.getByTestId('permission-ics')).toContainText('calendar.google.com');

    const popup = await openPopup(granted, extensionId);
    await expect(popup.getByTestId('today')).toContainText('Meeting: 1');

    status = 'CANCELLED';
    const polled = await sendMessage<{ ok: boolean }>(options, { type: 'connectors/poll', id: 'ics', reason: 'manual' });
    expect(polled.ok).toBe(true);
    await expect
      .poll(async () => (await readActivities(worker)).filter((a) => a.kind === 'meeting').map((a) => a.status))
      .toEqual(['retracted']);
  });
});
