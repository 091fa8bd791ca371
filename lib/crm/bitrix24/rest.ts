import { z } from 'zod';
import { type ApiAnswer, badPayload, errorMessageOf, jsonOf, retryAfterMs } from '../../api-connector/http';
import type { CrmError, CrmResult, CrmSend } from '../types';

/**
 * One Bitrix24 REST call through an incoming webhook: `POST https://<portal>/rest/<user>/<code>/<method>.json`
 * with a JSON body (apidocs.bitrix24.com, "How to call REST API"; every method page's "cURL (Webhook)"
 * example). The answer is `{ result, next?, total?, time }`, or `{ error, error_description }` with
 * the status of `_includes/system-errors.md` (b24restdocs): 503 QUERY_LIMIT_EXCEEDED, 429
 * OPERATION_TIME_LIMIT, 401 NO_AUTH_FOUND / insufficient_scope / expired_token, 403 INVALID_CREDENTIALS
 * (the webhook's user lacks a permission: the key is right) /
 * ACCESS_DENIED (REST not in the plan), 404 ERROR_METHOD_NOT_FOUND (also a method outside the
 * webhook's scopes), 400 with a method's own words ("Not found", "Access denied").
 */

/** A parsed webhook URL: where to call and as whom. */
export interface Bitrix24Webhook {
  /** `https://acme.bitrix24.ru`: the optional host permission is `<origin>/*`. */
  origin: string;
  /** `acme.bitrix24.ru`: shown as the account. */
  portal: string;
  /** `https://acme.bitrix24.ru/rest/1/abc123/`: every method is `<base><method>.json`. */
  base: string;
  /** The user the webhook acts as: the RESPONSIBLE_ID of what it writes. */
  userId: string;
}

// A pasted URL may end in a method (people copy the "URL to call" Bitrix24 shows, e.g. `…/profile.json`).
const WEBHOOK_PATH = /^\/rest\/(\d{1,10})\/([A-Za-z0-9_]{4,64})(?:\/(?:[a-z][a-z0-9_.]*)?)?$/;

export function parseWebhookUrl(url: string): Bitrix24Webhook | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password || parsed.search || parsed.hash) return undefined;
  const match = WEBHOOK_PATH.exec(parsed.pathname);
  if (!match) return undefined;
  return { origin: parsed.origin, portal: parsed.host, base: `${parsed.origin}/rest/${match[1]}/${match[2]}/`, userId: match[1]! };
}

/** Ids come as digit strings or numbers; we keep strings. */
export const BitrixId = z.union([z.string().regex(/^\d{1,20}$/), z.number().int().nonnegative()]).transform(String);

/** The documented envelope of a success. `next` is the `start` of the following page of a list. */
const SuccessEnvelope = z.object({
  result: z.unknown(),
  next: z.number().int().nonnegative().optional(),
  total: z.number().int().nonnegative().optional(),
});
const ErrorEnvelope = z.object({ error: z.union([z.string(), z.number()]).transform(String), error_description: z.string().optional() });

/** The leaky bucket drains 2 requests a second (50 before blocking; limits.md): a short wait lets it drain. */
export const QUERY_LIMIT_RETRY_MS = 2_000;
/** OPERATION_TIME_LIMIT blocks a method until its 10-minute execution budget frees up. */
export const OPERATION_LIMIT_RETRY_MS = 60_000;

/** The scope a method needs, to name it when the webhook lacks it. */
function scopeOf(method: string): string {
  if (method.startsWith('crm.')) return 'crm';
  if (method.startsWith('user.')) return 'user';
  return method.split('.')[0] ?? method;
}

function failure(kind: CrmError['kind'], message: string, status?: number, retryAfter?: number): CrmError {
  return {
    kind,
    message: message.slice(0, 300),
    ...(status !== undefined ? { status } : {}),
    ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
  };
}

/** A Bitrix24 error answer as a CRM error, by its code first (the status alone is ambiguous: 401 covers six cases). */
export function bitrixFailure(answer: ApiAnswer, method: string, now = Date.now()): CrmError {
  const status = answer.status;
  const parsed = ErrorEnvelope.safeParse(jsonOf(answer));
  const code = parsed.success ? parsed.data.error : '';
  const description = parsed.success ? (parsed.data.error_description ?? '') : errorMessageOf(answer.body);
  const words = [code, description].filter(Boolean).join(': ') || `HTTP ${status}`;
  const retryHeader = retryAfterMs(answer.headers, now);
  switch (code) {
    case 'QUERY_LIMIT_EXCEEDED':
      return failure('rate_limited', words, status, retryHeader ?? QUERY_LIMIT_RETRY_MS);
    case 'OPERATION_TIME_LIMIT':
      return failure('rate_limited', words, status, retryHeader ?? OPERATION_LIMIT_RETRY_MS);
    case 'insufficient_scope':
    case 'ERROR_METHOD_NOT_FOUND':
      return failure('missing_scope', `the webhook lacks the "${scopeOf(method)}" permission (${method}): ${words}`, status);
    case 'expired_token':
      return failure('expired_key', words, status);
    case 'INVALID_CREDENTIALS':
      // 403: "the user associated with the access token or webhook … lacks the necessary permissions"
      // (b24restdocs _includes/system-errors.md). The key is right; an admin must grant the right.
      return failure('user_permission', `${method}: ${words}`, status);
    case 'NO_AUTH_FOUND':
    case 'user_access_error':
      return failure('wrong_key', words, status);
    case 'PORTAL_DELETED':
      return failure('wrong_domain', words, status);
    case 'ACCESS_DENIED':
    case 'OVERLOAD_LIMIT':
      // REST not in the portal's plan, or a manual block: only the portal's admin or Bitrix24 support can lift it.
      return failure('rejected', words, status);
  }
  if (status === 503) return failure('rate_limited', words, status, retryHeader ?? QUERY_LIMIT_RETRY_MS);
  if (status === 429) return failure('rate_limited', words, status, retryHeader ?? OPERATION_LIMIT_RETRY_MS);
  if (/not found/i.test(description) || /not_?found/i.test(code)) return failure('not_found', words, status);
  if (status >= 500) return failure('server_error', words, status);
  if (status === 401) return failure('wrong_key', words, status);
  return failure('rejected', words, status);
}

/** What a call read: the method's `result` (parsed) and, for lists, where the next page starts. */
export interface BitrixPage<T> {
  result: T;
  next?: number;
  /** How many rows the whole list holds (a list method's `total`). */
  total?: number;
}

export type BitrixCall = <T>(method: string, params: Record<string, unknown>, result: z.ZodType<T>) => Promise<CrmResult<BitrixPage<T>>>;

/**
 * A caller over `send`. An answer that is neither Bitrix24's success nor its error envelope (an HTML
 * page, a proxy) is `bad_payload`; `test()` reads that as a wrong portal.
 */
export function bitrixCaller(webhook: Bitrix24Webhook, send: CrmSend, now: () => number = Date.now): BitrixCall {
  return async (method, params, result) => {
    const answer = await send({
      url: `${webhook.base}${method}.json`,
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify(params),
    });
    if ('error' in answer) return { ok: false, error: answer.error };
    const json = jsonOf(answer);
    const isError = ErrorEnvelope.safeParse(json).success;
    if (answer.status < 200 || answer.status >= 300 || isError) {
      if (!isError && answer.status !== 503 && answer.status !== 429 && answer.status < 500) {
        // Not Bitrix24's error shape: a page that is not a Bitrix24 portal (or its REST) answered.
        return { ok: false, error: badPayload(`${method}: HTTP ${answer.status}, not a Bitrix24 answer`, answer.status) };
      }
      return { ok: false, error: bitrixFailure(answer, method, now()) };
    }
    const envelope = SuccessEnvelope.safeParse(json);
    if (!envelope.success) return { ok: false, error: badPayload(`${method}: not a Bitrix24 answer`, answer.status) };
    const parsed = result.safeParse(envelope.data.result);
    if (!parsed.success)
      return { ok: false, error: badPayload(`${method}: ${parsed.error.issues[0]?.message ?? 'unexpected result'}`, answer.status) };
    const { next, total } = envelope.data;
    return { ok: true, value: { result: parsed.data, ...(next !== undefined ? { next } : {}), ...(total !== undefined ? { total } : {}) } };
  };
}

/** Bitrix24 datetimes are ISO 8601 with an offset ("2023-12-31T12:00:00+00:00"). */
export function bitrixTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
