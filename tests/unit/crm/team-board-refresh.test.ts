import { describe, expect, it, vi } from 'vitest';
import { FULL_READ_AFTER_MS } from '../../../lib/background/team-board-cache';
import { CHECKPOINT_PAGES } from '../../../lib/background/team-board-read';
import { measureRefresh, repCounts, SCALE_CRMS, SCALE_LAST_MONTH, scaleWorld } from '../../fakes/crm/board-scale';

/**
 * Issue 26, goals 3 and 4, through the board job and the real clients against the fake CRMs (which
 * honour each vendor's modified-since filter as the vendor documents it): a refresh asks only for
 * what changed and counts what a whole read counts; a rep-picker change asks nothing; a period change
 * reuses the overlap; a deletion, which no modified-since list shows, is seen at the next whole read
 * and the board says when that is; a read the browser stops mid-way is taken up at its last
 * checkpoint by the next worker, counting every record once.
 */
describe('the team board reads only what changed', () => {
  for (const crm of SCALE_CRMS) {
    it(`${crm}: a refresh after 100 edits costs at most the changes' pages (+1), and counts what a whole read counts`, async () => {
      const run = await measureRefresh(crm, 20, 100);
      expect(run.error).toBeUndefined();
      // Bitrix24's first list page is a plain call (its `total` says how many pages a batch then asks for).
      expect(run.refreshRequests).toBeLessThanOrEqual(run.refreshFloor + (crm === 'bitrix24' ? 1 : 0));
      expect(run.refreshRequests).toBeLessThan(run.firstRequests);
      expect(run.matchesWhole).toBe(true);
      expect(run.repChangeRequests).toBe(0);
    });
  }

  it('a period inside one already read asks only for its changes; a larger one reads only the part never read whole', async () => {
    const world = await scaleWorld('hubspot', 20);
    const month = await world.job.board('this_month');
    expect(month.ok && month.board.read).toMatchObject({ whole: 1, changes: 0, reused: false });
    world.counter.requests = 0;
    const week = await world.job.board('this_week');
    expect(week.ok && week.board.read).toMatchObject({ whole: 0, changes: 1 });
    // Nothing changed: one search a HubSpot type.
    expect(world.counter.requests).toBe(5);
    world.counter.requests = 0;
    const quarter = await world.job.board('this_quarter');
    // January and March read whole (never read), February only for its changes.
    expect(quarter.ok && quarter.board.read).toMatchObject({ whole: 2, changes: 1 });
    // Against the quarter read whole by a board that kept nothing: fewer requests, the same counts.
    const fresh = await scaleWorld('hubspot', 20);
    const wholeQuarter = await fresh.job.board('this_quarter');
    expect(world.counter.requests).toBeLessThan(fresh.counter.requests);
    expect(repCounts(quarter)).toEqual(repCounts(wholeQuarter));
    expect(quarter.ok && quarter.board.reps.reduce((s, rep) => s + rep.records, 0)).toBe(
      world.seeded.seeded.filter((r) => r.at >= SCALE_LAST_MONTH.from).length,
    );
  });

  for (const crm of SCALE_CRMS) {
    it(`${crm}: a deletion is not seen by a refresh, the board says until when, and the next whole read sees it`, async () => {
      const world = await scaleWorld(crm, 3);
      const first = await world.job.board('this_month');
      expect(first.ok).toBe(true);
      const victim = world.seeded.seeded.find((r) => r.at >= SCALE_LAST_MONTH.to)!;
      world.advance(3_600_000);
      world.seeded.edit(victim.id, { deleted: true });
      const refreshed = await world.job.board('this_month');
      if (!refreshed.ok || !first.ok) throw new Error('board failed');
      expect(repCounts(refreshed)).toEqual(repCounts(first));
      expect(refreshed.board.read).toMatchObject({ whole: 0, changes: 1, fullAt: first.board.read!.fullAt });
      expect(refreshed.board.read!.wholeAgainAt).toBe(first.board.read!.fullAt + FULL_READ_AFTER_MS);
      // Asked for (the manager's "read all again"), or once the whole read is a day old: seen.
      const whole = await world.job.board('this_month', { whole: true });
      const total = (r: typeof whole) => (r.ok ? r.board.reps.reduce((s, rep) => s + rep.records, 0) : -1);
      expect(total(whole)).toBe(total(first) - 1);
      world.advance(FULL_READ_AFTER_MS);
      const later = await world.job.board('this_month');
      expect(later.ok && later.board.read).toMatchObject({ whole: 1, changes: 0 });
    });
  }
});

describe('a long read survives the browser stopping the worker', () => {
  it('HubSpot, 20 reps, last month: stopped after 60 pages, the next worker goes on from the checkpoint; every record counted once', async () => {
    const unstopped = await scaleWorld('hubspot', 20);
    await unstopped.job.board('last_month');
    const whole = unstopped.counter.requests;
    const world = await scaleWorld('hubspot', 20);
    const expected = world.seeded.seeded.filter((r) => r.at >= SCALE_LAST_MONTH.from && r.at < SCALE_LAST_MONTH.to).length;
    // The users, then 60 pages; then the worker is gone (its requests never answered).
    world.stopAfter(61);
    void world.job.board('last_month');
    await vi.waitFor(async () => expect((await world.job.status()).reading).toMatchObject({ running: true, pages: 60 }), {
      timeout: 20_000,
    });
    const before = world.counter.requests;
    expect(before).toBe(61);

    const next = world.newWorker();
    // What the Team section shows before the read goes on: where it stopped (its last checkpoint).
    expect((await next.status()).reading).toMatchObject({ running: false, pages: CHECKPOINT_PAGES });
    world.counter.requests = 0;
    const resumed = await next.board('last_month');
    if (!resumed.ok) throw new Error(resumed.error.message);
    expect(resumed.board.read).toMatchObject({ resumed: 1 });
    expect(resumed.board.reps.reduce((sum, rep) => sum + rep.records, 0)).toBe(expected);
    expect(resumed.board.records.distinct).toBe(expected);
    // Not from zero: the users and the checkpoint's 50 pages are not asked again.
    expect(world.counter.requests).toBe(whole - 1 - CHECKPOINT_PAGES);
    expect((await next.status()).reading).toBeUndefined();
  });
});
