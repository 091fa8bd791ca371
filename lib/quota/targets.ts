import type { Quota } from '../settings';
import { type CalendarDay, type CalendarSettings, daysOf, type Interval, periodContaining, workedFraction } from './calendar';

/**
 * How much of a day is there to work in once tracking started: the whole of a working day after
 * the start, the rest of the day tracking started on, nothing before it or on a day off.
 */
export function trackedShare(day: CalendarDay, trackingStart: number | undefined): number {
  if (!day.working) return 0;
  return trackingStart === undefined ? 1 : 1 - workedFraction(day, trackingStart);
}

/** How much of a working day had passed at `at`, counting only time after tracking started. */
export function trackedElapsed(day: CalendarDay, at: number, trackingStart: number | undefined): number {
  if (!day.working) return 0;
  const before = trackingStart === undefined ? 0 : workedFraction(day, trackingStart);
  return Math.max(0, workedFraction(day, at) - before);
}

/**
 * A target as people say it: a count is a whole number (120 × 5/22 working days asks for 27, not
 * 27.27), an amount whole units of its currency.
 */
export function roundTarget(raw: number): number {
  // 120 × 3 × (22/22) can come out as 359.99999999999994.
  return Math.round(raw + 1e-9);
}

export interface MappedTarget {
  /** The quota's target for the interval, rounded as people say it. */
  target: number;
  /**
   * How many of the quota's own periods the interval stands for: 3 for a quarter of a monthly quota,
   * 5/22 for a week of a 22-working-day month (pro-rated by working days), less when tracking started inside.
   */
  periods: number;
  /** Every overlapping period of the quota lies whole inside the interval (a quarter of months). */
  wholePeriods: boolean;
  /** Tracking started inside the interval: the target counts only working time since then. */
  trackedFrom: number | null;
  /** False for an interval that ended before tracking started: nothing was asked then, nothing was missed. */
  tracked: boolean;
}

/**
 * A quota's target over any interval: each of the quota's own periods that the interval overlaps
 * adds its target × the share of its working days that fall inside the interval (and after tracking
 * started). So a quarter of a 120-a-month quota asks for 3 × 120 = 360 whatever the months' lengths,
 * the same rule for this quarter and the last, and a week asks for its working days' share of the month.
 */
export function targetOver(
  quota: Pick<Quota, 'target' | 'period'>,
  interval: Interval,
  settings: CalendarSettings,
  trackingStart?: number,
): MappedTarget {
  const started = trackingStart !== undefined && trackingStart > interval.start ? trackingStart : undefined;
  let periods = 0;
  let wholePeriods = true;
  let own = periodContaining(interval.start, quota.period, settings);
  while (own.start < interval.end) {
    const days = daysOf(own, settings);
    const total = days.filter((d) => d.working).length;
    if (own.start < interval.start || own.end > interval.end) wholePeriods = false;
    let inside = 0;
    for (const day of days) {
      if (day.start >= interval.start && day.start < interval.end) inside += trackedShare(day, started);
    }
    if (total > 0) periods += inside / total;
    own = periodContaining(own.end, quota.period, settings);
  }
  if (started !== undefined) wholePeriods = false;
  const tracked = trackingStart === undefined || trackingStart < interval.end;
  return { target: tracked ? askedTarget(quota.target, periods) : 0, periods, wholePeriods, trackedFrom: started ?? null, tracked };
}

/**
 * What `periods` of a quota ask for. Whole periods keep the target exactly (a sum target need not be
 * whole); a part is rounded as people say it, but never to 0 while any working time is in it: a
 * quarter of 1 a quarter with 6 of 13 working days left asks for 1 (issue 21, point 4). No working
 * time at all (installed after the period's last working hour, a week of holidays) asks for nothing.
 */
export function askedTarget(target: number, periods: number): number {
  if (periods <= 0 || target <= 0) return 0;
  if (Number.isInteger(periods)) return target * periods;
  return Math.max(roundTarget(target * periods), Math.min(1, target));
}

/**
 * The one rounding of pace (issue 21, point 6): what pace expects ("expected by now", "more today",
 * the badge) is shown rounded up to whole units, so "expected by now: 38" with 0 done asks 38 more,
 * never 37 and 38. (1e-9 absorbs float noise: 120 × 22/22 may come out as 120.00000000000001.)
 */
export function wholeUp(value: number): number {
  const whole = Math.ceil(value - 1e-9);
  // Math.ceil(0 - 1e-9) is -0, which Intl shows as "-0".
  return whole === 0 ? 0 : whole;
}
