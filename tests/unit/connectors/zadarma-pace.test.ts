import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiAnswer, ApiRequest } from '../../../lib/api-connector/http';
import { nextSlot } from '../../../lib/api-connector/pace';
import { epochToZoned } from '../../../lib/api-connector/zone';
import { QuotaRadarService } from '../../../lib/background';
import { FIRST_POLL_MS } from '../../../lib/background/connectors';
import { zadarmaRetryAfterMs } from '../../../lib/capture/zadarma/client';
import { defaultSettings } from '../../../lib/settings';
import { ActivityStore } from '../../../lib/store';
import { jsonAnswer } from '../../fixtures/connectors/answer';
import { row } from '../../fixtures/connectors/zadarma/statistics';
import { ok, WED_NOON } from '../service/harness';

/**
 * Zadarma allows 3 requests a minute to its statistics methods and answers 429 beyond
 * (zadarma/openapi spec/v1/openapi.json, info.description). Connecting makes its test request,
 * then the first poll reads 30 days and an hour: with more than 1,000 calls that is two pages and a
 * second window, four statistics requests in the same instant before the pacing (issue 22).
 */

const MINUTE = 60_000;
const STATS_LIMIT = 3;

/** The most statistics requests any half-open minute holds. */
function busiestMinute(times: readonly number[]): number {
  let most = 0;
  for (const start of times) most = Math.max(most, times.filter((t) => t >= start && t < start + MINUTE).length);
  return most;
}

/** Every hundredth call is the rep's (SIP 00001), the rest a colleague's: recording stays cheap. */
const isRepsCall = (i: number) => i % 100 === 0;

/** A fake Zadarma (account zone UTC+0) over calls made at `callTimes`; it answers 429 past 3 statistics requests a minute. */
function fakeZadarma(callTimes: readonly number[], clock: () => number) {
  const zoned = callTimes.map((t, i) => ({ at: epochToZoned(t, 'UTC+0'), i }));
  const statsAt: number[] = [];
  let refused = 0;
  const send = async (request: ApiRequest): Promise<ApiAnswer> => {
    const url = new URL(request.url);
    if (url.pathname === '/v1/info/timezone/') return jsonAnswer({ status: 'success', unixtime: 0, datetime: '', timezone: 'UTC+0' });
    const now = clock();
    if (statsAt.filter((t) => t > now - MINUTE).length >= STATS_LIMIT) {
      refused += 1;
      statsAt.push(now);
      return jsonAnswer({ status: 'error', message: 'API rate limit exceeded' }, 429);
    }
    statsAt.push(now);
    const start = url.searchParams.get('start') ?? '';
    const end = url.searchParams.get('end') ?? '';
    const skip = Number(url.searchParams.get('skip'));
    const limit = Number(url.searchParams.get('limit'));
    const inWindow = zoned.filter(({ at }) => at >= start && at <= end);
    const stats = inWindow
      .slice(skip, skip + limit)
      .map(({ at, i }) => row({ id: String(100_000 + i), callstart: at, sip: isRepsCall(i) ? '00001' : '00002' }));
    return jsonAnswer({ status: 'success', start, end, stats });
  };
  return { send, statsAt, refused: () => refused };
}

interface World {
  service: QuotaRadarService;
  store: ActivityStore;
  now(): number;
  advance(ms: number): void;
  server: ReturnType<typeof fakeZadarma>;
}

const opened: ActivityStore[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

async function world(callTimes: (now: number) => number[]): Promise<World> {
  const store = await ActivityStore.open(`zadarma-pace-${crypto.randomUUID()}`);
  opened.push(store);
  await store.writeKv('settings', defaultSettings('America/New_York'));
  let now = WED_NOON;
  const clock = () => now;
  const server = fakeZadarma(callTimes(now), clock);
  const service = new QuotaRadarService(store, clock, {
    platform: {
      send: server.send,
      hasOrigins: async () => true,
      removeOrigins: async () => undefined,
      setPhoneLinkScript: async () => undefined,
    },
    connectorSleep: async (ms) => void (now += ms),
  });
  return { service, store, now: clock, advance: (ms) => void (now += ms), server };
}

const INPUT = { key: 'a1b2c3', secret: 's3cr3t', lines: '00001' };

/** `count` calls spread over the first poll's 30 days and an hour, before `now`. */
const spread = (count: number) => (now: number) =>
  Array.from({ length: count }, (_, i) => now - FIRST_POLL_MS - 3_500_000 + Math.floor(((i + 0.5) * (FIRST_POLL_MS + 3_000_000)) / count));

async function recorded(w: World): Promise<number> {
  return (await w.store.all()).filter((a) => a.status !== 'retracted').length;
}

describe('Zadarma pacing', () => {
  it('connecting an account with more than 1,000 calls: never 4 statistics requests in a minute, and every call read in the end', async () => {
    const w = await world(spread(1_500));
    const connected = await ok(w.service, { type: 'connectors/connect', id: 'zadarma', input: INPUT });
    // The test page and the first poll's two pages went out; the second window waits for its slot.
    expect(w.server.statsAt).toHaveLength(3);
    expect(connected.status.lastSuccessAt).toBeUndefined();
    expect(connected.status.lastError).toMatchObject({ kind: 'rate_limited' });
    expect(connected.status.retryAt).toBe(w.server.statsAt[0]! + MINUTE);
    // A poll before then sends nothing; one after it finishes the window.
    await ok(w.service, { type: 'connectors/poll', id: 'zadarma', reason: 'manual' });
    expect(w.server.statsAt).toHaveLength(3);
    w.advance(MINUTE);
    const done = await ok(w.service, { type: 'connectors/poll', id: 'zadarma', reason: 'manual' });
    expect(done.polled).toEqual(['zadarma']);
    expect(busiestMinute(w.server.statsAt)).toBeLessThanOrEqual(STATS_LIMIT);
    expect(w.server.refused()).toBe(0);
    expect(await recorded(w)).toBe(15);
  }, 30_000);

  it('counterexample fast-check found before the pacing: no calls at all, connect then poll at once', async () => {
    const w = await world(spread(0));
    await ok(w.service, { type: 'connectors/connect', id: 'zadarma', input: INPUT });
    await ok(w.service, { type: 'connectors/poll', id: 'zadarma', reason: 'manual' });
    // Test page, two windows (30 days and the hour of overlap): three; the manual poll's must wait.
    expect(w.server.statsAt).toHaveLength(3);
    expect(busiestMinute(w.server.statsAt)).toBeLessThanOrEqual(STATS_LIMIT);
  });

  it('a 429 waits what Zadarma says: Retry-After, else X-RateLimit-Reset (a unix time or seconds), else the minute', () => {
    const now = WED_NOON;
    expect(zadarmaRetryAfterMs({ 'retry-after': '20' }, now)).toBe(20_000);
    expect(zadarmaRetryAfterMs({ 'x-ratelimit-reset': String(now / 1000 + 42) }, now)).toBe(42_000);
    expect(zadarmaRetryAfterMs({ 'x-ratelimit-reset': '17' }, now)).toBe(17_000);
    expect(zadarmaRetryAfterMs({}, now)).toBe(MINUTE);
  });

  it('a 429 from Zadarma (another app on the same key) stops the poll until the wait has passed', async () => {
    const w = await world(spread(10));
    const send = w.server.send;
    let limited = true;
    const service = new QuotaRadarService(w.store, w.now, {
      platform: {
        send: async (request) =>
          limited && request.url.includes('/v1/statistics/')
            ? jsonAnswer({ status: 'error', message: 'API rate limit exceeded' }, 429, { 'x-ratelimit-reset': '45' })
            : send(request),
        hasOrigins: async () => true,
        removeOrigins: async () => undefined,
        setPhoneLinkScript: async () => undefined,
      },
      connectorSleep: async (ms) => w.advance(ms),
    });
    const refused = await ok(service, { type: 'connectors/connect', id: 'zadarma', input: INPUT });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'rate_limited', retryAfterMs: 45_000 } });
    limited = false;
    const connected = await ok(service, { type: 'connectors/connect', id: 'zadarma', input: INPUT });
    expect(connected.ok).toBe(true);
  });

  it('property: any call volume, any times of connecting, testing and polling — no minute carries more than 3 statistics requests', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2_200 }),
        fc.array(fc.record({ gapMs: fc.integer({ min: 0, max: 20 * MINUTE }), action: fc.constantFrom('poll', 'test', 'popup') }), {
          maxLength: 8,
        }),
        async (calls, actions) => {
          const w = await world(spread(calls));
          await w.service.handle({ type: 'connectors/connect', id: 'zadarma', input: INPUT });
          for (const { gapMs, action } of actions) {
            w.advance(gapMs);
            if (action === 'test') await w.service.handle({ type: 'connectors/test', id: 'zadarma' });
            else await w.service.handle({ type: 'connectors/poll', id: 'zadarma', reason: action === 'popup' ? 'popup' : 'manual' });
          }
          expect(busiestMinute(w.server.statsAt)).toBeLessThanOrEqual(STATS_LIMIT);
          expect(w.server.refused()).toBe(0);
        },
      ),
      { numRuns: 20 },
    );
  }, 60_000);

  it('property: sending each request at its slot keeps every minute at the limit or under', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 * MINUTE }), { maxLength: 40 }), fc.integer({ min: 1, max: 5 }), (wishes, limit) => {
        const sent: number[] = [];
        for (const wish of [...wishes].sort((a, b) => a - b))
          sent.push(nextSlot(sent, { limit, windowMs: MINUTE }, Math.max(wish, sent.at(-1) ?? 0)));
        for (const start of sent) expect(sent.filter((t) => t >= start && t < start + MINUTE).length).toBeLessThanOrEqual(limit);
      }),
      { numRuns: 200 },
    );
  });
});
