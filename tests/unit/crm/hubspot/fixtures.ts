import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiAnswer, ApiRequest } from '../../../../lib/api-connector/http';
import type { CrmSend } from '../../../../lib/crm/types';
import type { FakeHubSpot } from '../../../fakes/crm/hubspot/fake-hubspot';

const DIR = join(process.cwd(), 'tests/fixtures/crm/hubspot');

/** A documented answer from tests/fixtures/crm/hubspot/<name>.json (each names its page). */
export function fixture(name: string, overrides: { headers?: Record<string, string> } = {}): ApiAnswer {
  const file = JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as {
    status: number;
    headers: Record<string, string>;
    body: unknown;
  };
  return {
    status: file.status,
    headers: { ...file.headers, ...overrides.headers },
    body: typeof file.body === 'string' ? file.body : JSON.stringify(file.body),
  };
}

export interface Recorded {
  request: ApiRequest;
  json: unknown;
}

/** A send that answers each request with the first matching route, and records what was sent. */
export function scriptedSend(
  routes: [RegExp, ApiAnswer | { error: { kind: 'network'; message: string } } | ((r: ApiRequest) => ApiAnswer)][],
) {
  const sent: Recorded[] = [];
  const send: CrmSend = async (request) => {
    sent.push({ request, json: request.body ? JSON.parse(request.body) : undefined });
    const route = routes.find(([pattern]) => pattern.test(`${request.method} ${request.url}`));
    if (!route) return { status: 404, headers: {}, body: '{"status":"error","message":"no route","category":"OBJECT_NOT_FOUND"}' };
    const answer = route[1];
    return typeof answer === 'function' ? answer(request) : answer;
  };
  return { send, sent };
}

/** A send served by the fake HubSpot (the one the end-to-end tests route), for contract tests of flows. */
export function fakeSend(fake: FakeHubSpot): CrmSend {
  return async (request) => {
    if (fake.offline) return { error: { kind: 'network', message: 'Failed to fetch' } };
    return fake.answer(request.method, request.url, request.headers, request.body);
  };
}
