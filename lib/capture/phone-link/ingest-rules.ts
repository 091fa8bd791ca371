import type { Activity } from '../../activity';
import type { Capture } from '../types';
import { findAttemptToMerge, MERGE_WINDOW_MS } from './merge';

/**
 * Phone links' rule in the ingest plan: a call from a phone system's log absorbs the phone-link
 * attempt it is (same number within a few minutes). The plan records the call and retracts the
 * attempt in one transaction, so a stop in between cannot leave both counted.
 */

/** The stored calls the rule needs to see for this capture (none unless it is a polled call). */
export function callMergeReads(capture: Capture): { kind: 'call'; start: number; end: number } | undefined {
  if (capture.kind !== 'call' || capture.detection.method !== 'api') return undefined;
  return { kind: 'call', start: capture.occurredAt - MERGE_WINDOW_MS, end: capture.occurredAt + MERGE_WINDOW_MS + 1 };
}

/** The live attempt a polled call absorbs, with the capture to record (the attempt's facts merged in). */
export function callAttemptToMerge(capture: Capture, stored: readonly Activity[]): { attempt: Activity; record: Capture } | undefined {
  if (!callMergeReads(capture)) return undefined;
  const attempts = stored.filter((a) => a.channel === 'phone' && a.subtype === 'attempt' && a.status !== 'retracted');
  const found = findAttemptToMerge(attempts.map(captureOf), capture);
  const attempt = found && attempts.find((a) => a.dedupeKey === found.attempt.dedupeKey);
  return found && attempt ? { attempt, record: found.decision.record } : undefined;
}

/** An activity back as the capture it came from (what the merge rules compare). */
function captureOf(a: Activity): Capture {
  return {
    kind: a.kind,
    channel: a.channel,
    occurredAt: a.occurredAt,
    account: a.account,
    recipients: a.recipients,
    dedupeKey: a.dedupeKey,
    detection: a.detection,
    ...(a.subtype !== undefined ? { subtype: a.subtype } : {}),
  };
}
