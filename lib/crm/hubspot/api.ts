import { z } from 'zod';
import type { CallOutcome } from '../../activity';
import { type ApiAnswer, badPayload, errorMessageOf, httpFailure, jsonOf } from '../../api-connector/http';
import type { CrmError, CrmRecordKind, CrmResult, CrmSend } from '../types';
import { DEFAULT_CALL_DISPOSITION } from './portal';

/**
 * HubSpot's CRM v3 objects API over `send`, with a private app token (or an OAuth access token) as
 * `Authorization: Bearer`. Pages it follows (developers.hubspot.com/docs):
 * - /api/crm/calls, /api/crm/email, /api/crm/meetings, /api/crm/communications, /api/crm/notes:
 *   `POST /crm/v3/objects/<type>` with `properties` and inline `associations`;
 * - /api/crm/search: `POST /crm/v3/objects/<type>/search` (filterGroups are ORed, filters ANDed;
 *   `after` pages; at most 5 search requests per second per token; newly written records take a
 *   few seconds to be searchable);
 * - /api/crm/associations (v4 default association type ids, HUBSPOT_DEFINED);
 * - /api/crm/owners: `GET /crm/v3/owners`;
 * - api-reference/latest/account/account-information: `GET /account-info/v3/details`;
 * - /apisbytier: private apps 100 (Free/Starter) to 190 (Professional/Enterprise) requests per 10 s;
 *   a 429 carries `Retry-After` or the `X-HubSpot-RateLimit-*` headers.
 * Our activity id rides in the property portal.ts finds or creates (`hs_unique_id` where the portal
 * has it, else our own `quota_radar_activity_id`), searched for before every create; call outcomes
 * use the portal's own `hs_call_disposition` options.
 */

export const HUBSPOT_API = 'https://api.hubapi.com';
export const HUBSPOT_ORIGIN = 'https://api.hubapi.com/*';

/** The value of `hs_unique_id` that marks a record as ours, for one activity. */
export const hubspotMarker = (activityId: string) => `quota-radar:${activityId}`;

/** HubSpot's object type for each kind of record we write. */
export const HUBSPOT_OBJECT: Record<CrmRecordKind, string> = {
  call: 'calls',
  email: 'emails',
  meeting: 'meetings',
  message: 'communications',
  note: 'notes',
};

/** Default association type ids (Associations v4, "Association type ID values"): [to contact, to company]. */
export const HUBSPOT_ASSOCIATION: Record<CrmRecordKind, { contact: number; company: number }> = {
  call: { contact: 194, company: 182 },
  email: { contact: 198, company: 186 },
  meeting: { contact: 200, company: 188 },
  message: { contact: 81, company: 87 },
  note: { contact: 202, company: 190 },
};

/**
 * Default call dispositions (calls API page, "hs_call_disposition"): the fallback when the portal's
 * own options cannot be read (portal.ts). "failed" has no disposition of its own: it is sent without one.
 */
export const HUBSPOT_CALL_DISPOSITION: Partial<Record<CallOutcome, string>> = DEFAULT_CALL_DISPOSITION;
export const OUTCOME_OF_DISPOSITION = new Map(
  Object.entries(HUBSPOT_CALL_DISPOSITION).map(([outcome, guid]) => [guid, outcome as CallOutcome]),
);

/**
 * `hs_communication_channel_type` (communications API): LINKED_IN_MESSAGE, SMS or WHATS_APP. LinkedIn
 * messages go as LINKEDIN_MESSAGE; VK and Telegram messages have no type of their own, and go as SMS:
 * the generic text-message type (WhatsApp would name a specific other messenger). The body names the
 * real channel.
 */
export function communicationChannelType(channel: string): 'LINKEDIN_MESSAGE' | 'SMS' {
  return channel === 'linkedin' || channel === 'sales_navigator' ? 'LINKEDIN_MESSAGE' : 'SMS';
}

/** The scopes the sync needs, and the read that proves each (a 403 MISSING_SCOPES names what lacks). */
export const HUBSPOT_SCOPES = {
  contacts: 'crm.objects.contacts.read',
  owners: 'crm.objects.owners.read',
} as const;
/** Written records and contacts need these; a token without them fails at its first write, naming them. */
export const HUBSPOT_WRITE_SCOPES = ['crm.objects.contacts.write', 'crm.objects.companies.read'] as const;

export const Id = z.union([z.string().min(1), z.number().int()]).transform(String);

export const ObjectAnswer = z.object({ id: Id, properties: z.record(z.string(), z.string().nullish()).optional() });
export const SearchAnswer = z.object({
  total: z.number().int().nonnegative().optional(),
  results: z.array(ObjectAnswer),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});
export const AccountDetails = z.object({ portalId: Id, uiDomain: z.string().optional(), accountType: z.string().optional() });
export const Owner = z.object({
  id: Id,
  email: z.string().nullish(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  archived: z.boolean().optional(),
});
export const OwnersAnswer = z.object({
  results: z.array(Owner),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});
/** A refusal's documented body: `category` (MISSING_SCOPES, OBJECT_ALREADY_EXISTS…) and `errors[].context`. */
const ErrorBody = z.object({
  message: z.string().optional(),
  category: z.string().optional(),
  errors: z.array(z.object({ message: z.string().optional(), context: z.record(z.string(), z.array(z.string())).optional() })).optional(),
});

export type Answer<T> = CrmResult<T>;
export const ok = <T>(value: T): Answer<T> => ({ ok: true, value });
export const fail = <T>(error: CrmError): Answer<T> => ({ ok: false, error });

/** The 429 wait: Retry-After, else the rest of HubSpot's window (`X-HubSpot-RateLimit-Interval-Milliseconds`), else 10 s. */
export function hubspotRetryAfterMs(headers: Record<string, string>, now: number): number {
  const failure = httpFailure({ status: 429, headers, body: '' }, now);
  if (headers['retry-after']) return failure.retryAfterMs ?? 10_000;
  const interval = Number(headers['x-hubspot-ratelimit-interval-milliseconds']);
  return Number.isFinite(interval) && interval > 0 ? interval : 10_000;
}

/** A non-2xx answer in the contract's words: missing scopes named, a 404 not_found, 429 with its wait. */
export function hubspotFailure(answer: ApiAnswer, now: number): CrmError {
  const body = ErrorBody.safeParse(jsonOf(answer));
  const category = body.success ? body.data.category : undefined;
  if (answer.status === 429) {
    return {
      kind: 'rate_limited',
      message: errorMessageOf(answer.body) || 'rate limited',
      status: 429,
      retryAfterMs: hubspotRetryAfterMs(answer.headers, now),
    };
  }
  if (answer.status === 403 && category === 'MISSING_SCOPES') {
    const scopes = body.success ? [...new Set((body.data.errors ?? []).flatMap((e) => Object.values(e.context ?? {}).flat()))] : [];
    return { kind: 'missing_scope', message: scopes.length ? scopes.join(', ') : 'a scope the sync needs', status: 403 };
  }
  if (answer.status === 401 && category === 'EXPIRED_AUTHENTICATION') {
    return { kind: 'expired_key', message: errorMessageOf(answer.body), status: 401 };
  }
  if (answer.status === 404) return { kind: 'not_found', message: errorMessageOf(answer.body) || 'not found', status: 404 };
  return httpFailure(answer, now);
}

export interface HubSpotOptions {
  /** The clock (Retry-After dates); Date.now by default. */
  now?: () => number;
}

export type Method = 'GET' | 'POST';

/** One typed request to HubSpot: the token as Bearer, the answer parsed with `schema` or named as not the documented shape. */
export function hubspotCaller(token: string, send: CrmSend, now: () => number) {
  return async function call<T>(method: Method, path: string, schema: z.ZodType<T>, body?: unknown): Promise<Answer<T>> {
    const answer = await send({
      url: `${HUBSPOT_API}${path}`,
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if ('error' in answer) return fail(answer.error);
    if (answer.status < 200 || answer.status >= 300) return fail(hubspotFailure(answer, now()));
    if (answer.status === 204 || answer.body.trim() === '') {
      const empty = schema.safeParse(undefined);
      return empty.success ? ok(empty.data) : fail(badPayload(`HubSpot answered ${answer.status} with no body`, answer.status));
    }
    const parsed = schema.safeParse(jsonOf(answer));
    if (!parsed.success)
      return fail(badPayload(`HubSpot's answer to ${method} ${path.split('?')[0]} is not the documented shape`, answer.status));
    return ok(parsed.data);
  };
}
export type HubSpotCall = ReturnType<typeof hubspotCaller>;

/** A search (POST /crm/v3/objects/<type>/search) in the documented answer shape. */
export function hubspotSearch(call: HubSpotCall, type: string, body: unknown): Promise<Answer<z.infer<typeof SearchAnswer>>> {
  return call('POST', `/crm/v3/objects/${type}/search`, SearchAnswer, body);
}

export const ownerName = (o: z.infer<typeof Owner>) => [o.firstName, o.lastName].filter(Boolean).join(' ') || o.email || o.id;
