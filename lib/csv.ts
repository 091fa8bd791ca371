// Over 300 lines: export and import of one format (columns, formula-safe cells, decoding, the
// all-or-nothing parse and its localizable problems) read best side by side; split it when a second format comes.
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import Papa from 'papaparse';
import type { z } from 'zod';
import { Activity, isCustomKind } from './activity';
import { CustomKind, CustomKinds } from './kinds';

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
type Column = (typeof CSV_COLUMNS)[number];

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

function momentText(ms: number | undefined, timeZone: string | undefined): string {
  if (ms === undefined) return '';
  if (!timeZone) return new Date(ms).toISOString();
  return format(new TZDate(ms, timeZone), "yyyy-MM-dd'T'HH:mm:ss.SSSxxx");
}

function rowOf(a: Activity, kinds: ReadonlyMap<string, CustomKind>, style: CsvStyle = {}): Record<Column, string> {
  const custom = kinds.get(a.kind);
  const iso = (ms: number | undefined) => momentText(ms, style.timeZone);
  return {
    id: a.id,
    kind: a.kind,
    channel: a.channel,
    status: a.status,
    occurredAt: iso(a.occurredAt),
    account: a.account,
    recipients: JSON.stringify(a.recipients),
    subject: a.subject ?? '',
    note: a.note ?? '',
    amount: a.amount === undefined ? '' : style.decimalComma ? String(a.amount).replace('.', ',') : String(a.amount),
    currency: a.currency ?? '',
    units: a.units === undefined ? '' : String(a.units),
    subtype: a.subtype ?? '',
    dedupeKey: a.dedupeKey,
    confirmAt: iso(a.confirmAt),
    detectionMethod: a.detection.method,
    detectionSource: a.detection.source ?? '',
    detectionIds: a.detection.ids ? JSON.stringify(a.detection.ids) : '',
    createdAt: iso(a.createdAt),
    updatedAt: iso(a.updatedAt),
    kindNameEn: custom?.names.en ?? '',
    kindNameRu: custom?.names.ru ?? '',
    outcome: a.outcome ?? '',
    durationSec: a.durationSec === undefined ? '' : String(a.durationSec),
    bookedAt: iso(a.bookedAt),
    signals: a.signals ? JSON.stringify(a.signals) : '',
  };
}

/** Plain rows as CSV, every cell protected against formula injection; ";" between cells where the style's decimals take the comma. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[], style: CsvStyle = {}): string {
  const data = rows.map((r) => r.map((c) => protectCell(String(c))));
  const text = Papa.unparse(header.length ? { fields: header.map(protectCell), data } : data, {
    newline: '\r\n',
    delimiter: style.decimalComma ? ';' : ',',
  });
  return style.bom ? `\uFEFF${text}` : text;
}

/** Activities as CSV; `kinds` (the custom kinds' definitions) name the custom kinds' rows. */
export function activitiesToCsv(activities: readonly Activity[], kinds: readonly CustomKind[] = [], style: CsvStyle = {}): string {
  const byId = new Map(kinds.map((k) => [k.id as string, k]));
  return toCsv(
    CSV_COLUMNS,
    activities.map((a) => {
      const row = rowOf(a, byId, style);
      return CSV_COLUMNS.map((c) => row[c]);
    }),
    style,
  );
}

/**
 * Why a file was refused, as data: the UI words it in its own language (which row, which column,
 * what is wrong); `error` keeps the English wording for logs and tests.
 */
export type ImportProblem =
  | { reason: 'emptyFile' }
  /** A CSV without the columns only Quota Radar writes: another tool's export. */
  | { reason: 'notOurs' }
  | { reason: 'notJsonFile' }
  | { reason: 'notList' }
  | { reason: 'missingColumns'; columns: string[] }
  | { reason: 'malformedRow'; row: number }
  | { reason: 'notUtf8' }
  | { reason: 'duplicateId'; row: number; earlierRow: number }
  | { reason: 'cell'; row: number; column: string; cell: 'notDate' | 'notJson' | 'notNumber'; value?: string }
  | { reason: 'invalid'; row: number; column: string; issue: z.core.$ZodIssue | undefined };

/** `kinds`: the custom kinds' definitions the file carried (a JSON backup's `kinds`, a CSV's name columns). */
export type ParseResult = { ok: true; activities: Activity[]; kinds?: CustomKind[] } | { ok: false; error: string; problem: ImportProblem };

/** A file without custom kinds parses as it did before issue 15: no `kinds` at all. */
const withKinds = (kinds: CustomKind[]) => (kinds.length ? { kinds } : {});

/** The format of a JSON backup: its activities and the definitions of the custom kinds they use. */
export const BACKUP_FORMAT = 'quota-radar-backup';
export function backupJson(activities: readonly Activity[], kinds: readonly CustomKind[]): string {
  const used = new Set<string>(activities.map((a) => a.kind));
  return JSON.stringify({ format: BACKUP_FORMAT, version: 2, kinds: kinds.filter((k) => used.has(k.id)), activities }, null, 1);
}

class CellError extends Error {
  constructor(
    readonly column: Column,
    readonly cell: 'notDate' | 'notJson' | 'notNumber',
    message: string,
    readonly value?: string,
  ) {
    super(message);
  }
}

/**
 * A moment as exported (ISO 8601 with its zone) or epoch milliseconds of this era (13 digits).
 * Anything looser is refused: `Date.parse` reads "2026-01-1" or a time whose zone was cut off as
 * some other moment, and "202" would be 1970, which is how a truncated file would otherwise import
 * wrong times without a word.
 */
const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

function time(value: string, column: Column): number | undefined {
  if (value === '') return undefined;
  const ms = /^\d{13}$/.test(value) ? Number(value) : ISO_MOMENT.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw new CellError(column, 'notDate', `not a date: "${value.slice(0, 40)}"`, value.slice(0, 40));
  return ms;
}

function json(value: string, column: Column): unknown {
  if (value === '') return undefined;
  try {
    return JSON.parse(value);
  } catch {
    throw new CellError(column, 'notJson', 'not valid JSON');
  }
}

const optional = (value: string) => (value === '' ? undefined : value);

/** Which CSV column a model path came from, so that an error names what the user sees. */
function columnOfPath(path: readonly PropertyKey[]): string {
  const [first, second] = path;
  if (first === 'detection') {
    return second === 'method' ? 'detectionMethod' : second === 'source' ? 'detectionSource' : 'detectionIds';
  }
  return String(first ?? 'row');
}

function describeIssue(error: z.ZodError): { column: string; message: string; issue: z.core.$ZodIssue | undefined } {
  const issue = error.issues[0];
  return { column: issue ? columnOfPath(issue.path) : 'row', message: issue?.message ?? 'invalid', issue };
}

function activityOf(cells: Record<string, string | undefined>, decimalComma: boolean): unknown {
  const cell = (c: Column) => unprotectCell(cells[c] ?? '');
  // A spreadsheet export (";" between cells) writes "1250,5"; no export writes digit grouping.
  const amount = decimalComma ? cell('amount').replace(/^(\d+),(\d+)$/, '$1.$2') : cell('amount');
  if (amount !== '' && !Number.isFinite(Number(amount)))
    throw new CellError('amount', 'notNumber', `not a number: "${amount.slice(0, 40)}"`, amount.slice(0, 40));
  const units = numberCell(cell('units'), 'units');
  const durationSec = numberCell(cell('durationSec'), 'durationSec');
  return {
    id: cell('id'),
    kind: cell('kind'),
    channel: cell('channel'),
    status: cell('status'),
    occurredAt: time(cell('occurredAt'), 'occurredAt'),
    account: cell('account'),
    recipients: json(cell('recipients'), 'recipients') ?? [],
    subject: optional(cell('subject')),
    note: optional(cell('note')),
    amount: amount === '' ? undefined : Number(amount),
    currency: optional(cell('currency')),
    units,
    subtype: optional(cell('subtype')),
    dedupeKey: cell('dedupeKey'),
    confirmAt: time(cell('confirmAt'), 'confirmAt'),
    detection: {
      method: cell('detectionMethod'),
      source: optional(cell('detectionSource')),
      ids: json(cell('detectionIds'), 'detectionIds'),
    },
    createdAt: time(cell('createdAt'), 'createdAt'),
    updatedAt: time(cell('updatedAt'), 'updatedAt'),
    outcome: optional(cell('outcome')),
    durationSec,
    bookedAt: time(cell('bookedAt'), 'bookedAt'),
    signals: json(cell('signals'), 'signals'),
  };
}

function numberCell(value: string, column: Column): number | undefined {
  if (value === '') return undefined;
  if (!Number.isFinite(Number(value)))
    throw new CellError(column, 'notNumber', `not a number: "${value.slice(0, 40)}"`, value.slice(0, 40));
  return Number(value);
}

/**
 * Parses an exported CSV back into activities. All or nothing: the first bad row is reported as
 * `row N (field): problem`, N counting data rows from 1 (the header is not a row).
 */
export function csvToActivities(text: string): ParseResult {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => unprotectCell(h.trim()),
  });
  const fields = parsed.meta.fields ?? [];
  if (!fields.includes('dedupeKey') && !fields.includes('detectionMethod'))
    return { ok: false, error: NOT_OURS, problem: { reason: 'notOurs' } };
  const missing = CSV_COLUMNS.filter(
    (c) =>
      ![
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
      ].includes(c) && !fields.includes(c),
  );
  if (missing.length)
    return { ok: false, error: `missing column: ${missing.join(', ')}`, problem: { reason: 'missingColumns', columns: missing } };
  const structural = parsed.errors.find((e) => e.type !== 'FieldMismatch' || e.code === 'TooManyFields');
  if (structural) {
    const row = (structural.row ?? 0) + 1;
    return { ok: false, error: `row ${row}: ${structural.message}`, problem: { reason: 'malformedRow', row } };
  }
  const activities: Activity[] = [];
  const kinds = new Map<string, CustomKind>();
  for (const [index, cells] of parsed.data.entries()) {
    const row = index + 1;
    try {
      const result = Activity.safeParse(activityOf(cells, parsed.meta.delimiter === ';'));
      if (!result.success) {
        const { column, message, issue } = describeIssue(result.error);
        return { ok: false, error: `row ${row} (${column}): ${message}`, problem: { reason: 'invalid', row, column, issue } };
      }
      activities.push(result.data);
      // The first row of a custom kind that names it defines it (a row without names leaves it unnamed).
      const { kind } = result.data;
      if (isCustomKind(kind) && !kinds.has(kind)) {
        const en = unprotectCell(cells.kindNameEn ?? '').trim();
        const ru = unprotectCell(cells.kindNameRu ?? '').trim();
        const definition = CustomKind.safeParse({
          id: kind,
          names: { ...(en ? { en } : {}), ...(ru ? { ru } : {}) },
          oneClick: false,
          hidden: false,
        });
        if (definition.success) kinds.set(kind, definition.data);
      }
    } catch (error) {
      if (error instanceof CellError) {
        const { column, cell, value } = error;
        return {
          ok: false,
          error: `row ${row} (${column}): ${error.message}`,
          problem: { reason: 'cell', row, column, cell, ...(value === undefined ? {} : { value }) },
        };
      }
      throw error;
    }
  }
  return { ok: true, activities, ...withKinds([...kinds.values()]) };
}

/**
 * Parses an exported JSON file: a backup (`{ format, version, kinds, activities }`), or the older
 * shapes without kinds (an array of activities, or `{ activities: [...] }`). All or nothing; a
 * `kinds` section that does not fit is refused like a bad row.
 */
export function jsonToActivities(text: string): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: 'the file is not valid JSON', problem: { reason: 'notJsonFile' } };
  }
  const list = Array.isArray(data) ? data : (data as { activities?: unknown })?.activities;
  if (!Array.isArray(list)) return { ok: false, error: 'expected a list of activities', problem: { reason: 'notList' } };
  const kindsSection = Array.isArray(data) ? undefined : (data as { kinds?: unknown }).kinds;
  const kinds = kindsSection === undefined ? { success: true as const, data: [] } : CustomKinds.safeParse(kindsSection);
  if (!kinds.success) {
    const issue = kinds.error.issues[0];
    const column = `kinds.${issue?.path.join('.') ?? ''}`;
    return {
      ok: false,
      error: `kinds (${column}): ${issue?.message ?? 'invalid'}`,
      problem: { reason: 'invalid', row: 0, column, issue },
    };
  }
  const activities: Activity[] = [];
  for (const [index, candidate] of list.entries()) {
    const result = Activity.safeParse(candidate);
    if (!result.success) {
      const issue = result.error.issues[0];
      const field = issue?.path.length ? issue.path.join('.') : 'row';
      const row = index + 1;
      return {
        ok: false,
        error: `row ${row} (${field}): ${issue?.message ?? 'invalid'}`,
        problem: { reason: 'invalid', row, column: field, issue },
      };
    }
    activities.push(result.data);
  }
  return { ok: true, activities, ...withKinds(kinds.data) };
}

/**
 * One activity per id. The same row twice (two overlapping exports joined) is kept once; two
 * different activities under one id cannot both be imported, and importing either silently would
 * lose the other.
 */
function withoutRepeats(activities: readonly Activity[], kinds: CustomKind[] | undefined): ParseResult {
  const firstRow = new Map<string, number>();
  const kept: Activity[] = [];
  for (const [index, activity] of activities.entries()) {
    const earlier = firstRow.get(activity.id);
    if (earlier === undefined) {
      firstRow.set(activity.id, index);
      kept.push(activity);
    } else if (JSON.stringify(activities[earlier]) !== JSON.stringify(activity)) {
      return {
        ok: false,
        error: `row ${index + 1} (id): the same id as row ${earlier + 1}, with different values`,
        problem: { reason: 'duplicateId', row: index + 1, earlierRow: earlier + 1 },
      };
    }
  }
  return { ok: true, activities: kept, ...withKinds(kinds ?? []) };
}

/**
 * Either format, told apart by content (a file name can lie); a file named `.json` is never read as
 * CSV, so that a broken backup is called broken JSON, not a CSV without columns.
 */
export function parseActivitiesFile(text: string, fileName = ''): ParseResult {
  const body = text.replace(/^\uFEFF/, '');
  // UTF-16 read as UTF-8 has a NUL beside every ASCII character; no export of ours contains one.
  if (body.includes('\u0000')) return { ok: false, error: NOT_UTF8, problem: { reason: 'notUtf8' } };
  if (body.trim() === '') return { ok: false, error: 'the file is empty', problem: { reason: 'emptyFile' } };
  const json = /^\s*[[{]/.test(body) || /\.json$/i.test(fileName);
  const parsed = json ? jsonToActivities(body) : csvToActivities(body);
  return parsed.ok ? withoutRepeats(parsed.activities, parsed.kinds) : parsed;
}

const NOT_OURS = 'not a Quota Radar export: only CSV and JSON files exported by Quota Radar can be imported';
const NOT_UTF8 = 'the file is not UTF-8 text: export it again, or save it as "CSV UTF-8"';

/**
 * A file's bytes to activities. UTF-8 (with or without a byte-order mark) is what exports are;
 * UTF-16 with its byte-order mark (some spreadsheets' "Unicode text") is read too; anything else
 * that is not valid UTF-8 (Latin-1, a picture) is refused rather than imported with its accented
 * letters replaced.
 */
export function decodeActivitiesFile(bytes: Uint8Array, fileName = ''): ParseResult {
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8';
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, error: NOT_UTF8, problem: { reason: 'notUtf8' } };
  }
  return parseActivitiesFile(text, fileName);
}

export interface ImportPreview {
  count: number;
  from: number | null;
  to: number | null;
  kinds: Partial<Record<Activity['kind'], number>>;
}

export function previewOf(activities: readonly Activity[]): ImportPreview {
  let from: number | null = null;
  let to: number | null = null;
  const kinds: ImportPreview['kinds'] = {};
  for (const a of activities) {
    from = from === null ? a.occurredAt : Math.min(from, a.occurredAt);
    to = to === null ? a.occurredAt : Math.max(to, a.occurredAt);
    kinds[a.kind] = (kinds[a.kind] ?? 0) + 1;
  }
  return { count: activities.length, from, to, kinds };
}
