/** A list typed one per line (or separated by commas or spaces), without blanks. */
export const linesOf = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** A number typed in a field; NaN when empty or not a number, so that the schema reports it. */
export const numberOf = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

const DAY_MS = 86_400_000;
const isoOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const RANGE = /^(\d{4}-\d{2}-\d{2})\s*(?:–|—|-|\.\.|to|по)\s*(\d{4}-\d{2}-\d{2})$/i;
/** The longest time off one line may stand for (a typo in the year would otherwise add thousands of days). */
const MAX_RANGE_DAYS = 366;

/**
 * Holidays and time off as typed, one per line: a date ("2026-12-25") or a range of dates
 * ("2026-07-01 – 2026-07-14", inclusive), expanded into the dates the settings keep. A line that is
 * neither, or a range that ends before it starts, is kept as it is so that the schema names it.
 */
export function datesOfLines(text: string): string[] {
  const dates: string[] = [];
  for (const line of text
    .split(/[\n,;]+/)
    .map((l) => l.trim())
    .filter(Boolean)) {
    const range = RANGE.exec(line);
    if (!range) {
      dates.push(...line.split(/\s+/));
      continue;
    }
    const from = Date.parse(`${range[1]}T00:00:00Z`);
    const to = Date.parse(`${range[2]}T00:00:00Z`);
    if (!Number.isFinite(from) || !Number.isFinite(to) || to < from || (to - from) / DAY_MS >= MAX_RANGE_DAYS) {
      dates.push(line);
      continue;
    }
    for (let at = from; at <= to; at += DAY_MS) dates.push(isoOf(at));
  }
  return [...new Set(dates)];
}

/** The kept dates as the form shows them: runs of consecutive days as one range per line. */
export function linesOfDates(dates: readonly string[]): string {
  const sorted = [...new Set(dates)].sort();
  const lines: string[] = [];
  let start: string | undefined;
  let previous: string | undefined;
  const flush = () => {
    if (start !== undefined) lines.push(start === previous ? start : `${start} – ${previous}`);
  };
  for (const date of sorted) {
    if (previous !== undefined && Date.parse(`${date}T00:00:00Z`) - Date.parse(`${previous}T00:00:00Z`) === DAY_MS) {
      previous = date;
      continue;
    }
    flush();
    start = date;
    previous = date;
  }
  flush();
  return lines.join('\n');
}
