import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { launchWithExtension, serviceWorkerOf } from '../fixtures';
import { dumpDatabaseInPage } from './in-page';
import { type ExtensionDriver, type LaunchOptions, type SiteHandler, type SitePage, shownSection, type UiPage } from './types';

/** Chromium through Playwright: the extension's pages are ordinary pages, the background a service worker. */
export async function launchChromium(options: LaunchOptions = {}): Promise<ExtensionDriver> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'qr-chromium-'));
  const args = options.locale ? [`--lang=${options.locale}`] : [];
  const context = await launchWithExtension(args, userDataDir);
  const worker = await serviceWorkerOf(context);
  return new ChromiumDriver(context, new URL(worker.url()).host, userDataDir, args);
}

class ChromiumDriver implements ExtensionDriver {
  readonly browserName = 'chromium' as const;
  readonly hostPermissionsOptional = false;
  readonly backgroundKind = 'service-worker' as const;
  private launcher?: Page;
  private readonly sites = new Map<string, SiteHandler>();

  constructor(
    private context: BrowserContext,
    private readonly extensionId: string,
    private readonly userDataDir: string,
    private readonly args: string[],
  ) {}

  private url(file: string): string {
    return `chrome-extension://${this.extensionId}/${file}`;
  }

  async firstRunPage(): Promise<UiPage> {
    const page =
      this.context.pages().find((p) => p.url().endsWith('/options.html')) ??
      (await this.context.waitForEvent('page', { predicate: (p) => p.url().endsWith('/options.html') }));
    await page.locator('[data-testid="save-quotas"]').waitFor();
    return new ChromiumUiPage(page);
  }

  private async open(file: string, ready: string): Promise<UiPage> {
    const page = await this.context.newPage();
    await page.goto(this.url(file));
    await page.locator(ready).waitFor();
    return new ChromiumUiPage(page);
  }

  openPopup(): Promise<UiPage> {
    return this.open('popup.html', '[data-testid="quotas"]');
  }

  openOptions(section?: string): Promise<UiPage> {
    return section ? this.open(`options.html#${section}`, shownSection(section)) : this.open('options.html', '[data-testid="save-quotas"]');
  }

  async serve(origin: string, handler: SiteHandler): Promise<void> {
    this.sites.set(origin, handler);
    await this.route(origin, handler);
  }

  private async route(origin: string, handler: SiteHandler): Promise<void> {
    await this.context.route(`${origin}/**`, async (route) => {
      const request = route.request();
      const answer = handler({
        url: request.url(),
        method: request.method(),
        body: request.postData(),
        headers: await request.allHeaders(),
        isNavigation: request.resourceType() === 'document',
      });
      if (answer === 'reset') await route.abort('connectionreset');
      else await route.fulfill({ status: answer.status, headers: answer.headers, body: answer.body });
    });
  }

  async openSite(url: string): Promise<SitePage> {
    const page = await this.context.newPage();
    await page.goto(url);
    return { evaluate: (fn, arg) => page.evaluate(fn as never, arg as never) as never, close: () => page.close() };
  }

  /** An extension page to send messages from (the popup and options pages do the same). */
  private async launcherPage(): Promise<Page> {
    if (!this.launcher || this.launcher.isClosed()) {
      this.launcher = await this.context.newPage();
      await this.launcher.goto(this.url('popup.html'));
    }
    return this.launcher;
  }

  async send<T>(message: unknown): Promise<T> {
    return (await this.launcherPage()).evaluate((m) => chrome.runtime.sendMessage(m), message) as Promise<T>;
  }

  async database() {
    return (await this.launcherPage()).evaluate(dumpDatabaseInPage);
  }

  async badgeText(): Promise<string> {
    return (await this.launcherPage()).evaluate(() => chrome.action.getBadgeText({}));
  }

  async hostsGranted(): Promise<boolean> {
    return (await this.launcherPage()).evaluate(() =>
      chrome.permissions.contains({ origins: chrome.runtime.getManifest().content_scripts?.[0]?.matches ?? [] }),
    );
  }

  /**
   * Chromium has no way to stop an extension's service worker alone from automation: CDP's
   * ServiceWorker domain does not list it, and chrome://serviceworker-internals' Stop takes the
   * extension's whole renderer (its pages) and here the browser with it. So the worker is killed
   * with the browser, which starts again on the same profile; the extension's pages are gone.
   */
  async stopBackground(): Promise<void> {
    await this.context.close();
    this.context = await launchWithExtension(this.args, this.userDataDir);
    for (const [origin, handler] of this.sites) await this.route(origin, handler);
    await serviceWorkerOf(this.context);
    this.launcher = undefined;
  }

  async backgroundRunning(): Promise<boolean> {
    return this.context.serviceWorkers().length > 0;
  }

  async close(): Promise<void> {
    await this.context.close();
    rmSync(this.userDataDir, { recursive: true, force: true });
  }
}

class ChromiumUiPage implements UiPage {
  constructor(private readonly page: Page) {}

  evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T> {
    return this.page.evaluate(fn as never, arg as never) as Promise<T>;
  }

  click(selector: string) {
    return this.page.locator(selector).first().click();
  }

  fill(selector: string, value: string) {
    return this.page.locator(selector).first().fill(value);
  }

  async select(selector: string, value: string) {
    await this.page.locator(selector).first().selectOption(value);
  }

  async text(selector: string) {
    const element = this.page.locator(selector).first();
    return (await element.count()) === 0 ? null : element.textContent();
  }

  count(selector: string) {
    return this.page.locator(selector).count();
  }

  chooseFile(selector: string, name: string, contents: string, type: string) {
    return this.page
      .locator(selector)
      .first()
      .setInputFiles({ name, mimeType: type, buffer: Buffer.from(contents) });
  }

  async download(selector: string) {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.locator(selector).first().click()]);
    const file = await download.path();
    return { name: download.suggestedFilename(), text: readFileSync(file, 'utf8') };
  }

  async reload() {
    await this.page.reload();
  }

  close() {
    return this.page.close();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: only used inside evaluate callbacks
declare const chrome: any;
