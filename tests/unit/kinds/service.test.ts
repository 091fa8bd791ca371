import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import type { Activity } from '../../../lib/activity';
import { backupJson } from '../../../lib/csv';
import type { CustomKind } from '../../../lib/kinds';
import { ActivityStore } from '../../../lib/store';
import { DB_VERSION, MIGRATIONS } from '../../../lib/store/migrations';
import { aManualCall } from '../../builders/activity';
import { createHarness, type Harness, ok, refused } from '../service/harness';

let harness: Harness;
afterEach(() => harness?.close());

async function addVisit(oneClick = true): Promise<CustomKind> {
  return ok(harness.service, { type: 'kinds/add', names: { en: 'Site visit', ru: 'Выезд' }, oneClick });
}

describe('custom kinds: lifecycle', () => {
  it('adds, renames, hides, and keeps the id; refuses a second kind of the same name', async () => {
    harness = await createHarness();
    const kind = await addVisit();
    expect(kind).toEqual({ id: 'custom:site-visit', names: { en: 'Site visit', ru: 'Выезд' }, oneClick: true, hidden: false });
    expect(await refused(harness.service, { type: 'kinds/add', names: { en: 'site visit' } })).toMatch(/already exists/);
    const renamed = await ok(harness.service, { type: 'kinds/update', id: kind.id, names: { en: 'Plant visit' }, hidden: true });
    expect(renamed).toEqual({ id: 'custom:site-visit', names: { en: 'Plant visit' }, oneClick: true, hidden: true });
    // Stored (a restarted background reads the same) and validated by its kv schema.
    expect(await ok(harness.restart(), { type: 'kinds/list' })).toEqual([renamed]);
    expect(await refused(harness.service, { type: 'kinds/update', id: 'custom:nope', hidden: true })).toMatch(/not a defined kind/);
    // Another kind cannot take a name in use, in either language.
    const other = await ok(harness.service, { type: 'kinds/add', names: { ru: 'Выставка' } });
    expect(other.id).toBe('custom:vystavka');
    expect(await refused(harness.service, { type: 'kinds/update', id: other.id, names: { en: 'plant visit' } })).toMatch(/already exists/);
    expect(await refused(harness.service, { type: 'kinds/add', names: { en: 'Fair', ru: 'выставка' } })).toMatch(/already exists/);
  });

  it('logs a custom kind in one click and counts it in a quota, from activities and from day packs alike', async () => {
    harness = await createHarness();
    const kind = await addVisit();
    await ok(harness.service, {
      type: 'quotas/save',
      quotas: [{ id: 'visits', name: 'Visits', kinds: [kind.id], target: 10, period: 'week', measure: 'count', excludeInternal: false }],
    });
    const logged = await ok(harness.service, { type: 'activity/log', entry: { kind: kind.id } });
    expect(logged.kind).toBe('custom:site-visit');
    const progress = await ok(harness.service, { type: 'progress/get' });
    expect(progress.quotas[0]).toMatchObject({ quotaId: 'visits', done: 1 });
    expect(progress.today).toMatchObject({ 'custom:site-visit': 1 });
    // A fresh worker reads day packs: the same count.
    const fresh = await ok(harness.restart(), { type: 'progress/get' });
    expect(fresh.quotas[0]).toMatchObject({ quotaId: 'visits', done: 1 });
    expect(fresh.today).toMatchObject({ 'custom:site-visit': 1 });
  });

  it('refuses to log an undefined or removed kind, and units on kinds that are not sales', async () => {
    harness = await createHarness();
    expect(await refused(harness.service, { type: 'activity/log', entry: { kind: 'custom:ghost' } })).toMatch(/not a defined kind/);
    expect(await refused(harness.service, { type: 'activity/log', entry: { kind: 'call', units: 3 } })).toMatch(/units/);
    const sale = await ok(harness.service, {
      type: 'activity/log',
      entry: { kind: 'new_customer', amount: 900, currency: 'USD', units: 3 },
    });
    expect(sale).toMatchObject({ kind: 'new_customer', amount: 900, units: 3 });
    // Changing a sale to a call keeps its units only if they are dropped with it.
    expect(await refused(harness.service, { type: 'activity/update', id: sale.id, patch: { kind: 'call' } })).toMatch(/units/);
    expect(await ok(harness.service, { type: 'activity/update', id: sale.id, patch: { kind: 'call', units: undefined } })).toMatchObject({
      kind: 'call',
    });
  });

  it('a units quota sums units sold, from a fresh worker too', async () => {
    harness = await createHarness();
    await ok(harness.service, {
      type: 'quotas/save',
      quotas: [
        {
          id: 'units',
          name: 'Units',
          kinds: ['deal', 'new_customer'],
          target: 50,
          period: 'month',
          measure: 'units',
          excludeInternal: false,
        },
      ],
    });
    await ok(harness.service, { type: 'activity/log', entry: { kind: 'deal', amount: 100, currency: 'USD', units: 7 } });
    await ok(harness.service, { type: 'activity/log', entry: { kind: 'new_customer', units: 5 } });
    await ok(harness.service, { type: 'activity/log', entry: { kind: 'deal', amount: 50 } });
    expect((await ok(harness.service, { type: 'progress/get' })).quotas[0]).toMatchObject({ done: 12 });
    expect((await ok(harness.restart(), { type: 'progress/get' })).quotas[0]).toMatchObject({ done: 12 });
    const { report } = await ok(harness.service, { type: 'report/get', period: 'this_month' });
    // An amount logged without a currency is summed apart from the dollars.
    expect(report.won).toEqual({
      sales: 3,
      revenue: [
        { currency: 'USD', amount: 100 },
        { currency: null, amount: 50 },
      ],
      units: 12,
    });
  });
});

describe('custom kinds: removal never loses activities silently', () => {
  async function withActivities(count: number): Promise<CustomKind> {
    const kind = await addVisit();
    for (let i = 0; i < count; i += 1) await ok(harness.service, { type: 'activity/log', entry: { kind: kind.id } });
    return kind;
  }
  const ofKind = async (kind: string) => (await harness.store.all()).filter((a) => a.kind === kind);

  it('reports its usage, and will not go while a quota counts it', async () => {
    harness = await createHarness();
    const kind = await withActivities(2);
    await ok(harness.service, {
      type: 'quotas/save',
      quotas: [{ id: 'v', name: 'Visits', kinds: [kind.id], target: 5, period: 'week', measure: 'count', excludeInternal: false }],
    });
    expect(await ok(harness.service, { type: 'kinds/usage', id: kind.id })).toEqual({ activities: 2, quotas: ['Visits'] });
    expect(await refused(harness.service, { type: 'kinds/remove', id: kind.id, activities: 'archive' })).toMatch(/"Visits"/);
    expect(await ok(harness.service, { type: 'kinds/list' })).toHaveLength(1);
  });

  it('with activities and no choice, refuses and changes nothing', async () => {
    harness = await createHarness();
    const kind = await withActivities(2);
    expect(await refused(harness.service, { type: 'kinds/remove', id: kind.id, activities: 'none' })).toMatch(/2 activities/);
    expect(await ofKind(kind.id)).toHaveLength(2);
    expect(await ok(harness.service, { type: 'kinds/list' })).toEqual([kind]);
  });

  it('moves them to another kind (their packs with them)', async () => {
    harness = await createHarness();
    const kind = await withActivities(3);
    expect(await refused(harness.service, { type: 'kinds/remove', id: kind.id, activities: 'move' })).toMatch(/moveTo/);
    expect(await ok(harness.service, { type: 'kinds/remove', id: kind.id, activities: 'move', moveTo: 'demo' })).toEqual({
      moved: 3,
      deleted: 0,
      archived: 0,
    });
    expect(await ofKind(kind.id)).toHaveLength(0);
    expect(await ofKind('demo')).toHaveLength(3);
    expect(await ok(harness.service, { type: 'kinds/list' })).toEqual([]);
    const facts = await harness.store.factsInRanges([
      { kind: 'demo', start: 0, end: harness.now() + 1 },
      { kind: kind.id, start: 0, end: harness.now() + 1 },
    ]);
    expect(facts?.map((f) => f.kind)).toEqual(['demo', 'demo', 'demo']);
  });

  it('keeps them under the archived kind: still named, no longer offered', async () => {
    harness = await createHarness();
    const kind = await withActivities(2);
    expect(await ok(harness.service, { type: 'kinds/remove', id: kind.id, activities: 'archive' })).toEqual({
      moved: 0,
      deleted: 0,
      archived: 2,
    });
    expect(await ofKind(kind.id)).toHaveLength(2);
    expect(await ok(harness.service, { type: 'kinds/list' })).toEqual([{ ...kind, archived: true, oneClick: false, hidden: true }]);
    expect(await refused(harness.service, { type: 'activity/log', entry: { kind: kind.id } })).toMatch(/removed/);
  });

  it('deletes them only with the second confirmation', async () => {
    harness = await createHarness();
    const kind = await withActivities(2);
    expect(await refused(harness.service, { type: 'kinds/remove', id: kind.id, activities: 'delete' })).toMatch(/second confirmation/);
    expect(await ofKind(kind.id)).toHaveLength(2);
    expect(await ok(harness.service, { type: 'kinds/remove', id: kind.id, activities: 'delete', confirmDelete: true })).toEqual({
      moved: 0,
      deleted: 2,
      archived: 0,
    });
    expect(await ofKind(kind.id)).toHaveLength(0);
    expect(await ok(harness.service, { type: 'kinds/list' })).toEqual([]);
  });

  it('a kind without activities just goes', async () => {
    harness = await createHarness();
    const kind = await addVisit();
    expect(await ok(harness.service, { type: 'kinds/remove', id: kind.id, activities: 'none' })).toEqual({
      moved: 0,
      deleted: 0,
      archived: 0,
    });
    expect(await ok(harness.service, { type: 'kinds/list' })).toEqual([]);
  });
});

describe('import: unknown kinds', () => {
  const visitDef: CustomKind = { id: 'custom:site-visit', names: { en: 'Site visit', ru: 'Выезд' }, oneClick: true, hidden: false };
  const visits = (): Activity[] => [aManualCall({ kind: 'custom:site-visit' }), aManualCall({ kind: 'custom:trade-show' })];

  it('says which kinds it does not know, and imports nothing', async () => {
    harness = await createHarness();
    const error = await refused(harness.service, { type: 'activity/import', activities: visits(), kinds: [visitDef] });
    expect(error).toMatch(/unknown kinds: custom:site-visit, custom:trade-show/);
    expect(await harness.store.count()).toBe(0);
    expect(await refused(harness.service, { type: 'activity/import', activities: visits(), createKinds: ['custom:site-visit'] })).toMatch(
      /custom:trade-show/,
    );
    expect(await ok(harness.service, { type: 'kinds/list' })).toEqual([]);
  });

  it('creates the kinds chosen, from the file definition or named after the id, then imports', async () => {
    harness = await createHarness();
    const result = await ok(harness.service, {
      type: 'activity/import',
      activities: visits(),
      kinds: [visitDef],
      createKinds: ['custom:site-visit', 'custom:trade-show'],
    });
    expect(result).toMatchObject({ added: 2, kindsCreated: ['custom:site-visit', 'custom:trade-show'] });
    expect(await ok(harness.service, { type: 'kinds/list' })).toEqual([
      visitDef,
      { id: 'custom:trade-show', names: { en: 'trade-show' }, oneClick: false, hidden: false },
    ]);
  });

  it('a backup round trip restores activities and kinds after delete-all, in a fresh profile too', async () => {
    harness = await createHarness();
    const kind = await addVisit();
    await ok(harness.service, { type: 'activity/log', entry: { kind: kind.id } });
    await ok(harness.service, { type: 'activity/log', entry: { kind: 'deal', amount: 10, currency: 'USD', units: 2 } });
    const activities = await ok(harness.service, { type: 'activity/export' });
    const file = JSON.parse(backupJson(activities, await ok(harness.service, { type: 'kinds/list' })));
    await ok(harness.service, { type: 'activity/delete-all' });
    // Kinds stay defined after delete-all: nothing to create, everything comes back.
    expect(await ok(harness.service, { type: 'activity/import', activities: file.activities, kinds: file.kinds })).toEqual({
      added: 2,
      updated: 0,
      skipped: 0,
    });
    const fresh = await createHarness();
    try {
      const result = await ok(fresh.service, {
        type: 'activity/import',
        activities: file.activities,
        kinds: file.kinds,
        createKinds: ['custom:site-visit'],
      });
      expect(result).toMatchObject({ added: 2, kindsCreated: ['custom:site-visit'] });
      expect(await ok(fresh.service, { type: 'kinds/list' })).toEqual([kind]);
      expect((await fresh.store.all()).map((a) => a.units).filter(Boolean)).toEqual([2]);
    } finally {
      fresh.close();
    }
  });
});

describe('migration 005 from the version 4 fixture', () => {
  it('rebuilds day packs with units facts and keeps everything else; no custom kinds', async () => {
    const dump = JSON.parse(readFileSync(join(process.cwd(), 'tests/fixtures/db/v4.json'), 'utf8'));
    const name = `v4-to-5-${crypto.randomUUID()}`;
    const db = await openDB(name, 4, {
      upgrade(database, oldVersion, _new, tx) {
        void (async () => {
          for (let v = oldVersion + 1; v <= 4; v += 1) await MIGRATIONS[v - 1]!(database as never, tx as never);
        })();
      },
    });
    const tx = db.transaction(['activities', 'packs', 'kv'], 'readwrite');
    await Promise.all([
      ...dump.stores.activities.map((a: unknown) => tx.objectStore('activities').put(a)),
      ...dump.stores.packs.map((p: unknown) => tx.objectStore('packs').put(p)),
      ...dump.stores.kv.map(({ key, value }: { key: string; value: unknown }) => tx.objectStore('kv').put(value, key)),
    ]);
    await tx.done;
    db.close();

    const store = await ActivityStore.open(name);
    try {
      expect(store.db.version).toBe(DB_VERSION);
      const facts = await store.factsInRanges([{ kind: 'deal', start: 0, end: Date.parse('2100-01-01') }]);
      // The stale fact v4 left is gone: packs were rebuilt from the activities.
      expect(facts?.map((f) => f.id)).toEqual(['v4-deal']);
      expect(await store.readKv('customKinds')).toBeUndefined();
      expect((await store.readKv('quotas'))?.map((q) => q.target)).toEqual([150, 200, 50, 50000]);
      // A sale with units written now lands in its pack with its units.
      await store.record(aManualCall({ kind: 'deal', amount: 5, units: 9, occurredAt: dump.stores.activities[4].occurredAt }));
      const after = await store.factsInRanges([{ kind: 'deal', start: 0, end: Date.parse('2100-01-01') }]);
      expect(after?.map((f) => f.units ?? null).sort()).toEqual([9, null]);
    } finally {
      store.close();
    }
  });
});
