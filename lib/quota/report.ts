// Over 300 lines: the report's pure computations (period, quotas, days, won, conversion, past periods)
// over one set of shapes the Report view reads.
import { z } from 'zod';
import type { ActivityKind } from '../activity';
import type { Quota } from '../settings';
import { type CalendarDay, daysOf, type Interval, periodContaining, previousPeriod } from './calendar';
import { type Conversion, conversionOfCounts, SalesTally, type WonSummary } from './conversion';
import { exactValue, mergeExact, type Partials } from './exact-sum';
import { judgeActivities, type KindDayLookup } from './kind-days';
import type { EngineActivity } from './measure';
import { type EngineSettings, neededPerWorkingDay, type Pace, paceOf } from './progress';
import { targetOver, trackedElapsed, trackedShare } from './targets';

export { type Conversion, conversionOf, type WonSummary, wonSummary } from './conversion';

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

/** The kinds present among activities, in order of first appearance. */
function kindsOf(activities: readonly EngineActivity[]): ActivityKind[] {
  return [...new Set(activities.map((a) => a.kind))];
}

/**
 * A quota's measure over whole calendar days (a period is a run of them): the days' counts and
 * exact sums added, or the people its days reached, each once.
 */
function measureDays(quota: Quota, days: readonly CalendarDay[], lookup: KindDayLookup): number {
  const kinds = [...new Set(quota.kinds)];
  if (quota.measure === 'unique_recipients') {
    const reached = new Set<string>();
    for (const day of days)
      for (const kind of kinds) {
        const part = lookup(kind, day)?.quotas[quota.id];
        if (Array.isArray(part)) for (const key of part) reached.add(String(key));
      }
    return reached.size;
  }
  if (quota.measure === 'count') {
    let total = 0;
    for (const day of days) for (const kind of kinds) total += Number(lookup(kind, day)?.quotas[quota.id] ?? 0);
    return total;
  }
  const partials: Partials = [];
  for (const day of days)
    for (const kind of kinds) {
      const part = lookup(kind, day)?.quotas[quota.id];
      if (Array.isArray(part)) mergeExact(partials, part as number[]);
    }
  return exactValue(partials);
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
  const days = daysOf(interval, settings);
  return dailyByKindOf(days, kindsOf(activities), judgeActivities(activities, days, quotas, settings, now));
}

/** Counted activities per calendar day, by kind, from judged days. */
export function dailyByKindOf(days: readonly CalendarDay[], kinds: readonly ActivityKind[], lookup: KindDayLookup): DayCounts[] {
  return days.map(({ key, start }) => {
    const counts: DayCounts['counts'] = {};
    for (const kind of kinds) {
      const counted = lookup(kind, { start })?.counted ?? 0;
      if (counted > 0) counts[kind] = counted;
    }
    return { key, start, counts };
  });
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
  const { quotas, settings, now, interval, activities } = input;
  const lookup = judgeActivities(activities, daysOf(interval, settings), quotas, settings, now);
  return periodReportOf({ ...input, kinds: kindsOf(activities), lookup });
}

/** `periodReport` from judged days: each kind's days of the period looked up, not its activities. */
export function periodReportOf(input: {
  quotas: readonly Quota[];
  settings: EngineSettings;
  now: number;
  interval: Interval;
  /** Every kind a day may hold (built-in and the rep's own). */
  kinds: readonly ActivityKind[];
  lookup: KindDayLookup;
  trackingStart?: number;
}): PeriodReport {
  const { quotas, settings, now, interval, kinds, lookup, trackingStart } = input;
  const days = daysOf(interval, settings);
  const span = workingDays(interval, settings, now, trackingStart);
  const ended = now >= interval.end;
  const reportQuotas = quotas.map((quota): ReportQuota => {
    const mapped = targetOver(quota, interval, settings, trackingStart);
    const target = mapped.target;
    // Each quota measures its own way (it may count an internal email another quota leaves out).
    const done = measureDays(quota, days, lookup);
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
  const won = new SalesTally();
  for (const day of days)
    for (const kind of kinds) {
      const judged = lookup(kind, day);
      if (!judged) continue;
      if (judged.counted > 0) byKind[kind] = (byKind[kind] ?? 0) + judged.counted;
      if (judged.won) won.merge(judged.won);
    }
  return {
    interval,
    quotas: reportQuotas,
    byKind,
    byDay: dailyByKindOf(days, kinds, lookup),
    won: won.summary(),
    conversion: conversionOfCounts(byKind),
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
  const { quota, settings, now, count, activities } = input;
  const span = {
    start: pastPeriods(quota, settings, now, count).at(-1)?.start ?? now,
    end: periodContaining(now, quota.period, settings).start,
  };
  const lookup = judgeActivities(activities, daysOf(span, settings), [quota], settings, now);
  return quotaHistoryOf({ ...input, lookup });
}

/** The `count` periods before the one containing `now`, newest first. */
function pastPeriods(quota: Quota, settings: EngineSettings, now: number, count: number): Interval[] {
  const periods: Interval[] = [];
  let at = now;
  for (let i = 0; i < count; i += 1) {
    const interval = previousPeriod(at, quota.period, settings);
    periods.push(interval);
    at = interval.start;
  }
  return periods;
}

/** `quotaHistory` from judged days. */
export function quotaHistoryOf(input: {
  quota: Quota;
  settings: EngineSettings;
  now: number;
  lookup: KindDayLookup;
  count: number;
  trackingStart?: number;
}): QuotaHistory {
  const { quota, settings, now, count, lookup, trackingStart } = input;
  const periods: PastPeriod[] = [];
  for (const interval of pastPeriods(quota, settings, now, count)) {
    const mapped = targetOver(quota, interval, settings, trackingStart);
    if (!mapped.tracked) break;
    const done = measureDays(quota, daysOf(interval, settings), lookup);
    const target = mapped.target;
    periods.unshift({ ...interval, done, target, met: done >= target, difference: done - target, trackedFrom: mapped.trackedFrom });
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
