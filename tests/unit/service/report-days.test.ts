import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Activity } from '../../../lib/activity';
import { QuotaRadarService } from '../../../lib/background';
import { periodContaining } from '../../../lib/quota/calendar';
import { dailyByKind, periodReport, quotaHistory, type ReportPeriod, reportInterval, reportWindow } from '../../../lib/quota/report';
import { defaultSettings } from '../../../lib/settings';
import { ActivityStore } from '../../../lib/store';
import { anActivity } from '../../builders/activity';
import { INSTALLED_LONG_AGO, ok, WED_NOON } from './harness';

const QUOTAS = [
  { id: 'calls', name: 'Calls', kinds: ['call'], target: 30, period: 'week', measure: 'count', excludeInternal: false },
  {
    id: 'people',
    name: 'People',
    kinds: ['email', 'call'],
    target: 20,
    period: 'month',
    measure: 'unique_recipients',
    excludeInternal: true,
  },
  {
    id: 'revenue',
    name: 'Revenue',
    kinds: ['deal'],
    target: 5000,
    period: 'quarter',
    measure: 'sum',
    excludeInternal: false,
    currency: 'USD',
  },
];

/** The report as it was made before day packs: every activity of the window read and parsed. */
async function fromEveryActivity(store: ActivityStore, service: QuotaRadarService, period: ReportPeriod, now: number) {
  const [settings, quotas] = await Promise.all([service.getSettings(), service.getQuotas()]);
  const trackingStart = INSTALLED_LONG_AGO;
  const interval = reportInterval(period, now, settings);
  const window = reportWindow(quotas, settings, now, interval, 6, 90);
  const activities = await store.between(window.start, window.end);
  const today = periodContaining(now, 'day', settings);
  const daily = { start: periodContaining(today.start - 89 * 86_400_000, 'day', settings).start, end: today.end };
  return {
    report: periodReport({ quotas, settings, now, interval, activities, trackingStart }),
    last90: dailyByKind(activities, daily, settings, now, quotas),
    history: quotas.map((quota) => quotaHistory({ quota, settings, now, activities, count: 6, trackingStart })),
  };
}

const DAY = 86_400_000;
const anyActivity = fc.record({
  kind: fc.constantFrom('call', 'email', 'deal', 'meeting', 'linkedin_message'),
  daysAgo: fc.integer({ min: 0, max: 600 }),
  minute: fc.integer({ min: 0, max: 1439 }),
  status: fc.constantFrom('counted', 'counted', 'pending', 'retracted'),
  person: fc.integer({ min: 0, max: 6 }),
  internal: fc.boolean(),
  amount: fc.integer({ min: 1, max: 9000 }),
});
type Generated = typeof anyActivity extends fc.Arbitrary<infer T> ? T : never;
const build = (a: Generated, i: number): Activity => {
  const occurredAt = WED_NOON - a.daysAgo * DAY + (a.minute - 720) * 60_000;
  return anActivity({
    id: `r-${i}`,
    dedupeKey: `r:${i}`,
    kind: a.kind as Activity['kind'],
    channel: a.kind === 'email' ? 'gmail' : a.kind === 'linkedin_message' ? 'linkedin' : 'manual',
    occurredAt: Math.min(occurredAt, WED_NOON),
    status: a.status as Activity['status'],
    ...(a.status === 'pending' ? { confirmAt: occurredAt + 30_000 } : {}),
    recipients: [{ address: `p${a.person}@${a.internal ? 'seller' : 'buyer'}.example`, role: 'to' }],
    ...(a.kind === 'deal' ? { amount: a.amount, currency: 'USD' } : {}),
  });
};

describe('reports from day packs, patched by writes', () => {
  it('equal the report made from every activity, before and after writes, for any history', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(anyActivity, { maxLength: 40 }),
        fc.array(anyActivity, { minLength: 1, maxLength: 4 }),
        fc.constantFrom<ReportPeriod>('this_week', 'last_month', 'this_quarter', 'last_quarter'),
        async (history, later, period) => {
          const store = await ActivityStore.open(`report-facts-${crypto.randomUUID()}`);
          try {
            await store.writeKv('settings', { ...defaultSettings('America/New_York'), internalDomains: ['seller.example'] });
            await store.writeKv('trackingStart', INSTALLED_LONG_AGO);
            const service = new QuotaRadarService(store, () => WED_NOON);
            await ok(service, { type: 'quotas/save', quotas: QUOTAS });
            if (history.length) await store.importAll(history.map(build), WED_NOON);
            service.invalidate();
            expect(await ok(service, { type: 'report/get', period })).toEqual(await fromEveryActivity(store, service, period, WED_NOON));
            // Captures and an entry after the report was made: the kept facts are patched, not re-read.
            for (const [i, a] of later.entries())
              await ok(service, { type: 'activity/log', entry: { kind: 'call', occurredAt: build(a, 1000 + i).occurredAt } });
            const retracted = (await store.all())[0];
            if (retracted) await ok(service, { type: 'activity/retract', id: retracted.id });
            expect(await ok(service, { type: 'report/get', period })).toEqual(await fromEveryActivity(store, service, period, WED_NOON));
          } finally {
            store.close();
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

/** A store with New York settings, tracking long since, and a service over it with QUOTAS saved. */
async function reportStore(name: string, hooks: ConstructorParameters<typeof QuotaRadarService>[2] = {}, clock = () => WED_NOON) {
  const store = await ActivityStore.open(`report-days-${name}-${crypto.randomUUID()}`);
  await store.writeKv('settings', defaultSettings('America/New_York'));
  await store.writeKv('trackingStart', INSTALLED_LONG_AGO);
  await store.writeKv('quotas', QUOTAS);
  return { store, service: new QuotaRadarService(store, clock, hooks) };
}

/** The kinds a rep logs by hand (emails and LinkedIn come from captures). */
const manualKind = (kind: Activity['kind']) => (kind === 'call' || kind === 'deal' ? kind : 'meeting');

describe("the reports' judged days", () => {
  it('kept in IndexedDB and forgotten by any write give the report made from every activity, in a restarted worker too', {
    timeout: 180_000,
  }, async () => {
    const write = fc.oneof(
      fc.record({ type: fc.constant('log' as const), activity: anyActivity }),
      fc.record({ type: fc.constant('move' as const), which: fc.nat(), activity: anyActivity }),
      fc.record({ type: fc.constant('retract' as const), which: fc.nat() }),
      fc.record({ type: fc.constant('import' as const), activity: anyActivity }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(anyActivity, { maxLength: 30 }),
        fc.array(write, { minLength: 1, maxLength: 6 }),
        fc.constantFrom<ReportPeriod>('this_week', 'last_month', 'this_quarter', 'last_quarter'),
        fc.integer({ min: 0, max: 2 * DAY }),
        async (history, writes, period, later) => {
          const store = await ActivityStore.open(`report-days-${crypto.randomUUID()}`);
          try {
            await store.writeKv('settings', { ...defaultSettings('America/New_York'), internalDomains: ['seller.example'] });
            await store.writeKv('trackingStart', INSTALLED_LONG_AGO);
            let now = WED_NOON;
            const service = new QuotaRadarService(store, () => now);
            await ok(service, { type: 'quotas/save', quotas: QUOTAS });
            if (history.length) await store.importAll(history.map(build), WED_NOON);
            await ok(service, { type: 'report/get', period });
            // Any writes: new entries, entries moved to another day and kind, retractions, an import.
            for (const [i, w] of writes.entries()) {
              const own = (await store.all()).filter((a) => a.channel === 'manual' && a.status === 'counted');
              if (w.type === 'log' || (w.type === 'move' && !own.length)) {
                const a = build((w as { activity: Generated }).activity, 2000 + i);
                await ok(service, { type: 'activity/log', entry: { kind: manualKind(a.kind), occurredAt: a.occurredAt } });
              } else if (w.type === 'move') {
                const target = own[w.which % own.length]!;
                const a = build(w.activity, 0);
                await ok(service, {
                  type: 'activity/update',
                  id: target.id,
                  patch: { kind: manualKind(a.kind), occurredAt: a.occurredAt },
                });
              } else if (w.type === 'retract') {
                const all = await store.all();
                if (all.length) await ok(service, { type: 'activity/retract', id: all[w.which % all.length]!.id });
              } else {
                await store.importAll([{ ...build(w.activity, 3000 + i), dedupeKey: `imported:${i}` }], now);
                service.reportDays.invalidate();
              }
            }
            // Later: pending ones may have fallen due.
            now += later;
            const expected = await fromEveryActivity(store, service, period, now);
            expect(await ok(service, { type: 'report/get', period })).toEqual(expected);
            // A restarted worker: nothing in memory, the judged days kept in IndexedDB.
            await service.reportDays.settled();
            const restarted = new QuotaRadarService(store, () => now);
            expect(await ok(restarted, { type: 'report/get', period })).toEqual(expected);
            expect(restarted.reportDays.lastRun?.facts).toBe(0);
          } finally {
            store.close();
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it("a report asked again after a capture reads that capture's days only; a restarted worker reads no pack", async () => {
    const { store, service } = await reportStore('reads');
    try {
      const history = Array.from({ length: 400 }, (_, i) =>
        build({ kind: 'call', daysAgo: i % 500, minute: (i * 37) % 1440, status: 'counted', person: i % 7, internal: false, amount: 1 }, i),
      );
      await store.importAll(history, WED_NOON);
      await ok(service, { type: 'report/get', period: 'this_quarter' });
      const first = service.reportDays.lastRun!;
      expect(first.judged).toBe(first.days);
      expect(first.facts).toBeGreaterThan(0);

      await ok(service, { type: 'report/get', period: 'this_quarter' });
      expect(service.reportDays.lastRun).toMatchObject({ inMemory: first.days, stored: 0, judged: 0, facts: 0 });
      // Kept in IndexedDB after the answer, a few hundred days per transaction (a write meanwhile stops it).
      await service.reportDays.settled();

      await ok(service, { type: 'activity/log', entry: { kind: 'call', occurredAt: WED_NOON - 60_000 } });
      await ok(service, { type: 'report/get', period: 'this_quarter' });
      const after = service.reportDays.lastRun!;
      // The capture's UTC day touches at most three local days of its kind; nothing else is read again.
      expect(after.judged).toBeGreaterThan(0);
      expect(after.judged).toBeLessThanOrEqual(3);
      expect(after.facts).toBeLessThanOrEqual(history.filter((a) => Math.abs(a.occurredAt - WED_NOON) < 3 * DAY).length + 1);

      await service.reportDays.settled();
      const restarted = new QuotaRadarService(store, () => WED_NOON);
      await ok(restarted, { type: 'report/get', period: 'this_quarter' });
      expect(restarted.reportDays.lastRun).toMatchObject({ stored: first.days, judged: 0, facts: 0 });
    } finally {
      store.close();
    }
  });

  it('judge a day again once a pending capture in it falls due (kept or in memory)', async () => {
    let now = WED_NOON;
    const { store, service } = await reportStore('pending', {}, () => now);
    try {
      const pending = build({ kind: 'call', daysAgo: 0, minute: 719, status: 'pending', person: 1, internal: false, amount: 1 }, 1);
      await store.importAll([{ ...pending, confirmAt: WED_NOON + 20_000 }], WED_NOON);
      const calls = async (asking: QuotaRadarService) =>
        (await ok(asking, { type: 'report/get', period: 'this_week' })).report.quotas.find((q) => q.quotaId === 'calls')!.done;
      expect(await calls(service)).toBe(0);
      now = WED_NOON + 30_000;
      expect(await calls(service)).toBe(1);
      await service.reportDays.settled();
      expect(await calls(new QuotaRadarService(store, () => now))).toBe(1);
    } finally {
      store.close();
    }
  });

  it('are judged in the background after an import, so the first report after it reads no pack', async () => {
    const { store, service } = await reportStore('warm', { warmReportsAfterMs: 1 });
    try {
      const rows = Array.from({ length: 50 }, (_, i) =>
        build({ kind: 'call', daysAgo: i * 3, minute: 600, status: 'counted', person: i % 7, internal: false, amount: 1 }, i),
      );
      await ok(service, { type: 'activity/import', activities: rows });
      // Nobody asked for a report: the background judges its days a moment after the import.
      await expect.poll(() => service.reportDays.lastRun?.facts ?? 0).toBeGreaterThan(0);
      await service.reportDays.settled();
      await ok(service, { type: 'report/get', period: 'this_quarter' });
      expect(service.reportDays.lastRun).toMatchObject({ judged: 0, facts: 0 });
    } finally {
      store.close();
    }
  });

  it('are judged in the background when a worker starts with none kept (an upgraded database), not when some are', async () => {
    // Without a worker yet: the store as an upgrade leaves it (activities, no judged day).
    const { store } = await reportStore('start');
    try {
      const rows = Array.from({ length: 30 }, (_, i) =>
        build({ kind: 'call', daysAgo: i * 3, minute: 600, status: 'counted', person: i % 7, internal: false, amount: 1 }, i),
      );
      await store.importAll(rows, WED_NOON);
      const started = new QuotaRadarService(store, () => WED_NOON, { warmReportsAfterMs: 1 });
      await expect.poll(() => started.reportDays.lastRun?.judged ?? 0).toBeGreaterThan(0);
      await started.reportDays.settled();
      // Some kept: the next start asks nothing of its own.
      const again = new QuotaRadarService(store, () => WED_NOON, { warmReportsAfterMs: 1 });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(again.reportDays.lastRun).toBeUndefined();
    } finally {
      store.close();
    }
  });

  it('held by two services on one database, are forgotten in both by a write through either', async () => {
    const { store, service } = await reportStore('two');
    try {
      const calls = async (asking: QuotaRadarService) =>
        (await ok(asking, { type: 'report/get', period: 'this_week' })).report.quotas.find((q) => q.quotaId === 'calls')!.done;
      expect(await calls(service)).toBe(0);
      // A second worker's service on the same database (as after a restart) writes a call.
      const second = new QuotaRadarService(store, () => WED_NOON);
      await ok(second, { type: 'activity/log', entry: { kind: 'call', occurredAt: WED_NOON - 60_000 } });
      expect(await calls(service)).toBe(1);
      expect(await calls(second)).toBe(1);
    } finally {
      store.close();
    }
  });
});
