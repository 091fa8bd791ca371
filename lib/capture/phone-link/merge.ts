import type { Capture } from '../types';

/**
 * A call started from a phone link and the same call in the phone system's log are one call: the
 * rep clicks, the softphone dials, and minutes later the poll brings the call with its outcome and
 * duration. The polled record wins (it knows how the call ended); the attempt is folded into it —
 * its key and site go into the polled record's ids, and the attempt is retracted so that it no
 * longer counts (kept, so that the same click seen again stays de-duplicated).
 */

export const MERGE_WINDOW_MS = 5 * 60_000;

/** The E.164 number a call capture went to, if it names one. */
function numberOf(capture: Capture): string | undefined {
  return capture.recipients.find((r) => r.phone !== undefined)?.phone;
}

export type MergeDecision =
  | { same: false }
  | {
      same: true;
      /** The polled call to record, with the attempt folded into its ids. */
      record: Capture;
      /** The attempt's key: retract it. */
      retract: string;
    };

/** Whether a phone-link attempt and a polled call are one call, and what to record if so. */
export function mergeCallAttempt(attempt: Capture, polled: Capture, windowMs = MERGE_WINDOW_MS): MergeDecision {
  if (attempt.kind !== 'call' || polled.kind !== 'call') return { same: false };
  if (attempt.detection.source !== 'phone-link' || polled.detection.source === 'phone-link') return { same: false };
  const number = numberOf(attempt);
  if (number === undefined || number !== numberOf(polled)) return { same: false };
  if (Math.abs(polled.occurredAt - attempt.occurredAt) > windowMs) return { same: false };
  const ids: Record<string, string> = { ...polled.detection.ids, attempt: attempt.dedupeKey };
  const site = attempt.detection.ids?.site;
  if (site !== undefined) ids.site = site;
  return { same: true, record: { ...polled, detection: { ...polled.detection, ids } }, retract: attempt.dedupeKey };
}

/**
 * The attempt a polled call absorbs: among attempts not yet merged, the one to the same number
 * closest in time within the window (a rep who clicks the same number twice makes two calls, and
 * each polled call takes the nearer click).
 */
export function findAttemptToMerge(
  attempts: readonly Capture[],
  polled: Capture,
  windowMs = MERGE_WINDOW_MS,
): { attempt: Capture; decision: Extract<MergeDecision, { same: true }> } | undefined {
  let best: { attempt: Capture; decision: Extract<MergeDecision, { same: true }> } | undefined;
  for (const attempt of attempts) {
    const decision = mergeCallAttempt(attempt, polled, windowMs);
    if (!decision.same) continue;
    const distance = Math.abs(polled.occurredAt - attempt.occurredAt);
    if (!best || distance < Math.abs(polled.occurredAt - best.attempt.occurredAt)) best = { attempt, decision };
  }
  return best;
}
