import type { ApiAnswer, ApiRequest } from '../../../lib/api-connector/http';
import { collectPages } from '../../../lib/api-connector/poll';
import { type ApiSourceId, apiSource } from '../../../lib/capture/api-sources';
import * as aircallFx from '../../fixtures/connectors/aircall/calls';
import { jsonAnswer, textAnswer } from '../../fixtures/connectors/answer';
import * as calcomFx from '../../fixtures/connectors/calcom/bookings';
import * as calendlyFx from '../../fixtures/connectors/calendly/events';
import * as mangoFx from '../../fixtures/connectors/mango/stats';
import * as ringcentralFx from '../../fixtures/connectors/ringcentral/call-log';
import * as zadarmaFx from '../../fixtures/connectors/zadarma/statistics';

/**
 * Each client's scenarios, driven through its source as the background drives it (connect, refresh,
 * a poll's every page, the further requests a poll makes), against a fake vendor answering from the
 * fixtures; every request sent is recorded for the contract test.
 */

const NOW = Date.parse('2026-01-14T18:30:00Z');
const DAY = 86_400_000;
/** The first poll's window: 30 days and the hour of overlap (lib/background/connectors.ts). */
const FIRST_SINCE = NOW - 30 * DAY - 3_600_000;

type Vendor = (request: ApiRequest, sent: number) => ApiAnswer;

/**
 * The sources that call a vendor's API. The calendar feed (`ics`) is one GET of the address the rep
 * pasted, whose answer's contract is RFC 5545 itself: its tests read real published feeds
 * (tests/unit/capture/ics).
 */
export type VendorApiId = Exclude<ApiSourceId, 'ics'>;

const INPUTS: Record<VendorApiId, unknown> = {
  aircall: { apiId: 'api_id_123', apiToken: 'api_token_456', lines: [aircallFx.REP.email] },
  ringcentral: { clientId: 'client-id', clientSecret: 'client-secret', jwt: 'eyJhbGciOi.jwt' },
  zadarma: { key: 'a1b2c3', secret: 's3cr3t', lines: ['00001'] },
  mango: { apiKey: 'vpbx-key', apiSalt: 'vpbx-salt', extension: '101' },
  calendly: { token: 'eyJraWQiOi.pat' },
  calcom: { apiKey: 'cal_live_0123456789abcdef', email: 'rep@seller.example' },
};

const url = (request: ApiRequest) => new URL(request.url);

/** 1,000 rows (a full Zadarma page): the next request skips them. */
const fullZadarmaPage = {
  ...zadarmaFx.lastPage,
  stats: Array.from({ length: 1000 }, (_, i) => zadarmaFx.row({ id: String(200_000 + i) })),
};

const VENDORS: Record<VendorApiId, Vendor> = {
  aircall: (request, sent) => {
    // The first page of the first poll holds more than Aircall serves: the window is halved.
    if (sent === 1) return jsonAnswer({ ...aircallFx.page1, meta: { ...aircallFx.page1.meta, total: 12_000 } });
    return jsonAnswer(url(request).searchParams.get('page') === '2' ? aircallFx.page2 : aircallFx.page1);
  },
  ringcentral: (request) => {
    if (url(request).pathname === '/restapi/oauth/token') return jsonAnswer(ringcentralFx.token);
    return jsonAnswer(url(request).searchParams.get('page') === '2' ? ringcentralFx.page2 : ringcentralFx.page1);
  },
  zadarma: (request) => {
    const u = url(request);
    if (u.pathname === '/v1/info/timezone/') return jsonAnswer(zadarmaFx.timezone);
    return jsonAnswer(
      u.searchParams.get('skip') === '0' && u.searchParams.get('start')?.startsWith('2025') ? fullZadarmaPage : zadarmaFx.lastPage,
    );
  },
  mango: (request, sent) => {
    if (url(request).pathname.endsWith('/stats/request')) return jsonAnswer(mangoFx.requestAnswer);
    // The first result is still being prepared.
    return sent % 2 === 0 ? textAnswer('', 204) : textAnswer(mangoFx.resultCsv);
  },
  calendly: (request) => {
    const u = url(request);
    if (u.pathname === '/users/me') return jsonAnswer(calendlyFx.me);
    if (u.pathname.endsWith('/invitees')) return jsonAnswer(calendlyFx.invitees);
    return jsonAnswer(u.searchParams.has('page_token') ? calendlyFx.page2 : calendlyFx.page1);
  },
  calcom: (request) => jsonAnswer(url(request).searchParams.get('skip') === '0' ? calcomFx.page1 : calcomFx.page2),
};

/** Every request the source sends in its scenarios, in order. */
export async function recordScenarios(id: VendorApiId): Promise<ApiRequest[]> {
  const source = apiSource(id);
  const requests: ApiRequest[] = [];
  const send = async (request: ApiRequest) => {
    requests.push(request);
    return VENDORS[id](request, requests.length);
  };
  const connected = await source.connect(source.input.parse(inputFor(id)), send, NOW);
  if (!connected.ok) throw new Error(`${id} did not connect: ${connected.error.message}`);
  let secret = connected.secret;
  if (source.refresh) {
    // An hour later the access token has expired: it is renewed.
    const refreshed = await source.refresh(secret, send, NOW + 2 * 3_600_000);
    if (!refreshed.ok) throw new Error(`${id} did not refresh: ${refreshed.error.message}`);
    secret = refreshed.secret;
  }
  const collected = await collectPages(source.pager(secret, FIRST_SINCE, NOW), { send, maxPages: 50, sleep: async () => undefined });
  if (collected.error) throw new Error(`${id} poll failed: ${collected.error.message}`);
  await source.toEvents(collected.items, connected.owner, { send, internalDomains: ['seller.example'], now: NOW }, secret);
  return requests;
}

/** The connect form as the options page sends it (lines as typed). */
function inputFor(id: VendorApiId): unknown {
  const input = INPUTS[id] as Record<string, unknown>;
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
}
