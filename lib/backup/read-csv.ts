import Papa from 'papaparse';
import type { z } from 'zod';
import { Activity, isCustomKind } from '../activity';
import { CustomKind } from '../kinds';
import { type Column, CSV_COLUMNS, OPTIONAL_CSV_COLUMNS, unprotectCell } from './columns';
import { NOT_OURS, type ParseResult, withKinds } from './result';

/** Reading an exported CSV back: cells checked one by one, then each row as an Activity, all or nothing. */

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
  const missing = CSV_COLUMNS.filter((c) => !OPTIONAL_CSV_COLUMNS.has(c) && !fields.includes(c));
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
