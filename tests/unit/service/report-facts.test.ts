import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Activity } from '../../../lib/activity';
import { QuotaRadarService } from '../../../lib/background';
import { ReportFacts } from '../../../lib/background/reports';
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

describe("the reports' kept facts", () => {
  it('come in time order, exactly those of each range, after any writes patched in', { timeout: 120_000 }, async () => {
    const kinds = ['call', 'email', 'deal', 'meeting', 'linkedin_message'] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.array(anyActivity, { maxLength: 40 }),
        fc.array(fc.record({ activity: anyActivity, replaces: fc.integer({ min: 0, max: 60 }) }), { maxLength: 8 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 700 }), fc.integer({ min: 0, max: 700 })), { minLength: 1, maxLength: 4 }),
        async (history, writes, ranges) => {
          const store = await ActivityStore.open(`report-kept-${crypto.randomUUID()}`);
          try {
            const stored = history.map(build);
            if (stored.length) await store.importAll(stored, WED_NOON);
            const facts = new ReportFacts(store);
            const whole = { start: WED_NOON - 700 * DAY, end: WED_NOON + DAY };
            const wanted = kinds.map((kind) => ({ kind, ...whole }));
            // Read once in time order (kept so), then writes: new ones, and others of any kind and time under an existing id.
            let read = await facts.of(wanted);
            for (const kind of kinds) read(kind, whole.start, whole.end);
            const truth = new Map(stored.map((a) => [a.id, a]));
            const written = writes.map(({ activity, replaces }, i) => ({ ...build(activity, replaces), dedupeKey: `w:${i}` }));
            facts.patch(written);
            for (const a of written) truth.set(a.id, a);
            read = await facts.of(wanted);
            for (const kind of kinds)
              for (const [from, to] of ranges) {
                const start = WED_NOON - Math.max(from, to) * DAY;
                const end = WED_NOON - Math.min(from, to) * DAY + 1;
                const got = read(kind, start, end);
                const times = got.map((f) => f.occurredAt);
                expect(times).toEqual([...times].sort((x, y) => x - y));
                const expected = [...truth.values()].filter((a) => a.kind === kind && a.occurredAt >= start && a.occurredAt < end);
                expect(got.map((f) => f.id).sort()).toEqual(expected.map((a) => a.id).sort());
              }
          } finally {
            store.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
