import { TZDate, tz } from '@date-fns/tz';
import {
  addDays,
  addMonths,
  addQuarters,
  addWeeks,
  addYears,
  format,
  startOfDay,
  startOfMonth,
  startOfQuarter,
  startOfWeek,
  startOfYear,
} from 'date-fns';
import type { PeriodUnit, Settings } from '../settings';

export type CalendarSettings = Pick<
  Settings,
  'timeZone' | 'weekStartsOn' | 'workingDays' | 'nonWorkingDates' | 'workdayStartHour' | 'workdayEndHour'
>;

type WeekStart = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** A half-open interval [start, end) in epoch ms. */
export interface Interval {
  start: number;
  end: number;
}

/** All calendar maths happens in the settings' time zone, never the machine's. */
function zoned(at: number, settings: CalendarSettings): TZDate {
  return new TZDate(at, settings.timeZone);
}

export function periodContaining(at: number, unit: PeriodUnit, settings: CalendarSettings): Interval {
  const date = zoned(at, settings);
  const options = { in: tz(settings.timeZone), weekStartsOn: settings.weekStartsOn as WeekStart };
  let start: Date;
  let end: Date;
  switch (unit) {
    case 'day':
      start = startOfDay(date, options);
      end = addDays(start, 1, options);
      break;
    case 'week':
      start = startOfWeek(date, options);
      end = addWeeks(start, 1, options);
      break;
    case 'month':
      start = startOfMonth(date, options);
      end = addMonths(start, 1, options);
      break;
    case 'quarter':
      start = startOfQuarter(date, options);
      end = addQuarters(start, 1, options);
      break;
    case 'year':
      start = startOfYear(date, options);
      end = addYears(start, 1, options);
      break;
  }
  return { start: start.getTime(), end: end.getTime() };
}

/** The period before the one containing `at`. */
export function previousPeriod(at: number, unit: PeriodUnit, settings: CalendarSettings): Interval {
  const current = periodContaining(at, unit, settings);
  return periodContaining(current.start - 1, unit, settings);
}

/** One calendar day in the settings' zone. Its length is 23 or 25 hours across DST changes. */
export interface CalendarDay {
  /** yyyy-MM-dd in the settings' zone. */
  key: string;
  start: number;
  end: number;
  working: boolean;
  /** When work starts and ends that day (for pro-rating today). */
  workStart: number;
  workEnd: number;
}

export function dayKey(at: number, settings: Pick<CalendarSettings, 'timeZone'>): string {
  return format(new TZDate(at, settings.timeZone), 'yyyy-MM-dd');
}

/** The calendar days of an interval, each marked working or not. Shared and frozen: do not mutate. */
export function daysOf(interval: Interval, settings: CalendarSettings): readonly CalendarDay[] {
  // Building a day costs three zoned dates (~50 µs); progress asks for the same few periods on every
  // call, so remember the recent ones. The key holds every input, so a cached list is always the list.
  const key = [
    interval.start,
    interval.end,
    settings.timeZone,
    settings.workingDays.join(','),
    settings.nonWorkingDates.join(','),
    settings.workdayStartHour,
    settings.workdayEndHour,
  ].join('|');
  const cached = DAYS_CACHE.get(key);
  if (cached) return cached;
  const days = Object.freeze(computeDays(interval, settings).map((d) => Object.freeze(d)));
  if (DAYS_CACHE.size >= DAYS_CACHE_SIZE) DAYS_CACHE.delete(DAYS_CACHE.keys().next().value!);
  DAYS_CACHE.set(key, days);
  return days;
}

/** Enough for the current and previous period of a handful of quotas, with a day's rollover to spare. */
const DAYS_CACHE_SIZE = 32;
const DAYS_CACHE = new Map<string, readonly CalendarDay[]>();

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function computeDays(interval: Interval, settings: CalendarSettings): CalendarDay[] {
  const days: CalendarDay[] = [];
  const holidays = new Set(settings.nonWorkingDates);
  const options = { in: tz(settings.timeZone) };
  let day = startOfDay(zoned(interval.start, settings), options);
  while (day.getTime() < interval.end) {
    const next = addDays(day, 1, options);
    const y = day.getFullYear();
    const m = day.getMonth();
    const d = day.getDate();
    // Same as format(day, 'yyyy-MM-dd') (the zone's wall-clock date), without date-fns' formatter.
    const key = `${pad(y, 4)}-${pad(m + 1)}-${pad(d)}`;
    days.push({
      key,
      start: day.getTime(),
      end: next.getTime(),
      working: settings.workingDays.includes(day.getDay()) && !holidays.has(key),
      workStart: new TZDate(y, m, d, settings.workdayStartHour, 0, 0, settings.timeZone).getTime(),
      workEnd: new TZDate(y, m, d, settings.workdayEndHour, 0, 0, settings.timeZone).getTime(),
    });
    day = next;
  }
  return days;
}

/** How much of a working day has passed at `at`: 0 before work starts, 1 after it ends. */
export function workedFraction(day: CalendarDay, at: number): number {
  if (!day.working || at <= day.workStart) return 0;
  if (at >= day.workEnd) return 1;
  return (at - day.workStart) / (day.workEnd - day.workStart);
}
