import { isObject, parseJson } from '../parse';
import type { Observation } from '../types';

/** What Outlook on the web posted: a JSON body, or the same JSON URL-encoded in the x-owa-urlpostdata header. */
export function requestJson(observation: Observation): Record<string, unknown> | undefined {
  const fromBody = parseJson(observation.request.body);
  if (isObject(fromBody)) return fromBody;
  const header = observation.request.headers['x-owa-urlpostdata'];
  if (!header) return undefined;
  try {
    const fromHeader = parseJson(decodeURIComponent(header));
    return isObject(fromHeader) ? fromHeader : undefined;
  } catch {
    return undefined;
  }
}
