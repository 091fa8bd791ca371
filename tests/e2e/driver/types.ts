/**
 * One browser-neutral way to drive the extension, so that a scenario is written once and runs in
 * Chromium (Playwright) and Firefox (puppeteer over WebDriver BiDi plus Firefox's remote debugging
 * protocol for the extension's own pages). Selectors are CSS; `tid('x')` is `[data-testid="x"]`.
 */

export type BrowserName = 'chromium' | 'firefox';

/** One request a watched site's page made, as the fake site sees it. */
export interface SiteRequest {
  url: string;
  method: string;
  body: string | null;
  headers: Record<string, string>;
  isNavigation: boolean;
}

export interface SiteAnswer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/** Answers every request to one origin (navigations and API calls alike); 'reset' drops the connection. */
export type SiteHandler = (request: SiteRequest) => SiteAnswer | 'reset';

/** Something a function can be evaluated in: the code runs there, serialised, without closures. */
export interface Evaluator {
  evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
}

/** A page of the extension (popup, options) opened in a tab. */
export interface UiPage extends Evaluator {
  /** A click the browser treats as the user's (it counts as user input for permission requests). */
  click(selector: string): Promise<void>;
  /** Replaces an input's value as typing would (input and change events). */
  fill(selector: string, value: string): Promise<void>;
  select(selector: string, value: string): Promise<void>;
  /** The first match's text, or null when nothing matches. */
  text(selector: string): Promise<string | null>;
  count(selector: string): Promise<number>;
  /** Picks a file in an <input type=file>. */
  chooseFile(selector: string, name: string, contents: string, type: string): Promise<void>;
  /** Clicks a control that downloads a file and returns the file's text. */
  download(selector: string): Promise<{ name: string; text: string }>;
  reload(): Promise<void>;
  close(): Promise<void>;
}

/** A page of a watched site, served by the fake site. */
export interface SitePage extends Evaluator {
  close(): Promise<void>;
}

export interface LaunchOptions {
  /**
   * Whether the watched hosts are granted at install. Firefox grants MV3 host permissions at
   * install by default but the user may refuse them (they are optional); Chromium always grants
   * content-script hosts.
   */
  grantHostsAtInstall?: boolean;
  /**
   * The browser's UI language, e.g. 'ru'. Chromium: --lang. Firefox: the requested app locale,
   * which needs that language pack installed (Debian: firefox-esr-l10n-ru).
   */
  locale?: string;
}

export interface ExtensionDriver {
  readonly browserName: BrowserName;
  /** Firefox: MV3 host permissions are optional and asked for by the set-up; Chromium: granted. */
  readonly hostPermissionsOptional: boolean;
  /** The background: an event page in Firefox, a service worker in Chromium. */
  readonly backgroundKind: 'event-page' | 'service-worker';

  /** The options tab the extension opened itself on install. */
  firstRunPage(): Promise<UiPage>;
  openPopup(): Promise<UiPage>;
  /** The options page on one section (its hash, e.g. 'data'); the quotas without one. */
  openOptions(section?: string): Promise<UiPage>;

  serve(origin: string, handler: SiteHandler): Promise<void>;
  openSite(url: string): Promise<SitePage>;

  /** Sends one protocol message from an extension page, as the popup would. */
  send<T = unknown>(message: unknown): Promise<T>;
  /** Every object store of the extension's IndexedDB, read from an extension page. */
  database(): Promise<Record<string, { key: unknown; value: unknown }[]>>;
  badgeText(): Promise<string>;
  /** Whether the watched hosts are granted now. */
  hostsGranted(): Promise<boolean>;

  /**
   * Stops the background mid-life; the next event starts it again. Firefox: the event page is
   * terminated as when idle (about:debugging's "Terminate background script"); the extension's
   * pages stay open. Chromium: the service worker dies with the browser, which restarts on the same
   * profile (no automation reaches the worker alone); pages opened before are gone.
   */
  stopBackground(): Promise<void>;
  backgroundRunning(): Promise<boolean>;

  close(): Promise<void>;
}

export const tid = (id: string) => `[data-testid="${id}"]`;

/** The options page's view of a section once shown (entrypoints/options/SectionViews.tsx). */
export const shownSection = (section: string) => `.view[data-view="${section}"]:not([hidden])`;
