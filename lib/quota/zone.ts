import { tzOffset } from '@date-fns/tz';

/**
 * Wall-clock maths in an IANA time zone that never consults the machine's zone.
 * (TZDate's arithmetic goes through the machine's local time and is off by an hour when the
 * machine's own DST change lines up with the computed time: date-fns/tz#13.) Offsets come from
 * Intl; calendar arithmetic happens on plain UTC dates.
 */

const QUARTER_HOUR = 15 * 60_000;
const offsetCache = new Map<string, number>();

/** The zone's UTC offset in ms at an instant. Offsets only change on quarter hours, hence the cache key. */
export function offsetAt(zone: string, at: number): number {
  const key = `${zone}|${Math.floor(at / QUARTER_HOUR)}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    offset = tzOffset(zone, new Date(at)) * 60_000;
    if (offsetCache.size > 50_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return offset;
}

/** A local calendar date. Month is 0-based as in Date; out-of-range days roll over. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface Wall extends LocalDate {
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

/** The local date and weekday at an instant. */
export function wallOf(zone: string, at: number): Wall {
  const shifted = new Date(at + offsetAt(zone, at));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth(),
    day: shifted.getUTCDate(),
    weekday: shifted.getUTCDay(),
  };
}

/** Normalises a local date whose day or month overflowed (e.g. day 32). */
export function normalise(date: LocalDate): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month, date.day));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth(), day: d.getUTCDate() };
}

const HOURS_AROUND = 14 * 3_600_000;

/**
 * The instant a local date and hour begins. When that wall time is skipped by a DST change
 * (e.g. midnight in Santiago), the day begins at the change; when it occurs twice, at the first.
 */
export function instantOf(zone: string, date: LocalDate, hour = 0): number {
  const wall = Date.UTC(date.year, date.month, date.day, hour);
  const candidates = [...new Set([wall - offsetAt(zone, wall - HOURS_AROUND), wall - offsetAt(zone, wall + HOURS_AROUND)])];
  const valid = candidates.filter((at) => at + offsetAt(zone, at) === wall);
  return valid.length ? Math.min(...valid) : Math.max(...candidates);
}

export function dateKey(date: LocalDate): string {
  const d = normalise(date);
  return `${d.year}-${String(d.month + 1).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}
