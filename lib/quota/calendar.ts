import { officialStatus } from '../holidays/official';
import type { PeriodUnit, Settings } from '../settings';
import { dateKey, instantOf, type LocalDate, normalise, wallOf } from './zone';

export type CalendarSettings = Pick<
  Settings,
  | 'timeZone'
  | 'weekStartsOn'
  | 'workingDays'
  | 'nonWorkingDates'
  | 'workdayStartHour'
  | 'workdayEndHour'
  | 'holidayCountry'
  | 'workingDates'
>;

/** A half-open interval [start, end) in epoch ms. */
export interface Interval {
  start: number;
  end: number;
}

/** First local date of the period containing `date`, and the first local date after it. */
function periodDates(date: LocalDate & { weekday: number }, unit: PeriodUnit, weekStartsOn: number): [LocalDate, LocalDate] {
  const { year, month, day } = date;
  switch (unit) {
    case 'day':
      return [date, { year, month, day: day + 1 }];
    case 'week': {
      const first = day - ((date.weekday - weekStartsOn + 7) % 7);
      return [
        { year, month, day: first },
        { year, month, day: first + 7 },
      ];
    }
    case 'month':
      return [
        { year, month, day: 1 },
        { year, month: month + 1, day: 1 },
      ];
    case 'quarter': {
      const first = month - (month % 3);
      return [
        { year, month: first, day: 1 },
        { year, month: first + 3, day: 1 },
      ];
    }
    case 'year':
      return [
        { year, month: 0, day: 1 },
        { year: year + 1, month: 0, day: 1 },
      ];
  }
}

/** All calendar maths happens in the settings' time zone, never the machine's. */
export function periodContaining(at: number, unit: PeriodUnit, settings: Pick<CalendarSettings, 'timeZone' | 'weekStartsOn'>): Interval {
  const [first, next] = periodDates(wallOf(settings.timeZone, at), unit, settings.weekStartsOn);
  return { start: instantOf(settings.timeZone, normalise(first)), end: instantOf(settings.timeZone, normalise(next)) };
}

/** The period before the one containing `at`. */
export function previousPeriod(at: number, unit: PeriodUnit, settings: Pick<CalendarSettings, 'timeZone' | 'weekStartsOn'>): Interval {
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
  return dateKey(wallOf(settings.timeZone, at));
}

const DAYS_CACHE_LIMIT = 64;
const daysCache = new Map<string, CalendarDay[]>();

/** The calendar days of an interval, each marked working or not. Memoised: periods repeat on every call. */
export function daysOf(interval: Interval, settings: CalendarSettings): CalendarDay[] {
  const key = JSON.stringify([
    interval.start,
    interval.end,
    settings.timeZone,
    settings.workingDays,
    settings.nonWorkingDates,
    settings.holidayCountry,
    settings.workingDates,
    settings.workdayStartHour,
    settings.workdayEndHour,
  ]);
  const cached = daysCache.get(key);
  if (cached) return cached;
  const days = computeDays(interval, settings);
  if (daysCache.size >= DAYS_CACHE_LIMIT) daysCache.delete(daysCache.keys().next().value!);
  daysCache.set(key, days);
  return days;
}

/**
 * The rep's own dates first (time off, then days they work), then the country's official calendar
 * (holidays off, Russia's moved Saturdays on), then the working weekdays.
 */
function isWorking(
  date: LocalDate,
  key: string,
  weekday: number,
  settings: CalendarSettings,
  holidays: ReadonlySet<string>,
  worked: ReadonlySet<string>,
): boolean {
  if (holidays.has(key)) return false;
  if (worked.has(key)) return true;
  const official = settings.holidayCountry ? officialStatus(settings.holidayCountry, date.year, date.month, date.day) : undefined;
  if (official) return official === 'working';
  return settings.workingDays.includes(weekday);
}

function computeDays(interval: Interval, settings: CalendarSettings): CalendarDay[] {
  const zone = settings.timeZone;
  const holidays = new Set(settings.nonWorkingDates);
  const worked = new Set(settings.workingDates ?? []);
  const days: CalendarDay[] = [];
  const first = wallOf(zone, interval.start);
  let date: LocalDate = { year: first.year, month: first.month, day: first.day };
  let start = instantOf(zone, date);
  while (start < interval.end) {
    const next = normalise({ ...date, day: date.day + 1 });
    const end = instantOf(zone, next);
    const key = dateKey(date);
    const weekday = new Date(Date.UTC(date.year, date.month, date.day)).getUTCDay();
    days.push({
      key,
      start,
      end,
      working: isWorking(date, key, weekday, settings, holidays, worked),
      workStart: instantOf(zone, date, settings.workdayStartHour),
      workEnd: instantOf(zone, date, settings.workdayEndHour),
    });
    date = next;
    start = end;
  }
  return days;
}

/** How much of a working day has passed at `at`: 0 before work starts, 1 after it ends. */
export function workedFraction(day: CalendarDay, at: number): number {
  if (!day.working || at <= day.workStart) return 0;
  if (at >= day.workEnd) return 1;
  return (at - day.workStart) / (day.workEnd - day.workStart);
}
