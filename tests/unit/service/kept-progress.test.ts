import { afterEach, describe, expect, it } from 'vitest';
import { QuotaRadarService } from '../../../lib/background';
import { asKeptProgress, usableKeptProgress } from '../../../lib/kept-progress';
import { computeProgress, type ProgressReport } from '../../../lib/quota/progress';
import { ProgressReportSchema } from '../../../lib/quota/progress-schema';
import { PROGRESS_MEMO_KEY } from '../../../lib/store/kv';
import { aManualCall, anActivity } from '../../builders/activity';
import { aGmailCapture, createHarness, type Harness, ok, record } from './harness';

/**
 * The progress kept between worker lives: a freshly started service answers from it when nothing
 * was written since, and is never stale. Oracle: the engine over every stored activity at the same
 * moment, after each step of a randomized run of writes, settings changes and clock moves.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Lets the task that computed a progress end, so that it is kept (see ProgressCache.keep). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

async function oracle(h: Harness, service: QuotaRadarService) {
  return computeProgress({
    quotas: await service.getQuotas(),
    settings: await service.getSettings(),
    now: h.now(),
    activities: await h.store.all(),
  });
}

/** Pending captures at the same moment come in storage order, which differs between read paths. */
function inOneOrder(report: ProgressReport): ProgressReport {
  const pending = [...report.pending].sort((a, b) => a.occurredAt - b.occurredAt || a.id.localeCompare(b.id));
  return { ...report, pending };
}

/** A freshly started service's progress, checked against the oracle; returns where it came from. */
async function freshMatchesOracle(h: Harness): Promise<string | undefined> {
  const fresh = h.restart();
  const report = await fresh.progress();
  expect(inOneOrder(report)).toEqual(inOneOrder(await oracle(h, fresh)));
  return fresh.lastProgressRun?.source;
}

function random(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

describe('the kept progress', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('a fresh service uses it, and it equals a computation from all activities after every kind of change', async () => {
    h = await createHarness({ gmailUndoSeconds: 10, internalDomains: ['seller.example'] });
    // DST week in New York: the clock crosses 2026-03-08 02:00 (a 23-hour day) during the run.
    h.setNow(Date.parse('2026-03-06T15:00:00-05:00'));
    const rand = random(11);
    const sources = new Map<string, number>();
    const ids: string[] = [];
    for (let step = 0; step < 70; step += 1) {
      const { service } = h;
      const roll = rand();
      if (roll < 0.2) {
        ids.push((await ok(service, { type: 'activity/log', entry: { kind: rand() < 0.5 ? 'call' : 'meeting' } })).id);
      } else if (roll < 0.35) {
        const internal = rand() < 0.3;
        await service.applyEvents([
          record(
            aGmailCapture({ occurredAt: h.now(), recipients: [{ address: internal ? 'boss@seller.example' : `p${step}@buyer.example` }] }),
          ),
        ]);
      } else if (roll < 0.45) {
        h.advance(Math.floor(rand() * 30) * 1000);
        await service.confirmDue();
      } else if (roll < 0.55 && ids.length) {
        const id = ids[Math.floor(rand() * ids.length)]!;
        await ok(service, rand() < 0.5 ? { type: 'activity/retract', id } : { type: 'activity/restore', id });
      } else if (roll < 0.62 && ids.length) {
        const id = ids[Math.floor(rand() * ids.length)]!;
        await ok(service, { type: 'activity/update', id, patch: { occurredAt: h.now() - Math.floor(rand() * 3 * 24) * HOUR } });
      } else if (roll < 0.67) {
        const at = h.now() - Math.floor(rand() * 40 * 24) * HOUR;
        await ok(service, { type: 'activity/import', activities: [aManualCall({ occurredAt: at }), anActivity({ occurredAt: at })] });
      } else if (roll < 0.72) {
        const settings = await service.getSettings();
        const internalDomains = settings.internalDomains.length ? [] : ['seller.example'];
        await ok(service, { type: 'settings/save', settings: { ...settings, internalDomains } });
      } else if (roll < 0.76) {
        const quotas = await service.getQuotas();
        await ok(service, { type: 'quotas/save', quotas: quotas.map((q) => ({ ...q, target: q.target + 1 })) });
      } else {
        // Time passes with the worker stopped: minutes, or hours across midnight and the DST change.
        h.advance(rand() < 0.7 ? Math.floor(rand() * 20) * MINUTE : Math.floor(rand() * 14) * HOUR);
      }
      // The running service computes (and keeps) its progress, as the badge does after each change;
      // unless the worker stopped first.
      if (rand() < 0.7) {
        await service.progress();
        await settle();
      }
      const source = await freshMatchesOracle(h);
      sources.set(source ?? 'none', (sources.get(source ?? 'none') ?? 0) + 1);
    }
    // Both paths ran: the kept progress most of the time, a read from the store when it no longer fit.
    expect(sources.get('kept') ?? 0).toBeGreaterThan(30);
    expect(sources.get('read') ?? 0).toBeGreaterThan(0);
  });

  it('is deleted by every activity write, in the write transaction itself', async () => {
    h = await createHarness();
    const kept = () => h.store.readKv(PROGRESS_MEMO_KEY);
    const keepNow = async () => {
      await h.restart().progress();
      await settle();
      expect(await kept()).toBeDefined();
    };
    await keepNow();
    // Writes straight to the store (no service, no change hook): the stored memo still goes.
    const call = aManualCall({ occurredAt: h.now() });
    await h.store.record(call);
    expect(await kept()).toBeUndefined();
    await keepNow();
    await h.store.retract(call.id, h.now());
    expect(await kept()).toBeUndefined();
    await keepNow();
    await h.store.importAll([anActivity({ occurredAt: h.now() })]);
    expect(await kept()).toBeUndefined();
    await h.store.record(anActivity({ occurredAt: h.now(), status: 'pending', confirmAt: h.now() + MINUTE }));
    await keepNow();
    await h.store.confirmDue(h.now() + MINUTE);
    expect(await kept()).toBeUndefined();
    await keepNow();
    await h.store.deleteAll();
    expect(await kept()).toBeUndefined();
    // A record that finds its key already there writes nothing, and keeps it.
    await keepNow();
    await h.store.record(anActivity({ dedupeKey: (await h.store.all())[0]?.dedupeKey ?? 'none' }));
  });

  it('is not saved from a progress computed while a write was running', async () => {
    h = await createHarness();
    const { service, store } = h;
    const writing = ok(service, { type: 'activity/log', entry: { kind: 'call' } });
    const during = service.progress();
    await Promise.all([writing, during]);
    await settle();
    const memo = await store.readKv(PROGRESS_MEMO_KEY);
    // Either nothing was kept, or what was kept already counts the call.
    if (memo) expect(memo.report.today.call).toBe(1);
    expect((await h.restart().progress()).today.call).toBe(1);
  });
});

describe('the kept progress mirrored for the popup', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('is handed out when kept, fits the popup check, and is usable only until its validity ends', async () => {
    h = await createHarness();
    const kept: { report: ProgressReport; validUntil: number }[] = [];
    const service = new QuotaRadarService(h.store, h.now, { onProgressKept: (report, validUntil) => kept.push({ report, validUntil }) });
    await ok(service, { type: 'activity/log', entry: { kind: 'call' } });
    const report = await service.progress();
    await settle();
    expect(kept).toHaveLength(1);
    expect(kept[0]!.report).toEqual(report);
    expect(asKeptProgress(JSON.parse(JSON.stringify(kept[0])))).toEqual(kept[0]);
    expect(usableKeptProgress(kept[0], h.now())).toBeDefined();
    expect(usableKeptProgress(kept[0], kept[0]!.validUntil)).toBeUndefined();
    expect(usableKeptProgress(kept[0], report.at - 1)).toBeUndefined();
    // The same progress again is not handed out twice; a write makes the next one new.
    await service.progress();
    await settle();
    expect(kept).toHaveLength(1);
    await ok(service, { type: 'activity/log', entry: { kind: 'call' } });
    await service.progress();
    await settle();
    expect(kept).toHaveLength(2);
    expect(kept[1]!.report.today.call).toBe(2);
  });

  it("the popup's check agrees with the stored report's schema on what it reads", async () => {
    h = await createHarness();
    await ok(h.service, { type: 'activity/log', entry: { kind: 'call' } });
    const report = await h.service.progress();
    expect(ProgressReportSchema.safeParse(report).success).toBe(true);
    expect(asKeptProgress({ report, validUntil: report.at + 1 })).toBeDefined();
    // Each field the first paint reads, broken: both refuse it.
    const broken: ((r: ProgressReport) => unknown)[] = [
      (r) => ({ ...r, at: 'now' }),
      (r) => ({ ...r, quotas: 'none' }),
      (r) => ({ ...r, quotas: [{ ...r.quotas[0], done: '5' }] }),
      (r) => ({ ...r, quotas: [{ ...r.quotas[0], target: null }] }),
      (r) => ({ ...r, quotas: [{ ...r.quotas[0], name: 3 }] }),
      (r) => ({ ...r, quotas: [{ ...r.quotas[0], met: 'no' }] }),
      (r) => ({ ...r, today: null }),
      (r) => ({ ...r, pending: {} }),
      (r) => ({ ...r, streak: undefined }),
    ];
    for (const breakIt of broken) {
      const value = breakIt(report);
      expect(ProgressReportSchema.safeParse(value).success).toBe(false);
      expect(asKeptProgress({ report: value, validUntil: report.at + 1 })).toBeUndefined();
    }
  });

  it('a stored value that does not fit is ignored', () => {
    for (const broken of [undefined, null, 'x', {}, { validUntil: 1 }, { validUntil: 1, report: { at: 0, quotas: [{}] } }]) {
      expect(asKeptProgress(broken)).toBeUndefined();
    }
  });
});
