import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Activity, isCountedAt } from '../../../lib/activity';
import { daysOf, type Interval, previousPeriod } from '../../../lib/quota/calendar';
import { countsNow, countsNowRule } from '../../../lib/quota/counting';
import { exactSum } from '../../../lib/quota/exact-sum';
import { createAccumulator, type EngineActivity } from '../../../lib/quota/measure';
import { dailyByKind, periodReport, quotaHistory, type ReportPeriod, reportInterval } from '../../../lib/quota/report';
import { defaultSettings, type Quota } from '../../../lib/settings';

/**
 * The report's computations (binary searches over activities in time order, each kind's quotas found
 * once) against the plainest statement of the rule: every activity looked at, every day searched,
 * countsNow asked one activity at a time. Any activities, quotas, zone (whole, half and quarter hours,
 * DST), period and clock.
 */

const DAY = 86_400_000;
const NOW = Date.parse('2026-05-13T12:00:00Z');
const ZONES = ['America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Pacific/Chatham', 'Europe/Berlin', 'UTC'];

const anyActivity = fc.record({
  kind: fc.constantFrom('call', 'email', 'deal', 'meeting', 'linkedin_message'),
  // Some at the same instant: ties must not change a result.
  at: fc.oneof(fc.integer({ min: -400 * DAY, max: DAY }), fc.constantFrom(-DAY, -7 * DAY, 0)),
  status: fc.constantFrom('counted', 'counted', 'pending', 'retracted'),
  confirmIn: fc.option(fc.integer({ min: -DAY, max: DAY }), { nil: undefined }),
  people: fc.array(fc.record({ person: fc.integer({ min: 0, max: 5 }), internal: fc.boolean() }), { maxLength: 3 }),
  outcome: fc.option(fc.constantFrom('connected', 'no_answer'), { nil: undefined }),
  amount: fc.option(
    fc.integer({ min: 1, max: 9000 }).map((cents) => cents / 100),
    { nil: undefined },
  ),
  currency: fc.option(fc.constantFrom('USD', 'EUR'), { nil: undefined }),
  units: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
  signal: fc.option(fc.constantFrom('commented', 'reacted'), { nil: undefined }),
  // At the first instant of a local day (a day's, week's, month's or quarter's start) and just before it.
  dayStart: fc.option(fc.record({ day: fc.integer({ min: 0, max: 400 }), before: fc.boolean() }), { nil: undefined }),
});
type Generated = typeof anyActivity extends fc.Arbitrary<infer T> ? T : never;

const build = (a: Generated, i: number, dayStarts: readonly number[]): EngineActivity => ({
  id: `a-${i}`,
  kind: a.kind as Activity['kind'],
  channel: 'manual',
  occurredAt: a.dayStart ? dayStarts[a.dayStart.day]! - (a.dayStart.before ? 1 : 0) : NOW + a.at,
  status: a.status as Activity['status'],
  ...(a.status === 'pending' && a.confirmIn !== undefined ? { confirmAt: NOW + a.at + a.confirmIn } : {}),
  account: 'rep@seller.example',
  recipients: a.people.map(({ person, internal }) => ({ address: `p${person}@${internal ? 'seller' : 'buyer'}.example` })),
  ...(a.outcome ? { outcome: a.outcome } : {}),
  ...(a.amount !== undefined ? { amount: a.amount } : {}),
  ...(a.currency ? { currency: a.currency } : {}),
  ...(a.units !== undefined ? { units: a.units } : {}),
  ...(a.signal ? { signals: [{ kind: a.signal, engagedAt: NOW + a.at - 1000 }] } : {}),
});

const anyQuota = fc
  .record({
    kinds: fc.subarray(['call', 'email', 'deal', 'meeting', 'linkedin_message'] as const, { minLength: 1 }),
    period: fc.constantFrom('day', 'week', 'month', 'quarter'),
    measure: fc.constantFrom('count', 'sum', 'units', 'unique_recipients'),
    excludeInternal: fc.boolean(),
    currency: fc.option(fc.constantFrom('USD', 'EUR'), { nil: undefined }),
    connected: fc.boolean(),
    signal: fc.option(fc.constantFrom('commented', 'reacted'), { nil: undefined }),
  })
  .map(
    (q): Omit<Quota, 'id' | 'name'> => ({
      kinds: [...q.kinds],
      target: q.measure === 'sum' ? 500 : 5,
      period: q.period as Quota['period'],
      measure: q.measure as Quota['measure'],
      excludeInternal: q.excludeInternal,
      ...(q.measure === 'sum' && q.currency ? { currency: q.currency } : {}),
      ...(q.connected ? { callsCount: 'connected' as const } : {}),
      ...(q.signal ? { signal: { kinds: [q.signal] } } : {}),
    }),
  );

/** The plain rule: an activity in the interval adds to the measure in time order (ties as given). */
function plainMeasure(quota: Quota, activities: readonly EngineActivity[], interval: Interval, settings: typeof SETTINGS, now: number) {
  const accumulator = createAccumulator(quota, settings);
  const inside = activities
    .filter((a) => isCountedAt(a, now) && a.occurredAt >= interval.start && a.occurredAt < interval.end)
    .sort((a, b) => a.occurredAt - b.occurredAt);
  const values = inside.map((a) => accumulator.add(a));
  // Money and units add exactly (lib/quota/exact-sum.ts): any order, one rounding.
  return quota.measure === 'sum' || quota.measure === 'units' ? exactSum(values) : values.reduce((total, v) => total + v, 0);
}

function plainDaily(activities: readonly EngineActivity[], interval: Interval, settings: typeof SETTINGS, now: number, quotas: Quota[]) {
  return daysOf(interval, settings).map(({ key, start, end }) => {
    const counts: Record<string, number> = {};
    for (const a of activities)
      if (a.occurredAt >= start && a.occurredAt < end && countsNow(a, quotas, settings, now)) counts[a.kind] = (counts[a.kind] ?? 0) + 1;
    return { key, start, counts };
  });
}

const SETTINGS = { ...defaultSettings('UTC'), internalDomains: ['seller.example'] };

describe("the report's computations equal the plain rule", () => {
  it('for any activities, quotas, zone, period and clock', () => {
    fc.assert(
      fc.property(
        fc.array(anyActivity, { maxLength: 60 }),
        fc.array(anyQuota, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...ZONES),
        fc.constantFrom<ReportPeriod>('this_week', 'last_month', 'this_quarter', 'last_quarter'),
        fc.integer({ min: -2 * DAY, max: 2 * DAY }),
        fc.boolean(),
        (generated, quotaShapes, zone, period, shift, shuffled) => {
          const settings = { ...SETTINGS, timeZone: zone };
          const now = NOW + shift;
          const quotas: Quota[] = quotaShapes.map((q, i) => ({ ...q, id: `q${i}`, name: `Q${i}` }));
          const dayStarts = daysOf({ start: NOW - 400 * DAY, end: NOW + 2 * DAY }, settings).map((d) => d.start);
          const built = generated.map((a, i) => build(a, i, dayStarts));
          // In time order (as the reports' facts come) or not.
          const activities = shuffled ? built : [...built].sort((a, b) => a.occurredAt - b.occurredAt);
          for (const a of activities) expect(countsNowRule(quotas, settings, now)(a)).toBe(countsNow(a, quotas, settings, now));

          const interval = reportInterval(period, now, settings);
          const report = periodReport({ quotas, settings, now, interval, activities });
          expect(report.quotas.map((q) => q.done)).toEqual(quotas.map((q) => plainMeasure(q, activities, interval, settings, now)));
          expect(report.byDay).toEqual(plainDaily(activities, interval, settings, now, quotas));
          const days = { start: interval.start - 30 * DAY, end: interval.end };
          expect(dailyByKind(activities, days, settings, now, quotas)).toEqual(plainDaily(activities, days, settings, now, quotas));

          for (const quota of quotas) {
            const history = quotaHistory({ quota, settings, now, activities, count: 4 });
            let at = now;
            const plain = [];
            for (let i = 0; i < 4; i += 1) {
              const past = previousPeriod(at, quota.period, settings);
              plain.unshift(plainMeasure(quota, activities, past, settings, now));
              at = past.start;
            }
            expect(history.periods.map((p) => p.done)).toEqual(plain);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
