/** The columns of an activities CSV, and its cells safe to open in a spreadsheet. */
/**
 * Activities as CSV, one row each, for spreadsheets and for re-import. Pure: no browser APIs.
 * Times are ISO 8601 (milliseconds kept, so a round trip is exact); nested values are JSON.
 * A custom kind is written as its id (`custom:site-visit`) in `kind`, with its names in
 * `kindNameEn` / `kindNameRu` on every row of it, so that an import elsewhere can define it; those
 * two columns are empty for built-in kinds. `units`, `kindNameEn` and `kindNameRu` are optional on
 * import (files exported before issue 15 lack them), and so are the columns after them (calls'
 * outcome and talk time, meetings' booking time, engagement signals as JSON: added in issue 21).
 */
export const CSV_COLUMNS = [
  'id',
  'kind',
  'channel',
  'status',
  'occurredAt',
  'account',
  'recipients',
  'subject',
  'note',
  'amount',
  'currency',
  'units',
  'subtype',
  'dedupeKey',
  'confirmAt',
  'detectionMethod',
  'detectionSource',
  'detectionIds',
  'createdAt',
  'updatedAt',
  'kindNameEn',
  'kindNameRu',
  // Issue 21, point 2: what calls, meetings and "engaged first" quotas count must survive a CSV too.
  'outcome',
  'durationSec',
  'bookedAt',
  'signals',
] as const;
export type Column = (typeof CSV_COLUMNS)[number];
/** Columns an import does without: older files lack them, or a row may leave them empty. */
export const OPTIONAL_CSV_COLUMNS: ReadonlySet<Column> = new Set<Column>([
  'subject',
  'note',
  'amount',
  'currency',
  'units',
  'subtype',
  'confirmAt',
  'detectionSource',
  'detectionIds',
  'kindNameEn',
  'kindNameRu',
  'outcome',
  'durationSec',
  'bookedAt',
  'signals',
]);

/** Characters a spreadsheet reads as the start of a formula (or that hide one). */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/**
 * A spreadsheet would run `=HYPERLINK(...)` in a subject as a formula: such a cell gets a leading
 * quote. Cells that already start with quotes before such a character get one more, so that
 * `unprotectCell` can always remove exactly one and the round trip stays exact.
 */
export function protectCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function unprotectCell(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

/**
 * How a CSV is written (issue 27, point 10). The default is machine-readable: UTC times, "," and
 * "." as in JSON. For a spreadsheet: times in the rep's zone (still ISO 8601, with the offset, so
 * an import reads the same moment back), and where the locale writes decimals with a comma, ";"
 * between cells and amounts with a decimal comma, as Excel there expects; a UTF-8 byte-order mark,
 * without which Excel reads the file as the system's code page.
 */
export interface CsvStyle {
  timeZone?: string;
  decimalComma?: boolean;
  bom?: boolean;
}

/** Whether numbers in `locale` are written with a decimal comma (ru, de, fr…). */
export function usesDecimalComma(locale: string): boolean {
  return new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value === ',';
}
