import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ActivityStore } from '../../../lib/store';
import { DB_VERSION } from '../../../lib/store/migrations';
import { migrateTo1 } from '../../../lib/store/migrations/001-initial';
import { migrateTo2 } from '../../../lib/store/migrations/002-epoch-times-and-kind-index';
import { type DayPack, type Fact, factOf, utcDay } from '../../../lib/store/packs';
import { anActivity } from '../../builders/activity';

const opened: ActivityStore[] = [];
async function openStore(name = `packs-test-${crypto.randomUUID()}`): Promise<ActivityStore> {
  const store = await ActivityStore.open(name);
  opened.push(store);
  return store;
}
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
const DAY = 86_400_000;
const T0 = Date.parse('2026-01-14T12:00:00-05:00');

async function packs(store: ActivityStore): Promise<DayPack[]> {
  return (await store.db.getAll('packs')) as DayPack[];
}

/** Packs must hold exactly one fact per valid activity, in the pack of its kind and UTC day. */
async function expectPacksMatch(store: ActivityStore): Promise<Fact[]> {
  const all = await packs(store);
  for (const pack of all) {
    expect(pack.facts.length).toBeGreaterThan(0);
    for (const fact of pack.facts) {
      expect(fact.kind).toBe(pack.kind);
      expect(utcDay(fact.occurredAt)).toBe(pack.day);
    }
  }
  const facts = all.flatMap((p) => p.facts).sort(byId);
  expect(facts).toEqual((await store.all()).map(factOf).sort(byId));
  return facts;
}

describe('day packs follow every activity write', () => {
  it('record, retract, restore, update (kind and day), confirmDue, import and deleteAll', async () => {
    const store = await openStore();
    const email = anActivity({ occurredAt: T0 });
    const call = anActivity({ kind: 'call', channel: 'manual', occurredAt: T0 + DAY, amount: 3, currency: 'USD' });
    const pending = anActivity({ status: 'pending', confirmAt: T0 + 10, occurredAt: T0 - DAY });
    for (const a of [email, call, pending]) await store.record(a);
    // A second record with the same key changes nothing.
    await store.record(anActivity({ dedupeKey: email.dedupeKey }));
    expect((await expectPacksMatch(store)).map((f) => f.id)).toEqual([email.id, call.id, pending.id].sort());

    await store.retract(email.id, T0);
    expect((await expectPacksMatch(store)).find((f) => f.id === email.id)?.status).toBe('retracted');
    await store.restore(email.id, T0);
    expect((await expectPacksMatch(store)).find((f) => f.id === email.id)?.status).toBe('counted');

    await store.update(call.id, { kind: 'meeting', occurredAt: T0 + 5 * DAY }, T0);
    const moved = (await expectPacksMatch(store)).find((f) => f.id === call.id);
    expect(moved).toMatchObject({ kind: 'meeting', occurredAt: T0 + 5 * DAY });
    // The call's old pack is gone (it held only that call).
    expect((await packs(store)).some((p) => p.kind === 'call')).toBe(false);

    expect((await store.confirmDue(T0 + 20)).map((a) => a.id)).toEqual([pending.id]);
    expect((await expectPacksMatch(store)).find((f) => f.id === pending.id)?.status).toBe('counted');

    // Import replacing an activity with another kind and day, adding one, skipping a duplicate key.
    const replaced = { ...email, kind: 'inmail' as const, channel: 'sales_navigator' as const, occurredAt: T0 - 40 * DAY };
    const fresh = anActivity({ occurredAt: T0 + 2 * DAY });
    expect(await store.importAll([replaced, fresh, anActivity({ dedupeKey: call.dedupeKey })])).toEqual({
      added: 1,
      updated: 1,
      skipped: 1,
    });
    expect((await expectPacksMatch(store)).map((f) => f.id)).toEqual([email.id, call.id, pending.id, fresh.id].sort());
    expect((await packs(store)).some((p) => p.kind === 'email' && p.day === utcDay(T0))).toBe(false);

    await store.deleteAll();
    expect(await packs(store)).toEqual([]);
  });

  it('a failed import leaves the packs as they were', async () => {
    const store = await openStore();
    await store.record(anActivity());
    const before = await packs(store);
    const realPut = IDBObjectStore.prototype.put;
    let puts = 0;
    const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      puts += 1;
      if (puts === 3) throw new DOMException('simulated failure', 'ConstraintError');
      return realPut.apply(this, args);
    });
    try {
      await expect(store.importAll([anActivity(), anActivity(), anActivity({ occurredAt: T0 + DAY })])).rejects.toThrow(
        'simulated failure',
      );
    } finally {
      spy.mockRestore();
    }
    expect(await packs(store)).toEqual(before);
    await expectPacksMatch(store);
  });

  it("factsInRanges returns only facts inside each kind's range, once each", async () => {
    const store = await openStore();
    const inside = anActivity({ kind: 'call', channel: 'manual', occurredAt: T0 });
    const outside = anActivity({ kind: 'call', channel: 'manual', occurredAt: T0 + 3 * DAY });
    const otherKind = anActivity({ occurredAt: T0 });
    await store.importAll([inside, outside, otherKind]);
    const facts = await store.factsInRanges([
      { kind: 'call', start: T0 - 1, end: T0 + DAY },
      { kind: 'call', start: T0, end: T0 + 1 },
    ]);
    expect(facts).toEqual([factOf(inside)]);
  });

  it('a pack that fails its check is not trusted', async () => {
    const store = await openStore();
    await store.record(anActivity({ kind: 'call', channel: 'manual', occurredAt: T0 }));
    await store.db.put('packs', { kind: 'call', day: utcDay(T0), facts: [{ id: 'x', kind: 'email' }] } as never);
    expect(await store.factsInRanges([{ kind: 'call', start: T0 - DAY, end: T0 + DAY }])).toBeUndefined();
  });
});

describe('migration to version 3', () => {
  it('builds packs from the activities of a version-2 database, leaving out broken records', async () => {
    const name = `packs-migration-${crypto.randomUUID()}`;
    const db = await openDB(name, 2, {
      async upgrade(database, oldVersion, _newVersion, tx) {
        if (oldVersion < 1) migrateTo1(database, tx as never);
        await migrateTo2(database, tx as never);
      },
    });
    const a = anActivity({ occurredAt: T0 });
    const b = anActivity({ occurredAt: T0 + 10 });
    const c = anActivity({ kind: 'deal', channel: 'manual', occurredAt: T0 - 90 * DAY, amount: 10, currency: 'EUR' });
    for (const value of [a, b, c, { ...anActivity(), kind: 'fax' }]) await db.put('activities', value);
    db.close();

    const store = await openStore(name);
    expect(store.db.version).toBe(DB_VERSION);
    const all = await packs(store);
    expect(all.map((p) => [p.kind, p.day, p.facts.length]).sort()).toEqual(
      [
        ['deal', utcDay(c.occurredAt), 1],
        ['email', utcDay(T0), 2],
      ].sort(),
    );
    await expectPacksMatch(store);
  });
});
