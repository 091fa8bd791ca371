import { folderOf } from './by-folder';
import { type CaptureSource, pageHostsOfSource } from './capture-source';

/**
 * Every page source's page side, read from its folder's rules.ts (`page`): the relay's hosts.
 * sources.ts makes the same hosts from the descriptors (the manifest's, read by wxt.config.ts,
 * which cannot glob); this copy keeps the relay free of descriptors (words, settings). The
 * registry test holds the two equal.
 */
const pages = import.meta.glob<CaptureSource>('./*/rules.ts', { eager: true, import: 'page' });

export const PAGE_SIDES: Readonly<Record<string, CaptureSource>> = Object.fromEntries(
  Object.entries(pages).map(([path, page]) => [folderOf(path), page]),
);

/** Match patterns of every page source's pages: the relay's `matches`. */
export const RELAY_MATCHES: string[] = [...new Set(Object.values(PAGE_SIDES).flatMap(pageHostsOfSource))].map(
  (host) => `https://${host}/*`,
);
