import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ListFilter } from '../../../lib/activity';
import { ActivityStore } from '../../../lib/store';
import { anActivity } from '../../builders/activity';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

/** History's totals are kept between writes and moved by captures and edits: always what a fresh count says. */
describe('History counts kept between writes', () => {
  it('equal a count from the indexes after any mix of captures, ingest plans, confirmations, edits, retractions, imports and deletes', {
    timeout: 60_000,
  }, async () => {
    const step = fc.oneof(
      fc.record({ op: fc.constant('record' as const), kind: fc.constantFrom('call', 'email'), day: fc.integer({ min: 0, max: 9 }) }),
      fc.record({
        op: fc.constant('move' as const),
        pick: fc.nat(),
        day: fc.integer({ min: 0, max: 9 }),
        kind: fc.constantFrom('call', 'email'),
      }),
      fc.record({ op: fc.constant('retract' as const), pick: fc.nat() }),
      // A capture's ingest plan: a new activity and a change to a stored one, maybe applied twice.
      fc.record({
        op: fc.constant('plan' as const),
        pick: fc.nat(),
        day: fc.integer({ min: 0, max: 9 }),
        kind: fc.constantFrom('call', 'email'),
        again: fc.boolean(),
      }),
      fc.record({ op: fc.constant('import' as const), day: fc.integer({ min: 0, max: 9 }) }),
      // A send kept pending for its undo window, then confirmed.
      fc.record({ op: fc.constant('confirm' as const), day: fc.integer({ min: 0, max: 9 }) }),
      fc.record({ op: fc.constant('deleteCalls' as const) }),
    );
    const filters: ListFilter[] = [
      {},
      { kinds: ['call'] },
      { from: T0 + 3 * DAY, to: T0 + 7 * DAY },
      { kinds: ['email'], from: T0 + 2 * DAY },
    ];
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 12 }), async (steps) => {
        const store = await ActivityStore.open(`counts-${crypto.randomUUID()}`);
        try {
          // Counts kept from the start, so that every write must move them.
          for (const filter of filters) await store.list(filter, 0, 5);
          for (const [i, s] of steps.entries()) {
            const ids = (await store.all()).map((a) => a.id);
            if (s.op === 'record')
              await store.record(
                anActivity({ kind: s.kind, channel: s.kind === 'call' ? 'manual' : 'gmail', occurredAt: T0 + s.day * DAY }),
              );
            if (s.op === 'move' && ids.length)
              await store.update(ids[s.pick % ids.length]!, { occurredAt: T0 + s.day * DAY, kind: s.kind }, T0);
            if (s.op === 'retract' && ids.length) await store.retract(ids[s.pick % ids.length]!, T0);
            if (s.op === 'plan') {
              const stored = ids.length ? await store.get(ids[s.pick % ids.length]!) : undefined;
              const created = anActivity({ kind: s.kind, channel: s.kind === 'call' ? 'manual' : 'gmail', occurredAt: T0 + s.day * DAY });
              const moved = stored && { ...stored, occurredAt: T0 + ((s.day + 3) % 10) * DAY, updatedAt: stored.updatedAt + 1 };
              const writes = [{ after: created }, ...(stored && moved ? [{ before: stored, after: moved }] : [])];
              await store.apply({ writes, kv: [] }, T0);
              // Replayed: the creation's key is stored and the change's activity moved on, so nothing is written twice.
              if (s.again) await store.apply({ writes, kv: [] }, T0);
            }
            if (s.op === 'import') await store.importAll([anActivity({ id: `imp-${i}`, occurredAt: T0 + s.day * DAY })], T0);
            if (s.op === 'confirm') {
              await store.record(anActivity({ channel: 'gmail', occurredAt: T0 + s.day * DAY, status: 'pending', confirmAt: T0 }));
              await store.confirmDue(T0);
            }
            if (s.op === 'deleteCalls') await store.deleteOfKind('call', () => true, T0);
            for (const filter of filters) await store.list(filter, 0, 5);
          }
          const all = await store.all();
          for (const filter of filters) {
            const expected = all.filter(
              (a) =>
                (!filter.kinds || filter.kinds.includes(a.kind)) &&
                a.occurredAt >= (filter.from ?? 0) &&
                a.occurredAt < (filter.to ?? Number.MAX_SAFE_INTEGER),
            ).length;
            expect((await store.list(filter, 0, 5)).total, JSON.stringify(filter)).toBe(expected);
          }
        } finally {
          store.close();
        }
      }),
      { numRuns: 40 },
    );
  });

  it('equal a count from the indexes when captures and edits are written while the counts are read', { timeout: 60_000 }, async () => {
    // Rows over ten weeks, so that a count is read in several week slices with writes between them.
    const WEEKS = 10;
    const write = fc.record({
      op: fc.constantFrom('record' as const, 'plan' as const, 'move' as const, 'confirm' as const),
      kind: fc.constantFrom('call', 'email'),
      day: fc.integer({ min: -3, max: WEEKS * 7 + 3 }),
      pick: fc.nat(),
      // Macrotasks to wait before the write starts: anywhere from before the first slice to after the last.
      wait: fc.integer({ min: 0, max: 14 }),
    });
    const filters: ListFilter[] = [{}, { kinds: ['call'] }, { from: T0 + 10 * DAY, to: T0 + 40 * DAY }, { kinds: ['email', 'call'] }];
    const ticks = async (n: number) => {
      for (let i = 0; i < n; i += 1) await new Promise((r) => setTimeout(r, 0));
    };
    await fc.assert(
      fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 4 }), async (writes, askAt) => {
        const store = await ActivityStore.open(`counts-${crypto.randomUUID()}`);
        try {
          const seed = Array.from({ length: 40 }, (_, i) =>
            anActivity({
              id: `seed-${i}`,
              kind: i % 3 ? 'email' : 'call',
              channel: i % 3 ? 'gmail' : 'manual',
              occurredAt: T0 + ((i * 7) % (WEEKS * 7)) * DAY,
            }),
          );
          await store.importAll(seed, T0);
          const ids = seed.map((a) => a.id);
          const running = writes.map(async (w) => {
            await ticks(w.wait);
            const at = T0 + w.day * DAY;
            const channel = w.kind === 'call' ? 'manual' : 'gmail';
            if (w.op === 'record') await store.record(anActivity({ kind: w.kind, channel, occurredAt: at }));
            if (w.op === 'move') await store.update(ids[w.pick % ids.length]!, { occurredAt: at }, T0);
            if (w.op === 'confirm') {
              await store.record(anActivity({ channel: 'gmail', occurredAt: at, status: 'pending', confirmAt: T0 }));
              await store.confirmDue(T0);
            }
            if (w.op === 'plan') {
              const stored = await store.get(ids[w.pick % ids.length]!);
              const writes = [
                { after: anActivity({ kind: w.kind, channel, occurredAt: at }) },
                ...(stored ? [{ before: stored, after: { ...stored, occurredAt: at + DAY, updatedAt: stored.updatedAt + 1 } }] : []),
              ];
              await store.apply({ writes, kv: [] }, T0);
            }
          });
          const asking = (async () => {
            await ticks(askAt);
            for (const filter of filters) await store.list(filter, 0, 5);
          })();
          await Promise.all([...running, asking]);
          const all = await store.all();
          for (const filter of filters) {
            const expected = all.filter(
              (a) =>
                (!filter.kinds || filter.kinds.includes(a.kind)) &&
                a.occurredAt >= (filter.from ?? 0) &&
                a.occurredAt < (filter.to ?? Number.MAX_SAFE_INTEGER),
            ).length;
            expect((await store.list(filter, 0, 5)).total, JSON.stringify(filter)).toBe(expected);
          }
        } finally {
          store.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});
