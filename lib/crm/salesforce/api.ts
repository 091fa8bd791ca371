import { z } from 'zod';
import { type ApiAnswer, type ApiRequest, badPayload, DEFAULT_RETRY_AFTER_MS, jsonOf, retryAfterMs } from '../../api-connector/http';
import type { CrmError, CrmResult, CrmSend } from '../types';
import { refreshAccessToken } from './auth';
import type { SalesforceCredentials } from './credentials';

/**
 * Salesforce's REST API as the client uses it: the version, the bearer token (refreshed once on a
 * 401 INVALID_SESSION_ID), the documented answers (zod), and failures in the CRM's terms.
 * Errors come as `[{ "message", "errorCode", "fields"? }]`
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm).
 */

/** Winter '25: Task/Event fields and upsert by external id as used here exist since long before. */
export const API_VERSION = 'v62.0';

/** Access tokens refreshed while the worker lives, by refresh token: the next client starts with it. */
const refreshed = new Map<string, string>();

export const SfError = z.array(z.object({ message: z.string(), errorCode: z.string(), fields: z.array(z.string()).optional() }));

function errorOf(answer: ApiAnswer): { code: string; message: string } {
  const parsed = SfError.safeParse(jsonOf(answer));
  const first = parsed.success ? parsed.data[0] : undefined;
  return first
    ? { code: first.errorCode, message: `${first.errorCode}: ${first.message}`.slice(0, 300) }
    : { code: '', message: `HTTP ${answer.status}` };
}

/**
 * A non-2xx answer in the CRM's terms:
 * - 403 REQUEST_LIMIT_EXCEEDED: the org's 24-hour API allowance (or concurrent-request cap) is spent:
 *   Retry-After when sent, else an hour (the allowance is a rolling 24 h, so the wait is a guess).
 * - 429 / 503 with Retry-After: wait as told. 401 (after a refresh): wrong_key. 403 other: missing_scope
 *   (INSUFFICIENT_ACCESS…, API_DISABLED_FOR_ORG). 404 / ENTITY_IS_DELETED: not_found. 5xx: server_error.
 */
export function salesforceFailure(answer: ApiAnswer, now: number): CrmError {
  const { code, message } = errorOf(answer);
  const status = answer.status;
  if (code === 'REQUEST_LIMIT_EXCEEDED' || status === 429)
    return {
      kind: 'rate_limited',
      message,
      status,
      retryAfterMs: retryAfterMs(answer.headers, now) ?? (status === 429 ? DEFAULT_RETRY_AFTER_MS : 3_600_000),
    };
  if (status === 401) return { kind: 'wrong_key', message, status };
  if (status === 403) return { kind: 'missing_scope', message, status };
  if (status === 404 || code === 'ENTITY_IS_DELETED' || code === 'NOT_FOUND') return { kind: 'not_found', message, status };
  if (status >= 500) {
    const wait = retryAfterMs(answer.headers, now);
    return { kind: 'server_error', message, status, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
  }
  return { kind: 'rejected', message, status };
}

export interface SalesforceHttp {
  readonly data: string;
  /** The current access token (after any refresh), for a revoke. */
  accessToken(): string;
  call<S extends z.ZodType>(method: ApiRequest['method'], url: string, schema: S, body?: unknown): Promise<CrmResult<z.infer<S>>>;
}

export function salesforceHttp(credentials: SalesforceCredentials, send: CrmSend, now: () => number = Date.now): SalesforceHttp {
  const data = `${credentials.myDomain}/services/data/${API_VERSION}`;
  let token = refreshed.get(credentials.refreshToken) ?? credentials.accessToken;
  const request = (method: ApiRequest['method'], url: string, body?: unknown): ApiRequest => ({
    url,
    method,
    headers: {
      accept: 'application/json',
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return {
    data,
    accessToken: () => token,
    async call(method, url, schema, body) {
      let answer = await send(request(method, url, body));
      if (!('error' in answer) && answer.status === 401) {
        // INVALID_SESSION_ID: the access token expired (the session timeout); the refresh token gets a new one.
        const renewed = await refreshAccessToken(send, credentials.myDomain, credentials.clientId, credentials.refreshToken);
        if (!renewed.ok) return renewed;
        token = renewed.value;
        refreshed.set(credentials.refreshToken, token);
        answer = await send(request(method, url, body));
      }
      if ('error' in answer) return { ok: false, error: answer.error };
      if (answer.status < 200 || answer.status > 299) return { ok: false, error: salesforceFailure(answer, now()) };
      const parsed = schema.safeParse(answer.status === 204 ? {} : jsonOf(answer));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue ? ` (${issue.path.join('.') || 'body'}: ${issue.message})` : '';
        return {
          ok: false,
          error: badPayload(`Salesforce answered ${method} ${new URL(url).pathname} in an unexpected shape${where}`, answer.status),
        };
      }
      return { ok: true, value: parsed.data };
    },
  };
}

/** Forgets refreshed tokens (tests; a disconnect). */
export function forgetRefreshed(refreshToken?: string): void {
  if (refreshToken) refreshed.delete(refreshToken);
  else refreshed.clear();
}

// ---- Documented answers (only the fields the client reads) ----

const SfId = z.string().regex(/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/);

/** GET /services/oauth2/userinfo (OpenID Connect) — https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_userinfo_endpoint.htm */
export const UserInfoAnswer = z.object({
  user_id: SfId,
  organization_id: SfId,
  name: z.string(),
  preferred_username: z.string().optional(),
  email: z.string().optional(),
});

/** GET /sobjects/{Task|Event}/describe — only `fields[].name/externalId/type`. */
export const DescribeAnswer = z.object({
  name: z.string(),
  fields: z.array(z.object({ name: z.string(), type: z.string(), externalId: z.boolean().optional(), updateable: z.boolean().optional() })),
});

/** GET /query?q= — https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm */
export const queryAnswer = <T extends z.ZodType>(record: T) =>
  z.object({ totalSize: z.number().int(), done: z.boolean(), nextRecordsUrl: z.string().optional(), records: z.array(record) });

/** GET /search?q= (SOSL) — `{ searchRecords: [{ attributes: { type }, Id }] }`. */
export const SearchAnswer = z.object({ searchRecords: z.array(z.object({ attributes: z.object({ type: z.string() }), Id: SfId })) });

/** POST /sobjects/X and PATCH upsert (201) — `{ id, success, errors, created? }`; an upsert that updated may answer 200 or 204. */
export const SaveAnswer = z.object({ id: SfId.optional(), success: z.boolean().optional(), created: z.boolean().optional() });
export const EmptyAnswer = z.unknown();

export { SfId };
