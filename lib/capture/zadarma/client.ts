import { z } from 'zod';
import type { CallOutcome } from '../../activity';
import { type CallOwner, callsToCaptures, type PhoneCall } from '../../api-connector/calls';
import { base64Utf8, hmacSha1Hex, md5Hex } from '../../api-connector/crypto';
import { type ApiAnswer, type ApiRequest, badPayload, httpFailure, jsonOf, type PageResult, retryAfterMs } from '../../api-connector/http';
import type { RateLimit } from '../../api-connector/pace';
import type { Pager } from '../../api-connector/poll';
import { epochToZoned, isKnownZone, zonedToEpoch } from '../../api-connector/zone';
import { toE164 } from '../phone-link/normalize';
import type { Capture } from '../types';

/**
 * Zadarma (zadarma.com/en/support/api, "Overall statistics"; zadarma/openapi spec/v1/openapi.json;
 * the official clients zadarma/user-api-v1 lib/Client.php and zadarma/user-api-typescript):
 * `GET https://api.zadarma.com/v1/statistics/?start=…&end=…&skip=…&limit=…&format=json`.
 *
 * Signature (as Client.php computes it): the parameters sorted by name, encoded as PHP's
 * http_build_query with RFC 1738 (spaces as "+"); `sign = base64(hex(HMAC-SHA1(secret,
 * "/v1/statistics/" + query + md5hex(query))))` — base64 of the hex digest's text, not of its
 * bytes; header `Authorization: <key>:<sign>`.
 *
 * Times: `start`, `end` and each row's `callstart` are "Y-m-d H:i:s" in the account's time zone
 * (GET /v1/info/timezone/ answers e.g. "UTC+3"); the rep's credentials carry that zone, and times
 * are converted both ways with it. At most a month per request and 1000 rows per page (`skip`,
 * `limit`). Limits (zadarma/openapi info.description): 100 requests a minute, 3 a minute to the
 * statistics methods, 429 beyond: `ZADARMA_RATE_LIMITS` paces every request the background sends.
 * Overall statistics list the account's outgoing, billed calls by SIP number: `lines` are the rep's
 * SIP ids.
 */

export const ZADARMA_ORIGIN = 'https://api.zadarma.com/*';
const METHOD = '/v1/statistics/';
export const ZADARMA_PAGE_SIZE = 1000;
const MINUTE_MS = 60_000;

/** Zadarma's published limits (zadarma/openapi spec/v1/openapi.json, info.description). */
export const ZADARMA_RATE_LIMITS: readonly RateLimit[] = [
  {
    name: 'statistics',
    limit: 3,
    windowMs: MINUTE_MS,
    applies: (request) => new URL(request.url).pathname.startsWith('/v1/statistics'),
  },
  { name: 'general', limit: 100, windowMs: MINUTE_MS, applies: () => true },
];

/**
 * How long a 429 asks to wait: Retry-After when sent; else X-RateLimit-Reset, which the official
 * clients read as a number (user-api-v1 Client.php parseHeaders) without saying what it counts — a
 * unix time when it is one, else seconds; else the whole minute the limits are counted over.
 */
export function zadarmaRetryAfterMs(headers: Record<string, string>, now: number): number {
  const retry = retryAfterMs(headers, now);
  if (retry !== undefined) return retry;
  const reset = Number(headers['x-ratelimit-reset']);
  if (Number.isFinite(reset) && reset > 0) return reset > 1e9 ? Math.max(0, reset * 1000 - now) : reset * 1000;
  return MINUTE_MS;
}
/** Zadarma cuts longer periods to 30 days: ask for at most that. */
const MAX_SPAN_MS = 30 * 86_400_000;

export const ZadarmaCredentials = z.object({
  key: z.string().trim().min(1).max(200),
  secret: z.string().trim().min(1).max(200),
  /** The account's zone as /v1/info/timezone/ reports it ("UTC+3") or an IANA name. */
  timeZone: z.string().trim().min(1).max(64).refine(isKnownZone, 'unknown time zone'),
});
export type ZadarmaCredentials = z.infer<typeof ZadarmaCredentials>;

export interface ZadarmaCursor {
  /** Epoch ms where this request's window starts. */
  start: number;
  skip: number;
}

/** PHP http_build_query (RFC 1738) of parameters already in order. */
function phpQuery(params: [string, string][]): string {
  return (
    params
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`.replace(/%20/g, '+'))
      .join('&')
      // encodeURIComponent leaves !'()*~ as they are; PHP's urlencode escapes all but -_.
      .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  );
}

/** Zadarma's Authorization header value for a method and its parameters. */
export async function signature(key: string, secret: string, method: string, params: Record<string, string>): Promise<string> {
  const query = phpQuery(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const sign = base64Utf8(await hmacSha1Hex(secret, method + query + md5Hex(query)));
  return `${key}:${sign}`;
}

function windowOf(since: number, cursor: ZadarmaCursor | undefined, now: number): { start: number; end: number; skip: number } {
  const start = cursor?.start ?? since;
  return { start, end: Math.min(now, start + MAX_SPAN_MS), skip: cursor?.skip ?? 0 };
}

export async function buildRequest(
  credentials: ZadarmaCredentials,
  since: number,
  cursor?: ZadarmaCursor,
  now = Date.now(),
): Promise<ApiRequest> {
  const { start, end, skip } = windowOf(since, cursor, now);
  const params: Record<string, string> = {
    start: epochToZoned(start, credentials.timeZone),
    end: epochToZoned(end, credentials.timeZone),
    skip: String(skip),
    limit: String(ZADARMA_PAGE_SIZE),
    format: 'json',
  };
  const query = phpQuery(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    url: `https://api.zadarma.com${METHOD}?${query}`,
    method: 'GET',
    headers: { authorization: await signature(credentials.key, credentials.secret, METHOD, params) },
  };
}

const Digits = z.union([z.string(), z.number()]).transform(String);
const Seconds = z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number);

const StatRow = z.object({
  id: Digits,
  sip: Digits,
  callstart: z.string(),
  from: Digits.nullish(),
  to: Digits.nullish(),
  disposition: z.string(),
  billseconds: Seconds,
});
type StatRow = z.infer<typeof StatRow>;

const Statistics = z.object({ status: z.literal('success'), stats: z.array(z.unknown()) });
const ErrorAnswer = z.object({ status: z.literal('error'), message: z.string().optional() });

/** Zadarma's `disposition` values in the model's outcomes. */
export function outcomeOf(disposition: string): CallOutcome {
  switch (disposition.trim().toLowerCase()) {
    case 'answered':
      return 'connected';
    case 'busy':
      return 'busy';
    case 'no answer':
    case 'cancel':
      return 'no_answer';
    case 'unallocated number':
      return 'wrong_number';
    default:
      // call failed, failed, no money, no limit, no day limit, line limit, no money, no limit.
      return 'failed';
  }
}

function toPhoneCall(row: StatRow, zone: string): PhoneCall | undefined {
  const startedAt = zonedToEpoch(row.callstart, zone);
  if (startedAt === undefined) return undefined;
  const outcome = outcomeOf(row.disposition);
  // Statistics write numbers internationally without "+" ("442037691880").
  const otherNumber = row.to ? (toE164(row.to, { digitsAreInternational: true }) ?? undefined) : undefined;
  return {
    id: row.id,
    direction: 'outbound',
    startedAt,
    durationSec: outcome === 'connected' ? row.billseconds : 0,
    outcome,
    ...(otherNumber !== undefined ? { otherNumber } : {}),
    line: row.sip,
    vendorResult: row.disposition,
  };
}

/**
 * One page of statistics. `cursor` and `now` must be those the request was built with: they say
 * where this window ends, and so where the next page or window starts.
 */
export function parseResponse(
  answer: ApiAnswer,
  credentials: Pick<ZadarmaCredentials, 'timeZone'>,
  since: number,
  cursor?: ZadarmaCursor,
  now = Date.now(),
): PageResult<PhoneCall, ZadarmaCursor> {
  const json = jsonOf(answer);
  const refused = ErrorAnswer.safeParse(json);
  if (answer.status === 429)
    return { ok: false, error: { ...httpFailure(answer, now), retryAfterMs: zadarmaRetryAfterMs(answer.headers, now) } };
  if (answer.status < 200 || answer.status >= 300) return { ok: false, error: httpFailure(answer, now) };
  // Zadarma may answer 200 with status "error" (a bad signature among them).
  if (refused.success)
    return { ok: false, error: httpFailure({ ...answer, status: /sign|auth|key/i.test(refused.data.message ?? '') ? 401 : 400 }) };
  const page = Statistics.safeParse(json);
  if (!page.success) return { ok: false, error: badPayload('Zadarma answered without statistics', answer.status) };
  const items: PhoneCall[] = [];
  for (const raw of page.data.stats) {
    const row = StatRow.safeParse(raw);
    if (!row.success)
      return { ok: false, error: badPayload(`Zadarma row not in the documented shape: ${row.error.issues[0]?.path.join('.')}`) };
    const call = toPhoneCall(row.data, credentials.timeZone);
    if (!call) return { ok: false, error: badPayload(`Zadarma call start not "Y-m-d H:i:s": ${row.data.callstart}`) };
    items.push(call);
  }
  const { start, end, skip } = windowOf(since, cursor, now);
  if (page.data.stats.length >= ZADARMA_PAGE_SIZE) return { ok: true, items, next: { start, skip: skip + page.data.stats.length } };
  if (end < now) return { ok: true, items, next: { start: end, skip: 0 } };
  return { ok: true, items };
}

/** The rep's calls: `owner.lines` holds the rep's SIP ids ("00001"); empty keeps the whole account's. */
export function toCaptures(calls: readonly PhoneCall[], owner: CallOwner): Capture[] {
  return callsToCaptures('zadarma', 'zadarma-statistics', calls, owner);
}

const TIMEZONE_METHOD = '/v1/info/timezone/';

/** GET /v1/info/timezone/: the account's zone, asked once when the rep connects (statistics use it). */
export async function buildTimezoneRequest(credentials: Pick<ZadarmaCredentials, 'key' | 'secret'>): Promise<ApiRequest> {
  const params = { format: 'json' };
  return {
    url: `https://api.zadarma.com${TIMEZONE_METHOD}?format=json`,
    method: 'GET',
    headers: { authorization: await signature(credentials.key, credentials.secret, TIMEZONE_METHOD, params) },
  };
}

const TimezoneAnswer = z.object({ status: z.literal('success'), timezone: z.string().min(1).max(64) });

export function parseTimezoneResponse(
  answer: ApiAnswer,
): { ok: true; timeZone: string } | { ok: false; error: ReturnType<typeof httpFailure> } {
  if (answer.status < 200 || answer.status >= 300) return { ok: false, error: httpFailure(answer) };
  const zone = TimezoneAnswer.safeParse(jsonOf(answer));
  if (!zone.success || !isKnownZone(zone.data.timezone))
    return { ok: false, error: badPayload('Zadarma answered without a time zone it could read', answer.status) };
  return { ok: true, timeZone: zone.data.timezone };
}

/** Zadarma's paging from `since` up to `now`, window by window, for `collectPages`. */
export function pager(credentials: ZadarmaCredentials, since: number, now = Date.now()): Pager<PhoneCall, ZadarmaCursor> {
  return {
    request: (cursor) => buildRequest(credentials, since, cursor, now),
    parse: (answer, cursor) => parseResponse(answer, credentials, since, cursor, now),
  };
}
