import { Activity } from '../activity';
import { type CustomKind, CustomKinds } from '../kinds';
import { csvToActivities } from './read-csv';
import { NOT_UTF8, type ParseResult, withKinds } from './result';

/*
 * Reading an import file: JSON or CSV told apart by content, decoded from bytes, repeats refused,
 * and the preview shown before importing.
 */

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
