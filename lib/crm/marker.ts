import { ActivityKind, CallOutcome, CURRENCY_CODE } from '../activity';
import { trackingStartLine } from './tracking-start';
import type { CrmRecord, CrmTeamActivity } from './types';

/**
 * The line Bitrix24 and amoCRM records carry at the end of their text (Pipedrive has its own, HTML-safe
 * and dated: pipedrive/marker.ts) so that a retry, a second browser and the team board can recognise it: our activity id, kind, channel, call outcome, and a deal's amount and currency. Bitrix24 also gets the id in
 * ORIGIN_ID; comments (and amoCRM's common notes) have no such field, so the line is the only key.
 * `id` is URI-encoded so that it never contains a space or a bracket.
 */
export const MARKER_PREFIX = 'quota-radar:v1';
export const RETRACTED_SUFFIX = '— retracted (Quota Radar)';

export interface RecordMarker {
  activityId: string;
  kind: ActivityKind;
  channel: string;
  outcome?: CallOutcome;
  amount?: number;
  currency?: string;
}

export function markerLine(record: Pick<CrmRecord, 'activityId' | 'kind' | 'channel' | 'outcome' | 'amount' | 'currency'>): string {
  const outcome = record.outcome !== undefined ? ` outcome=${record.outcome}` : '';
  const amount = record.amount !== undefined && Number.isFinite(record.amount) ? ` amount=${record.amount}` : '';
  const currency = record.currency !== undefined && CURRENCY_CODE.test(record.currency) ? ` currency=${record.currency}` : '';
  return `[${MARKER_PREFIX} id=${encodeURIComponent(record.activityId)} kind=${record.kind} channel=${record.channel}${outcome}${amount}${currency}]`;
}

/**
 * The marker line, then the tracking-start line where the start is known (tracking-start.ts): a line
 * of its own so that versions already installed, whose reader wants `]` right after the marker's last
 * field, still find their own records.
 */
export function markerLines(
  record: Pick<CrmRecord, 'activityId' | 'kind' | 'channel' | 'outcome' | 'amount' | 'currency' | 'trackingStart'>,
): string {
  const since = trackingStartLine(record.trackingStart);
  return since ? `${markerLine(record)}\n${since}` : markerLine(record);
}

const MARKER =
  /\[quota-radar:v1 id=(\S+?) kind=(\w+) channel=(\w+)(?: outcome=(\w+))?(?: amount=(\d+(?:\.\d+)?))?(?: currency=([A-Z]{3}))?\]/;

/** The marker in a record's text, or undefined (a record someone else wrote, or edited beyond recognition). */
export function readMarker(text: string | null | undefined): RecordMarker | undefined {
  const match = text ? MARKER.exec(text) : null;
  if (!match) return undefined;
  const kind = ActivityKind.safeParse(match[2]);
  if (!kind.success) return undefined;
  let activityId: string;
  try {
    activityId = decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
  const outcome = CallOutcome.safeParse(match[4]);
  return {
    activityId,
    kind: kind.data,
    channel: match[3]!,
    ...(outcome.success ? { outcome: outcome.data } : {}),
    ...(match[5] !== undefined ? { amount: Number(match[5]) } : {}),
    ...(match[6] !== undefined ? { currency: match[6] } : {}),
  };
}

/** Whether this text carries the marker of this activity (exactly, not as a prefix of a longer id). */
export function hasMarkerOf(text: string | null | undefined, activityId: string): boolean {
  return readMarker(text)?.activityId === activityId;
}

export function isRetractedText(text: string | null | undefined): boolean {
  return text?.includes(RETRACTED_SUFFIX) ?? false;
}

/** What the team board reads from a marker beyond the kind: a call's outcome, a deal's amount and currency. */
export function markerFacts(marker: RecordMarker | undefined): Pick<CrmTeamActivity, 'outcome' | 'amount' | 'currency'> {
  return {
    ...(marker?.outcome ? { outcome: marker.outcome } : {}),
    ...(marker?.amount !== undefined ? { amount: marker.amount } : {}),
    ...(marker?.currency ? { currency: marker.currency } : {}),
  };
}
