// Over 300 lines: the report's pure computations (period, quotas, days, won, conversion, past periods)
// over one set of shapes the Report view reads.
import { z } from 'zod';
import { type Activity, type ActivityKind, isCountedAt } from '../activity';
import { isOutreachKind, OPPORTUNITY_KINDS, WON_KINDS } from '../kinds';
import type { Quota } from '../settings';
import { daysOf, type Interval, periodContaining, previousPeriod } from './calendar';
import { countsNowRule } from './counting';
import { createAccumulator, type EngineActivity } from './measure';
import { type EngineSettings, neededPerWorkingDay, type Pace, paceOf } from './progress';
import { targetOver, trackedElapsed, trackedShare } from './targets';

/** The periods a manager's report can cover. */
export const ReportPeriod = z.enum(['this_week', 'last_week', 'this_month', 'last_month', 'this_quarter', 'last_quarter']);
export type ReportPeriod = z.infer<typeof ReportPeriod>;

export function reportInterval(period: ReportPeriod, now: number, settings: EngineSettings): Interval {
  const [when, unit] = period.split('_') as ['this' | 'last', 'week' | 'month' | 'quarter'];
  return when === 'this' ? periodContaining(now, unit, settings) : previousPeriod(now, unit, settings);
}

export interface ReportQuota {
  quotaId: string;
  name: string;
  measure: Quota['measure'];
  done: number;
  /** The quota's target mapped to the report's period (see `targetOver`): 3 × 120 for a quarter of 120 a month. */
  target: number;
  expectedByNow: number;
  pace: Pace;
  met: boolean;
  /** How the target was mapped, for the report to say so. */
  mapping: {
    /** The target as set, per `period`. */
    perPeriod: number;
    period: Quota['period'];
    /** How many of those periods the report stands for (fractional when pro-rated by working days). */
    periods: number;
    wholePeriods: boolean;
    /** Tracking started inside the report's period: counted from then. */
    trackedFrom: number | null;
  };
  /** False when the period ended before tracking started: nothing asked, nothing missed. */
  tracked: boolean;
  /**
   * The period has working time since tracking started, so its target is at least 1; false when it has
   * none (installed after its last working hour, a week of holidays): as the popup's card says.
   */
  asked: boolean;
  /** A revenue quota's currency. */
  currency?: string;
}

export interface DayCounts {
  key: string;
  start: number;
  counts: Partial<Record<ActivityKind, number>>;
}

export interface PeriodReport {
  interval: Interval;
  quotas: ReportQuota[];
  byKind: Partial<Record<ActivityKind, number>>;
  byDay: DayCounts[];
  /** Won in the period (deals and new customers): revenue per currency and units sold. */
  won: WonSummary;
  /** From outreach to opportunities to deals, by the rule in lib/kinds.ts (see Conversion). */
  conversion: Conversion;
}

export interface WonSummary {
  /** Deals and new customers logged (each a sale). */
  sales: number;
  /** Amounts summed per currency, largest first; `currency` null for amounts logged without one. */
  revenue: { currency: string | null; amount: number }[];
  /** Units sold: the sum of the sales' units (a sale without units adds none). */
  units: number;
}

/**
 * The conversion rule: outreach is every counted activity except opportunities, deals, new customers
 * and work reports (the rep's own kinds are outreach); opportunities are opened; deals and new
 * customers are won. "150 calls + 200 emails + 50 social touches → 30 opportunities: 1 per 13.3
 * activities (7.5 %)".
 */
export interface Conversion {
  /** Outreach activities, in all and by kind. */
  activities: number;
  outreach: Partial<Record<ActivityKind, number>>;
  opportunities: number;
  /** Deals and new customers. */
  deals: number;
  /** Outreach activities per opportunity; null without opportunities. */
  perOpportunity: number | null;
  /** Opportunities per outreach activity (0.075 = 7.5 %); null without outreach. */
  opportunityRate: number | null;
  /** Opportunities per deal; null without deals. */
  perDeal: number | null;
  /** Deals per opportunity; null without opportunities. */
  dealRate: number | null;
}

/** Won revenue and units of counted activities (already limited to the period). */
export function wonSummary(activities: readonly Pick<Activity, 'kind' | 'amount' | 'currency' | 'units'>[]): WonSummary {
  const won = new Set<string>(WON_KINDS);
  const byCurrency = new Map<string | null, number>();
  let sales = 0;
  let units = 0;
  for (const a of activities) {
    if (!won.has(a.kind)) continue;
    sales += 1;
    units += a.units ?? 0;
    if (a.amount !== undefined) byCurrency.set(a.currency ?? null, (byCurrency.get(a.currency ?? null) ?? 0) + a.amount);
  }
  const revenue = [...byCurrency].map(([currency, amount]) => ({ currency, amount })).sort((x, y) => y.amount - x.amount);
  return { sales, revenue, units };
}

/** The conversion from outreach to opportunities to deals, by the rule stated on `Conversion`. */
export function conversionOf(activities: readonly Pick<Activity, 'kind'>[]): Conversion {
  const opportunityKinds = new Set<string>(OPPORTUNITY_KINDS);
  const won = new Set<string>(WON_KINDS);
  const outreach: Conversion['outreach'] = {};
  let total = 0;
  let opportunities = 0;
  let deals = 0;
  for (const { kind } of activities) {
    if (opportunityKinds.has(kind)) opportunities += 1;
    else if (won.has(kind)) deals += 1;
    else if (isOutreachKind(kind)) {
      total += 1;
      outreach[kind] = (outreach[kind] ?? 0) + 1;
    }
  }
  return {
    activities: total,
    outreach,
    opportunities,
    deals,
    perOpportunity: opportunities > 0 ? total / opportunities : null,
    opportunityRate: total > 0 ? opportunities / total : null,
    perDeal: deals > 0 ? opportunities / deals : null,
    dealRate: opportunities > 0 ? deals / opportunities : null,
  };
}

export interface PastPeriod {
  start: number;
  end: number;
  done: number;
  target: number;
  met: boolean;
  /** done − target: above zero when met with room, below when missed. */
  difference: number;
  /** Tracking started inside this period: its target is pro-rated from then. */
  trackedFrom: number | null;
}

export interface QuotaHistory {
  quotaId: string;
  name: string;
  measure: Quota['measure'];
  currency?: string;
  periods: PastPeriod[];
}

function countedSorted(activities: readonly EngineActivity[], now: number): EngineActivity[] {
  const counted = activities.filter((a) => isCountedAt(a, now));
  // Often in time order already (the reports' facts are kept so): checking is one pass, sorting is not.
  for (let i = 1; i < counted.length; i += 1)
    if (counted[i - 1]!.occurredAt > counted[i]!.occurredAt) return counted.sort((a, b) => a.occurredAt - b.occurredAt);
  return counted;
}

/** The index of the first activity at or after `at` in a list in time order (binary search). */
export function firstAtOrAfter(sorted: readonly EngineActivity[], at: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]!.occurredAt < at) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The quota's measure over the interval: the activities inside it, in time order, and only those. */
function measure(quota: Quota, sorted: readonly EngineActivity[], interval: Interval, settings: EngineSettings): number {
  const accumulator = createAccumulator(quota, settings);
  let total = 0;
  for (let i = firstAtOrAfter(sorted, interval.start); i < sorted.length && sorted[i]!.occurredAt < interval.end; i += 1)
    total += accumulator.add(sorted[i]!);
  return total;
}

/** Working days of an interval counted from tracking's start, and how many of them had passed at `at`. */
function workingDays(
  interval: Interval,
  settings: EngineSettings,
  at: number,
  trackingStart: number | undefined,
): { total: number; elapsed: number } {
  const started = trackingStart !== undefined && trackingStart > interval.start ? trackingStart : undefined;
  let total = 0;
  let elapsed = 0;
  for (const day of daysOf(interval, settings)) {
    total += trackedShare(day, started);
    elapsed += trackedElapsed(day, at, started);
  }
  return { total, elapsed };
}

/**
 * Activities per calendar day of an interval, by kind: those that count by the quotas' rule (pass
 * `quotas` and an email only to colleagues is left out, as the quotas leave it out).
 */
export function dailyByKind(
  activities: readonly EngineActivity[],
  interval: Interval,
  settings: EngineSettings,
  now: number,
  quotas: readonly Quota[] = [],
): DayCounts[] {
  const counts = countsNowRule(quotas, settings, now);
  return countByDay(
    activities.filter((a) => counts(a)),
    interval,
    settings,
  );
}

/** Activities (already judged to count) per calendar day of an interval, by kind. */
function countByDay(activities: readonly EngineActivity[], interval: Interval, settings: EngineSettings): DayCounts[] {
  const days = daysOf(interval, settings).map((d) => ({ key: d.key, start: d.start, end: d.end, counts: {} as DayCounts['counts'] }));
  for (const a of activities) {
    // Days follow each other in time order: the last that starts at or before the activity holds it, if any.
    let low = 0;
    let high = days.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (days[mid]!.start <= a.occurredAt) low = mid + 1;
      else high = mid;
    }
    const day = days[low - 1];
    if (day && a.occurredAt < day.end) day.counts[a.kind] = (day.counts[a.kind] ?? 0) + 1;
  }
  return days.map(({ key, start, counts }) => ({ key, start, counts }));
}

/** A manager's report of one period: quotas, activity by kind and by day, conversion. Pure. */
export function periodReport(input: {
  quotas: readonly Quota[];
  settings: EngineSettings;
  now: number;
  interval: Interval;
  /** Whole activities or the day packs' facts of them (what the quotas read). */
  activities: readonly EngineActivity[];
  /** When tracking started: the period is counted from then, and one that ended before is not a miss. */
  trackingStart?: number;
}): PeriodReport {
  const { quotas, settings, now, interval, trackingStart } = input;
  const counted = countedSorted(input.activities, now).filter((a) => a.occurredAt >= interval.start && a.occurredAt < interval.end);
  const sorted = counted.filter(countsNowRule(quotas, settings, now));
  const span = workingDays(interval, settings, now, trackingStart);
  const ended = now >= interval.end;
  const reportQuotas = quotas.map((quota): ReportQuota => {
    const mapped = targetOver(quota, interval, settings, trackingStart);
    const target = mapped.target;
    // Each quota measures its own way (it may count an internal email another quota leaves out).
    const done = measure(quota, counted, interval, settings);
    const asked = mapped.tracked && target > 0;
    const expectedByNow = span.total > 0 ? (target * span.elapsed) / span.total : 0;
    const remainingDays = ended ? 0 : span.total - span.elapsed;
    const needed = neededPerWorkingDay(Math.max(0, target - done), remainingDays);
    const planned = span.total > 0 ? target / span.total : 0;
    return {
      quotaId: quota.id,
      name: quota.name,
      measure: quota.measure,
      done,
      target,
      expectedByNow,
      pace: asked ? paceOf(done, target, expectedByNow, needed, planned, remainingDays) : 'on_track',
      met: asked && done >= target,
      mapping: {
        perPeriod: quota.target,
        period: quota.period,
        periods: mapped.periods,
        wholePeriods: mapped.wholePeriods,
        trackedFrom: mapped.trackedFrom,
      },
      tracked: mapped.tracked,
      asked,
      ...(quota.currency ? { currency: quota.currency } : {}),
    };
  });
  const byKind: PeriodReport['byKind'] = {};
  for (const a of sorted) byKind[a.kind] = (byKind[a.kind] ?? 0) + 1;
  return {
    interval,
    quotas: reportQuotas,
    byKind,
    byDay: countByDay(sorted, interval, settings),
    won: wonSummary(sorted),
    conversion: conversionOf(sorted),
  };
}

/** The `count` periods of a quota before the current one, oldest first: met or missed by how much. */
export function quotaHistory(input: {
  quota: Quota;
  settings: EngineSettings;
  now: number;
  activities: readonly EngineActivity[];
  count: number;
  /** Periods that ended before tracking started are left out: nothing was asked then. */
  trackingStart?: number;
}): QuotaHistory {
  const { quota, settings, now, count, trackingStart } = input;
  const sorted = countedSorted(input.activities, now);
  const periods: PastPeriod[] = [];
  let at = now;
  for (let i = 0; i < count; i += 1) {
    const interval = previousPeriod(at, quota.period, settings);
    const mapped = targetOver(quota, interval, settings, trackingStart);
    if (!mapped.tracked) break;
    const done = measure(quota, sorted, interval, settings);
    const target = mapped.target;
    periods.unshift({ ...interval, done, target, met: done >= target, difference: done - target, trackedFrom: mapped.trackedFrom });
    at = interval.start;
  }
  return { quotaId: quota.id, name: quota.name, measure: quota.measure, ...(quota.currency ? { currency: quota.currency } : {}), periods };
}

/** How far back the report's data must reach. */
export function reportWindow(
  quotas: readonly Quota[],
  settings: EngineSettings,
  now: number,
  interval: Interval,
  historyCount: number,
  days: number,
): Interval {
  let start = Math.min(interval.start, periodContaining(now, 'day', settings).start - days * 86_400_000);
  for (const quota of quotas) {
    let at = now;
    for (let i = 0; i < historyCount; i += 1) at = previousPeriod(at, quota.period, settings).start;
    start = Math.min(start, at);
  }
  return { start, end: Math.max(interval.end, periodContaining(now, 'day', settings).end) };
}
