import { z } from 'zod';
import {
  type ApiAnswer,
  type ApiRequest,
  badPayload,
  DEFAULT_RETRY_AFTER_MS,
  httpFailure,
  jsonOf,
  retryAfterMs,
} from '../../api-connector/http';
import type { CrmCredentials, CrmError, CrmResult, CrmSend } from '../types';

/**
 * Pipedrive's REST API as the client uses it: where requests go, how the token travels, the
 * documented answers (zod), and Pipedrive's failures in the CRM's terms.
 *
 * - Authentication: the personal API token in the `x-api-token` header on every request
 *   (https://pipedrive.readme.io/docs/core-api-concepts-authentication), never in the URL, so it
 *   stays out of logs and error texts.
 * - Hosts: `https://<company>.pipedrive.com/api/v1|v2` when the company domain is known (the form
 *   the reference now documents), else `https://api.pipedrive.com/v1` and `/api/v2` (the official
 *   clients' base paths). The token works on both: it names the user and the company.
 * - v2 where Pipedrive has it (activities, persons, person search): the v1 twins were deprecated on
 *   2026-01-01 and are out of support since 2026-08-01
 *   (https://developers.pipedrive.com/changelog/post/deprecation-of-selected-api-v1-endpoints,
 *   https://developers.pipedrive.com/changelog/post/deprecated-apiv1-endpoints-become-out-of-support);
 *   v1 for users and notes, which have no v2.
 */

export interface PipedriveBase {
  origin: string;
  v1: string;
  v2: string;
}

export const API_ORIGIN = 'https://api.pipedrive.com';

export function pipedriveBase(credentials: Extract<CrmCredentials, { crm: 'pipedrive' }>): PipedriveBase {
  if (credentials.companyDomain) {
    const origin = `https://${credentials.companyDomain}.pipedrive.com`;
    return { origin, v1: `${origin}/api/v1`, v2: `${origin}/api/v2` };
  }
  return { origin: API_ORIGIN, v1: `${API_ORIGIN}/v1`, v2: `${API_ORIGIN}/api/v2` };
}

export function urlWith(base: string, path: string, query: Record<string, string | number | boolean | undefined> = {}): string {
  const url = new URL(`${base}${path}`);
  for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
  return url.toString();
}

/** Seconds until Pipedrive's 2-second window resets (`x-ratelimit-reset`), as ms. */
function windowResetMs(headers: Record<string, string>): number | undefined {
  const value = headers['x-ratelimit-reset']?.trim();
  return value && /^\d+(\.\d+)?$/.test(value) ? Math.ceil(Number(value) * 1000) : undefined;
}

/** Ms until the next midnight UTC, when a daily allowance resets. */
export function untilUtcMidnight(now: number): number {
  const next = new Date(now);
  next.setUTCHours(24, 0, 0, 0);
  return next.getTime() - now;
}

/**
 * A non-2xx answer in the CRM's terms (https://pipedrive.readme.io/docs/core-api-concepts-rate-limiting,
 * https://pipedrive.readme.io/docs/core-api-concepts-http-status-codes):
 * - 429: `Retry-After` when sent; else the window's `x-ratelimit-reset`; else, when the daily POST/PUT
 *   allowance is spent (`x-daily-requests-left: 0`) or the body names the daily token budget, the next
 *   midnight UTC (the budget resets at the start of the day); else a minute.
 * - 401: the token is not accepted. 403: the token's user lacks a permission (or API access is off
 *   for them): missing_scope, with Pipedrive's words. 404/410: not_found.
 */
export function pipedriveFailure(answer: ApiAnswer, now: number): CrmError {
  const base = httpFailure(answer, now);
  switch (answer.status) {
    case 429: {
      const dailySpent = answer.headers['x-daily-requests-left']?.trim() === '0' || /daily|budget/i.test(answer.body);
      const wait =
        retryAfterMs(answer.headers, now) ??
        (dailySpent ? untilUtcMidnight(now) : undefined) ??
        windowResetMs(answer.headers) ??
        DEFAULT_RETRY_AFTER_MS;
      return { ...base, kind: 'rate_limited', retryAfterMs: wait };
    }
    case 401:
      return { ...base, kind: 'wrong_key' };
    case 403:
      return { ...base, kind: 'missing_scope' };
    case 404:
    case 410:
      return { ...base, kind: 'not_found' };
    default:
      return base;
  }
}

// ---- Documented answers (only the fields the client reads; unknown fields are ignored) ----

const PdId = z.number().int().positive();
const Text = z.string().nullish();

/** v1 `{ success, data, additional_data }`; a v1 list answers `data: null` when empty. */
const envelope = <T extends z.ZodType>(data: T) => z.object({ success: z.literal(true), data });

/** GET /v1/users/me — https://developers.pipedrive.com/docs/api/v1/Users#getCurrentUser */
export const CurrentUserAnswer = envelope(
  z.object({
    id: PdId,
    name: z.string(),
    email: Text,
    company_id: z.number().int().nullish(),
    company_name: Text,
    company_domain: Text,
  }),
);

/** GET /v1/users — https://developers.pipedrive.com/docs/api/v1/Users#getUsers */
export const UsersAnswer = envelope(
  z
    .array(z.object({ id: PdId, name: z.string(), email: Text, active_flag: z.boolean().nullish() }))
    .nullable()
    .transform((users) => users ?? []),
);

/** GET /api/v2/persons/search — https://developers.pipedrive.com/docs/api/v1/Persons#searchPersons */
export const PersonSearchAnswer = envelope(
  z.object({
    items: z.array(
      z.object({
        item: z.object({
          id: PdId,
          name: Text,
          emails: z.array(z.string()).nullish(),
          phones: z.array(z.string()).nullish(),
          custom_fields: z.array(z.unknown()).nullish(),
          organization: z.object({ id: PdId }).nullish(),
        }),
      }),
    ),
  }),
);
export type PersonHit = z.infer<typeof PersonSearchAnswer>['data']['items'][number]['item'];

/** POST /api/v2/persons — https://developers.pipedrive.com/docs/api/v1/Persons#addPerson */
export const PersonAnswer = envelope(z.object({ id: PdId, org_id: PdId.nullish() }));

/** An activity of API v2 — https://developers.pipedrive.com/docs/api/v1/Activities#getActivities */
export const Activity = z.object({
  id: PdId,
  type: z.string(),
  owner_id: PdId.nullish(),
  subject: Text,
  note: Text,
  done: z.boolean().nullish(),
  due_date: Text,
  due_time: Text,
  duration: Text,
  person_id: PdId.nullish(),
  org_id: PdId.nullish(),
  is_deleted: z.boolean().nullish(),
  update_time: Text,
});
export type PdActivity = z.infer<typeof Activity>;

/** POST /api/v2/activities (and GET one) — https://developers.pipedrive.com/docs/api/v1/Activities#addActivity */
export const ActivityAnswer = envelope(Activity);

/** GET /api/v2/activities: a cursor page — https://pipedrive.readme.io/docs/core-api-concepts-pagination */
export const ActivitiesAnswer = z.object({
  success: z.literal(true),
  data: z
    .array(Activity)
    .nullable()
    .transform((items) => items ?? []),
  additional_data: z.object({ next_cursor: z.string().nullish() }).nullish(),
});

/** DELETE /api/v2/activities/{id} — https://developers.pipedrive.com/docs/api/v1/Activities#deleteActivity */
export const DeletedActivityAnswer = envelope(z.object({ id: PdId }));

/** A note of API v1 — https://developers.pipedrive.com/docs/api/v1/Notes */
export const Note = z.object({
  id: PdId,
  user_id: PdId.nullish(),
  content: Text,
  add_time: z.string(),
  update_time: Text,
  person_id: PdId.nullish(),
  org_id: PdId.nullish(),
  active_flag: z.boolean().nullish(),
});
export type PdNote = z.infer<typeof Note>;

/** POST /v1/notes — https://developers.pipedrive.com/docs/api/v1/Notes#addNote */
export const NoteAnswer = envelope(Note);

/** GET /v1/notes: an offset page (`start`/`limit`, `more_items_in_collection`). */
export const NotesAnswer = z.object({
  success: z.literal(true),
  data: z
    .array(Note)
    .nullable()
    .transform((items) => items ?? []),
  additional_data: z
    .object({
      pagination: z.object({ more_items_in_collection: z.boolean(), next_start: z.number().int().nonnegative().nullish() }).nullish(),
    })
    .nullish(),
});

/** DELETE /v1/notes/{id} — https://developers.pipedrive.com/docs/api/v1/Notes#deleteNote */
export const DeletedNoteAnswer = z.object({ success: z.literal(true) });

// ---- Sending ----

export interface PipedriveHttp {
  readonly base: PipedriveBase;
  /** Sends one request and reads the answer with `schema`; every failure comes back as a CrmError. */
  call<S extends z.ZodType>(method: ApiRequest['method'], url: string, schema: S, body?: unknown): Promise<CrmResult<z.infer<S>>>;
}

export function pipedriveHttp(
  credentials: Extract<CrmCredentials, { crm: 'pipedrive' }>,
  send: CrmSend,
  now: () => number = Date.now,
): PipedriveHttp {
  const base = pipedriveBase(credentials);
  return {
    base,
    async call(method, url, schema, body) {
      const headers: Record<string, string> = { accept: 'application/json', 'x-api-token': credentials.token };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const request: ApiRequest = { url, method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) };
      const answer = await send(request);
      if ('error' in answer) return { ok: false, error: answer.error };
      if (answer.status < 200 || answer.status > 299) return { ok: false, error: pipedriveFailure(answer, now()) };
      const parsed = schema.safeParse(jsonOf(answer));
      if (!parsed.success) {
        const path = new URL(url).pathname;
        const issue = parsed.error.issues[0];
        const where = issue ? ` (${issue.path.join('.') || 'body'}: ${issue.message})` : '';
        return { ok: false, error: badPayload(`Pipedrive answered ${method} ${path} in an unexpected shape${where}`, answer.status) };
      }
      return { ok: true, value: parsed.data };
    },
  };
}
