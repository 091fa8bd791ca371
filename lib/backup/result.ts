import type { z } from 'zod';
import type { Activity } from '../activity';
import type { CustomKind } from '../kinds';

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
export const withKinds = (kinds: CustomKind[]) => (kinds.length ? { kinds } : {});

export const NOT_OURS = 'not a Quota Radar export: only CSV and JSON files exported by Quota Radar can be imported';
export const NOT_UTF8 = 'the file is not UTF-8 text: export it again, or save it as "CSV UTF-8"';
