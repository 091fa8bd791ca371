import type { z } from 'zod';
import { type ApiAnswer, type ApiRequest, badPayload, errorMessageOf, httpFailure, jsonOf, retryAfterMs } from '../../api-connector/http';
import type { CrmError, CrmResult, CrmSend } from '../types';

/**
 * amoCRM / Kommo API v4 with a long-lived token (amocrm.ru/developers/content/oauth/step-by-step,
 * "Долгосрочный токен"; developers.kommo.com "Long-lived token"): `https://<domain>/api/v4/<path>`,
 * `Authorization: Bearer <token>`, JSON both ways, times in unix seconds. An empty list answers
 * 204 with no body. Errors are problem+json (`{ title, type, status, detail }`, or
 * `validation-errors` for a 400). Limits (amocrm.ru/developers/content/api/recommendations): 7
 * requests a second per account; over it 429, and amoCRM blocks the IP with 403 after repeated
 * 429s, so a rate limit must be waited out, never retried at once. 402: the account's paid period
 * has ended.
 */

/** 7 requests a second: a 429 waits two seconds unless Retry-After says otherwise. */
export const AMO_RATE_LIMIT_RETRY_MS = 2_000;

export type AmoMethod = ApiRequest['method'];

export interface AmoCallOptions {
  /** Query parameters in order, repeated keys allowed (`filter[note_type][]`). */
  query?: [string, string][];
  body?: unknown;
}

export type AmoCall = <T>(method: AmoMethod, path: string, result: z.ZodType<T>, options?: AmoCallOptions) => Promise<CrmResult<T | null>>;

/** An amoCRM error answer as a CRM error. */
export function amoFailure(answer: ApiAnswer, now = Date.now()): CrmError {
  const message = errorMessageOf(answer.body) || `HTTP ${answer.status}`;
  switch (answer.status) {
    case 429:
      return { kind: 'rate_limited', message, status: 429, retryAfterMs: retryAfterMs(answer.headers, now) ?? AMO_RATE_LIMIT_RETRY_MS };
    case 402:
      return { kind: 'rejected', message: `payment required: the amoCRM account's paid period has ended (${message})`, status: 402 };
    case 403:
      // Either the token's user lacks the right, or amoCRM blocked this IP after repeated 429s: neither clears by retrying.
      return {
        kind: 'rejected',
        message: `amoCRM refused access (403: the user lacks the right, or the IP is blocked after too many requests): ${message}`,
        status: 403,
      };
    case 404:
      return { kind: 'not_found', message, status: 404 };
    default:
      return httpFailure(answer, now);
  }
}

/** A caller over `send`: the parsed body, or null for 204 No Content (an empty list). */
export function amoCaller(domain: string, token: string, send: CrmSend, now: () => number = Date.now): AmoCall {
  return async (method, path, result, options = {}) => {
    const query = options.query && options.query.length > 0 ? `?${new URLSearchParams(options.query).toString()}` : '';
    const request: ApiRequest = {
      url: `https://${domain}/api/v4/${path}${query}`,
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    };
    const answer = await send(request);
    if ('error' in answer) return { ok: false, error: answer.error };
    if (answer.status === 204) return { ok: true, value: null };
    if (answer.status < 200 || answer.status >= 300) return { ok: false, error: amoFailure(answer, now()) };
    const json = jsonOf(answer);
    if (json === undefined) return { ok: false, error: badPayload(`${path}: not an amoCRM answer`, answer.status) };
    const parsed = result.safeParse(json);
    if (!parsed.success)
      return { ok: false, error: badPayload(`${path}: ${parsed.error.issues[0]?.message ?? 'unexpected answer'}`, answer.status) };
    return { ok: true, value: parsed.data };
  };
}

export const unixSeconds = (epochMs: number) => Math.floor(epochMs / 1000);
