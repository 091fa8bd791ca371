import { z } from 'zod';
import { Activity, CallOutcome, CustomKindId, DurationSec, LIMITS, ListFilter, Recipient, SignalKind, TopicLabel, Units } from './activity';
import { CustomKind, MAX_CUSTOM_KINDS } from './kinds';
import { answerOf, defineMessages } from './registry/merge';
import type { ImportResult, ListPage } from './store';

/** Rows per `activity/import-rows` message: a few MB, far below the browser's 64 MiB message limit. */
export const IMPORT_CHUNK_ROWS = 5000;

/** Built-in kinds a rep logs by hand (the rest are captured); the rep's own kinds are logged by hand too. */
export const MANUAL_KINDS = ['call', 'meeting', 'opportunity', 'deal', 'work_report', 'demo', 'new_customer'] as const;
const ManualKind = z.union([z.enum(MANUAL_KINDS), CustomKindId], {
  error: `Invalid option: expected one of ${MANUAL_KINDS.map((k) => `"${k}"`).join('|')} or a custom kind such as "custom:site-visit"`,
});
export type ManualKind = z.infer<typeof ManualKind>;

/**
 * What a rep enters by hand: the activity's own field rules (limits, currency), a manual kind. A
 * custom kind must be defined and not archived, and units go only with deals and new customers: the
 * background checks both (they depend on the stored kinds and on the kind an edit keeps).
 */
export const ManualEntry = z.object({
  kind: ManualKind,
  /** Defaults to now. */
  occurredAt: Activity.shape.occurredAt.optional(),
  note: z.string().trim().max(LIMITS.note).optional(),
  amount: Activity.shape.amount,
  currency: Activity.shape.currency,
  units: Units.optional(),
  recipient: Recipient.optional(),
  /** The rep says the person engaged with them first (issue 15, point 4): how, and on which topic. */
  signal: z.object({ kind: SignalKind, topic: z.string().trim().pipe(TopicLabel).optional() }).optional(),
});
export type ManualEntry = z.infer<typeof ManualEntry>;

/** How far ahead of the clock an entry may be dated: one of the limits every entry path shares. */
export { FUTURE_MARGIN_MS } from './entry-limits';

/** What the rep chose in an import's preview, for a whole import and a chunked one alike. */
const ImportChoices = z.object({
  /** The kind definitions the file carried (a JSON backup's `kinds`, a CSV's name columns). */
  kinds: z
    .array(CustomKind)
    .max(MAX_CUSTOM_KINDS * 10)
    .optional(),
  /**
   * Custom kinds the file names that this install does not know, which the rep chose to create
   * (from the file's definition, else named after the id). An import naming an unknown kind not
   * listed here is refused, saying which kinds.
   */
  createKinds: z.array(CustomKindId).max(MAX_CUSTOM_KINDS).optional(),
  /**
   * The rep chose, in the preview, to count from the file's first activity when it is older than
   * "Counting since" (see lib/import-changes.ts). Absent or false: "Counting since" stays.
   */
  moveTrackingStart: z.boolean().optional(),
});
const Imported = answerOf<ImportResult & { kindsCreated?: string[] }>();
const MaybeActivity = Activity.nullable();

/** What the popup and the options page ask of the activities: log, edit, list, export, import. */
export const ACTIVITY_MESSAGES = defineMessages({
  'activity/log': {
    request: z.object({
      entry: ManualEntry,
      /** Chosen by the sender once per entry: a resend with the same id returns the stored entry, no second one. */
      requestId: z.uuid().optional(),
    }),
    answer: Activity,
  },
  'activity/undo-last': { request: z.object({}), answer: MaybeActivity },
  'activity/retract': { request: z.object({ id: z.string() }), answer: MaybeActivity },
  'activity/restore': { request: z.object({ id: z.string() }), answer: MaybeActivity },
  'activity/update': { request: z.object({ id: z.string(), patch: ManualEntry.partial() }), answer: MaybeActivity },
  /** `undoneOnPage`: ids of the page's retracted items that the site itself undid (not deleted here). */
  'activity/list': {
    request: z.object({
      filter: ListFilter,
      offset: z.number().int().nonnegative(),
      limit: z.number().int().positive().max(LIMITS.listPage),
      /** Keyset paging (issue 24): the page starts after this activity, newest first. */
      after: z.object({ occurredAt: z.number(), id: z.string() }).optional(),
      /** false: no total wanted (the popup's lists), so the read stops once the page is full. */
      withTotal: z.boolean().optional(),
    }),
    answer: answerOf<ListPage & { undoneOnPage: string[] }>(),
  },
  'activity/export': { request: z.object({}), answer: z.array(Activity) },
  /** `kindsCreated`: the custom kinds the import created (absent when none). */
  'activity/import': {
    request: ImportChoices.extend({ activities: z.array(z.unknown()).max(LIMITS.importRows) }),
    answer: Imported,
  },
  /**
   * An import in chunks (no message may exceed 64 MiB): start, its rows in order (each chunk's
   * `offset` is its first row's index, for "row N" in errors), then finish; every row or none.
   */
  'activity/import-start': {
    request: ImportChoices.extend({ total: z.number().int().nonnegative().max(LIMITS.importRows) }),
    answer: answerOf<{ importId: string; kindsCreated?: string[] }>(),
  },
  /** Answers how many rows of the import the background has written so far. */
  'activity/import-rows': {
    request: z.object({
      importId: z.string().max(LIMITS.id),
      offset: z.number().int().nonnegative().max(LIMITS.importRows),
      activities: z.array(z.unknown()).max(IMPORT_CHUNK_ROWS),
    }),
    answer: answerOf<{ written: number }>(),
  },
  'activity/import-finish': { request: z.object({ importId: z.string().max(LIMITS.id) }), answer: Imported },
  'activity/import-cancel': { request: z.object({ importId: z.string().max(LIMITS.id) }), answer: z.null() },
  'activity/delete-all': { request: z.object({}), answer: answerOf<{ deleted: number }>() },
  /** The rep's verdict on a call: how it ended (null clears it) and, optionally, its talk time. */
  'activity/set-outcome': {
    request: z.object({
      id: z.string().min(1).max(LIMITS.id),
      outcome: CallOutcome.nullable(),
      durationSec: DurationSec.optional(),
    }),
    answer: MaybeActivity,
  },
  /** The latest calls (the popup's one-click outcomes). */
  'calls/recent': { request: z.object({ limit: z.number().int().positive().max(50).optional() }), answer: z.array(Activity) },
});
