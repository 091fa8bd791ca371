import { ActivityKind, CallOutcome, Channel, Currency } from '../../activity';
import { trackingStartLine } from '../tracking-start';

/**
 * Pipedrive has no external-id field on activities or notes, so each record we write carries our
 * activity id (and kind, channel, outcome, amount) in a marker at the end of its note text:
 * `[qr id=<activity id> kind=call channel=aircall at=2026-11-02T09:30:00Z outcome=connected]`. The
 * client searches for it before creating (idempotency across retries and browsers), and the team
 * board reads our kind (and a note's date: only an admin's token may back-date a note's add_time)
 * back from it. The id is percent-encoded so that no id can close the marker or break the note's HTML.
 */
export interface Marker {
  activityId: string;
  kind: ActivityKind;
  channel: Channel;
  /** Epoch ms when it happened (whole seconds). */
  occurredAt?: number;
  outcome?: CallOutcome;
  amount?: number;
  currency?: string;
}

/** Everything but letters, digits, `-`, `_` and `.` as %XX: safe inside HTML and the marker. */
function encodeId(id: string): string {
  return Array.from(new TextEncoder().encode(id), (byte) => {
    const char = String.fromCharCode(byte);
    return /[A-Za-z0-9._-]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

function decodeId(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

export function markerText(marker: Marker): string {
  const parts = [`id=${encodeId(marker.activityId)}`, `kind=${marker.kind}`, `channel=${marker.channel}`];
  if (marker.occurredAt !== undefined && Number.isFinite(marker.occurredAt)) parts.push(`at=${rfc3339(marker.occurredAt)}`);
  if (marker.outcome !== undefined) parts.push(`outcome=${marker.outcome}`);
  if (marker.amount !== undefined && Number.isFinite(marker.amount)) parts.push(`amount=${marker.amount}`);
  if (marker.currency !== undefined) parts.push(`currency=${marker.currency}`);
  return `[qr ${parts.join(' ')}]`;
}

const MARKER = /\[qr ((?:[a-z]+=[^\s\]]+ ?){1,10})\]/;

/** Our marker in a note's text (HTML as Pipedrive stores it), or undefined for anyone else's record. */
export function readMarker(text: string | null | undefined): Marker | undefined {
  if (!text) return undefined;
  const match = MARKER.exec(text.replace(/&nbsp;|&#160;/g, ' '));
  if (!match?.[1]) return undefined;
  const fields = new Map<string, string>();
  for (const part of match[1].trim().split(' ')) {
    const at = part.indexOf('=');
    if (at > 0) fields.set(part.slice(0, at), part.slice(at + 1));
  }
  const activityId = decodeId(fields.get('id') ?? '');
  const kind = ActivityKind.safeParse(fields.get('kind'));
  const channel = Channel.safeParse(fields.get('channel'));
  if (!activityId || !kind.success || !channel.success) return undefined;
  const marker: Marker = { activityId, kind: kind.data, channel: channel.data };
  const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(fields.get('at') ?? '') ? Date.parse(fields.get('at') ?? '') : Number.NaN;
  if (!Number.isNaN(at)) marker.occurredAt = at;
  const outcome = CallOutcome.safeParse(fields.get('outcome'));
  if (outcome.success) marker.outcome = outcome.data;
  const amount = Number(fields.get('amount'));
  if (fields.has('amount') && Number.isFinite(amount) && amount >= 0) marker.amount = amount;
  const currency = Currency.safeParse(fields.get('currency'));
  if (currency.success) marker.currency = currency.data;
  return marker;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/**
 * The note text of a record: our one-line summary (and subject where allowed), then the marker, then
 * the rep's tracking start where known (tracking-start.ts; a paragraph of its own, so that versions
 * already installed still read their marker).
 */
export function noteHtml(summary: string, marker: Marker, subject?: string, trackingStart?: number): string {
  const lines = subject ? [`<b>${escapeHtml(subject)}</b>`, escapeHtml(summary)] : [escapeHtml(summary)];
  const since = trackingStartLine(trackingStart);
  return `<p>${lines.join('<br>')}</p><p>${markerText(marker)}</p>${since ? `<p>${since}</p>` : ''}`;
}

// ---- Pipedrive's date and time formats (all UTC) ----

/** `YYYY-MM-DD` and `HH:MM` of an instant in UTC: an activity's due_date and due_time. */
export function utcDateTime(at: number): { date: string; time: string } {
  const iso = new Date(at).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** RFC 3339 without milliseconds: the v1/v2 `updated_since` filter. */
export function rfc3339(at: number): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** An activity duration `HH:MM` of whole minutes (at least one for any talk time; at most 23:59). */
export function hhmm(seconds: number): string {
  const minutes = Math.min(23 * 60 + 59, Math.max(1, Math.round(seconds / 60)));
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** An activity's due date and time (UTC) as epoch ms; undefined without a valid date. */
export function dueAt(date: string | null | undefined, time: string | null | undefined): number | undefined {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const clock = time && /^\d{2}:\d{2}(:\d{2})?$/.test(time) ? (time.length === 5 ? `${time}:00` : time) : '00:00:00';
  const at = Date.parse(`${date}T${clock}Z`);
  return Number.isNaN(at) ? undefined : at;
}

/** Pipedrive's `update_time`/`add_time`: RFC 3339 (v2) or `YYYY-MM-DD HH:MM:SS` in UTC (v1). */
export function pipedriveTime(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const v1 = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value);
  const at = Date.parse(v1 ? `${value.replace(' ', 'T')}Z` : value);
  return Number.isNaN(at) ? undefined : at;
}
