import type { ApiAnswer, ApiRequest, ConnectorError } from '../../../../lib/api-connector/http';
import type { CrmSend } from '../../../../lib/crm/types';

/** One scripted answer: a JSON body with a status and headers, or a failure to get any answer. */
export type Scripted =
  | { status?: number; body: unknown; headers?: Record<string, string> }
  | { error: ConnectorError }
  | { raw: ApiAnswer };

export interface Route {
  method: ApiRequest['method'];
  /** Matched against the URL's pathname. */
  path: string | RegExp;
  /** Answers in turn; the last one repeats. */
  answers: Scripted[];
}

/**
 * A fake `send` answering from a route table and recording every request, so that a test checks
 * both what the client asked and what it made of the documented answer. An unrouted request fails
 * the test.
 */
export function scriptedSend(routes: Route[]): {
  send: CrmSend;
  requests: ApiRequest[];
  of: (method: string, path: string) => ApiRequest[];
} {
  const requests: ApiRequest[] = [];
  const served = new Map<Route, number>();
  const send: CrmSend = async (request) => {
    requests.push(request);
    const { pathname } = new URL(request.url);
    const route = routes.find(
      (r) => r.method === request.method && (typeof r.path === 'string' ? r.path === pathname : r.path.test(pathname)),
    );
    if (!route) throw new Error(`unrouted request ${request.method} ${request.url}`);
    const count = served.get(route) ?? 0;
    served.set(route, count + 1);
    const scripted = route.answers[Math.min(count, route.answers.length - 1)];
    if (!scripted) throw new Error(`no answer for ${request.method} ${pathname}`);
    if ('error' in scripted) return { error: scripted.error };
    if ('raw' in scripted) return scripted.raw;
    return {
      status: scripted.status ?? 200,
      headers: { 'content-type': 'application/json', ...(scripted.headers ?? {}) },
      body: JSON.stringify(scripted.body),
    };
  };
  const of = (method: string, path: string) => requests.filter((r) => r.method === method && new URL(r.url).pathname === path);
  return { send, requests, of };
}

export const query = (request: ApiRequest | undefined): Record<string, string> =>
  Object.fromEntries(new URL(request?.url ?? 'https://invalid.example').searchParams);

export const bodyOf = (request: ApiRequest | undefined): unknown => JSON.parse(request?.body ?? 'null');
