import { type CaptureSource, pageHostsOfSource } from './capture-source';
import { LINKEDIN_SOURCES } from './tap-group-linkedin';
import { MAIL_AND_MESSENGER_SOURCES as MAIL } from './tap-group-mail-and-messengers';
import { isWatchedBy, type WatchRule } from './watch-rules';

export type { CaptureSource } from './capture-source';

/**
 * Every capture source and its watch rules, one line each: the registry's page half. The relay's
 * hosts and the manifest's `matches` come from here, and each tap bundle's filter from its group in
 * tap-group-*.ts (a page gets only the rules of the sources that watch it), so this file and what it
 * imports stay dependency-free: only each source's rules.ts (the tap must stay a few kB; zod and
 * the detectors live in registry.ts, which only the background loads, and page hooks in
 * page-hooks.ts, which only the relay loads).
 *
 * Adding a source: its folder `<source>/` (rules.ts, detect.ts, page-hook.ts if it needs one), a
 * line in its tap group (tap-group-*.ts) and here, its detector's line in registry.ts (the compiler asks for it), and its fixtures and
 * tests; tests/unit/capture/registry.test.ts fails while any of it is missing.
 */
export const CAPTURE_SOURCES = {
  gmail: MAIL.gmail,
  outlook: MAIL.outlook,
  yahoo: MAIL.yahoo,
  linkedin: LINKEDIN_SOURCES.linkedin,
  mailru: MAIL.mailru,
  yandex: MAIL.yandex,
  proton: MAIL.proton,
  zoho: MAIL.zoho,
  vk: MAIL.vk,
  telegram: MAIL.telegram,
  whatsapp: MAIL.whatsapp,
} as const satisfies Record<string, CaptureSource>;

export type SourceId = keyof typeof CAPTURE_SOURCES;

const SOURCES: Readonly<Record<SourceId, CaptureSource>> = CAPTURE_SOURCES;
export const SOURCE_IDS = Object.keys(SOURCES) as SourceId[];

/** The webmails watched, in registry order (the welcome banner names them all). */
export const MAIL_SOURCE_IDS: readonly SourceId[] = SOURCE_IDS.filter((id) => SOURCES[id].mail === true);

const TAPPED_SOURCES = SOURCE_IDS.filter((id) => SOURCES[id].tap !== false);
const TAPPED_RULES: readonly WatchRule[] = TAPPED_SOURCES.flatMap((id) => SOURCES[id].rules);

/** Every tap bundle's filter together: whether any source whose pages are tapped watches a request to host/path?query. */
export function isWatched(method: string, host: string, path: string, query: string): boolean {
  return isWatchedBy(TAPPED_RULES, method, host, path, query);
}

/** The page hosts a source runs on: its `pages`, else every host its rules name. */
export function pageHostsOf(id: SourceId): readonly string[] {
  return pageHostsOfSource(SOURCES[id]);
}

/** Every page host of every source, in registry order, once each: the manifest's hosts and the relay's. */
export const WATCHED_HOST_NAMES: readonly string[] = [...new Set(SOURCE_IDS.flatMap(pageHostsOf))];

/** The page hosts the fetch/XHR tap runs on: those of sources with requests to tap. */
export const TAPPED_HOST_NAMES: readonly string[] = [...new Set(TAPPED_SOURCES.flatMap(pageHostsOf))];

/** Whether a source runs on pages of `host`. */
export function watchesHost(id: SourceId, host: string): boolean {
  return pageHostsOf(id).includes(host);
}
