import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, type CDPSession, chromium, type Page, type Worker } from '@playwright/test';
import { createMessage, messageUrn } from '../builders/linkedin';
import { exchange, FakeHost, openHostPage } from './capture-helpers';
import { EXTENSION_DIR, expect, launchWithExtension, readActivities, serviceWorkerOf, test } from './fixtures';
import { devToolsPort, liveWorker } from './worker-stop';

/**
 * A LinkedIn tab that stays open while the extension is loaded anew under it: Chrome injects no
 * content scripts into open tabs, so the old relay is orphaned (its runtime calls throw) while the
 * page-world tap keeps reporting. The background injects a new relay (lib/background/reinject.ts)
 * and the orphan hands over what it could not deliver (lib/tap/succession.ts); where no new relay
 * comes, the page and the popup say that the tab needs a reload.
 *
 * Two ways to load the extension anew, both what a rep's browser does on an update (unload, load):
 * - reload: DevTools' Extensions.loadUnpacked on the same folder, as chrome://extensions' Reload
 *   button (needs --enable-unsafe-extension-debugging; chrome.runtime.reload() from the worker
 *   leaves a command-line-loaded extension unreachable);
 * - off and on: chrome.management.setEnabled from chrome://extensions, which leaves a gap of our
 *   choosing, with no extension at all, to send in.
 */

const LINKEDIN = 'https://www.linkedin.com';
const TAP_EVENT = 'quota-radar:observation';
const RELAY_READY_EVENT = 'quota-radar:relay-ready';
/** The relay waits this long for a successor before it shows its note (relay.content.ts), plus slack. */
const NOTICE_AFTER_MS = 3000 + 5000 + 1000;
/** Reloads under the one open tab in the first test. */
const ROUNDS = 5;

interface Browsing {
  context: BrowserContext;
  extensionId: string;
  /** The browser-level DevTools session (Extensions.loadUnpacked). */
  session: CDPSession;
  cdp: Browser;
  /** chrome://extensions, whose page may call chrome.management. */
  extensionsPage: Page;
}

async function launch(): Promise<Browsing> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'qr-reload-'));
  const context = await launchWithExtension(['--remote-debugging-port=0', '--enable-unsafe-extension-debugging'], userDataDir);
  const extensionId = new URL((await serviceWorkerOf(context)).url()).host;
  const cdp = await chromium.connectOverCDP(`http://127.0.0.1:${await devToolsPort(userDataDir)}`);
  const session = await cdp.newBrowserCDPSession();
  const extensionsPage = await context.newPage();
  await extensionsPage.goto('chrome://extensions/');
  return { context, extensionId, session, cdp, extensionsPage };
}

async function close(b: Browsing): Promise<void> {
  await b.session.detach().catch(() => undefined);
  await b.cdp.close().catch(() => undefined);
  await b.context.close();
}

/** The extension's worker after a fresh load (a new worker starts for onInstalled). */
async function afterLoad(b: Browsing, load: () => Promise<unknown>): Promise<Worker> {
  const next = b.context.waitForEvent('serviceworker');
  await load();
  await next;
  return liveWorker(b.context, () => b.extensionsPage.evaluate(() => undefined));
}

const reload = (b: Browsing) =>
  afterLoad(b, async () => {
    const { id } = (await b.session.send('Extensions.loadUnpacked' as never, { path: EXTENSION_DIR } as never)) as { id: string };
    expect(id).toBe(b.extensionId);
  });

const setEnabled = (b: Browsing, enabled: boolean) =>
  b.extensionsPage.evaluate(
    ([id, on]) =>
      (
        globalThis as unknown as { chrome: { management: { setEnabled(id: string, on: boolean): Promise<void> } } }
      ).chrome.management.setEnabled(id, on),
    [b.extensionId, enabled] as const,
  );

/** Counts, as the page itself could, the tap events (the tap's own and handed-over ones) and relay announcements. */
async function watchChannel(page: Page): Promise<void> {
  await page.evaluate(
    ([tapEvent, readyEvent]) => {
      const seen = { tap: 0, ready: 0 };
      Object.assign(window, { qrSeen: seen });
      window.addEventListener(tapEvent, () => {
        seen.tap += 1;
      });
      window.addEventListener(readyEvent, () => {
        seen.ready += 1;
      });
    },
    [TAP_EVENT, RELAY_READY_EVENT] as const,
  );
}
const channel = (page: Page) => page.evaluate(() => (window as unknown as { qrSeen: { tap: number; ready: number } }).qrSeen);

let sent = 0;
/** A LinkedIn message sent now, with its own id. */
function linkedinSend(label: string) {
  sent += 1;
  const messageId = `2-${Buffer.from(`reload-${label}-${sent}`).toString('base64')}`;
  return {
    observation: createMessage({
      text: `reload test ${label}`,
      hostRecipients: ['ACoAAAGBzkcBiJaW_s9coH6XvtjTaNhC9A7YZ_Q'],
      messageId,
      startedAt: Date.now(),
    }),
    key: `linkedin:message:${messageUrn(messageId)}`,
  };
}

const countOf = async (worker: Worker, key: string) => (await readActivities(worker)).filter((a) => a.dedupeKey === key).length;

async function expectRecordedOnce(worker: Worker, keys: string[]): Promise<void> {
  for (const key of keys) await expect.poll(() => countOf(worker, key), { message: key }).toBeGreaterThan(0);
  // Long enough for a resend or a late hand-over to land twice.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const activities = await readActivities(worker);
  for (const key of keys)
    expect(
      activities.filter((a) => a.dedupeKey === key),
      key,
    ).toHaveLength(1);
}

const notice = (page: Page) => page.locator('[data-quota-radar-notice]');

/** The popup as the rep opens it over this tab: an extension page beside it, the host tab staying active. */
async function popupOver(b: Browsing, worker: Worker): Promise<Page> {
  const opened = b.context.waitForEvent('page', (p) => p.url().endsWith('/popup.html'));
  await worker.evaluate((url) => chrome.tabs.create({ url, active: false }), `chrome-extension://${b.extensionId}/popup.html`);
  const popup = await opened;
  await popup.getByTestId('quotas').waitFor();
  return popup;
}

test('a reload under an open LinkedIn tab: capture resumes without a page reload, a send just before it is not lost', async () => {
  const b = await launch();
  try {
    let worker = await serviceWorkerOf(b.context);
    const host = new FakeHost(LINKEDIN);
    await host.install(b.context);
    const page = await openHostPage(b.context, `${LINKEDIN}/messaging/`);
    await watchChannel(page);

    const before = linkedinSend('before');
    await exchange(host, page, before.observation, 'fetch');
    await expect.poll(() => countOf(worker, before.key)).toBe(1);

    // Each round: a send the tap reported, the reload at once (whether or not the old worker
    // committed it), then a send in the same tab, with no page reload.
    const keys = [before.key];
    for (let round = 1; round <= ROUNDS; round += 1) {
      const racing = linkedinSend(`racing-${round}`);
      await exchange(host, page, racing.observation, round % 2 ? 'xhr' : 'fetch');
      worker = await reload(b);
      // The background injected a new relay into the open tab: it announced itself in the page.
      await expect.poll(async () => (await channel(page)).ready).toBe(round);
      const after = linkedinSend(`after-${round}`);
      await exchange(host, page, after.observation, 'fetch');
      keys.push(racing.key, after.key);
    }
    await expectRecordedOnce(worker, keys);
    expect(await readActivities(worker)).toHaveLength(keys.length);

    // Nothing tells the rep to reload, neither the page nor the popup.
    const popup = await popupOver(b, worker);
    await page.waitForTimeout(NOTICE_AFTER_MS);
    await expect(notice(page)).toHaveCount(0);
    await expect(popup.getByTestId('tab-needs-reload')).toHaveCount(0);
    const seen = await channel(page);
    console.log(
      `reload: ${ROUNDS} reloads, ${keys.length} sends, ${keys.length} stored once each; ${seen.tap - keys.length} of the ${ROUNDS} sends made just before a reload were handed over by the orphaned relay (the old background had not acknowledged them)`,
    );

    // scripting and host_permissions add no install warning to what the content scripts already asked.
    const warnings = await worker.evaluate(async () => {
      const manifest = chrome.runtime.getManifest() as { permissions?: string[]; host_permissions?: string[] };
      // The manifest as it was before this change: no scripting, content-script hosts only.
      const { host_permissions: _hosts, ...withoutHosts } = manifest;
      const before = { ...withoutHosts, permissions: (manifest.permissions ?? []).filter((p) => p !== 'scripting') };
      const warn = (m: unknown): Promise<string[]> => chrome.management.getPermissionWarningsByManifest(JSON.stringify(m));
      return { now: await warn(manifest), before: await warn(before), hosts: manifest.host_permissions, permissions: manifest.permissions };
    });
    expect(warnings.permissions).toContain('scripting');
    expect(warnings.hosts).toContain('https://www.linkedin.com/*');
    expect(warnings.now).toEqual(warnings.before);
  } finally {
    await close(b);
  }
});

test('with the extension off, the open tab keeps what it saw and says so; turned on again, it hands it over', async () => {
  const b = await launch();
  try {
    let worker = await serviceWorkerOf(b.context);
    const host = new FakeHost(LINKEDIN);
    await host.install(b.context);
    const page = await openHostPage(b.context, `${LINKEDIN}/messaging/`);
    await watchChannel(page);
    const first = linkedinSend('first');
    await exchange(host, page, first.observation, 'fetch');
    await expect.poll(() => countOf(worker, first.key)).toBe(1);

    // Off: no extension to reach. The tap still reports; the orphaned relay keeps it and, as no new
    // relay comes, tells the rep.
    await setEnabled(b, false);
    const whileOff = linkedinSend('while-off');
    await exchange(host, page, whileOff.observation, 'xhr');
    await expect(notice(page)).toBeVisible({ timeout: NOTICE_AFTER_MS + 5000 });
    await expect(notice(page).getByRole('status')).toContainText('reload');
    await expect(notice(page).getByRole('button', { name: 'Reload' })).toBeVisible();

    // On again: a new relay is injected, the orphan hands over and its note goes; no page reload.
    worker = await afterLoad(b, () => setEnabled(b, true));
    await expect(notice(page)).toHaveCount(0);
    const backOn = linkedinSend('back-on');
    await exchange(host, page, backOn.observation, 'fetch');
    await expectRecordedOnce(worker, [first.key, whileOff.key, backOn.key]);
    // The page saw the send made while off twice: from the tap, and handed over to the new relay.
    expect((await channel(page)).tap).toBe(4);

    // Again, with the note dismissed this time: it goes, and the hand-over still happens.
    await setEnabled(b, false);
    const secondOff = linkedinSend('second-off');
    await exchange(host, page, secondOff.observation, 'xhr');
    await expect(notice(page)).toBeVisible({ timeout: NOTICE_AFTER_MS + 5000 });
    await notice(page).getByRole('button', { name: 'Dismiss' }).click();
    await expect(notice(page)).toHaveCount(0);
    // A tab opened while the extension is off has no capture scripts at all (as one opened before
    // an install): turned on, both get injected, the tap into the page world too.
    const openedWhileOff = await openHostPage(b.context, `${LINKEDIN}/messaging/`);
    worker = await afterLoad(b, () => setEnabled(b, true));
    const fromNewTab = linkedinSend('opened-while-off');
    // Sent again until recorded: the injection into that tab ends some time after the worker starts
    // (repeats are the same send, which the background records once).
    await expect
      .poll(async () => {
        await exchange(host, openedWhileOff, fromNewTab.observation, 'fetch');
        return countOf(worker, fromNewTab.key);
      })
      .toBeGreaterThan(0);
    await expectRecordedOnce(worker, [first.key, whileOff.key, backOn.key, secondOff.key, fromNewTab.key]);
    expect(await readActivities(worker)).toHaveLength(5);
  } finally {
    await close(b);
  }
});

test('the popup says when the current tab of a watched site is not counted, and reloads it', async () => {
  const b = await launch();
  try {
    const worker = await serviceWorkerOf(b.context);
    // The site does not answer: an error page, where no content script runs or can be injected.
    await b.context.route(`${LINKEDIN}/**`, (route) => route.abort('internetdisconnected'));
    const page = await b.context.newPage();
    await page.goto(`${LINKEDIN}/feed/`).catch(() => undefined);
    await page.bringToFront();

    const popup = await popupOver(b, worker);
    const line = popup.getByTestId('tab-needs-reload');
    await expect(line).toBeVisible();
    await expect(line).toContainText('needs a reload');

    // The site is back; the popup's button reloads the tab, after which capture runs there.
    await b.context.unrouteAll({ behavior: 'ignoreErrors' });
    const host = new FakeHost(LINKEDIN);
    await host.install(b.context);
    const loaded = page.waitForEvent('load');
    await line.getByRole('button', { name: 'Reload tab' }).click();
    await loaded;
    await expect(line).toHaveCount(0);
    const send = linkedinSend('after-reload');
    await exchange(host, page, send.observation, 'fetch');
    await expectRecordedOnce(worker, [send.key]);

    const again = await popupOver(b, worker);
    await again.waitForTimeout(500);
    await expect(again.getByTestId('tab-needs-reload')).toHaveCount(0);
  } finally {
    await close(b);
  }
});
