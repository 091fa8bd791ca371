import { z } from 'zod';
import { type CallOwner, callsToCaptures, type PhoneCall } from '../../api-connector/calls';
import { sha256Hex } from '../../api-connector/crypto';
import { type ApiAnswer, type ApiRequest, badPayload, httpFailure, jsonOf, type PageResult } from '../../api-connector/http';
import type { Pager } from '../../api-connector/poll';
import { toE164 } from '../phone-link/normalize';
import type { Capture } from '../types';

/**
 * Mango Office virtual PBX (mango-office.ru, "API ВАТС", call history; the same calls in the public
 * clients Bobrovskih/mango-vpbx src/vpbx.js, src/sign.js, src/helpers/stats.js and
 * dasshit/Python-Mango-Office-API): statistics come in two steps, both
 * `POST https://app.mango-office.ru/vpbx/…` with a form of `vpbx_api_key`, `json` and
 * `sign = hex(SHA-256(api_key + json + api_salt))`:
 *
 * 1. `stats/request` with `{"date_from":"<unix s>","date_to":"<unix s>","fields":"…","from":{"extension":"…"}}`
 *    answers `{"key":"…"}`;
 * 2. `stats/result` with `{"key":"…"}` answers 204 while the report is being prepared, then 200 with
 *    text: one call per line (CRLF), fields separated by ";" in the order asked for.
 *
 * Times are unix seconds (UTC by definition). `answer` is 0 for an unanswered call. A call's legs share
 * an `entry_id`: it is the call's id. Outgoing calls are those with a `from_extension` (the rep's
 * internal number, `lines`), which the request also filters on.
 */

export const MANGO_ORIGIN = 'https://app.mango-office.ru/*';
const BASE = 'https://app.mango-office.ru/vpbx';
export const MANGO_FIELDS = [
  'entry_id',
  'start',
  'finish',
  'answer',
  'from_extension',
  'from_number',
  'to_extension',
  'to_number',
  'disconnect_reason',
] as const;
/** While a report is prepared, ask again after this long (the public clients wait 5 s). */
export const MANGO_RESULT_RETRY_MS = 5_000;

export const MangoCredentials = z.object({
  apiKey: z.string().trim().min(1).max(200),
  apiSalt: z.string().trim().min(1).max(200),
  /** The rep's internal number (extension) in the PBX. */
  extension: z
    .string()
    .trim()
    .regex(/^\d{1,12}$/, 'an extension is the internal number, digits only')
    .optional(),
});
export type MangoCredentials = z.infer<typeof MangoCredentials>;

export type MangoCursor = { step: 'request' } | { step: 'result'; key: string };

async function signedForm(credentials: MangoCredentials, payload: unknown): Promise<string> {
  const json = JSON.stringify(payload);
  const sign = await sha256Hex(credentials.apiKey + json + credentials.apiSalt);
  return new URLSearchParams({ vpbx_api_key: credentials.apiKey, sign, json }).toString();
}

export async function buildRequest(
  credentials: MangoCredentials,
  since: number,
  cursor: MangoCursor = { step: 'request' },
  now = Date.now(),
): Promise<ApiRequest> {
  const headers = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json, text/plain' };
  if (cursor.step === 'result') {
    return { url: `${BASE}/stats/result`, method: 'POST', headers, body: await signedForm(credentials, { key: cursor.key }) };
  }
  const payload: Record<string, unknown> = {
    date_from: String(Math.floor(since / 1000)),
    date_to: String(Math.floor(now / 1000)),
    fields: MANGO_FIELDS.join(','),
  };
  if (credentials.extension) payload.from = { extension: credentials.extension };
  return { url: `${BASE}/stats/request`, method: 'POST', headers, body: await signedForm(credentials, payload) };
}

const KeyAnswer = z.object({ key: z.string().min(1) });
const ResultCode = z.object({ result: z.number().int(), message: z.string().optional() });

const Row = z.object({
  entry_id: z.string().min(1),
  start: z.coerce.number().int().positive(),
  finish: z.coerce.number().int().nonnegative(),
  answer: z.coerce.number().int().nonnegative(),
  from_extension: z.string(),
  from_number: z.string(),
  to_extension: z.string(),
  to_number: z.string(),
  disconnect_reason: z.string(),
});
type Row = z.infer<typeof Row>;

function rowsOf(text: string): Row[] | string {
  const rows: Row[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const cells = line.split(';');
    if (cells.length !== MANGO_FIELDS.length) return `a line has ${cells.length} fields, not ${MANGO_FIELDS.length}`;
    const row = Row.safeParse(Object.fromEntries(MANGO_FIELDS.map((field, i) => [field, cells[i]!.trim()])));
    if (!row.success) return `a line is not in the documented shape: ${row.error.issues[0]?.path.join('.')}`;
    rows.push(row.data);
  }
  return rows;
}

function toPhoneCall(row: Row): PhoneCall | undefined {
  const outbound = row.from_extension !== '';
  // A call to a colleague's extension, with no outside number, is not outreach.
  if (row.to_number === '' && row.to_extension !== '') return undefined;
  const answered = row.answer > 0;
  const otherNumber = row.to_number ? (toE164(row.to_number, { digitsAreInternational: true }) ?? undefined) : undefined;
  return {
    id: row.entry_id,
    direction: outbound ? 'outbound' : 'inbound',
    startedAt: row.start * 1000,
    durationSec: answered && row.finish >= row.answer ? row.finish - row.answer : 0,
    outcome: answered ? 'connected' : 'no_answer',
    ...(otherNumber !== undefined ? { otherNumber } : {}),
    ...(outbound ? { line: row.from_extension } : {}),
    ...(row.disconnect_reason ? { vendorResult: row.disconnect_reason } : {}),
  };
}

export function parseResponse(answer: ApiAnswer, cursor: MangoCursor = { step: 'request' }): PageResult<PhoneCall, MangoCursor> {
  if (answer.status < 200 || answer.status >= 300) return { ok: false, error: httpFailure(answer) };
  const json = jsonOf(answer);
  const code = ResultCode.safeParse(json);
  if (code.success && code.data.result !== 1000) {
    return {
      ok: false,
      error: {
        kind: 'rejected',
        message: `Mango Office result ${code.data.result}${code.data.message ? `: ${code.data.message}` : ''}`,
        status: answer.status,
      },
    };
  }
  if (cursor.step === 'request') {
    const key = KeyAnswer.safeParse(json);
    if (!key.success) return { ok: false, error: badPayload('Mango Office answered a statistics request without a key', answer.status) };
    return { ok: true, items: [], next: { step: 'result', key: key.data.key }, retryAfterMs: MANGO_RESULT_RETRY_MS };
  }
  if (answer.status === 204) return { ok: true, items: [], next: cursor, retryAfterMs: MANGO_RESULT_RETRY_MS };
  const rows = rowsOf(answer.body);
  if (typeof rows === 'string') return { ok: false, error: badPayload(`Mango Office statistics: ${rows}`) };
  // One call per entry_id: a leg that was answered says how the call went.
  const byEntry = new Map<string, PhoneCall>();
  for (const row of rows) {
    const call = toPhoneCall(row);
    if (!call) continue;
    const known = byEntry.get(call.id);
    if (!known || (known.outcome !== 'connected' && call.outcome === 'connected')) byEntry.set(call.id, call);
  }
  return { ok: true, items: [...byEntry.values()] };
}

/** The rep's outbound calls: `owner.lines` holds the rep's extension(s). */
export function toCaptures(calls: readonly PhoneCall[], owner: CallOwner): Capture[] {
  return callsToCaptures('mango', 'mango-stats', calls, owner);
}

/** Mango's two steps (request, then result until ready), for `collectPages`. */
export function pager(credentials: MangoCredentials, since: number, now = Date.now()): Pager<PhoneCall, MangoCursor> {
  return { request: (cursor) => buildRequest(credentials, since, cursor, now), parse: (answer, cursor) => parseResponse(answer, cursor) };
}
