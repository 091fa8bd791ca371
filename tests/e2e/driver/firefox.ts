import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type HTTPRequest } from 'puppeteer-core';
import { RdpClient, type TabDescriptor } from './firefox-rdp';
import { dumpDatabaseInPage } from './in-page';
import { type ExtensionDriver, type LaunchOptions, type SiteHandler, type SitePage, shownSection, type UiPage } from './types';

export const FIREFOX_EXTENSION_DIR = path.resolve(process.env.QR_FIREFOX_EXTENSION_DIR ?? '.output/firefox-mv3');
const ADDON_ID = 'quota-radar@example.com';
const CANDIDATES = ['/usr/bin/firefox-esr', '/usr/lib/firefox-esr/firefox-esr', '/usr/bin/firefox'];

/** Debian's firefox-esr, or FIREFOX_PATH. */
export function findFirefox(): string | undefined {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

/** Whether the Firefox found has the language pack for a locale (Debian: firefox-esr-l10n-<locale>). */
export function firefoxHasLanguage(locale: string): boolean {
  const executable = findFirefox();
  if (!executable) return false;
  const appDir = path.dirname(realpathSync(executable));
  const packs = path.join(appDir, 'browser', 'extensions');
  return existsSync(packs) && readdirSync(packs).some((f) => f.startsWith(`langpack-${locale}@`));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * Firefox ESR with the built extension installed as a temporary add-on (WebDriver BiDi's
 * webExtension.install). Web pages go through BiDi; the extension's own pages, which BiDi does not
 * expose, through the remote debugging protocol on a Unix socket (no port to collide with other
 * browsers on the machine).
 */
export async function launchFirefox(options: LaunchOptions = {}): Promise<ExtensionDriver> {
  const executablePath = findFirefox();
  if (!executablePath) throw new Error('Firefox not found: install it (apt-get install firefox-esr) or set FIREFOX_PATH');
  if (!existsSync(path.join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`no Firefox build at ${FIREFOX_EXTENSION_DIR}: run npx wxt build -b firefox --mv3 (npm test does)`);
  }
  const work = mkdtempSync(path.join(tmpdir(), 'qr-firefox-'));
  const socketPath = path.join(work, 'rdp.sock');
  const downloads = path.join(work, 'downloads');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    protocolTimeout: 30_000,
    args: ['--start-debugger-server', socketPath],
    extraPrefsFirefox: {
      // The remote debugging protocol, without the prompt a person would answer.
      'devtools.debugger.remote-enabled': true,
      'devtools.chrome.enabled': true,
      'devtools.debugger.prompt-connection': false,
      // Firefox's default grants MV3 host permissions at install; the user can refuse them.
      'extensions.originControls.grantByDefault': options.grantHostsAtInstall ?? true,
      // permissions.request() from the set-up's button grants without the doorhanger, which lives
      // in the browser's own UI where no automation protocol reaches. The call still has to come
      // from a user's click: Firefox checks that before the prompt setting.
      'extensions.webextOptionalPermissionPrompts': false,
      // Downloads (the export) land in our folder without a dialog.
      'browser.download.folderList': 2,
      'browser.download.dir': downloads,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.start_downloads_in_tmp_dir': false,
      ...(options.locale ? { 'intl.locale.requested': options.locale } : {}),
    },
  });
  try {
    await browser.installExtension(FIREFOX_EXTENSION_DIR);
    const rdp = await RdpClient.connect(socketPath);
    const driver = new FirefoxDriver(browser, rdp, work, downloads);
    await driver.start();
    return driver;
  } catch (error) {
    await browser.close().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
}

class FirefoxDriver implements ExtensionDriver {
  readonly browserName = 'firefox' as const;
  readonly hostPermissionsOptional = true;
  readonly backgroundKind = 'event-page' as const;
  private readonly sites = new Map<string, SiteHandler>();
  private readonly knownTabs = new Set<string>();
  private launcher!: FirefoxUiPage;
  private parentConsole = '';

  constructor(
    private readonly browser: Browser,
    readonly rdp: RdpClient,
    private readonly work: string,
    readonly downloads: string,
  ) {}

  async start(): Promise<void> {
    const parent = (await this.rdp.listProcesses()).find((p) => p.isParent);
    if (!parent) throw new Error('Firefox has no parent process to debug');
    this.parentConsole = await this.rdp.consoleOf(parent.actor);
    await this.rdp.call(this.parentConsole, recordRequestBodiesSource);
    this.launcher = await this.adoptTab((url) => url.endsWith('/options.html'));
  }

  /** Waits for a new extension tab whose URL matches and wraps it. */
  private async adoptTab(matches: (url: string) => boolean): Promise<FirefoxUiPage> {
    const tab = await until('an extension tab', async () =>
      (await this.rdp.listTabs()).find((t) => t.url.startsWith('moz-extension://') && matches(t.url) && !this.knownTabs.has(t.actor)),
    );
    this.knownTabs.add(tab.actor);
    const page = new FirefoxUiPage(this, tab);
    await page.attach();
    return page;
  }

  async firstRunPage(): Promise<UiPage> {
    return this.launcher;
  }

  private async openExtensionPage(file: string, ready: string, hash = ''): Promise<UiPage> {
    await this.launcher.evaluate((url) => browser.tabs.create({ url: browser.runtime.getURL(url) }).then(() => null), `/${file}${hash}`);
    const page = await this.adoptTab((url) => new URL(url).pathname === `/${file}`);
    await page.waitFor(ready);
    return page;
  }

  openPopup(): Promise<UiPage> {
    return this.openExtensionPage('popup.html', '[data-testid="quotas"]');
  }

  openOptions(section?: string): Promise<UiPage> {
    return section
      ? this.openExtensionPage('options.html', shownSection(section), `#${section}`)
      : this.openExtensionPage('options.html', '[data-testid="save-quotas"]');
  }

  async serve(origin: string, handler: SiteHandler): Promise<void> {
    this.sites.set(origin, handler);
  }

  async openSite(url: string): Promise<SitePage> {
    const page = await this.browser.newPage();
    await page.setRequestInterception(true);
    page.on('request', (request: HTTPRequest) => void this.answer(request));
    await page.goto(url);
    return {
      evaluate: (fn, arg) => page.evaluate(fn as never, arg as never) as never,
      close: () => page.close(),
    };
  }

  private async answer(request: HTTPRequest): Promise<void> {
    const handler = this.sites.get(new URL(request.url()).origin);
    if (!handler) {
      // No network in tests: anything not served is refused.
      await request.abort().catch(() => undefined);
      return;
    }
    const body = request.hasPostData() ? await this.requestBody(request) : null;
    const answer = handler({
      url: request.url(),
      method: request.method(),
      body,
      headers: request.headers(),
      isNavigation: request.isNavigationRequest(),
    });
    if (answer === 'reset') await request.abort('connectionreset').catch(() => undefined);
    else await request.respond({ status: answer.status, headers: answer.headers, body: answer.body }).catch(() => undefined);
  }

  /**
   * BiDi hands over a request's body only through network.getData, which Firefox has from 143;
   * Debian bookworm's ESR 140 (what CI installs) does not. The parent process keeps each page
   * request's upload by method and URL, oldest first (BiDi's request id is not the channel's), so
   * every Firefox answers the same way.
   */
  private requestBody(request: HTTPRequest): Promise<string | null> {
    return this.rdp.call<string | null>(this.parentConsole, takeRequestBodySource, `${request.method()} ${request.url()}`);
  }

  send<T>(message: unknown): Promise<T> {
    return this.launcher.evaluate((m) => browser.runtime.sendMessage(m), message) as Promise<T>;
  }

  database() {
    return this.launcher.evaluate(dumpDatabaseInPage);
  }

  badgeText(): Promise<string> {
    return this.launcher.evaluate(() => browser.action.getBadgeText({}));
  }

  hostsGranted(): Promise<boolean> {
    return this.launcher.evaluate(async () => {
      const manifest = browser.runtime.getManifest() as { host_permissions?: string[] };
      return browser.permissions.contains({ origins: manifest.host_permissions ?? [] });
    });
  }

  /** about:debugging's "Terminate background script": the same suspension as the idle timeout. */
  async stopBackground(): Promise<void> {
    const addon = await this.rdp.addon(ADDON_ID);
    await this.rdp.request(addon.actor, 'terminateBackgroundScript');
    await until('the event page to stop', async () => ((await this.backgroundRunning()) ? undefined : true));
  }

  async backgroundRunning(): Promise<boolean> {
    return (await this.rdp.addon(ADDON_ID)).backgroundScriptStatus === 'RUNNING';
  }

  /** The privileged console of the content process that hosts a browsing context. */
  async processConsoleFor(browsingContextId: number): Promise<string> {
    for (const process of await this.rdp.listProcesses()) {
      if (process.isParent) continue;
      const consoleActor = await this.rdp.consoleOf(process.actor);
      const here = await this.rdp.call<boolean>(consoleActor, hostsBrowsingContextSource, browsingContextId);
      if (here) return consoleActor;
    }
    throw new Error(`no content process hosts browsing context ${browsingContextId}`);
  }

  async close(): Promise<void> {
    this.rdp.close();
    await this.browser.close().catch(() => undefined);
    rmSync(this.work, { recursive: true, force: true });
  }
}

/**
 * Privileged code for the parent process's console: an observer that copies each page request's
 * upload (HTTP channels live in the parent) as text under "METHOD url", in order, rewinding the
 * stream so the request still sends it. The extension's own requests are not the served sites'.
 * The map is on the console's global, which lives as long as the browser.
 */
const recordRequestBodiesSource = `() => {
  if (globalThis.qrRequestBodies) return true;
  const bodies = new Map();
  globalThis.qrRequestBodies = bodies;
  Services.obs.addObserver({
    observe(subject) {
      const channel = subject.QueryInterface(Ci.nsIHttpChannel);
      if (!(channel instanceof Ci.nsIUploadChannel) || !channel.uploadStream) return;
      if (channel.loadInfo?.triggeringPrincipal?.schemeIs('moz-extension')) return;
      const stream = channel.uploadStream;
      if (!(stream instanceof Ci.nsISeekableStream)) return;
      const start = stream.tell();
      stream.seek(Ci.nsISeekableStream.NS_SEEK_SET, 0);
      const available = stream.available();
      const converter = Cc['@mozilla.org/intl/converter-input-stream;1'].createInstance(Ci.nsIConverterInputStream);
      converter.init(stream, 'UTF-8', 0, Ci.nsIConverterInputStream.DEFAULT_REPLACEMENT_CHARACTER);
      let text = '';
      const chunk = {};
      while (converter.readString(available || 65536, chunk) > 0) text += chunk.value;
      stream.seek(Ci.nsISeekableStream.NS_SEEK_SET, start);
      const key = channel.requestMethod + ' ' + channel.URI.spec;
      bodies.set(key, [...(bodies.get(key) ?? []), text]);
    },
  }, 'http-on-modify-request');
  return true;
}`;
const takeRequestBodySource = `(key) => {
  const queue = globalThis.qrRequestBodies.get(key) ?? [];
  const body = queue.shift();
  if (queue.length === 0) globalThis.qrRequestBodies.delete(key);
  return body ?? null;
}`;

// Privileged code for a content process's console (system principal, no page globals).
const hostsBrowsingContextSource = `(id) => {
  const g = Cu.getGlobalForObject(ChromeUtils.importESModule('resource://gre/modules/AppConstants.sys.mjs'));
  return Boolean(g.BrowsingContext.get(id)?.window);
}`;
/**
 * A trusted mouse click at a point of a browsing context, synthesised by the content process the
 * way Marionette's input actions do: the page sees a user's click (isTrusted, user activation).
 */
const clickAtSource = `({ id, x, y }) => {
  const g = Cu.getGlobalForObject(ChromeUtils.importESModule('resource://gre/modules/AppConstants.sys.mjs'));
  const win = g.BrowsingContext.get(id).window;
  for (const type of ['mousemove', 'mousedown', 'mouseup']) {
    const buttons = type === 'mousedown' ? 1 : 0;
    const clickCount = type === 'mousemove' ? 0 : 1;
    // Firefox 14x+ has window.synthesizeMouseEvent; ESR 140 only nsIDOMWindowUtils.sendMouseEvent.
    if (typeof win.synthesizeMouseEvent === 'function') {
      win.synthesizeMouseEvent(type, x, y, { button: 0, buttons, clickCount, modifiers: 0 }, { isDOMEventSynthesized: false, isWidgetEventSynthesized: false, isAsyncEnabled: false });
    } else {
      win.windowUtils.sendMouseEvent(type, x, y, 0, clickCount, 0, false, 0, 0, false, false, buttons);
    }
  }
  return true;
}`;

class FirefoxUiPage implements UiPage {
  private consoleActor = '';
  private processConsole?: string;

  constructor(
    private readonly driver: FirefoxDriver,
    private readonly tab: TabDescriptor,
  ) {}

  async attach(): Promise<void> {
    this.consoleActor = await this.driver.rdp.consoleOf(this.tab.actor);
    await until('the page to load', async () =>
      (await this.driver.rdp.call<string>(this.consoleActor, '() => document.readyState').catch(() => 'loading')) === 'complete'
        ? true
        : undefined,
    );
  }

  evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T> {
    return this.driver.rdp.call<T>(this.consoleActor, fn.toString(), arg);
  }

  async waitFor(selector: string): Promise<void> {
    await until(`${selector} in ${this.tab.url}`, async () => ((await this.count(selector)) > 0 ? true : undefined));
  }

  async click(selector: string): Promise<void> {
    await this.waitFor(selector);
    const point = await this.evaluate((s) => {
      const element = document.querySelector(s)!;
      // Instant: the options page scrolls smoothly, and the point must be where the element ends up.
      element.scrollIntoView({ block: 'center', behavior: 'instant' });
      const rect = element.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    }, selector);
    this.processConsole ??= await this.driver.processConsoleFor(this.tab.browsingContextID);
    await this.driver.rdp.call(this.processConsole, clickAtSource, { id: this.tab.browsingContextID, ...point });
  }

  async fill(selector: string, value: string): Promise<void> {
    await this.waitFor(selector);
    await this.evaluate(
      ({ s, v }) => {
        const element = document.querySelector(s) as HTMLInputElement;
        element.focus();
        // React tracks the value it set; the prototype's setter makes the change visible to it.
        const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(element), 'value')!.set!;
        setter.call(element, v);
        element.dispatchEvent(new Event('input', { bubbles: true }));
        element.dispatchEvent(new Event('change', { bubbles: true }));
      },
      { s: selector, v: value },
    );
  }

  async select(selector: string, value: string): Promise<void> {
    await this.fill(selector, value);
  }

  text(selector: string): Promise<string | null> {
    return this.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);
  }

  count(selector: string): Promise<number> {
    return this.evaluate((s) => document.querySelectorAll(s).length, selector);
  }

  async chooseFile(selector: string, name: string, contents: string, type: string): Promise<void> {
    await this.waitFor(selector);
    await this.evaluate(
      ({ s, name, contents, type }) => {
        const input = document.querySelector(s) as HTMLInputElement;
        const files = new DataTransfer();
        files.items.add(new File([contents], name, { type }));
        input.files = files.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
      },
      { s: selector, name, contents, type },
    );
  }

  async download(selector: string): Promise<{ name: string; text: string }> {
    const list = () => (existsSync(this.driver.downloads) ? readdirSync(this.driver.downloads) : []);
    const before = new Set(list());
    await this.click(selector);
    const name = await until('the download', async () => list().find((f) => !before.has(f) && !f.endsWith('.part')));
    // The file appears before it is complete only as .part; give the rename a moment to settle.
    await sleep(200);
    return { name, text: readFileSync(path.join(this.driver.downloads, name), 'utf8') };
  }

  async reload(): Promise<void> {
    await this.evaluate(() => {
      setTimeout(() => location.reload(), 0);
      return null;
    });
    await sleep(300);
    await this.attach();
  }

  async close(): Promise<void> {
    await this.evaluate(async () => {
      const tab = await browser.tabs.getCurrent();
      if (tab?.id !== undefined) setTimeout(() => void browser.tabs.remove(tab.id!), 0);
      return null;
    });
  }
}

// Code passed to evaluate runs in the extension's pages, where `browser` exists.
// biome-ignore lint/suspicious/noExplicitAny: only used inside evaluate callbacks
declare const browser: any;
