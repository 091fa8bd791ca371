import { z } from 'zod';
import type { CallOutcome } from '../../activity';
import { type CallOwner, callsToCaptures, type PhoneCall } from '../../api-connector/calls';
import { base64Utf8 } from '../../api-connector/crypto';
import { type ApiAnswer, type ApiRequest, badPayload, httpFailure, jsonOf, type PageResult } from '../../api-connector/http';
import type { Pager } from '../../api-connector/poll';
import { toE164 } from '../phone-link/normalize';
import type { Capture } from '../types';

/**
 * RingCentral (developers.ringcentral.com, API reference "Read User Call Log"):
 * `GET https://platform.ringcentral.com/restapi/v1.0/account/~/extension/~/call-log` with a Bearer
 * access token, `dateFrom` (ISO 8601), `direction=Outbound`, `type=Voice`, `view=Simple`,
 * `perPage=100`, `page`. The answer is `{ records: [...], paging: { page, ... }, navigation: {
 * nextPage?: { uri } } }`; `startTime` is ISO 8601 in UTC ("2026-01-14T17:05:12.345Z"). The
 * extension `~` is the signed-in user, so every record is the rep's own line.
 *
 * Access tokens live an hour. What a rep can paste and keep is a JWT credential (Developer Console,
 * "JWT auth flow") for an app with a client id and secret: `buildTokenRequest` exchanges it for an
 * access token (`POST /restapi/oauth/token`, grant type jwt-bearer), `parseTokenResponse` reads it.
 */

export const RINGCENTRAL_ORIGIN = 'https://platform.ringcentral.com/*';
const BASE = 'https://platform.ringcentral.com';
const PER_PAGE = 100;

export const RingCentralCredentials = z.object({ accessToken: z.string().trim().min(1).max(4000) });
export type RingCentralCredentials = z.infer<typeof RingCentralCredentials>;

export const RingCentralApp = z.object({
  clientId: z.string().trim().min(1).max(200),
  clientSecret: z.string().trim().min(1).max(200),
  jwt: z.string().trim().min(1).max(8000),
});
export type RingCentralApp = z.infer<typeof RingCentralApp>;

export interface RingCentralCursor {
  page: number;
}

export function buildTokenRequest(app: RingCentralApp): ApiRequest {
  const body = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: app.jwt }).toString();
  return {
    url: `${BASE}/restapi/oauth/token`,
    method: 'POST',
    headers: {
      authorization: `Basic ${base64Utf8(`${app.clientId}:${app.clientSecret}`)}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body,
  };
}

const TokenAnswer = z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive() });

/** The access token and when it expires (epoch ms), or the failure. */
export function parseTokenResponse(
  answer: ApiAnswer,
  now = Date.now(),
): { ok: true; credentials: RingCentralCredentials; expiresAt: number } | { ok: false; error: ReturnType<typeof httpFailure> } {
  // The token endpoint answers a bad client or JWT with 400 invalid_grant / invalid_client.
  if (answer.status === 400 && /invalid_(grant|client)/.test(answer.body)) {
    return { ok: false, error: { ...httpFailure({ ...answer, status: 401 }), status: 400 } };
  }
  if (answer.status < 200 || answer.status >= 300) return { ok: false, error: httpFailure(answer, now) };
  const token = TokenAnswer.safeParse(jsonOf(answer));
  if (!token.success) return { ok: false, error: badPayload('RingCentral answered without an access token', answer.status) };
  return { ok: true, credentials: { accessToken: token.data.access_token }, expiresAt: now + token.data.expires_in * 1000 };
}

export function buildRequest(credentials: RingCentralCredentials, since: number, cursor: RingCentralCursor = { page: 1 }): ApiRequest {
  const query = new URLSearchParams({
    dateFrom: new Date(since).toISOString(),
    direction: 'Outbound',
    type: 'Voice',
    view: 'Simple',
    perPage: String(PER_PAGE),
    page: String(cursor.page),
  });
  return {
    url: `${BASE}/restapi/v1.0/account/~/extension/~/call-log?${query.toString()}`,
    method: 'GET',
    headers: { authorization: `Bearer ${credentials.accessToken}`, accept: 'application/json' },
  };
}

const Party = z.object({
  phoneNumber: z.string().nullish(),
  extensionNumber: z.string().nullish(),
  name: z.string().nullish(),
});

const CallRecord = z.object({
  id: z.string().min(1),
  startTime: z.iso.datetime({ offset: true }),
  duration: z.number().int().nonnegative(),
  direction: z.enum(['Inbound', 'Outbound']),
  type: z.string().nullish(),
  result: z.string().nullish(),
  to: Party.nullish(),
  from: Party.nullish(),
});
type CallRecord = z.infer<typeof CallRecord>;

const CallLogPage = z.object({
  records: z.array(z.unknown()),
  paging: z.object({ page: z.number().int().positive().optional() }).optional(),
  navigation: z.object({ nextPage: z.object({ uri: z.string() }).nullish() }).optional(),
});

/** RingCentral's `result` values (CallResult enum) in the model's outcomes. */
export function outcomeOf(result: string | null | undefined): CallOutcome {
  switch ((result ?? '').toLowerCase()) {
    case 'call connected':
    case 'accepted':
    case 'answered not accepted':
      return 'connected';
    case 'voicemail':
      return 'voicemail';
    case 'busy':
      return 'busy';
    case 'wrong number':
    case 'restricted number':
      return 'wrong_number';
    case 'no answer':
    case 'missed':
    case 'hang up':
    case 'declined':
    case 'rejected':
    case 'abandoned':
    case 'stopped':
      return 'no_answer';
    default:
      return 'failed';
  }
}

function toPhoneCall(record: CallRecord): PhoneCall | undefined {
  if (record.type && record.type !== 'Voice') return undefined;
  // A call to a colleague's extension (no outside number) is not outreach.
  const number = record.to?.phoneNumber ? (toE164(record.to.phoneNumber) ?? undefined) : undefined;
  if (number === undefined && record.to?.extensionNumber) return undefined;
  const outcome = outcomeOf(record.result);
  return {
    id: record.id,
    direction: record.direction === 'Outbound' ? 'outbound' : 'inbound',
    startedAt: Date.parse(record.startTime),
    durationSec: outcome === 'connected' ? record.duration : 0,
    outcome,
    ...(number !== undefined ? { otherNumber: number } : {}),
    ...(record.result ? { vendorResult: record.result } : {}),
  };
}

export function parseResponse(answer: ApiAnswer): PageResult<PhoneCall, RingCentralCursor> {
  if (answer.status < 200 || answer.status >= 300) return { ok: false, error: httpFailure(answer) };
  const page = CallLogPage.safeParse(jsonOf(answer));
  if (!page.success) return { ok: false, error: badPayload('RingCentral answered without call-log records', answer.status) };
  const items: PhoneCall[] = [];
  for (const raw of page.data.records) {
    const record = CallRecord.safeParse(raw);
    if (!record.success)
      return { ok: false, error: badPayload(`RingCentral record not in the documented shape: ${record.error.issues[0]?.path.join('.')}`) };
    const call = toPhoneCall(record.data);
    if (call) items.push(call);
  }
  if (!page.data.navigation?.nextPage) return { ok: true, items };
  return { ok: true, items, next: { page: (page.data.paging?.page ?? 1) + 1 } };
}

/** Every record is the signed-in extension's: `owner.lines` stays empty. */
export function toCaptures(calls: readonly PhoneCall[], owner: Omit<CallOwner, 'lines'>): Capture[] {
  return callsToCaptures('ringcentral', 'ringcentral-call-log', calls, { ...owner, lines: [] });
}

/** RingCentral's paging from `since`, for `collectPages`. */
export function pager(credentials: RingCentralCredentials, since: number): Pager<PhoneCall, RingCentralCursor> {
  return { request: (cursor) => buildRequest(credentials, since, cursor), parse: (answer) => parseResponse(answer) };
}
