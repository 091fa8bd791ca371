import { PAGE_SOURCES, type PageSource } from './all-sources';
import { type CaptureSource, pageHostsOfSource } from './capture-source';
import { isWatchedBy, type WatchRule } from './watch-rules';

export type { CaptureSource } from './capture-source';

/**
 * The page sources' page side, made from their descriptors (all-sources.ts): what the manifest's
 * hosts and the background read. Dependency-free like the descriptors (rules, no detectors). The
 * page scripts themselves read rules.ts by folder (page-side.ts, tap-group-*.ts), so that they carry
 * no words or settings of any source.
 */
export type SourceId = PageSource['id'];

export const SOURCE_IDS: readonly SourceId[] = PAGE_SOURCES.map((source) => source.id);

/** Each page source's rules and pages, with `mail` for webmails. */
export const CAPTURE_SOURCES = Object.fromEntries(
  PAGE_SOURCES.map((source) => [source.id, { ...source.page, ...('mail' in source ? { mail: true } : {}) }]),
) as Readonly<Record<SourceId, CaptureSource>>;

/** The webmails watched, in registry order (the welcome banner names them all). */
export const MAIL_SOURCE_IDS: readonly SourceId[] = PAGE_SOURCES.filter((source) => 'mail' in source && source.mail).map(
  (source) => source.id,
);

const TAPPED_SOURCES = SOURCE_IDS.filter((id) => CAPTURE_SOURCES[id].tap !== false);
const TAPPED_RULES: readonly WatchRule[] = TAPPED_SOURCES.flatMap((id) => CAPTURE_SOURCES[id].rules);

/** Every tap bundle's filter together: whether any source whose pages are tapped watches a request to host/path?query. */
export function isWatched(method: string, host: string, path: string, query: string): boolean {
  return isWatchedBy(TAPPED_RULES, method, host, path, query);
}

/** The page hosts a source runs on: its `pages`, else every host its rules name. */
export function pageHostsOf(id: SourceId): readonly string[] {
  return pageHostsOfSource(CAPTURE_SOURCES[id]);
}

/** Every page host of every source, in registry order, once each: the manifest's hosts and the relay's. */
export const WATCHED_HOST_NAMES: readonly string[] = [...new Set(SOURCE_IDS.flatMap(pageHostsOf))];

/** The page hosts the fetch/XHR tap runs on: those of sources with requests to tap. */
export const TAPPED_HOST_NAMES: readonly string[] = [...new Set(TAPPED_SOURCES.flatMap(pageHostsOf))];

/** Whether a source runs on pages of `host`. */
export function watchesHost(id: SourceId, host: string): boolean {
  return pageHostsOf(id).includes(host);
}
