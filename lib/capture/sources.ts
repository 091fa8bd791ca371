import { gmailRules } from './gmail/rules';
import { linkedinRules } from './linkedin/rules';
import { mailruRules } from './mailru/rules';
import { outlookRules } from './outlook/rules';
import { protonRules } from './proton/rules';
import { telegramRules } from './telegram/rules';
import { VK_PAGE_HOSTS, vkRules } from './vk/rules';
import { isWatchedBy, type WatchRule } from './watch-rules';
import { yahooRules } from './yahoo/rules';
import { yandexRules } from './yandex/rules';
import { zohoRules } from './zoho/rules';

/**
 * Every capture source and its watch rules, one line each: the registry's page half. The tap's
 * filter, the relay's hosts and the manifest's `matches` come from here, so this file and what it
 * imports stay dependency-free: only each source's rules.ts (the tap must stay a few kB; zod and
 * the detectors live in registry.ts, which only the background loads, and page hooks in
 * page-hooks.ts, which only the relay loads).
 *
 * Adding a source: its folder `<source>/` (rules.ts, detect.ts, page-hook.ts if it needs one), a
 * line here, its detector's line in registry.ts (the compiler asks for it), and its fixtures and
 * tests; tests/unit/capture/registry.test.ts fails while any of it is missing.
 */
export interface CaptureSource {
  rules: readonly WatchRule[];
  /**
   * The pages the capture scripts run on, when not the hosts the rules name: a page may call an
   * API on another host (VK's pages call api.vk.com / api.vk.me), which the tap in the page sees.
   */
  pages?: readonly string[];
  /**
   * False when the source has no page requests to tap: its rules name only the synthetic requests
   * its page-world hook reports (Telegram Web sends inside a worker). The fetch/XHR tap then stays
   * off its pages, and its rules out of the tap's filter.
   */
  tap?: false;
}

export const CAPTURE_SOURCES = {
  gmail: { rules: gmailRules },
  outlook: { rules: outlookRules },
  yahoo: { rules: yahooRules },
  linkedin: { rules: linkedinRules },
  mailru: { rules: mailruRules },
  yandex: { rules: yandexRules },
  proton: { rules: protonRules },
  zoho: { rules: zohoRules },
  vk: { rules: vkRules, pages: VK_PAGE_HOSTS },
  telegram: { rules: telegramRules, tap: false },
} as const satisfies Record<string, CaptureSource>;

export type SourceId = keyof typeof CAPTURE_SOURCES;

const SOURCES: Readonly<Record<SourceId, CaptureSource>> = CAPTURE_SOURCES;
export const SOURCE_IDS = Object.keys(SOURCES) as SourceId[];

const TAPPED_SOURCES = SOURCE_IDS.filter((id) => SOURCES[id].tap !== false);
const TAPPED_RULES: readonly WatchRule[] = TAPPED_SOURCES.flatMap((id) => SOURCES[id].rules);

/** The tap's filter: whether any source whose pages are tapped watches a request to host/path?query. */
export function isWatched(method: string, host: string, path: string, query: string): boolean {
  return isWatchedBy(TAPPED_RULES, method, host, path, query);
}

/** The page hosts a source runs on: its `pages`, else every host its rules name. */
export function pageHostsOf(id: SourceId): readonly string[] {
  const source = SOURCES[id];
  return source.pages ?? [...new Set(source.rules.flatMap((rule) => rule.hosts))];
}

/** Every page host of every source, in registry order, once each: the manifest's hosts and the relay's. */
export const WATCHED_HOST_NAMES: readonly string[] = [...new Set(SOURCE_IDS.flatMap(pageHostsOf))];

/** The page hosts the fetch/XHR tap runs on: those of sources with requests to tap. */
export const TAPPED_HOST_NAMES: readonly string[] = [...new Set(TAPPED_SOURCES.flatMap(pageHostsOf))];

/** Whether a source runs on pages of `host`. */
export function watchesHost(id: SourceId, host: string): boolean {
  return pageHostsOf(id).includes(host);
}
