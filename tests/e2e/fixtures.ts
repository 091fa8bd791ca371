import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, test as base, chromium, type Page, type Worker } from '@playwright/test';
import { findChromium } from './chromium-path';

export const EXTENSION_DIR = path.resolve(process.env.QR_EXTENSION_DIR ?? '.output/chrome-mv3');

export async function launchWithExtension(
  extraArgs: string[] = [],
  userDataDir = '',
  extensionDir = EXTENSION_DIR,
): Promise<BrowserContext> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium not found: install it (apt-get install chromium) or set CHROMIUM_PATH');
  return chromium.launchPersistentContext(userDataDir, {
    headless: true,
    executablePath,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/**
 * A browser with the extension whose DevTools endpoint a second client can reach (for stopping the
 * worker alone, see worker-stop.ts). The port is chosen by Chromium (several browsers run at once
 * on one machine) and read from DevToolsActivePort, hence an explicit profile directory.
 */
export async function launchWithDebugging(): Promise<{ context: BrowserContext; userDataDir: string }> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'qr-e2e-'));
  const context = await launchWithExtension(['--remote-debugging-port=0'], userDataDir);
  return { context, userDataDir };
}

export async function serviceWorkerOf(context: BrowserContext): Promise<Worker> {
  const [existing] = context.serviceWorkers();
  return existing ?? context.waitForEvent('serviceworker');
}

export const test = base.extend<{ context: BrowserContext; worker: Worker; extensionId: string }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature
  context: async ({}, use) => {
    const context = await launchWithExtension();
    await use(context);
    await context.close();
  },
  worker: async ({ context }, use) => {
    await use(await serviceWorkerOf(context));
  },
  extensionId: async ({ worker }, use) => {
    await use(new URL(worker.url()).host);
  },
});
export const expect = test.expect;

/** Everything in the activity store, read straight from the extension's IndexedDB. */
export async function readActivities(worker: Worker): Promise<Record<string, unknown>[]> {
  return worker.evaluate(
    () =>
      new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const open = indexedDB.open('quota-radar');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('activities').objectStore('activities').getAll();
          request.onsuccess = () => {
            resolve(request.result as Record<string, unknown>[]);
            db.close();
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

export async function badgeText(worker: Worker): Promise<string> {
  return worker.evaluate(() => chrome.action.getBadgeText({}));
}

export async function openPopup(context: BrowserContext, extensionId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/popup.html`);
  await page.getByTestId('quotas').waitFor();
  return page;
}

/**
 * The options page, on one section (entrypoints/options/sections/route.ts: the hash names it; the
 * quotas without one).
 */
export async function openOptions(context: BrowserContext, extensionId: string, section?: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html${section ? `#${section}` : ''}`);
  if (section) await page.locator(`.view[data-view="${section}"]`).waitFor();
  else await page.getByTestId('save-quotas').waitFor();
  return page;
}

/** Opens another section of an open options page through its side navigation, as the rep does. */
export async function showSection(page: Page, section: string): Promise<void> {
  await page.getByTestId(`nav-${section}`).click();
  await page.locator(`.view[data-view="${section}"]`).waitFor();
}

/** Sends one protocol message from an extension page, as the popup would. */
export async function sendMessage<T = unknown>(page: Page, message: unknown): Promise<T> {
  return page.evaluate((m) => chrome.runtime.sendMessage(m), message) as Promise<T>;
}

/**
 * Closes the browser, which kills the extension's service worker mid-life, and starts it again on
 * the same profile. (Chromium gives Playwright no switch to stop an extension worker alone.)
 */
export async function restartBrowser(context: BrowserContext, userDataDir: string): Promise<BrowserContext> {
  await context.close();
  return launchWithExtension([], userDataDir);
}

/**
 * Counting as if the extension had been installed a year ago: whole periods, no pro-rating of the
 * first one (tests about other things than a fresh install's first period).
 */
export async function countWholePeriods(page: Page): Promise<void> {
  const response = await sendMessage<{ ok: boolean; error?: string }>(page, { type: 'tracking/set', since: Date.now() - 366 * 86_400_000 });
  if (!response.ok) throw new Error(response.error);
}
