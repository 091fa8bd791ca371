import type { DetectContext, Detector, DetectorEvent, Observation } from './types';

/**
 * Wraps a provider's pure detection so that it only ever sees requests it watches. Errors are not
 * swallowed here: `detectAll` (run.ts) catches them and counts them per source, so that a site's
 * new format shows up in the options page instead of silently counting nothing.
 */
export function defineDetector(
  id: Detector['id'],
  watches: Detector['watches'],
  detect: (observation: Observation, context: DetectContext) => DetectorEvent[],
): Detector {
  return {
    id,
    watches,
    detect(observation, context) {
      // URL.parse (not new URL) since a page may request a URL that does not parse: not ours to watch.
      const url = URL.parse(observation.request.url);
      return url && watches(observation.request.method, url) ? detect(observation, context) : [];
    },
  };
}
