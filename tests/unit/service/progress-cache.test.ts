import { afterEach, describe, expect, it, vi } from 'vitest';
import type { QuotaRadarService } from '../../../lib/background';
import { aGmailCapture, createHarness, type Harness, ok, record } from './harness';

const SECOND = 1000;

/** Progress as a background that just started would compute it: from the store alone. */
async function fromScratch(h: Harness) {
  return h.restart().progress();
}

async function expectSameAsFresh(h: Harness, service: QuotaRadarService) {
  const patched = await service.progress();
  expect(patched).toEqual(await fromScratch(h));
  return patched;
}

describe('the progress cache is patched by writes, never stale', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('after entries, captures, undo, retract, restore, confirmation and edits it equals a fresh read', async () => {
    h = await createHarness({ gmailUndoSeconds: 5 });
    const { service } = h;
    await expectSameAsFresh(h, service); // fills the cache

    const call = await ok(service, { type: 'activity/log', entry: { kind: 'call' } });
    expect((await expectSameAsFresh(h, service)).today.call).toBe(1);

    await service.applyEvents([record(aGmailCapture({ dedupeKey: 'gmail:a' })), record(aGmailCapture({ dedupeKey: 'gmail:b' }))]);
    expect((await expectSameAsFresh(h, service)).pending).toHaveLength(2);

    await service.applyEvents([{ type: 'retract', dedupeKey: 'gmail:a', onlyIfPending: true }]);
    expect((await expectSameAsFresh(h, service)).pending).toHaveLength(1);

    h.advance(6 * SECOND);
    expect(await service.confirmDue()).toBe(1);
    expect((await expectSameAsFresh(h, service)).today.email).toBe(1);

    await ok(service, { type: 'activity/retract', id: call.id });
    expect((await expectSameAsFresh(h, service)).today.call).toBeUndefined();
    await ok(service, { type: 'activity/restore', id: call.id });
    expect((await expectSameAsFresh(h, service)).today.call).toBe(1);
    await ok(service, { type: 'activity/update', id: call.id, patch: { kind: 'meeting' } });
    const report = await expectSameAsFresh(h, service);
    expect(report.today).toMatchObject({ meeting: 1, email: 1 });
    expect(report.today.call).toBeUndefined();

    // Undo takes back what was recorded last (here the meeting and the email were recorded at the same instant).
    const undone = await ok(service, { type: 'activity/undo-last' });
    expect(undone?.status).toBe('retracted');
    expect((await expectSameAsFresh(h, service)).today[undone!.kind]).toBeUndefined();
  });

  it('an import drops the cache: the imported activities count at once', async () => {
    h = await createHarness();
    const { service } = h;
    await service.progress();
    const exported = await (async () => {
      const other = await ok(service, { type: 'activity/log', entry: { kind: 'call' } });
      return [{ ...other, id: 'imported', dedupeKey: 'manual:imported' }];
    })();
    await ok(service, { type: 'activity/import', activities: exported });
    expect((await expectSameAsFresh(h, service)).today.call).toBe(2);
  });

  it('concurrent callers share one read, and a write during it is not lost', async () => {
    h = await createHarness();
    const { service, store } = h;
    const packReads = vi.spyOn(store, 'factsInRanges');
    const pendingReads = vi.spyOn(store, 'pending');
    const activityReads = vi.spyOn(store, 'inRanges');
    const first = service.progress();
    const logged = ok(service, { type: 'activity/log', entry: { kind: 'call' } });
    const second = service.progress();
    const [a, , b] = await Promise.all([first, logged, second]);
    // One fill served both callers: the store was read once, not once per caller.
    expect(packReads).toHaveBeenCalledTimes(1);
    expect(pendingReads).toHaveBeenCalledTimes(1);
    expect(activityReads).not.toHaveBeenCalled();
    expect(b).toEqual(a);
    // The entry written while the fill was in flight patched it: no second read for it either.
    expect((await service.progress()).today.call).toBe(1);
    expect(packReads).toHaveBeenCalledTimes(1);
    await expectSameAsFresh(h, service);
  });
});
