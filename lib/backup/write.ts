import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import Papa from 'papaparse';
import type { Activity } from '../activity';
import type { CustomKind } from '../kinds';
import { type Column, CSV_COLUMNS, type CsvStyle, protectCell } from './columns';

/** Exports: activities as CSV (one row each) and as a JSON backup with the custom kinds they use. */

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

/** The format of a JSON backup: its activities and the definitions of the custom kinds they use. */
export const BACKUP_FORMAT = 'quota-radar-backup';
export function backupJson(activities: readonly Activity[], kinds: readonly CustomKind[]): string {
  const used = new Set<string>(activities.map((a) => a.kind));
  return JSON.stringify({ format: BACKUP_FORMAT, version: 2, kinds: kinds.filter((k) => used.has(k.id)), activities }, null, 1);
}
