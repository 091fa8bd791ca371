import type { ActivityKind } from '../activity';
import type { Quota } from '../settings';
import { type CalendarDay, daysOf, type Interval } from './calendar';
import { addExact, exactValue, type Partials } from './exact-sum';
import { createAccumulator, type EngineActivity } from './measure';
import type { EngineSettings } from './progress-types';
import { trackedShare } from './targets';

/**
 * A period's days and what each added to a quota's measure: the engine's walk through time
 * (measuring a period, its streak of days on pace), shared by the full computation and the clock.
 */

export interface PeriodDays {
  interval: Interval;
  days: readonly CalendarDay[];
  /** Per day: how much of it there was to work once tracking started (0 on days off and before). */
  shares: readonly number[];
  /** Working days to count in the period: the sum of `shares`. */
  totalWorking: number;
  /** Per day (same index as `days`): what that day added to the measure. */
  added: number[];
}

export function periodDays(interval: Interval, settings: EngineSettings, trackingStart: number | undefined): PeriodDays {
  const days = daysOf(interval, settings);
  const shares = days.map((d) => trackedShare(d, trackingStart));
  return { interval, days, shares, totalWorking: shares.reduce((a, b) => a + b, 0), added: days.map(() => 0) };
}

export function dayIndexOf(days: readonly CalendarDay[], at: number): number {
  // Binary search: days are sorted and contiguous.
  let lo = 0;
  let hi = days.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const day = days[mid]!;
    if (at < day.start) hi = mid - 1;
    else if (at >= day.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * Counted activities of some kinds, still in time order: each quota walks only its own kinds.
 * (Several quotas often share a set of kinds, hence the memo.)
 */
export function countedOfKinds(counted: readonly EngineActivity[]): (kinds: readonly ActivityKind[]) => readonly EngineActivity[] {
  const memo = new Map<string, readonly EngineActivity[]>();
  return (kinds) => {
    const key = [...new Set(kinds)].sort().join('+');
    let list = memo.get(key);
    if (!list) {
      const wanted = new Set(kinds);
      list = counted.filter((a) => wanted.has(a.kind));
      memo.set(key, list);
    }
    return list;
  };
}

/** The index of the first activity at or after `at` in a list sorted by time. */
export function firstAtOrAfter(sorted: readonly EngineActivity[], at: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.occurredAt < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function measurePeriod(period: PeriodDays, activities: readonly EngineActivity[], quota: Quota, settings: EngineSettings): number {
  const accumulator = createAccumulator(quota, settings);
  const kinds = new Set(quota.kinds);
  // Amounts and units are added exactly (as Reports add them day by day): see exact-sum.ts.
  const exact: Partials | undefined = quota.measure === 'sum' || quota.measure === 'units' ? [] : undefined;
  let total = 0;
  let d = 0;
  // Activities are in time order: visit only the period's slice, not every activity for every quota.
  for (let i = firstAtOrAfter(activities, period.interval.start); i < activities.length; i += 1) {
    const activity = activities[i]!;
    if (activity.occurredAt >= period.interval.end) break;
    if (!kinds.has(activity.kind)) continue;
    const value = accumulator.add(activity);
    if (value === 0) continue;
    if (exact) addExact(exact, value);
    else total += value;
    // Days are contiguous and activities sorted: the day only moves forward.
    while (d < period.days.length && activity.occurredAt >= period.days[d]!.end) d += 1;
    if (d < period.days.length) period.added[d]! += value;
  }
  return exact ? exactValue(exact) : total;
}

/** Whether each past day of a period ended on pace, newest first, stopping at the first miss. */
export function streakIn(period: PeriodDays, target: number, now: number, countToday: boolean): { days: number; broken: boolean } {
  let cumulative = 0;
  let workingSoFar = 0;
  const onPace: boolean[] = [];
  for (const [i, day] of period.days.entries()) {
    if (day.start > now) break;
    cumulative += period.added[i]!;
    // Days off, and days before tracking started, neither make nor break a streak.
    if (period.shares[i]! === 0) continue;
    workingSoFar += period.shares[i]!;
    const isToday = now < day.end;
    if (isToday && !countToday) break;
    const expected = period.totalWorking > 0 ? (target * workingSoFar) / period.totalWorking : 0;
    onPace.push(cumulative >= expected);
  }
  let days = 0;
  for (let i = onPace.length - 1; i >= 0; i -= 1) {
    if (!onPace[i]) return { days, broken: true };
    days += 1;
  }
  return { days, broken: false };
}
