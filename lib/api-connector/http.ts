/**
 * What every API connector (phone systems, booking services) shares: the request it asks the
 * background to send, the answer it reads back, and the failures a rep is shown. Connectors are pure:
 * `buildRequest` says what to send, `parseResponse` reads an answer; the background does the fetch
 * (with `fetchAnswer`), so that every connector is tested without a network.
 */

export interface ApiRequest {
  url: string;
  /** CRM clients also update and delete (DELETE a retracted record, PATCH where the API has no POST form). */
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers: Record<string, string>;
  /** Form- or JSON-encoded text; absent for GET. */
  body?: string;
}

/** An HTTP answer as a connector reads it. */
export interface ApiAnswer {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: string;
}

/**
 * wrong_key: the key or token is not accepted (HTTP 401/403, a bad signature).
 * expired_key: it was valid and has expired (the rep must paste or renew it).
 * rate_limited: too many requests; `retryAfterMs` says when to try again.
 * bad_payload: the answer is not the documented shape (the vendor changed it, or a proxy answered).
 * server_error: the vendor failed (5xx); try later.
 * rejected: any other refusal (4xx), with the vendor's message.
 * network: no answer at all (offline, DNS, CORS).
 * no_permission: the rep withdrew the API host's permission (connect again to grant it).
 * address_reset: a secret address (a calendar feed's) is no longer served: the rep reset or removed it.
 */
export type ConnectorErrorKind =
  | 'wrong_key'
  | 'expired_key'
  | 'rate_limited'
  | 'bad_payload'
  | 'server_error'
  | 'rejected'
  | 'network'
  | 'no_permission'
  | 'address_reset';

export interface ConnectorError {
  kind: ConnectorErrorKind;
  /** The vendor's own words, cut short, for the Capture section; never contains the key. */
  message: string;
  status?: number;
  retryAfterMs?: number;
}

export type PageResult<T, C> =
  | {
      ok: true;
      items: T[];
      /** Where the next page starts; absent on the last page. */
      next?: C;
      /** Wait this long before fetching `next` (a report still being prepared). */
      retryAfterMs?: number;
    }
  | { ok: false; error: ConnectorError };

/** A rate limit without a usable Retry-After waits a minute. */
export const DEFAULT_RETRY_AFTER_MS = 60_000;

/** Retry-After as seconds or an HTTP date, in ms from `now`. */
export function retryAfterMs(headers: Record<string, string>, now = Date.now()): number | undefined {
  const value = headers['retry-after']?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function shortMessage(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** The vendor's error text from a JSON body, looking at the usual fields. */
export function errorMessageOf(body: string): string {
  try {
    const json = JSON.parse(body) as unknown;
    const pick = (v: unknown): string | undefined => {
      if (typeof v === 'string' && v.trim()) return v;
      if (typeof v !== 'object' || v === null) return undefined;
      const o = v as Record<string, unknown>;
      return (
        pick(o.message) ??
        pick(o.error_description) ??
        pick(o.troubleshoot) ??
        pick(o.title) ??
        pick(o.error) ??
        (Array.isArray(o.errors) ? pick(o.errors[0]) : undefined)
      );
    };
    return shortMessage(pick(json) ?? body);
  } catch {
    return shortMessage(body);
  }
}

const EXPIRED = /expired|expir|истек|истёк/i;

/**
 * A non-2xx answer as a connector error: 401 is a wrong key unless the vendor says it expired, 403
 * a key without the right (also the rep's to fix), 429 a rate limit.
 */
export function httpFailure(answer: ApiAnswer, now = Date.now()): ConnectorError {
  const message = errorMessageOf(answer.body) || `HTTP ${answer.status}`;
  const status = answer.status;
  if (status === 429) {
    return { kind: 'rate_limited', message, status, retryAfterMs: retryAfterMs(answer.headers, now) ?? DEFAULT_RETRY_AFTER_MS };
  }
  if (status === 401 || status === 403) return { kind: EXPIRED.test(answer.body) ? 'expired_key' : 'wrong_key', message, status };
  if (status >= 500) return { kind: 'server_error', message, status };
  return { kind: 'rejected', message, status };
}

export function badPayload(detail: string, status?: number): ConnectorError {
  return { kind: 'bad_payload', message: shortMessage(detail), ...(status !== undefined ? { status } : {}) };
}

/** JSON of an answer's body, or undefined. */
export function jsonOf(answer: ApiAnswer): unknown {
  try {
    return JSON.parse(answer.body) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Sends a connector's request and reads the whole answer; a failure to get any answer becomes a
 * `network` error instead of an exception. `fetchImpl` is the background's fetch (or a test's).
 */
export async function fetchAnswer(
  request: ApiRequest,
  fetchImpl: (url: string, init: RequestInit) => Promise<Response> = (url, init) => fetch(url, init),
): Promise<ApiAnswer | { error: ConnectorError }> {
  try {
    const response = await fetchImpl(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
      credentials: 'omit',
      cache: 'no-store',
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    return { status: response.status, headers, body: await response.text() };
  } catch (error) {
    return { error: { kind: 'network', message: shortMessage(error instanceof Error ? error.message : String(error)) } };
  }
}
