import { describe, expect, it } from 'vitest';
import type { ApiAnswer, ApiRequest } from '../../../lib/api-connector/http';
import { type ApiSourceId, apiSource } from '../../../lib/capture/api-sources';
import { ZADARMA_RATE_LIMITS } from '../../../lib/capture/zadarma/client';
import { ContractChecker, loadContract } from '../../contracts/validate';
import { apiFixtures as aircallFixtures } from '../../fixtures/connectors/aircall';
import * as aircallFx from '../../fixtures/connectors/aircall/calls';
import { jsonAnswer, textAnswer } from '../../fixtures/connectors/answer';
import type { ApiSourceFixtures } from '../../fixtures/connectors/api-source-fixtures';
import { apiFixtures as calcomFixtures } from '../../fixtures/connectors/calcom';
import * as calcomFx from '../../fixtures/connectors/calcom/bookings';
import { apiFixtures as calendlyFixtures } from '../../fixtures/connectors/calendly';
import * as calendlyFx from '../../fixtures/connectors/calendly/events';
import { apiFixtures as mangoFixtures } from '../../fixtures/connectors/mango';
import * as mangoFx from '../../fixtures/connectors/mango/stats';
import { apiFixtures as ringcentralFixtures } from '../../fixtures/connectors/ringcentral';
import * as ringcentralFx from '../../fixtures/connectors/ringcentral/call-log';
import { apiFixtures as zadarmaFixtures } from '../../fixtures/connectors/zadarma';
import * as zadarmaFx from '../../fixtures/connectors/zadarma/statistics';
import { recordScenarios, type VendorApiId } from './contract-scenarios';

/**
 * Issue 22: every request each API client makes in its scenarios (connect, refresh, every page of a
 * poll, the further requests a poll makes) is checked against the vendor's published contract kept
 * in tests/contracts/<vendor>/, and so is every fixture answer the tests feed the clients.
 */

const CONTRACTS: Record<VendorApiId, ContractChecker> = {
  aircall: new ContractChecker(loadContract('aircall', 'rules.json')),
  ringcentral: new ContractChecker(loadContract('ringcentral', 'openapi.json')),
  zadarma: new ContractChecker(loadContract('zadarma', 'openapi.json')),
  mango: new ContractChecker(loadContract('mango', 'rules.json')),
  calendly: new ContractChecker(loadContract('calendly', 'openapi.json')),
  calcom: new ContractChecker(loadContract('calcom', 'openapi.json')),
};

const FIXTURES: Record<VendorApiId, ApiSourceFixtures> = {
  aircall: aircallFixtures,
  ringcentral: ringcentralFixtures,
  zadarma: zadarmaFixtures,
  mango: mangoFixtures,
  calendly: calendlyFixtures,
  calcom: calcomFixtures,
};

/** Answers the fixture modules hold beside the fixture sets, with the request each answers. */
const MORE_ANSWERS: Record<VendorApiId, [string, string, ApiAnswer][]> = {
  aircall: [
    ['GET', 'https://api.aircall.io/v1/calls', jsonAnswer(aircallFx.page1)],
    ['GET', 'https://api.aircall.io/v1/calls', jsonAnswer(aircallFx.page2)],
  ],
  ringcentral: [['POST', 'https://platform.ringcentral.com/restapi/oauth/token', jsonAnswer(ringcentralFx.token)]],
  zadarma: [['GET', 'https://api.zadarma.com/v1/info/timezone/', jsonAnswer(zadarmaFx.timezone)]],
  mango: [['POST', 'https://app.mango-office.ru/vpbx/stats/request', jsonAnswer(mangoFx.requestAnswer)]],
  calendly: [
    ['GET', 'https://api.calendly.com/users/me', jsonAnswer(calendlyFx.me)],
    ['GET', 'https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2/invitees', jsonAnswer(calendlyFx.invitees)],
  ],
  calcom: [['GET', 'https://api.cal.com/v2/bookings', jsonAnswer(calcomFx.page2)]],
};

const IDS = Object.keys(CONTRACTS) as VendorApiId[];

/**
 * Fixtures that are not the vendor's answers on purpose: they test the client's guards against what
 * the vendor documents no such answer for. Each says why it stays.
 */
const NOT_VENDOR_ANSWERS: Partial<Record<ApiSourceId, Record<string, string>>> = {
  aircall: { 'not JSON': 'a proxy or maintenance page instead of Aircall' },
  zadarma: { 'error status in a 200': 'the spec lists status "error" but documents no error body in a 200: the guard stays' },
  mango: { 'refused (result code)': 'the fixture says it: an illustrative refusal, no documented value' },
};

describe('every request each client makes keeps its vendor contract', () => {
  for (const id of IDS) {
    it(id, async () => {
      const requests = await recordScenarios(id);
      expect(requests.length).toBeGreaterThan(1);
      const broken = requests
        .map((r) => ({ url: `${r.method} ${r.url}`, errors: CONTRACTS[id].request(r) }))
        .filter((r) => r.errors.length);
      expect(broken).toEqual([]);
    });
  }
});

describe('a misspelled parameter or field fails the contract', () => {
  for (const id of IDS) {
    it(id, async () => {
      const requests = await recordScenarios(id);
      for (const request of requests) {
        for (const misspelled of misspellings(request)) expect(CONTRACTS[id].request(misspelled), misspelled.url).not.toEqual([]);
      }
    });
  }
});

/** The request with one query parameter or body field misspelled, each in turn. */
function misspellings(request: ApiRequest): ApiRequest[] {
  const out: ApiRequest[] = [];
  const url = new URL(request.url);
  for (const name of new Set(url.searchParams.keys())) {
    const wrong = new URL(url);
    const values = wrong.searchParams.getAll(name);
    wrong.searchParams.delete(name);
    for (const v of values) wrong.searchParams.append(`${name}x`, v);
    out.push({ ...request, url: wrong.toString() });
  }
  if (request.body?.startsWith('{')) {
    const body = JSON.parse(request.body) as Record<string, unknown>;
    for (const key of Object.keys(body)) out.push({ ...request, body: JSON.stringify(renamed(body, key)) });
  } else if (request.body !== undefined) {
    const form = Object.fromEntries(new URLSearchParams(request.body));
    for (const key of Object.keys(form))
      out.push({ ...request, body: new URLSearchParams(renamed(form, key) as Record<string, string>).toString() });
    // A JSON text in a form field (Mango): each of its keys misspelled too.
    if (form.json) {
      const inner = JSON.parse(form.json) as Record<string, unknown>;
      for (const key of Object.keys(inner))
        out.push({ ...request, body: new URLSearchParams({ ...form, json: JSON.stringify(renamed(inner, key)) }).toString() });
    }
  }
  return out;
}

const renamed = (o: Record<string, unknown>, key: string) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k === key ? `${k}_` : k, v]));

describe('every fixture answer keeps the response the vendor documents for its status', () => {
  for (const id of IDS) {
    it(id, async () => {
      const checker = CONTRACTS[id];
      const fixtures = FIXTURES[id];
      const source = apiSource(id);
      const answers: [string, string, ApiAnswer][] = [...MORE_ANSWERS[id]];
      const skipped = NOT_VENDOR_ANSWERS[id] ?? {};
      for (const [name, fixture] of [...Object.entries(fixtures.positive), ...Object.entries(fixtures.negative)]) {
        if (name in skipped) continue;
        const request = await source.pager(fixtures.secret, fixtures.since, fixtures.now).request(fixture.cursor as never);
        answers.push([request.method, request.url, fixture.answer]);
      }
      const checked = answers.map(([method, url, answer]) => ({ status: answer.status, ...checker.answer(method, url, answer) }));
      expect(checked.filter((c) => c.errors.length)).toEqual([]);
      // Every 2xx JSON answer is covered by a documented response.
      expect(checked.filter((c) => c.status < 300 && !c.covered && c.status !== 204)).toEqual([]);
    });
  }

  it('mango: each report line has the fields the client asked for, as the public clients read it', async () => {
    const request = await apiSource('mango').pager(mangoFixtures.secret, mangoFixtures.since, mangoFixtures.now).request(undefined);
    const asked = (JSON.parse(new URLSearchParams(request.body).get('json') ?? '{}') as { fields: string }).fields.split(',');
    for (const line of mangoFx.resultCsv.split('\r\n')) expect(line.split(';')).toHaveLength(asked.length);
    expect(textAnswer(mangoFx.resultCsv).body).not.toContain('\n\n');
  });
});

describe('vendor rules the code restates are the contract data', () => {
  it("zadarma: the pacing limits are the vendor's published ones", () => {
    const published = CONTRACTS.zadarma.doc['x-rate-limits'] as { name: string; limit: number; windowMs: number }[];
    expect(ZADARMA_RATE_LIMITS.map(({ name, limit, windowMs }) => ({ name, limit, windowMs }))).toEqual(
      published.map(({ name, limit, windowMs }) => ({ name, limit, windowMs })),
    );
  });
});
