import { afterEach, describe, expect, it } from 'vitest';
import { anActivity } from '../../builders/activity';
import { createHarness, type Harness, ok, WED_NOON } from './harness';

/** An import too large for one message arrives in chunks, still all or nothing (issue 21, point 10). */
describe('import in chunks', () => {
  let harness: Harness;
  afterEach(() => harness?.close());

  const rows = (n: number, from = 0) =>
    Array.from({ length: n }, (_, i) =>
      anActivity({ id: `chunk-${from + i}`, dedupeKey: `chunk:${from + i}`, occurredAt: WED_NOON - (from + i + 1) * 60_000 }),
    );

  it('writes chunks in file order, whatever order their messages arrive in, and commits once', async () => {
    harness = await createHarness();
    const all = rows(12);
    const { importId } = await ok(harness.service, { type: 'activity/import-start', total: 12 });
    // The second chunk first: it waits for the first. Nothing is visible before the finish.
    const second = harness.service.handle({ type: 'activity/import-rows', importId, offset: 5, activities: all.slice(5) });
    const first = await ok(harness.service, { type: 'activity/import-rows', importId, offset: 0, activities: all.slice(0, 5) });
    expect(first.written).toBeGreaterThanOrEqual(5);
    expect(await second).toMatchObject({ ok: true });
    const result = await ok(harness.service, { type: 'activity/import-finish', importId });
    expect(result).toEqual({ added: 12, updated: 0, skipped: 0 });
    expect(await harness.store.count()).toBe(12);
    // The day packs followed in the same transaction: progress sees the imported activities.
    expect((await harness.store.factsInRanges([{ kind: 'email', start: 0, end: WED_NOON }]))?.length).toBe(12);
  });

  it('keeps nothing when a later chunk holds a bad row, and names the row in the whole file', async () => {
    harness = await createHarness();
    await harness.store.record(anActivity({ id: 'before', dedupeKey: 'before' }));
    const all: unknown[] = rows(6);
    all[4] = { ...(all[4] as object), occurredAt: 'yesterday' };
    const { importId } = await ok(harness.service, { type: 'activity/import-start', total: 6 });
    await ok(harness.service, { type: 'activity/import-rows', importId, offset: 0, activities: all.slice(0, 3) });
    const bad = await harness.service.handle({ type: 'activity/import-rows', importId, offset: 3, activities: all.slice(3) });
    expect(bad).toMatchObject({ ok: false, error: expect.stringMatching(/^row 5: occurredAt/) });
    const finish = await harness.service.handle({ type: 'activity/import-finish', importId });
    expect(finish.ok).toBe(false);
    expect((await harness.store.all()).map((a) => a.id)).toEqual(['before']);
    // The next import may start.
    const again = await ok(harness.service, { type: 'activity/import-start', total: 1 });
    await ok(harness.service, { type: 'activity/import-rows', importId: again.importId, offset: 0, activities: rows(1, 100) });
    expect(await ok(harness.service, { type: 'activity/import-finish', importId: again.importId })).toEqual({
      added: 1,
      updated: 0,
      skipped: 0,
    });
  });

  it('refuses to finish with rows missing, and a cancel keeps nothing', async () => {
    harness = await createHarness();
    const all = rows(4);
    const { importId } = await ok(harness.service, { type: 'activity/import-start', total: 4 });
    await ok(harness.service, { type: 'activity/import-rows', importId, offset: 0, activities: all.slice(0, 2) });
    const finish = await harness.service.handle({ type: 'activity/import-finish', importId });
    expect(finish).toMatchObject({ ok: false, error: expect.stringContaining('2 rows never arrived') });
    const second = await ok(harness.service, { type: 'activity/import-start', total: 4 });
    await ok(harness.service, { type: 'activity/import-rows', importId: second.importId, offset: 0, activities: all.slice(0, 2) });
    await ok(harness.service, { type: 'activity/import-cancel', importId: second.importId });
    expect(await harness.store.count()).toBe(0);
  });

  it('gives up an import whose rows stop coming, keeping nothing', async () => {
    harness = await createHarness();
    const session = harness.store.startImport(WED_NOON, 50);
    await session.add(rows(3));
    await expect(session.finished).rejects.toThrow('stopped receiving rows');
    expect(await harness.store.count()).toBe(0);
  });
});
