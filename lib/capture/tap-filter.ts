import { type CaptureSource, pageHostsOfSource } from './capture-source';
import { isWatchedBy, type WatchRule } from './watch-rules';

/** One tap bundle's part: the pages it runs on and its filter, from its sources (those with something to tap). */
export function tapFilter(sources: Readonly<Record<string, CaptureSource>>): {
  matches: string[];
  isWatched: (method: string, host: string, path: string, query: string) => boolean;
} {
  const tapped = Object.values(sources).filter((source) => source.tap !== false);
  const rules: readonly WatchRule[] = tapped.flatMap((source) => source.rules);
  const hosts = [...new Set(tapped.flatMap(pageHostsOfSource))];
  return {
    matches: hosts.map((host) => `https://${host}/*`),
    isWatched: (method, host, path, query) => isWatchedBy(rules, method, host, path, query),
  };
}
