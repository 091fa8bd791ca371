import { instantOf, offsetAt } from '@/lib/quota/zone';

/**
 * Dates and times as the rep types them, read in the time zone of the settings (the zone the
 * quota engine counts days in), never the browser's own zone: a rep who set "America/New_York"
 * while travelling must see and edit the same days the quotas count.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const pad = (n: number) => String(n).padStart(2, '0');

/** The instant a yyyy-mm-dd day begins in `zone`, or undefined for anything else (an impossible date included). */
export function zonedDayStart(value: string, zone: string): number | undefined {
  const match = DATE.exec(value);
  if (!match) return undefined;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  if (!isRealDate(year, month, day)) return undefined;
  return instantOf(zone, { year, month: month - 1, day });
}

/** The instant the day after a yyyy-mm-dd begins in `zone` (an inclusive "to" date as an exclusive bound). */
export function zonedDayEnd(value: string, zone: string): number | undefined {
  const match = DATE.exec(value);
  if (!match) return undefined;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  if (!isRealDate(year, month, day)) return undefined;
  return instantOf(zone, { year, month: month - 1, day: day + 1 });
}

/** A datetime-local input's value (yyyy-mm-ddThh:mm) showing `ms` as the wall clock in `zone`. */
export function toZonedInput(ms: number, zone: string): string {
  const wall = new Date(ms + offsetAt(zone, ms));
  return `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`;
}

/** The instant of a datetime-local value read as the wall clock in `zone`; undefined when it is not one. */
export function fromZonedInput(value: string, zone: string): number | undefined {
  const match = DATE_TIME.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  if (!isRealDate(year, month, day) || hour > 23 || minute > 59) return undefined;
  // instantOf resolves the hour (DST gaps and repeats included); offsets change on whole hours
  // in every zone that has a DST rule worth the name, so the minutes add on plainly.
  return instantOf(zone, { year, month: month - 1, day }, hour) + minute * 60_000;
}

function isRealDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}
