import type { SourceId } from './sources';
import type { DetectContext, Detector, DetectorEvent, Observation } from './types';
import { isWatchedBy, type WatchRule } from './watch-rules';

/** A registered detector: its rules are the very objects the page tap filters with. */
export interface SourceDetector<Id extends SourceId = SourceId> extends Detector {
  id: Id;
  rules: readonly WatchRule[];
}

/**
 * Makes a source's pure detection a Detector: `watches` is the tap's own matcher over the
 * source's rules (so the tap reports exactly what the detector reads), and `detect` only ever
 * sees requests it watches. Errors are not swallowed here: `detectAll` (run.ts) catches them and
 * counts them per source, so that a site's new format shows up in the options page instead of
 * silently counting nothing.
 */
export function defineDetector<Id extends SourceId>(
  id: Id,
  rules: readonly WatchRule[],
  detect: (observation: Observation, context: DetectContext) => DetectorEvent[],
): SourceDetector<Id> {
  const watches = (method: string, url: URL) => isWatchedBy(rules, method, url.hostname, url.pathname, url.search.slice(1));
  return {
    id,
    rules,
    watches,
    detect(observation, context) {
      // URL.parse (not new URL) since a page may request a URL that does not parse: not ours to watch.
      const url = URL.parse(observation.request.url);
      return url && watches(observation.request.method, url) ? detect(observation, context) : [];
    },
  };
}
