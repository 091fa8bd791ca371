import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Activity, ListFilter } from '../../../lib/activity';
import { ActivityStore } from '../../../lib/store';
import { LIST_SLICE } from '../../../lib/store/history';
import { anActivity } from '../../builders/activity';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);

/** Newest first, then the larger id first: the order IndexedDB's index gives read backwards. */
const newestFirst = (a: Activity, b: Activity) => b.occurredAt - a.occurredAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** Every page of `filter`, each asked after the last row of the one before (History's keyset paging). */
async function allPages(store: ActivityStore, filter: ListFilter, limit: number) {
  const pages: Activity[][] = [];
  let after: { occurredAt: number; id: string } | undefined;
  for (;;) {
    const page = await store.list(filter, 0, limit, after ? { after } : {});
    if (page.items.length === 0) break;
    pages.push(page.items);
    const last = page.items.at(-1)!;
    after = { occurredAt: last.occurredAt, id: last.id };
    if (pages.length > 1000) throw new Error('paging does not end');
  }
  return pages;
}

/** Issue 24: History's later pages are index ranges from the last row seen, not a skip over every row before. */
describe('History pages by key', () => {
  it('together hold every match once, newest first, whatever the ties, kinds and page size', { timeout: 60_000 }, async () => {
    const row = fc.record({
      // Few distinct times: many rows share one, so the id decides their order.
      minute: fc.integer({ min: 0, max: 6 }),
      kind: fc.constantFrom('call', 'email', 'meeting'),
      channel: fc.constantFrom('manual', 'gmail'),
    });
    const filters: ListFilter[] = [
      {},
      { kinds: ['call', 'meeting'] },
      { channels: ['manual'] },
      { kinds: ['email'], from: T0 + 2 * MINUTE },
    ];
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 40 }), fc.integer({ min: 1, max: 7 }), async (rows, limit) => {
        const store = await ActivityStore.open(`pages-${crypto.randomUUID()}`);
        try {
          const activities = rows.map((r, i) =>
            anActivity({
              id: `a-${(i * 7919) % 101}-${i}`,
              dedupeKey: `k:${i}`,
              kind: r.kind,
              channel: r.channel,
              occurredAt: T0 + r.minute * MINUTE,
            }),
          );
          await store.importAll(activities, T0 + 60 * MINUTE);
          for (const filter of filters) {
            const expected = activities
              .filter((a) => (!filter.kinds || filter.kinds.includes(a.kind)) && (!filter.channels || filter.channels.includes(a.channel)))
              .filter((a) => filter.from === undefined || a.occurredAt >= filter.from)
              .sort(newestFirst);
            const pages = await allPages(store, filter, limit);
            expect(
              pages.flat().map((a) => a.id),
              JSON.stringify(filter),
            ).toEqual(expected.map((a) => a.id));
            for (const page of pages.slice(0, -1)) expect(page).toHaveLength(limit);
            // The total is every match, on any page.
            const second = pages[1]?.at(-1);
            if (second) {
              const { total } = await store.list(filter, 0, limit, { after: { occurredAt: second.occurredAt, id: second.id } });
              expect(total).toBe(expected.length);
            }
          }
        } finally {
          store.close();
        }
      }),
      { numRuns: 40 },
    );
  });

  it('without a total, stop at the page even across read slices', async () => {
    const store = await ActivityStore.open(`pages-${crypto.randomUUID()}`);
    try {
      const size = LIST_SLICE * 2 + 10;
      const activities = Array.from({ length: size }, (_, i) =>
        anActivity({
          id: `r-${String(i).padStart(4, '0')}`,
          dedupeKey: `r:${i}`,
          kind: 'email',
          channel: i === 3 ? 'manual' : 'gmail',
          occurredAt: T0 + i * MINUTE,
        }),
      );
      await store.importAll(activities, T0 + size * MINUTE);
      const recent = await store.list({ statuses: ['counted'] }, 0, 5, { withTotal: false });
      expect(recent.total).toBeUndefined();
      expect(recent.items.map((a) => a.id)).toEqual(
        activities
          .slice(-5)
          .reverse()
          .map((a) => a.id),
      );
      // The one manual row is the oldest but three: found through more than one slice.
      const manual = await store.list({ channels: ['manual'] }, 0, 5, { withTotal: false });
      expect(manual.items.map((a) => a.id)).toEqual(['r-0003']);
      expect((await store.list({ channels: ['manual'] }, 0, 5)).total).toBe(1);
    } finally {
      store.close();
    }
  });
});
