import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApiRequest } from '../../../lib/api-connector/http';
import { collectPages } from '../../../lib/api-connector/poll';
import * as aircall from '../../../lib/capture/aircall/client';
import { jsonAnswer } from '../../fixtures/connectors/answer';

/**
 * Aircall without `order` (issue 22): whatever order Aircall pages in, and whether its `to` is
 * inclusive or not, a poll reads every finished call created in [since, now] — also past Aircall's
 * 10,000 records per query. A fake Aircall serves a random account from sorted creation times.
 */

const credentials = aircall.AircallCredentials.parse({ apiId: 'api_id_123', apiToken: 'api_token_456' });
const NOW = 1_768_410_000_000;
const DAY_S = 86_400;

type Order = 'asc' | 'desc' | 'scrambled';

function firstIndex(sorted: readonly number[], test: (t: number) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (test(sorted[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
/** A step that visits every position of a window of `n` once: a fixed scrambled order. */
const coprimeStep = (n: number) => {
  let step = 7919;
  while (n > 1 && gcd(step, n) !== 1) step += 1;
  return step;
};

/** A fake /v1/calls over calls created at `times` (unix s, sorted), served in `order`, 10,000 at most per query. */
function fakeAircall(times: readonly number[], order: Order, toInclusive: boolean) {
  const requests: URL[] = [];
  const send = async (request: ApiRequest) => {
    const url = new URL(request.url);
    requests.push(url);
    const from = Number(url.searchParams.get('from'));
    const to = Number(url.searchParams.get('to'));
    const page = Number(url.searchParams.get('page'));
    const perPage = Number(url.searchParams.get('per_page'));
    // Binary searches: the window is times[lo, hi).
    const lo = firstIndex(times, (t) => t >= from);
    const hi = firstIndex(times, (t) => (toInclusive ? t > to : t >= to));
    const total = Math.max(0, hi - lo);
    const served = Math.min(total, 10_000);
    const step = coprimeStep(total);
    const calls = [];
    for (let p = (page - 1) * perPage; p < Math.min(page * perPage, served); p += 1) {
      // Position p of the window in the order served: ascending, descending or a fixed permutation.
      const i = order === 'asc' ? p : order === 'desc' ? total - 1 - p : (p * step) % total;
      const t = times[lo + i] as number;
      calls.push({
        id: lo + i,
        direction: 'outbound',
        status: 'done',
        started_at: t,
        answered_at: null,
        ended_at: t + 30,
        raw_digits: '+33 1 76 36 06 95',
        user: { id: 456, email: 'rep@seller.example' },
      });
    }
    const more = page * perPage < served;
    return jsonAnswer({
      calls,
      meta: { count: calls.length, total, current_page: page, per_page: perPage, next_page_link: more ? 'next' : null },
    });
  };
  return { send, requests };
}

async function readAll(times: readonly number[], since: number, order: Order, toInclusive: boolean) {
  const server = fakeAircall(times, order, toInclusive);
  const read = await collectPages(aircall.pager(credentials, since, NOW), { send: server.send, maxPages: 2_000 });
  return { read, server };
}

describe('Aircall paging without `order`', () => {
  it('never sends `order`, and reads every call of a 30-day window in any order, past 10,000 calls', async () => {
    const since = NOW - 30 * DAY_S * 1000;
    // 12,500 calls in 30 days: one query holds more than Aircall serves.
    const times = Array.from({ length: 12_500 }, (_, i) => Math.floor(since / 1000) + Math.floor((i * 30 * DAY_S) / 12_500));
    for (const [order, toInclusive] of [
      ['asc', true],
      ['scrambled', false],
    ] as const) {
      const { read, server } = await readAll(times, since, order, toInclusive);
      expect(read.complete).toBe(true);
      expect(new Set(read.items.map((c) => c.id)).size).toBe(12_500);
      expect(server.requests.every((url) => !url.searchParams.has('order'))).toBe(true);
    }
  }, 30_000);

  it('property: the set of calls read is exactly the calls created in [since, now), whatever the order and `to` bound', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 1_500 }),
        fc.integer({ min: 1, max: 30 * DAY_S }),
        fc.constantFrom<Order>('asc', 'desc', 'scrambled'),
        fc.boolean(),
        async (spread, spanS, order, toInclusive) => {
          const since = NOW - spanS * 1000;
          const start = Math.floor(since / 1000);
          const end = Math.floor(NOW / 1000);
          // Creation times before the poll's last second (a call created in it is the next poll's, whose
          // window overlaps), clustered towards the start.
          const times = spread.map((f) => start + Math.min(end - start - 1, Math.floor(f ** 3 * (end - start)))).sort((a, b) => a - b);
          const { read } = await readAll(times, since, order, toInclusive);
          expect(read.complete).toBe(true);
          expect([...new Set(read.items.map((c) => Number(c.id)))].sort((a, b) => a - b)).toEqual(times.map((_, i) => i));
        },
      ),
      { numRuns: 30 },
    );
  }, 30_000);
});
