import { z } from 'zod';
import type { CallOutcome } from '../../activity';
import { type CallOwner, callsToCaptures, type PhoneCall } from '../../api-connector/calls';
import { base64Utf8 } from '../../api-connector/crypto';
import { type ApiAnswer, type ApiRequest, badPayload, httpFailure, jsonOf, type PageResult } from '../../api-connector/http';
import type { Pager } from '../../api-connector/poll';
import { toE164 } from '../phone-link/normalize';
import type { Capture } from '../types';

/**
 * Aircall (developer.aircall.io, "List all Calls"; support.aircall.io "Pagination" article): `GET
 * https://api.aircall.io/v1/calls` with Basic auth `api_id:api_token`, `from` and `to` (unix seconds,
 * on the call's creation), `per_page` (max 50) and `page`. The answer is `{ calls: [...], meta: {
 * total, current_page, next_page_link, ... } }`; times are unix seconds (UTC by definition).
 *
 * No `order` is sent: no Aircall material found documents it on /v1/calls (tests/contracts/aircall).
 * Correct in any order instead: each poll reads a closed window [from, to], whose set of calls does
 * not move while it is paged. Aircall serves at most 10,000 records per query, so a window whose
 * `meta.total` is larger (or that would page past 200) is halved and read half by half.
 * The key is company-wide: only the rep's own user counts (`lines`: Aircall user ids or emails).
 */

export const AIRCALL_ORIGIN = 'https://api.aircall.io/*';
const PER_PAGE = 50;
/** Aircall serves at most this many records for one query, whatever the paging. */
const MAX_RECORDS = 10_000;
const MAX_PAGE = MAX_RECORDS / PER_PAGE;

const Printable = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'paste the key exactly as Aircall shows it');

export const AircallCredentials = z.object({ apiId: Printable, apiToken: Printable });
export type AircallCredentials = z.infer<typeof AircallCredentials>;

export interface AircallCursor {
  page: number;
  /** Epoch ms where the window being paged starts (`since` when absent). */
  from?: number;
  /** Epoch ms where it ends (the poll's `now` when absent). */
  to?: number;
}

/** The window a cursor pages, in whole seconds as Aircall takes them. */
function windowOf(since: number, cursor: AircallCursor, now: number): { from: number; to: number } {
  return { from: Math.floor((cursor.from ?? since) / 1000), to: Math.floor((cursor.to ?? now) / 1000) };
}

export function buildRequest(
  credentials: AircallCredentials,
  since: number,
  cursor: AircallCursor = { page: 1 },
  now = Date.now(),
): ApiRequest {
  const { from, to } = windowOf(since, cursor, now);
  const url = `https://api.aircall.io/v1/calls?from=${from}&to=${to}&per_page=${PER_PAGE}&page=${cursor.page}`;
  return {
    url,
    method: 'GET',
    headers: { authorization: `Basic ${base64Utf8(`${credentials.apiId}:${credentials.apiToken}`)}`, accept: 'application/json' },
  };
}

const UnixSeconds = z.number().int().nonnegative();

const AircallCall = z.object({
  id: z.union([z.number().int(), z.string().min(1)]).transform(String),
  direction: z.enum(['inbound', 'outbound']),
  /** initial, answered (in progress), done. */
  status: z.string(),
  started_at: UnixSeconds,
  answered_at: UnixSeconds.nullish(),
  ended_at: UnixSeconds.nullish(),
  duration: z.number().nonnegative().nullish(),
  raw_digits: z.string().nullish(),
  missed_call_reason: z.string().nullish(),
  voicemail: z.string().nullish(),
  user: z.object({ id: z.union([z.number(), z.string()]).transform(String), email: z.string().nullish() }).nullish(),
});
type AircallCall = z.infer<typeof AircallCall>;

const CallsPage = z.object({
  calls: z.array(z.unknown()),
  meta: z.object({
    total: z.number().int().nonnegative().optional(),
    current_page: z.number().int().positive(),
    next_page_link: z.string().nullish(),
  }),
});

/** An outbound call nobody picked up ended unanswered; Aircall names no busy or voicemail outcome for outbound calls. */
function outcomeOf(call: AircallCall): CallOutcome {
  return call.answered_at ? 'connected' : 'no_answer';
}

function toPhoneCall(call: AircallCall): PhoneCall {
  const talk = call.answered_at && call.ended_at ? Math.max(0, call.ended_at - call.answered_at) : 0;
  const otherNumber = call.raw_digits ? (toE164(call.raw_digits) ?? undefined) : undefined;
  return {
    id: call.id,
    direction: call.direction,
    startedAt: call.started_at * 1000,
    durationSec: talk,
    outcome: outcomeOf(call),
    ...(otherNumber !== undefined ? { otherNumber } : {}),
    ...(call.user ? { line: call.user.email ?? call.user.id } : {}),
    ...(call.missed_call_reason ? { vendorResult: call.missed_call_reason } : {}),
  };
}

/**
 * One page of calls. Calls still in progress (status other than done) are left out: the next poll
 * (whose `since` overlaps the last one) brings them finished. Each user's email and id both identify
 * the line, so `toCaptures` can match either. `since` and `now` must be those the request was built
 * with: they close the window.
 */
export function parseResponse(
  answer: ApiAnswer,
  cursor: AircallCursor = { page: 1 },
  now = Date.now(),
  since = now,
): PageResult<PhoneCall & { userId?: string }, AircallCursor> {
  if (answer.status < 200 || answer.status >= 300) {
    const error = httpFailure(answer, now);
    // Aircall names when its window resets (unix seconds) in X-AircallApi-Reset.
    const reset = Number(answer.headers['x-aircallapi-reset']);
    if (error.kind === 'rate_limited' && answer.headers['retry-after'] === undefined && Number.isFinite(reset) && reset > 0) {
      error.retryAfterMs = Math.max(0, reset * 1000 - now);
    }
    return { ok: false, error };
  }
  const page = CallsPage.safeParse(jsonOf(answer));
  if (!page.success) return { ok: false, error: badPayload('Aircall answered without a calls page', answer.status) };
  const { from, to } = windowOf(since, cursor, now);
  const { total, current_page: current, next_page_link: nextLink } = page.data.meta;
  const tooMany = (total !== undefined && total > MAX_RECORDS) || (nextLink && current >= MAX_PAGE);
  // More than Aircall serves for one query: read the first half of the window now, the rest after.
  if (tooMany && to - from >= 2)
    return { ok: true, items: [], next: { page: 1, from: from * 1000, to: (from + Math.floor((to - from) / 2)) * 1000 } };
  const items: (PhoneCall & { userId?: string })[] = [];
  for (const raw of page.data.calls) {
    const call = AircallCall.safeParse(raw);
    if (!call.success)
      return { ok: false, error: badPayload(`Aircall call not in the documented shape: ${call.error.issues[0]?.path.join('.')}`) };
    if (call.data.status !== 'done') continue;
    items.push({ ...toPhoneCall(call.data), ...(call.data.user ? { userId: call.data.user.id } : {}) });
  }
  if (nextLink) return { ok: true, items, next: { page: current + 1, from: from * 1000, to: to * 1000 } };
  // The window is read; the next one starts at its last second (whether Aircall's `to` is inclusive is
  // not documented: reading that second twice is free, de-duplication drops the repeats).
  const end = Math.floor(now / 1000);
  if (to < end) return { ok: true, items, next: { page: 1, from: to * 1000 } };
  return { ok: true, items };
}

/** The rep's outbound calls: `owner.lines` holds the rep's Aircall user id(s) or email(s). */
export function toCaptures(calls: readonly (PhoneCall & { userId?: string })[], owner: CallOwner): Capture[] {
  const lines = new Set(owner.lines.map((l) => l.toLowerCase()));
  // A call matches by the user's email or id: rewrite `line` to whichever the rep gave.
  const matched = calls.map((call) =>
    call.userId !== undefined && lines.has(call.userId.toLowerCase()) ? { ...call, line: call.userId } : call,
  );
  return callsToCaptures('aircall', 'aircall-calls', matched, owner);
}

/** Aircall's paging from `since`, for `collectPages`. */
export function pager(
  credentials: AircallCredentials,
  since: number,
  now = Date.now(),
): Pager<PhoneCall & { userId?: string }, AircallCursor> {
  return {
    request: (cursor) => buildRequest(credentials, since, cursor, now),
    parse: (answer, cursor) => parseResponse(answer, cursor, now, since),
  };
}
