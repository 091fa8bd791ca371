import { z } from 'zod';
import { LIMITS } from '../activity';
import { EngagementsMap, OwnPostsMap } from '../background/engagements';
import { API_SOURCE_IDS, type ApiSourceId, apiSource } from '../capture/api-sources';
import { ConnectorErrorRecord, ConnectorOwner } from '../capture/define-api-source';
import { LinkedInSelf } from '../capture/linkedin/account';
import { ParticipantsMap } from '../capture/linkedin/participants-store';
import { CrmSyncConfig, OutboxError } from '../crm/outbox';
import { CRM_IDS, CrmCredentials, type CrmId } from '../crm/types';
import { CustomKinds } from '../kinds';
import { isWebmailDomain } from '../webmail-domains';
import { ProgressReportSchema } from '../quota/progress-schema';
import { isRealIsoDate, MAX_COUNT_TARGET, Quotas, Settings } from '../settings';

/**
 * Quotas saved before count targets had to be whole (0.5 calls, 999,999,999 calls) read back rounded
 * into range, rather than failing the schema and dropping every quota for the defaults.
 */
function wholeCountTargets(stored: unknown): unknown {
  if (!Array.isArray(stored)) return stored;
  return stored.map((q: unknown) => {
    if (typeof q !== 'object' || q === null) return q;
    const { measure, target } = q as { measure?: unknown; target?: unknown };
    if (measure === 'sum' || typeof target !== 'number' || !Number.isFinite(target) || target <= 0) return q;
    return { ...q, target: Math.min(MAX_COUNT_TARGET, Math.max(1, Math.round(target))) };
  });
}

/**
 * Settings saved before two rules existed read back repaired rather than failing the schema (which
 * would drop all of them for the defaults): holidays that are not real dates (2026-13-45) are dropped,
 * and so are free-mail domains taken as internal (they stopped every prospect there from counting).
 */
function repairSettings(stored: unknown): unknown {
  if (typeof stored !== 'object' || stored === null) return stored;
  const { nonWorkingDates: dates, internalDomains: domains } = stored as { nonWorkingDates?: unknown; internalDomains?: unknown };
  return {
    ...stored,
    ...(Array.isArray(dates) ? { nonWorkingDates: dates.filter((d) => typeof d !== 'string' || isRealIsoDate(d)) } : {}),
    ...(Array.isArray(domains) ? { internalDomains: domains.filter((d) => typeof d !== 'string' || !isWebmailDomain(d)) } : {}),
  };
}

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

/**
 * A connected API source (phone system, booking service): the key the rep pasted and what connecting
 * learned, kept in this database only (never synced, never in an export), shown masked.
 */
export const connectorKvKey = <Id extends ApiSourceId>(id: Id) => `connector:${id}` as const;
/** A source's poll state: where the next poll starts, the last success and the last error. */
export const connectorStateKvKey = <Id extends ApiSourceId>(id: Id) => `connectorState:${id}` as const;
/** When the requests a vendor limits were sent (see lib/api-connector/pace.ts): kept across workers. */
export const connectorPaceKvKey = <Id extends ApiSourceId>(id: Id) => `connectorPace:${id}` as const;
export const ConnectorPaceLog = z.record(z.string().max(40), z.array(z.number().int().nonnegative()).max(1000));

export const StoredConnector = z.object({
  /** The source's own secret schema (checked against it on every read, see connectorSchema). */
  secret: z.unknown(),
  owner: ConnectorOwner,
  connectedAt: z.number().int().nonnegative(),
});
export type StoredConnector = z.infer<typeof StoredConnector>;

const connectorSchema = (id: ApiSourceId) =>
  StoredConnector.superRefine((value, ctx) => {
    if (!apiSource(id).secret.safeParse(value.secret).success)
      ctx.addIssue({ code: 'custom', path: ['secret'], message: `not a ${id} secret` });
  });

export const ConnectorState = z.object({
  lastPollAt: z.number().int().nonnegative().optional(),
  lastSuccessAt: z.number().int().nonnegative().optional(),
  lastError: ConnectorErrorRecord.optional(),
  /** Skip the source until then (a rate limit). */
  retryAt: z.number().int().nonnegative().optional(),
  /** An interrupted poll (page cap, a long wait) goes on from here, over the same window. */
  resume: z.object({ since: z.number().int().nonnegative(), cursor: z.json() }).optional(),
  /** What a snapshot source (a calendar feed) kept from its last complete poll: validators, what it listed. */
  memo: z.json().optional(),
  /** Activities recorded from this source since it was connected, and by the last poll. */
  recorded: z.number().int().nonnegative(),
  lastRecorded: z.number().int().nonnegative().optional(),
});
export type ConnectorState = z.infer<typeof ConnectorState>;

const CONNECTOR_SCHEMAS = Object.fromEntries(
  API_SOURCE_IDS.flatMap((id) => [
    [connectorKvKey(id), connectorSchema(id)],
    [connectorStateKvKey(id), ConnectorState],
    [connectorPaceKvKey(id), ConnectorPaceLog],
  ]),
) as { [Id in ApiSourceId as `connector:${Id}`]: ReturnType<typeof connectorSchema> } & {
  [Id in ApiSourceId as `connectorState:${Id}`]: typeof ConnectorState;
} & { [Id in ApiSourceId as `connectorPace:${Id}`]: typeof ConnectorPaceLog };

/**
 * A connected CRM: what the rep pasted and what the connection test learned. In this database only
 * (never synced, never in an export), shown masked, deleted on "Disconnect".
 */
export const crmKvKey = <Id extends CrmId>(id: Id) => `crm:${id}` as const;
/** A CRM's sync state: the last success and failure, and a pause (rate limit, a refused token). */
export const crmStateKvKey = <Id extends CrmId>(id: Id) => `crmState:${id}` as const;

export const StoredCrm = z.object({
  credentials: CrmCredentials,
  account: z.string().max(300),
  userId: z.string().max(200),
  userName: z.string().max(300),
  connectedAt: z.number().int().nonnegative(),
});
export type StoredCrm = z.infer<typeof StoredCrm>;

export const CrmSyncState = z.object({
  lastRunAt: z.number().int().nonnegative().optional(),
  lastSuccessAt: z.number().int().nonnegative().optional(),
  /** The latest failure that stopped a run (a refused token, no network, a rate limit). */
  lastError: OutboxError.optional(),
  /** Since when runs have been failing without a success in between (the popup warns after an hour). */
  failingSince: z.number().int().nonnegative().optional(),
  /** No request to this CRM before then (Retry-After, or a backoff after a refused token). */
  pausedUntil: z.number().int().nonnegative().optional(),
});
export type CrmSyncState = z.infer<typeof CrmSyncState>;

const CRM_SCHEMAS = Object.fromEntries(
  CRM_IDS.flatMap((id) => [
    [crmKvKey(id), StoredCrm.refine((value) => value.credentials.crm === id, { message: `not ${id} credentials` })],
    [crmStateKvKey(id), CrmSyncState],
  ]),
) as { [Id in CrmId as `crm:${Id}`]: typeof StoredCrm } & { [Id in CrmId as `crmState:${Id}`]: typeof CrmSyncState };

/** Phone links (a hook source): whether the rep turned them on, and the calling code for national numbers. */
export const PhoneLinksSetting = z.object({
  enabled: z.boolean(),
  /** Country calling code, digits only ("1", "44", "7"), for links written without one. */
  defaultCallingCode: z
    .string()
    .regex(/^[1-9]\d{0,2}$/, 'a calling code is 1 to 3 digits, such as 1 or 44')
    .optional(),
});
export type PhoneLinksSetting = z.infer<typeof PhoneLinksSetting>;

/**
 * The manager's own CRM connection for the team board (lib/background/team-board.ts): the token,
 * whose it is, and the reps chosen for the board. Kept in this database only (never synced, never in
 * an export), shown masked, removed on "Disconnect".
 */
export const TeamBoardConnection = z.object({
  credentials: CrmCredentials,
  /** Who the token belongs to, as the CRM's connection test said ("acme, as Ann"). */
  account: z.object({ account: z.string().max(300), userId: z.string().max(200), userName: z.string().max(300) }),
  connectedAt: z.number().int().nonnegative(),
  /** The CRM users on the board; absent: every active user. */
  repIds: z.array(z.string().min(1).max(200)).max(1000).optional(),
  /** The CRM asked us to wait (a rate limit): no board request goes out before then. */
  retryAt: z.number().int().nonnegative().optional(),
});
export type TeamBoardConnection = z.infer<typeof TeamBoardConnection>;

export const PROGRESS_MEMO_KEY = 'progressMemo';

export const KV_SCHEMAS = {
  settings: z.preprocess(repairSettings, Settings),
  quotas: z.preprocess(wholeCountTargets, Quotas),
  /** Sending accounts seen in captures, newest last (the settings page lists them). */
  accounts: z.array(z.string().min(1).max(LIMITS.account)).max(KV_LIMITS.accounts),
  /** LinkedIn conversations' participants, learned from the page (names only when the settings allow). */
  participants: ParticipantsMap,
  /** The user's own LinkedIn profile URN, once a messaging request (or the page's `me` answer) named it. */
  linkedinSelf: LinkedInSelf,
  /** Who engaged with the rep's posts, how and when (ids and topic labels only; issue 15, point 4). */
  engagements: EngagementsMap,
  /** The rep's own LinkedIn posts with their topic labels (never their text). */
  linkedinOwnPosts: OwnPostsMap,
  undone: UndoneKeys,
  /** Keys of notifications already shown (see lib/quota/notify.ts), newest last. */
  notificationsSent: z.array(z.string()).max(KV_LIMITS.notificationsSent),
  captureFailures: CaptureFailures,
  /**
   * When tracking started: the first run, or the first imported activity if earlier. The quotas'
   * first period is pro-rated from then, and earlier periods are not misses.
   */
  trackingStart: z.number().int().nonnegative(),
  phoneLinks: PhoneLinksSetting,
  /** The rep's own activity kinds (issue 15), archived ones included; absent: none. */
  customKinds: CustomKinds,
  ...CONNECTOR_SCHEMAS,
  teamBoard: TeamBoardConnection,
  /** The connected CRMs and what the rep lets go to each: read by the store in every activity write. */
  crmSync: CrmSyncConfig,
  ...CRM_SCHEMAS,
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
