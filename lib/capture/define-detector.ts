import type { DetectContext, Detector, DetectorEvent, Observation } from './types';

/**
 * Wraps a provider's pure detection so that it only ever sees requests it watches and never
 * throws: odd traffic from a site's new build yields nothing rather than breaking capture.
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
      try {
        return watches(observation.request.method, new URL(observation.request.url)) ? detect(observation, context) : [];
      } catch {
        return [];
      }
    },
  };
}
