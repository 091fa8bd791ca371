import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Activity } from '../../../lib/activity';
import type { ApiAnswer, ApiRequest } from '../../../lib/api-connector/http';
import { QuotaRadarService } from '../../../lib/background';
import { type ConnectorPlatform, POPUP_POLL_DEBOUNCE_MS } from '../../../lib/background/connectors';
import { defaultSettings } from '../../../lib/settings';
import { ActivityStore } from '../../../lib/store';
import * as aircallFx from '../../fixtures/connectors/aircall/calls';
import { jsonAnswer } from '../../fixtures/connectors/answer';
import * as calendlyFx from '../../fixtures/connectors/calendly/events';
import {
  calendarItemRequest,
  calendarItemResponse,
  deleteItemResponse,
  deleteMeetingRequest,
  meetingObservation,
} from '../../fixtures/connectors/outlook/meeting';
import { ok, refused, WED_NOON } from './harness';

/**
 * The connectors job through the service's one entry point, with the vendors answered from their
 * documented examples: connect, test, poll (paging, de-duplication, errors), disconnect, the
 * phone-link attempt merged into the polled call, cancellations retracting, outcomes set by hand.
 */

type Route = (request: ApiRequest) => ApiAnswer | { error: { kind: 'network'; message: string } } | undefined;

interface Fixture {
  service: QuotaRadarService;
  store: ActivityStore;
  requests: ApiRequest[];
  removed: string[][];
  scriptEnabled: () => boolean | undefined;
  route(next: Route): void;
  setNow(at: number): void;
  grant(granted: boolean): void;
}

let fixture: Fixture;

beforeEach(async () => {
  const store = await ActivityStore.open(`connectors-${crypto.randomUUID()}`);
  await store.writeKv('settings', { ...defaultSettings('America/New_York'), internalDomains: ['seller.example'] });
  let now = WED_NOON + 3_600_000;
  let route: Route = () => undefined;
  let granted = true;
  let script: boolean | undefined;
  const requests: ApiRequest[] = [];
  const removed: string[][] = [];
  const platform: ConnectorPlatform = {
    send: async (request) => {
      requests.push(request);
      return route(request) ?? { status: 404, headers: {}, body: '{"message":"not routed"}' };
    },
    hasOrigins: async () => granted,
    removeOrigins: async (origins) => void removed.push([...origins]),
    setPhoneLinkScript: async (enabled) => void (script = enabled),
  };
  const service = new QuotaRadarService(store, () => now, { platform });
  fixture = {
    service,
    store,
    requests,
    removed,
    scriptEnabled: () => script,
    route: (next) => (route = next),
    setNow: (at) => (now = at),
    grant: (value) => (granted = value),
  };
});

afterEach(() => fixture.store.close());

/** Aircall's two documented pages of calls. */
const aircallPages: Route = (request) => {
  const url = new URL(request.url);
  if (url.host !== 'api.aircall.io') return undefined;
  return jsonAnswer(url.searchParams.get('page') === '2' ? aircallFx.page2 : aircallFx.page1);
};

const AIRCALL_INPUT = { apiId: 'api_id_123', apiToken: 'api_token_456', lines: aircallFx.REP.email };

const live = (activities: Activity[]) => activities.filter((a) => a.status !== 'retracted');

describe('API sources through the service', () => {
  it("connects Aircall: checks the key, keeps it masked, polls every page, records the rep's outbound calls once", async () => {
    fixture.route(aircallPages);
    const result = await ok(fixture.service, { type: 'connectors/connect', id: 'aircall', input: AIRCALL_INPUT });
    expect(result.ok).toBe(true);
    expect(result.status.connected).toBe(true);
    expect(result.status.fields).toEqual([
      { name: 'apiId', secret: false, value: 'api_id_123' },
      { name: 'apiToken', secret: true, value: 'api_…' },
      { name: 'lines', secret: false, value: aircallFx.REP.email },
    ]);
    // The key is sent as Basic auth and never shown back.
    expect(fixture.requests[0]?.headers.authorization).toMatch(/^Basic /);
    expect(JSON.stringify(await ok(fixture.service, { type: 'connectors/status' }))).not.toContain('api_token_456');

    const calls = (await fixture.store.all()).filter((a) => a.channel === 'aircall');
    // 812 and 813 from page 1, 817 from page 2; inbound, a colleague's and an unfinished call are not the rep's.
    expect(calls.map((c) => c.dedupeKey).sort()).toEqual(['aircall:812', 'aircall:813', 'aircall:817']);
    expect(calls.find((c) => c.dedupeKey === 'aircall:812')).toMatchObject({
      outcome: 'connected',
      durationSec: 40,
      recipients: [{ phone: '+33612345678' }],
    });
    expect(result.status).toMatchObject({ recorded: 3, lastRecorded: 3, lastSuccessAt: WED_NOON + 3_600_000 });

    // A second poll reads the same calls again (its window overlaps): nothing new.
    fixture.setNow(WED_NOON + 2 * 3_600_000);
    await ok(fixture.service, { type: 'connectors/poll', id: 'aircall', reason: 'manual' });
    expect((await fixture.store.all()).filter((a) => a.channel === 'aircall')).toHaveLength(3);
    const second = new URL(fixture.requests.at(-1)!.url);
    // From the last success, less the overlap.
    expect(Number(second.searchParams.get('from'))).toBe(Math.floor((WED_NOON + 3_600_000 - 3_600_000) / 1000));
  });

  it('keeps nothing for a wrong key, and says so', async () => {
    fixture.route(() => jsonAnswer(aircallFx.unauthorized, 401));
    const result = await ok(fixture.service, { type: 'connectors/connect', id: 'aircall', input: AIRCALL_INPUT });
    expect(result.ok).toBe(false);
    expect(result.error?.kind).toBe('wrong_key');
    expect(result.status.connected).toBe(false);
    expect(await fixture.store.readKv('connector:aircall')).toBeUndefined();
  });

  it("refuses input that is not the vendor's shape before sending anything", async () => {
    const error = await refused(fixture.service, {
      type: 'connectors/connect',
      id: 'aircall',
      input: { apiId: 'x', apiToken: 'has space', lines: '' },
    });
    expect(error).toMatch(/apiToken|lines/);
    expect(fixture.requests).toHaveLength(0);
  });

  it('asks nothing of a vendor whose origin the rep has not granted', async () => {
    fixture.grant(false);
    const result = await ok(fixture.service, { type: 'connectors/connect', id: 'aircall', input: AIRCALL_INPUT });
    expect(result.error?.kind).toBe('no_permission');
    expect(fixture.requests).toHaveLength(0);
  });

  it('a rate limit is kept with when to try again, and polls wait until then; no network is its own error', async () => {
    fixture.route(aircallPages);
    await ok(fixture.service, { type: 'connectors/connect', id: 'aircall', input: AIRCALL_INPUT });
    fixture.route(() => jsonAnswer(aircallFx.rateLimited, 429, { 'retry-after': '600' }));
    fixture.setNow(WED_NOON + 2 * 3_600_000);
    await ok(fixture.service, { type: 'connectors/poll', id: 'aircall', reason: 'manual' });
    let status = (await ok(fixture.service, { type: 'connectors/status' })).connectors.find((c) => c.id === 'aircall')!;
    expect(status.lastError?.kind).toBe('rate_limited');
    expect(status.retryAt).toBe(WED_NOON + 2 * 3_600_000 + 600_000);
    expect(status.lastSuccessAt).toBe(WED_NOON + 3_600_000);
    const sent = fixture.requests.length;
    await ok(fixture.service, { type: 'connectors/poll', id: 'aircall', reason: 'manual' });
    expect(fixture.requests).toHaveLength(sent);

    fixture.setNow(WED_NOON + 3 * 3_600_000);
    fixture.route(() => ({ error: { kind: 'network', message: 'Failed to fetch' } }));
    const tested = await ok(fixture.service, { type: 'connectors/test', id: 'aircall' });
    expect(tested.ok).toBe(false);
    expect(tested.error?.kind).toBe('network');
    status = tested.status;
    expect(status.lastError?.kind).toBe('network');
  });

  it('a poll stopped part-way goes on from the page it stopped at, over the same window', async () => {
    fixture.route((request) => {
      const page = new URL(request.url).searchParams.get('page');
      return page === '2' ? jsonAnswer(aircallFx.rateLimited, 429, { 'retry-after': '60' }) : aircallPages(request);
    });
    const first = await ok(fixture.service, { type: 'connectors/connect', id: 'aircall', input: AIRCALL_INPUT });
    expect(first.status.lastSuccessAt).toBeUndefined();
    expect(first.status.recorded).toBe(2);
    const window = new URL(fixture.requests.at(-1)!.url).searchParams.get('from');

    fixture.route(aircallPages);
    fixture.setNow(WED_NOON + 3_600_000 + 61_000);
    const before = fixture.requests.length;
    await ok(fixture.service, { type: 'connectors/poll', id: 'aircall', reason: 'manual' });
    const resumed = new URL(fixture.requests[before]!.url);
    expect(resumed.searchParams.get('page')).toBe('2');
    expect(resumed.searchParams.get('from')).toBe(window);
    // Then the minute that passed meanwhile, from the old window's end.
    expect(new URL(fixture.requests[before + 1]!.url).searchParams.get('from')).toBe(resumed.searchParams.get('to'));
    const status = (await ok(fixture.service, { type: 'connectors/status' })).connectors.find((c) => c.id === 'aircall')!;
    expect(status).toMatchObject({ recorded: 3, lastSuccessAt: WED_NOON + 3_600_000 + 61_000 });
    expect(status.lastError).toBeUndefined();
  });

  it('disconnecting forgets the key and gives the origin back', async () => {
    fixture.route(aircallPages);
    await ok(fixture.service, { type: 'connectors/connect', id: 'aircall', input: AIRCALL_INPUT });
    const status = await ok(fixture.service, { type: 'connectors/disconnect', id: 'aircall' });
    expect(status).toMatchObject({ connected: false, fields: [], recorded: 0 });
    expect(await fixture.store.readKv('connector:aircall')).toBeUndefined();
    expect(fixture.removed).toEqual([['https://api.aircall.io/*']]);
    // What it recorded stays: the calls were made.
    expect(live(await fixture.store.all())).toHaveLength(3);
  });

  it('never puts a key in the export', async () => {
    fixture.route(aircallPages);
    await ok(fixture.service, { type: 'connectors/connect', id: 'aircall', input: AIRCALL_INPUT });
    expect(JSON.stringify(await ok(fixture.service, { type: 'activity/export' }))).not.toContain('api_token_456');
  });

  it('opening the popup polls at most every couple of minutes', async () => {
    fixture.route(aircallPages);
    await ok(fixture.service, { type: 'connectors/connect', id: 'aircall', input: AIRCALL_INPUT });
    expect((await ok(fixture.service, { type: 'connectors/poll', reason: 'popup' })).polled).toEqual(['aircall']);
    expect((await ok(fixture.service, { type: 'connectors/poll', reason: 'popup' })).polled).toEqual([]);
    fixture.setNow(WED_NOON + 3_600_000 + POPUP_POLL_DEBOUNCE_MS);
    expect((await ok(fixture.service, { type: 'connectors/poll', reason: 'popup' })).polled).toEqual(['aircall']);
  });
});

describe('phone links', () => {
  const click = (href: string, at: number) => ({ type: 'phone-link/clicked' as const, click: { href, pageHost: 'crm.example', at } });

  it('record nothing until the rep turns them on; then an attempt per click', async () => {
    expect(await ok(fixture.service, click('tel:+33 6 12 34 56 78', WED_NOON))).toEqual({ recorded: 0, retracted: 0 });
    await ok(fixture.service, { type: 'phone-links/set', setting: { enabled: true } });
    expect(fixture.scriptEnabled()).toBe(true);
    expect(await ok(fixture.service, click('tel:+33 6 12 34 56 78', WED_NOON))).toEqual({ recorded: 1, retracted: 0 });
    const [attempt] = await fixture.store.all();
    expect(attempt).toMatchObject({
      kind: 'call',
      channel: 'phone',
      subtype: 'attempt',
      recipients: [{ phone: '+33612345678', role: 'to' }],
    });
  });

  it('cannot be turned on without the sites granted; a withdrawn permission turns them off', async () => {
    fixture.grant(false);
    expect(await refused(fixture.service, { type: 'phone-links/set', setting: { enabled: true } })).toMatch(/permission/);
    fixture.grant(true);
    await ok(fixture.service, { type: 'phone-links/set', setting: { enabled: true, defaultCallingCode: '44' } });
    await fixture.service.connectors.permissionsRemoved(['https://*/*']);
    expect(fixture.scriptEnabled()).toBe(false);
    expect(await fixture.store.readKv('phoneLinks')).toEqual({ enabled: false, defaultCallingCode: '44' });
  });

  it("an attempt and the phone system's record of the same call are one call, with the polled outcome", async () => {
    await ok(fixture.service, { type: 'phone-links/set', setting: { enabled: true } });
    // Clicked 30 s before Aircall logged the call's start.
    await ok(fixture.service, click('tel:+33612345678', aircallFx.T0 * 1000 - 30_000));
    fixture.route(aircallPages);
    await ok(fixture.service, { type: 'connectors/connect', id: 'aircall', input: AIRCALL_INPUT });
    const all = await fixture.store.all();
    const attempt = all.find((a) => a.channel === 'phone')!;
    expect(attempt.status).toBe('retracted');
    const polled = all.find((a) => a.dedupeKey === 'aircall:812')!;
    expect(polled).toMatchObject({ status: 'counted', outcome: 'connected' });
    expect(polled.detection.ids).toMatchObject({ attempt: attempt.dedupeKey, site: 'crm.example' });
    expect(live(all).filter((a) => a.kind === 'call')).toHaveLength(3);
  });

  it('the rep marks an outcome in one click, with an optional talk time, and can clear it', async () => {
    await ok(fixture.service, { type: 'phone-links/set', setting: { enabled: true } });
    await ok(fixture.service, click('tel:+14155550123', WED_NOON));
    const [recent] = await ok(fixture.service, { type: 'calls/recent' });
    expect(recent?.outcome).toBeUndefined();
    const marked = await ok(fixture.service, { type: 'activity/set-outcome', id: recent!.id, outcome: 'connected', durationSec: 95 });
    expect(marked).toMatchObject({ outcome: 'connected', durationSec: 95 });
    const cleared = await ok(fixture.service, { type: 'activity/set-outcome', id: recent!.id, outcome: null });
    expect(cleared?.outcome).toBeUndefined();
    expect(await refused(fixture.service, { type: 'activity/set-outcome', id: recent!.id, outcome: 'hung_up' })).toMatch(/outcome/);
  });

  it('a connected-calls quota counts only calls marked connected, also from day packs after a restart', async () => {
    await fixture.store.writeKv('quotas', [
      {
        id: 'connected',
        name: 'Connected',
        kinds: ['call'],
        target: 10,
        period: 'day',
        measure: 'count',
        excludeInternal: false,
        callsCount: 'connected',
      },
    ]);
    const fresh = new QuotaRadarService(fixture.store, () => WED_NOON + 3_600_000);
    await ok(fresh, { type: 'phone-links/set', setting: { enabled: true } });
    await ok(fresh, click('tel:+14155550123', WED_NOON));
    await ok(fresh, click('tel:+14155550124', WED_NOON + 60_000));
    const [latest] = await ok(fresh, { type: 'calls/recent' });
    await ok(fresh, { type: 'activity/set-outcome', id: latest!.id, outcome: 'connected' });
    const restarted = new QuotaRadarService(fixture.store, () => WED_NOON + 3_600_000);
    const report = await ok(restarted, { type: 'progress/get' });
    expect(report.quotas[0]?.done).toBe(1);
  });
});

describe('meetings', () => {
  const eventsPage = (status: 'active' | 'canceled') => ({
    ...calendlyFx.page1,
    collection: calendlyFx.page1.collection.map((event) => ({ ...event, status })),
    pagination: { ...calendlyFx.page1.pagination, next_page: null, next_page_token: null },
  });

  const calendly =
    (status: 'active' | 'canceled'): Route =>
    (request) => {
      const url = new URL(request.url);
      if (url.pathname === '/users/me') return jsonAnswer(calendlyFx.me);
      if (url.pathname.endsWith('/invitees')) return jsonAnswer(calendlyFx.invitees);
      if (url.pathname === '/scheduled_events') return jsonAnswer(eventsPage(status));
      return undefined;
    };

  it('a Calendly cancellation retracts its meeting', async () => {
    fixture.route(calendly('active'));
    const connected = await ok(fixture.service, { type: 'connectors/connect', id: 'calendly', input: { token: 'eyJraWQiOi.pat' } });
    expect(connected.status.account).toBe('rep@seller.example');
    const [meeting] = await fixture.store.all();
    expect(meeting).toMatchObject({
      kind: 'meeting',
      channel: 'calendly',
      status: 'counted',
      occurredAt: Date.parse('2026-01-20T15:00:00Z'),
    });
    expect(meeting?.bookedAt).toBe(Date.parse('2026-01-14T17:01:02.123Z'));

    fixture.route(calendly('canceled'));
    fixture.setNow(WED_NOON + 2 * 3_600_000);
    await ok(fixture.service, { type: 'connectors/poll', id: 'calendly', reason: 'manual' });
    expect((await fixture.store.get(meeting!.id))?.status).toBe('retracted');
  });

  it("the same meeting seen in Outlook and in Calendly counts once, and Calendly's cancellation retracts both", async () => {
    // Sent from Outlook first, to the invitee Calendly will list, at the same start.
    const observation = meetingObservation(
      calendarItemRequest({
        required: [{ EmailAddress: 'buyer@buyer.example' }, { EmailAddress: 'cfo@buyer.example' }],
        start: '2026-01-20T15:00:00.000Z',
      }),
      { response: calendarItemResponse({ success: true, itemId: 'AAMkTwin=' }) },
    );
    expect((await ok(fixture.service, { type: 'capture/observed', observation })).recorded).toBe(1);
    fixture.route(calendly('active'));
    await ok(fixture.service, { type: 'connectors/connect', id: 'calendly', input: { token: 'eyJraWQiOi.pat' } });
    const meetings = await fixture.store.all();
    expect(meetings).toHaveLength(2);
    expect(live(meetings).map((m) => m.channel)).toEqual(['calendly']);

    fixture.route(calendly('canceled'));
    fixture.setNow(WED_NOON + 2 * 3_600_000);
    await ok(fixture.service, { type: 'connectors/poll', id: 'calendly', reason: 'manual' });
    expect(live(await fixture.store.all())).toEqual([]);
  });

  it('an Outlook meeting cancelled by the rep in Outlook on the web is retracted', async () => {
    const sent = meetingObservation(calendarItemRequest({ required: [{ EmailAddress: 'buyer@buyer.example' }] }), {
      response: calendarItemResponse({ success: true, itemId: 'AAMkCancelled=' }),
    });
    expect((await ok(fixture.service, { type: 'capture/observed', observation: sent })).recorded).toBe(1);
    const cancelled = meetingObservation(deleteMeetingRequest('AAMkCancelled='), {
      action: 'DeleteItem',
      response: deleteItemResponse(true),
    });
    expect((await ok(fixture.service, { type: 'capture/observed', observation: cancelled })).retracted).toBe(1);
    expect(live(await fixture.store.all())).toEqual([]);
  });

  it('an Outlook meeting request only to colleagues is not counted', async () => {
    const observation = meetingObservation(calendarItemRequest({ required: [{ EmailAddress: 'colleague@seller.example' }] }), {
      response: calendarItemResponse({ success: true, itemId: 'AAMkInternal=' }),
    });
    expect((await ok(fixture.service, { type: 'capture/observed', observation })).recorded).toBe(0);
  });
});

describe("at the worker's start", () => {
  it('registers the phone-link script again when phone links are on, and turns them off when the sites were withdrawn', async () => {
    await ok(fixture.service, { type: 'phone-links/set', setting: { enabled: true } });
    await fixture.service.connectors.restorePhoneLinks();
    expect(fixture.scriptEnabled()).toBe(true);
    fixture.grant(false);
    await fixture.service.connectors.restorePhoneLinks();
    expect(fixture.scriptEnabled()).toBe(false);
    expect((await fixture.store.readKv('phoneLinks'))?.enabled).toBe(false);
  });
});
