import { type DetectContext, type Detector, DetectorEvent, type Observation } from './types';

/** Why a source did not understand a request it watches. */
export interface DetectionFailure {
  source: Detector['id'];
  /** `threw`: the detector raised; `invalid-event`: it emitted something the contract rejects. */
  reason: 'threw' | 'invalid-event';
  message: string;
}

/**
 * Runs every detector that watches the observation. A detector that throws, or emits an event the
 * contract rejects, yields nothing and is reported as a failure, so that a site changing its format
 * is noticed by the user rather than silently dropped; the other detectors still run.
 */
export function detectAll(
  detectors: readonly Detector[],
  observation: Observation,
  context: DetectContext,
): { events: DetectorEvent[]; failures: DetectionFailure[] } {
  const events: DetectorEvent[] = [];
  const failures: DetectionFailure[] = [];
  let url: URL;
  try {
    url = new URL(observation.request.url, observation.pageUrl);
  } catch {
    return { events, failures };
  }
  const absolute = { ...observation, request: { ...observation.request, url: url.href } };
  for (const detector of detectors) {
    if (!detector.watches(observation.request.method, url)) continue;
    let emitted: unknown[];
    try {
      emitted = detector.detect(absolute, context);
    } catch (error) {
      failures.push({
        source: detector.id,
        reason: 'threw',
        message: String(error instanceof Error ? error.message : error).slice(0, 200),
      });
      continue;
    }
    const valid: DetectorEvent[] = [];
    let rejected: string | undefined;
    for (const event of emitted) {
      const parsed = DetectorEvent.safeParse(event);
      if (parsed.success) valid.push(parsed.data);
      else
        rejected ??= parsed.error.issues[0]
          ? `${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}`
          : 'invalid event';
    }
    if (rejected) failures.push({ source: detector.id, reason: 'invalid-event', message: rejected.slice(0, 200) });
    else events.push(...valid);
  }
  return { events, failures };
}
