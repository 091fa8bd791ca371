import { z } from 'zod';
import { LIMITS } from '../activity';
import { LinkedInSelf } from '../capture/linkedin/account';
import { ParticipantsMap } from '../capture/linkedin/participants-store';
import { ProgressReportSchema } from '../quota/progress-schema';
import { Quotas, Settings } from '../settings';

/**
 * Typed storage: every key of the kv store and the schema of its value, in one map. Reads and writes
 * go through it and are validated both ways: a read of a value that no longer fits gives undefined
 * (the caller falls back to its default), a write of a bad value throws before touching the database.
 */

/** How much of each growing list is kept (the oldest entries go first). */
export const KV_LIMITS = {
  /** Sending accounts seen in captures. */
  accounts: 50,
  /** Notifications already shown: enough for every quota over a year of days. */
  notificationsSent: 500,
  /** Keys the page undid. */
  undoneKeys: 2000,
} as const;

/** Dedupe keys that a page event (an undo, a removed reaction) retracted, with when. */
export const UndoneKeys = z.record(z.string(), z.number());
export type UndoneKeys = z.infer<typeof UndoneKeys>;

/** Per source: requests it watches but did not understand, since when, and the latest reason. */
export const CaptureFailures = z.record(
  z.string(),
  z.object({
    count: z.number().int().nonnegative(),
    since: z.number(),
    lastAt: z.number(),
    reason: z.enum(['threw', 'invalid-event']),
    message: z.string().max(200),
  }),
);
export type CaptureFailures = z.infer<typeof CaptureFailures>;

/** Flags the UI keeps (e.g. the set-up banner was dismissed), each stored as `ui:<flag>`. */
export const UI_FLAGS = ['setupDismissed'] as const;
export const UiFlag = z.enum(UI_FLAGS);
export type UiFlag = z.infer<typeof UiFlag>;
export const uiKvKey = <F extends UiFlag>(flag: F) => `ui:${flag}` as const;

const UI_FLAG_SCHEMAS = Object.fromEntries(UI_FLAGS.map((flag) => [uiKvKey(flag), z.boolean()])) as {
  [F in UiFlag as `ui:${F}`]: z.ZodBoolean;
};

export const PROGRESS_MEMO_KEY = 'progressMemo';

export const KV_SCHEMAS = {
  settings: Settings,
  quotas: Quotas,
  /** Sending accounts seen in captures, newest last (the settings page lists them). */
  accounts: z.array(z.string().min(1).max(LIMITS.account)).max(KV_LIMITS.accounts),
  /** LinkedIn conversations' participants, learned from the page (names only when the settings allow). */
  participants: ParticipantsMap,
  /** The user's own LinkedIn profile URN, once a messaging request named it. */
  linkedinSelf: LinkedInSelf,
  undone: UndoneKeys,
  /** Keys of notifications already shown (see lib/quota/notify.ts), newest last. */
  notificationsSent: z.array(z.string()).max(KV_LIMITS.notificationsSent),
  captureFailures: CaptureFailures,
  /**
   * The last progress computed, for a freshly started worker (see ProgressCache). Deleted in the
   * same transaction as every activity write, so that one found always matches the activities.
   */
  [PROGRESS_MEMO_KEY]: z.object({
    /** The quotas and settings it was computed with: it is only used for the same ones. */
    inputs: z.string(),
    /** The database version it was computed under (a migration may change what counts). */
    dbVersion: z.number().int(),
    report: ProgressReportSchema,
  }),
  ...UI_FLAG_SCHEMAS,
} as const;

export type KvKey = keyof typeof KV_SCHEMAS;
/** What a read gives back: the schema's output. */
export type KvValue<K extends KvKey> = z.output<(typeof KV_SCHEMAS)[K]>;
/** What a write accepts: the schema's input (normalised on the way in). */
export type KvInput<K extends KvKey> = z.input<(typeof KV_SCHEMAS)[K]>;

/** Typed key-value access, as the store offers it. */
export interface KvAccess {
  readKv<K extends KvKey>(key: K): Promise<KvValue<K> | undefined>;
  writeKv<K extends KvKey>(key: K, value: KvInput<K>): Promise<void>;
}

/** A stored value as read back: undefined when missing or when it no longer fits its schema. */
export function parseKv<K extends KvKey>(key: K, stored: unknown): KvValue<K> | undefined {
  if (stored === undefined || !Object.hasOwn(KV_SCHEMAS, key)) return undefined;
  const parsed = KV_SCHEMAS[key].safeParse(stored);
  return parsed.success ? (parsed.data as KvValue<K>) : undefined;
}

/** A value about to be written: normalised by its schema, or a thrown error naming the key. */
export function validKv<K extends KvKey>(key: K, value: unknown): KvValue<K> {
  if (!Object.hasOwn(KV_SCHEMAS, key)) throw new Error(`kv ${String(key)}: not a stored key`);
  const parsed = KV_SCHEMAS[key].safeParse(value);
  if (!parsed.success) throw new Error(`kv ${key}: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? 'invalid'}`.trim());
  return parsed.data as KvValue<K>;
}

/**
 * A change to one kv value made inside another write's transaction (e.g. "remember this undone key"
 * with the retraction that caused it), so that both are stored or neither.
 */
export interface KvEdit {
  key: KvKey;
  /** Gets the current value (undefined when missing or unreadable), returns the new one. */
  next(current: unknown): unknown;
}

export function kvEdit<K extends KvKey>(key: K, next: (current: KvValue<K> | undefined) => KvInput<K>): KvEdit {
  return { key, next: (current) => next(current as KvValue<K> | undefined) };
}
