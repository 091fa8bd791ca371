import { gmailRules } from './gmail/rules';
import { linkedinRules } from './linkedin/rules';
import { outlookRules } from './outlook/rules';
import { type WatchRule, isWatchedBy } from './watch-rules';
import { yahooRules } from './yahoo/rules';

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
}

export const CAPTURE_SOURCES = {
  gmail: { rules: gmailRules },
  outlook: { rules: outlookRules },
  yahoo: { rules: yahooRules },
  linkedin: { rules: linkedinRules },
} as const satisfies Record<string, CaptureSource>;

export type SourceId = keyof typeof CAPTURE_SOURCES;

const SOURCES: Readonly<Record<SourceId, CaptureSource>> = CAPTURE_SOURCES;
export const SOURCE_IDS = Object.keys(SOURCES) as SourceId[];

const ALL_RULES: readonly WatchRule[] = SOURCE_IDS.flatMap((id) => SOURCES[id].rules);

/** The tap's filter: whether any source watches a request to host/path?query. */
export function isWatched(method: string, host: string, path: string, query: string): boolean {
  return isWatchedBy(ALL_RULES, method, host, path, query);
}

/** Every host some rule names, in registry order, once each. */
export const WATCHED_HOST_NAMES: readonly string[] = [...new Set(ALL_RULES.flatMap((rule) => rule.hosts))];

/** Whether a source's rules name `host`. */
export function watchesHost(id: SourceId, host: string): boolean {
  return SOURCES[id].rules.some((rule) => rule.hosts.includes(host));
}
