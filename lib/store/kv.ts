import { z } from 'zod';
import { ENGAGEMENT_KEYS } from '../background/engagements';
import { CAPTURE_KEYS, CAPTURE_KV_LIMITS } from '../capture/capture-keys';
import { CONNECTOR_KEYS } from '../capture/connector-keys';
import { LINKEDIN_ACCOUNT_KEYS } from '../capture/linkedin/account';
import { PARTICIPANTS_KEYS } from '../capture/linkedin/participants-store';
import { RECENT_CHATS_KEYS } from '../capture/recent-chats';
import { CRM_KEYS } from '../crm/keys';
import { TEAM_BOARD_KEPT_KEYS } from '../crm/team-board-keys';
import { NOTIFICATIONS_KEPT, NOTIFY_KEYS } from '../quota/notify';
import { ProgressReportSchema } from '../quota/progress-schema';
import { defineKeys, mergeDeclarations } from '../registry/merge';
import { SETTINGS_KEYS } from '../settings-keys';
import { UI_FLAG_KEYS } from '../ui-flags';

/**
 * The registry of stored keys: each feature declares its keys and their schemas next to its code
 * (defineKeys); this merges them. A key no feature declares cannot be read or written (KvKey), and
 * one declared twice does not compile (mergeDeclarations).
 */

export { CaptureFailures, PhoneLinksSetting, UndoneKeys } from '../capture/capture-keys';
export type { ConnectorState, StoredConnector } from '../capture/connector-keys';
export { ConnectorPaceLog, connectorKvKey, connectorPaceKvKey, connectorStateKvKey } from '../capture/connector-keys';
export type { CrmSyncState, StoredCrm, TeamBoardConnection } from '../crm/keys';
export { crmKvKey, crmStateKvKey } from '../crm/keys';
export { UI_FLAGS, UiFlag, uiKvKey } from '../ui-flags';

/** How much of each growing list is kept (the oldest entries go first). */
export const KV_LIMITS = { ...CAPTURE_KV_LIMITS, notificationsSent: NOTIFICATIONS_KEPT } as const;

export const PROGRESS_MEMO_KEY = 'progressMemo';

/** The store's own key: the kept progress, deleted with every activity write (lib/store/rows.ts). */
const STORE_KEYS = defineKeys({
  /**
   * The last progress computed, for a freshly started worker (see ProgressCache). Deleted in the
   * same transaction as every activity write, so that one found always matches the activities.
   */
  [PROGRESS_MEMO_KEY]: z.object({
    /** The quotas, settings and tracking start it was computed with: it is only used for the same ones. */
    inputs: z.string(),
    /** The database version it was computed under (a migration may change what counts). */
    dbVersion: z.number().int(),
    report: ProgressReportSchema,
  }),
});

export const KV_SCHEMAS = mergeDeclarations([
  SETTINGS_KEYS,
  CAPTURE_KEYS,
  RECENT_CHATS_KEYS,
  PARTICIPANTS_KEYS,
  LINKEDIN_ACCOUNT_KEYS,
  ENGAGEMENT_KEYS,
  NOTIFY_KEYS,
  CONNECTOR_KEYS,
  CRM_KEYS,
  TEAM_BOARD_KEPT_KEYS,
  UI_FLAG_KEYS,
  STORE_KEYS,
]);

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
  if (!parsed.success)
    throw new Error(`kv ${key}: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? 'invalid'}`.trim());
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
