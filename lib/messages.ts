import { z } from 'zod';
import {
  Activity,
  ActivityKind,
  CallOutcome,
  CustomKindId,
  DurationSec,
  LIMITS,
  ListFilter,
  Recipient,
  SignalKind,
  TopicLabel,
  Units,
} from './activity';
import { API_SOURCE_IDS } from './capture/api-sources';
import { ConnectorErrorRecord } from './capture/define-api-source';
import { PhoneLinkClick } from './capture/phone-link/detect';
import { ChatSeen, type RecentChats } from './capture/recent-chats';
import { Observation } from './capture/types';
import { CrmSyncSettings, OutboxError } from './crm/outbox';
import type { TeamBoardResult, TeamConnectResult, TeamStatus } from './crm/team-board';
import { CrmCredentials, CrmId } from './crm/types';
import { CustomKind, CustomKinds, KindNames, MAX_CUSTOM_KINDS } from './kinds';
import type { ProgressReport } from './quota/progress';
import { type DayCounts, type PeriodReport, type QuotaHistory, ReportPeriod } from './quota/report';
import { type Quota, Quotas, Settings } from './settings';
import type { ImportResult, ListPage } from './store';
import { type CaptureFailures, PhoneLinksSetting, UiFlag } from './store/kv';

/**
 * The one protocol between content scripts, popup, options and background. Every request is parsed
 * with `Request` on receipt; the response type of each is in `ProtocolMap`.
 */

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

/** A connected API source (phone system, booking service). */
export const ApiSourceIdSchema = z.enum(API_SOURCE_IDS as [(typeof API_SOURCE_IDS)[number], ...(typeof API_SOURCE_IDS)[number][]]);

/** What the Capture section shows of one API source: never a secret, only its masked start. */
export const ConnectorStatus = z.object({
  id: ApiSourceIdSchema,
  connected: z.boolean(),
  /** The account its activities are recorded under. */
  account: z.string().optional(),
  /** The host permission it holds (a calendar feed's own origin), as `https://host/*`. */
  origin: z.string().optional(),
  /** The connect form's fields as stored: secret ones masked ("sk_l…"). */
  fields: z.array(z.object({ name: z.string(), value: z.string(), secret: z.boolean() })),
  connectedAt: z.number().optional(),
  lastPollAt: z.number().optional(),
  lastSuccessAt: z.number().optional(),
  lastError: ConnectorErrorRecord.optional(),
  retryAt: z.number().optional(),
  recorded: z.number().int().nonnegative(),
  lastRecorded: z.number().int().nonnegative().optional(),
});
export type ConnectorStatus = z.infer<typeof ConnectorStatus>;

export interface ConnectorsOverview {
  connectors: ConnectorStatus[];
  phoneLinks: PhoneLinksSetting;
}

/** A connect or test: whether the vendor accepted the key, and the status after it. */
export interface ConnectResult {
  ok: boolean;
  error?: ConnectorErrorRecord;
  status: ConnectorStatus;
}

/** What Options → CRM shows of one CRM: never a secret, only its masked start. */
export const CrmStatus = z.object({
  id: CrmId,
  label: z.string(),
  connected: z.boolean(),
  /** "HubSpot 123456", "acme.amocrm.ru". */
  account: z.string().optional(),
  userName: z.string().optional(),
  /** The connect form's fields as stored: secret ones masked ("pat-…"). */
  fields: z.array(z.object({ name: z.string(), value: z.string(), secret: z.boolean() })),
  connectedAt: z.number().optional(),
  settings: CrmSyncSettings.optional(),
  counts: z.object({
    synced: z.number().int().nonnegative(),
    waiting: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
    retracted: z.number().int().nonnegative(),
  }),
  lastRunAt: z.number().optional(),
  lastSuccessAt: z.number().optional(),
  /** What stopped the last run (a refused token, no network, a rate limit), or the latest record's failure. */
  lastError: OutboxError.optional(),
  failingSince: z.number().optional(),
  pausedUntil: z.number().optional(),
  /** The latest failed records, with the reason. */
  failures: z.array(z.object({ activityId: z.string(), error: OutboxError, gaveUp: z.boolean() })).max(20),
});
export type CrmStatus = z.infer<typeof CrmStatus>;

export const CrmOverview = z.object({ crms: z.array(CrmStatus) });
export type CrmOverview = z.infer<typeof CrmOverview>;

/** A connect or test: whether the CRM accepted the credentials (and why not, in the contract's words). */
/** One line of the connection check (CrmCheck): message keys and their placeholders. */
export const CrmCheckLine = z.object({
  what: z.string().max(60),
  ok: z.boolean(),
  words: z.string().max(60),
  subs: z.array(z.string().max(300)).max(5).optional(),
});
export const CrmConnectResult = z.object({
  ok: z.boolean(),
  error: OutboxError.optional(),
  status: CrmStatus,
  /** What will work and what will not, probed without writing (connect and test). */
  checks: z.array(CrmCheckLine).max(30).optional(),
});
export type CrmConnectResult = z.infer<typeof CrmConnectResult>;

/** The popup's warning: CRMs whose sync has failed since then, without a success. */
export const CrmHealth = z.object({ failing: z.array(z.object({ id: CrmId, label: z.string(), since: z.number() })) });
export type CrmHealth = z.infer<typeof CrmHealth>;

/** UI flags kept in the store's key-value area. */
export const UiKey = UiFlag;

export const Request = z.discriminatedUnion('type', [
  /** From the relay: a request the page made that the tap thought worth a look. */
  z.object({ type: z.literal('capture/observed'), observation: Observation }),
  /** From the relay: the user clicked Gmail's "Undo" on the sent toast. */
  z.object({ type: z.literal('capture/undo-clicked'), provider: z.literal('gmail'), at: z.number() }),
  /** From the relay (VK, Telegram page hook): the chat open in the page, for the recent-chats pick list. */
  z.object({ type: z.literal('capture/chat-seen'), chat: ChatSeen }),
  /** Options → Capture: the rep's recent messenger chats, newest first (as the settings allow). */
  z.object({ type: z.literal('capture/recent-chats') }),
  z.object({ type: z.literal('progress/get') }),
  /** Per source, requests it watches but did not understand (a site changed its format). */
  z.object({ type: z.literal('capture/failures') }),
  z.object({ type: z.literal('capture/failures-clear') }),
  z.object({
    type: z.literal('activity/log'),
    entry: ManualEntry,
    /** Chosen by the sender once per entry: a resend with the same id returns the stored entry, no second one. */
    requestId: z.uuid().optional(),
  }),
  z.object({ type: z.literal('activity/undo-last') }),
  z.object({ type: z.literal('activity/retract'), id: z.string() }),
  z.object({ type: z.literal('activity/restore'), id: z.string() }),
  z.object({
    type: z.literal('activity/update'),
    id: z.string(),
    patch: ManualEntry.partial(),
  }),
  z.object({
    type: z.literal('activity/list'),
    filter: ListFilter,
    offset: z.number().int().nonnegative(),
    limit: z.number().int().positive().max(LIMITS.listPage),
    /** Keyset paging (issue 24): the page starts after this activity, newest first. */
    after: z.object({ occurredAt: z.number(), id: z.string() }).optional(),
    /** false: no total wanted (the popup's lists), so the read stops once the page is full. */
    withTotal: z.boolean().optional(),
  }),
  z.object({ type: z.literal('activity/export') }),
  z.object({
    type: z.literal('activity/import'),
    activities: z.array(z.unknown()).max(LIMITS.importRows),
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
  }),
  /**
   * An import in chunks (no message may exceed 64 MiB): start, its rows in order (each chunk's
   * `offset` is its first row's index, for "row N" in errors), then finish; every row or none.
   */
  z.object({
    type: z.literal('activity/import-start'),
    total: z.number().int().nonnegative().max(LIMITS.importRows),
    kinds: z
      .array(CustomKind)
      .max(MAX_CUSTOM_KINDS * 10)
      .optional(),
    createKinds: z.array(CustomKindId).max(MAX_CUSTOM_KINDS).optional(),
    /** The rep chose, in the import preview, to count from the first imported activity (else "Counting since" stays). */
    moveTrackingStart: z.boolean().optional(),
  }),
  z.object({
    type: z.literal('activity/import-rows'),
    importId: z.string().max(LIMITS.id),
    offset: z.number().int().nonnegative().max(LIMITS.importRows),
    activities: z.array(z.unknown()).max(IMPORT_CHUNK_ROWS),
  }),
  z.object({ type: z.literal('activity/import-finish'), importId: z.string().max(LIMITS.id) }),
  z.object({ type: z.literal('activity/import-cancel'), importId: z.string().max(LIMITS.id) }),
  z.object({ type: z.literal('activity/delete-all') }),
  z.object({ type: z.literal('settings/get') }),
  /**
   * When counting starts (set at install): a rep who joined on the 1st, or whose manager counts whole
   * months, moves it back; the first period is pro-rated from it and earlier periods are not misses.
   */
  z.object({ type: z.literal('tracking/set'), since: z.number().int().nonnegative() }),
  z.object({ type: z.literal('settings/save'), settings: z.unknown() }),
  z.object({ type: z.literal('quotas/save'), quotas: z.unknown() }),
  /** The options page's manager report for a period, with daily activity and past periods for charts. */
  z.object({ type: z.literal('report/get'), period: ReportPeriod }),
  /** A small key-value note the UI keeps (e.g. the set-up banner was dismissed). */
  z.object({ type: z.literal('ui/get'), key: UiKey }),
  z.object({ type: z.literal('ui/set'), key: UiKey, value: z.boolean() }),
  /** The rep's own kinds, archived ones included (for names of kept activities). */
  z.object({ type: z.literal('kinds/list') }),
  /** A new custom kind: its id is made from its first name. */
  z.object({ type: z.literal('kinds/add'), names: KindNames, oneClick: z.boolean().default(false) }),
  /** Rename, show as a popup button or not, hide or show again. */
  z.object({
    type: z.literal('kinds/update'),
    id: CustomKindId,
    names: KindNames.optional(),
    oneClick: z.boolean().optional(),
    hidden: z.boolean().optional(),
  }),
  /** What removing a kind would touch: its activities and the quotas that count it. */
  z.object({ type: z.literal('kinds/usage'), id: CustomKindId }),
  /**
   * Removes a custom kind. With activities of it, the rep chooses: `move` them to another kind,
   * `archive` (keep them under the kind, which stays defined as archived), or `delete` them, which
   * also needs `confirmDelete: true` (a second, explicit confirmation). `none` is refused while any
   * activity has the kind: nothing is lost silently.
   */
  z.object({
    type: z.literal('kinds/remove'),
    id: CustomKindId,
    activities: z.enum(['none', 'move', 'archive', 'delete']),
    moveTo: ActivityKind.optional(),
    confirmDelete: z.literal(true).optional(),
  }),
  /** From the phone-link content script: the rep clicked a tel:, callto: or sip: link. */
  z.object({ type: z.literal('phone-link/clicked'), click: PhoneLinkClick }),
  /** Phone links on or off (the options page asked for the sites' permission first), and the calling code. */
  z.object({ type: z.literal('phone-links/set'), setting: PhoneLinksSetting }),
  /** The rep's verdict on a call: how it ended (null clears it) and, optionally, its talk time. */
  z.object({
    type: z.literal('activity/set-outcome'),
    id: z.string().min(1).max(LIMITS.id),
    outcome: CallOutcome.nullable(),
    durationSec: DurationSec.optional(),
  }),
  /** The latest calls (the popup's one-click outcomes). */
  z.object({ type: z.literal('calls/recent'), limit: z.number().int().positive().max(50).optional() }),
  z.object({ type: z.literal('connectors/status') }),
  /** Connect an API source with what the rep pasted (the options page asked for its origin first). */
  z.object({
    type: z.literal('connectors/connect'),
    id: ApiSourceIdSchema,
    input: z.record(z.string().max(50), z.string().max(8000)),
  }),
  z.object({ type: z.literal('connectors/test'), id: ApiSourceIdSchema }),
  /** Forget the key and give the API origin's permission back. */
  z.object({ type: z.literal('connectors/disconnect'), id: ApiSourceIdSchema }),
  /** Fetch now: one source, or all (the popup opening, debounced). */
  z.object({ type: z.literal('connectors/poll'), id: ApiSourceIdSchema.optional(), reason: z.enum(['popup', 'manual']) }),
  /** The manager's CRM connection for the team board (never the secret itself). */
  z.object({ type: z.literal('team/status') }),
  /** Connect the manager's own CRM token (the options page asked for the CRM's origins first). */
  z.object({ type: z.literal('team/connect'), credentials: CrmCredentials }),
  /** Forget the manager's token and give the CRM's origins back. */
  z.object({ type: z.literal('team/disconnect') }),
  /** The board for a period: every rep's progress per quota, read from the CRM. */
  z.object({ type: z.literal('team/board'), period: ReportPeriod }),
  /** The reps on the board: these CRM user ids, or null for every active user. */
  z.object({ type: z.literal('team/reps'), repIds: z.array(z.string().min(1).max(200)).max(1000).nullable() }),
  /** Options → CRM: every CRM's connection, settings and sync figures. */
  z.object({ type: z.literal('crm/status') }),
  /** The popup: which connected CRMs have been failing, since when. */
  z.object({ type: z.literal('crm/health') }),
  /** Connect a CRM with what the rep pasted (the options page asked for its API origin first). */
  z.object({ type: z.literal('crm/connect'), crm: CrmId, input: z.record(z.string().max(50), z.string().max(8000)) }),
  z.object({ type: z.literal('crm/test'), crm: CrmId }),
  /** Forget the credentials and the outbox, and give the API origin's permission back. */
  z.object({ type: z.literal('crm/disconnect'), crm: CrmId }),
  z.object({ type: z.literal('crm/settings-save'), crm: CrmId, settings: z.unknown() }),
  /** Sync now: one CRM, or every connected one. */
  z.object({ type: z.literal('crm/sync-now'), crm: CrmId.optional() }),
  /** Failed records are tried again now. */
  z.object({ type: z.literal('crm/retry'), crm: CrmId }),
]);
export type Request = z.infer<typeof Request>;
export type RequestType = Request['type'];

export interface ProtocolMap {
  'capture/observed': { recorded: number; retracted: number };
  'capture/undo-clicked': { retracted: number };
  'capture/chat-seen': { kept: boolean };
  'capture/recent-chats': RecentChats;
  'progress/get': ProgressReport;
  'capture/failures': CaptureFailures;
  'capture/failures-clear': CaptureFailures;
  'activity/log': Activity;
  'activity/undo-last': Activity | null;
  'activity/retract': Activity | null;
  'activity/restore': Activity | null;
  'activity/update': Activity | null;
  /** `undoneOnPage`: ids of the page's retracted items that the site itself undid (not deleted here). */
  'activity/list': ListPage & { undoneOnPage: string[] };
  'activity/export': Activity[];
  /** `kindsCreated`: the custom kinds the import created (absent when none). */
  'activity/import': ImportResult & { kindsCreated?: string[] };
  'activity/import-start': { importId: string; kindsCreated?: string[] };
  /** How many rows of the import the background has written so far. */
  'activity/import-rows': { written: number };
  'activity/import-finish': ImportResult & { kindsCreated?: string[] };
  'activity/import-cancel': null;
  'activity/delete-all': { deleted: number };
  /** `trackingStart`: when counting started (see `tracking/set`). */
  'settings/get': { settings: Settings; quotas: Quota[]; accounts: string[]; trackingStart: number };
  'tracking/set': number;
  'settings/save': Settings;
  'quotas/save': Quota[];
  'report/get': { report: PeriodReport; last90: DayCounts[]; history: QuotaHistory[] };
  'ui/get': boolean;
  'ui/set': boolean;
  'kinds/list': CustomKind[];
  'kinds/add': CustomKind;
  'kinds/update': CustomKind;
  'kinds/usage': KindUsage;
  'kinds/remove': KindRemoval;
  'phone-link/clicked': { recorded: number; retracted: number };
  'phone-links/set': PhoneLinksSetting;
  'activity/set-outcome': Activity | null;
  'calls/recent': Activity[];
  'connectors/status': ConnectorsOverview;
  'connectors/connect': ConnectResult;
  'connectors/test': ConnectResult;
  'connectors/disconnect': ConnectorStatus;
  'connectors/poll': { polled: string[] };
  'team/status': TeamStatus;
  'team/connect': TeamConnectResult;
  'team/disconnect': TeamStatus;
  'team/board': TeamBoardResult;
  'team/reps': TeamStatus;
  'crm/status': CrmOverview;
  'crm/health': CrmHealth;
  'crm/connect': CrmConnectResult;
  'crm/test': CrmConnectResult;
  'crm/disconnect': CrmStatus;
  'crm/settings-save': CrmStatus;
  'crm/sync-now': { ran: CrmId[] };
  'crm/retry': CrmStatus;
}

/** What removing a custom kind would touch. */
export const KindUsage = z.object({
  activities: z.number().int().nonnegative(),
  /** Names of the quotas that count the kind: it cannot be removed while one does. */
  quotas: z.array(z.string()),
});
export type KindUsage = z.infer<typeof KindUsage>;

/** What a removal did: activities moved to `moveTo`, deleted, or kept under the archived kind. */
export const KindRemoval = z.object({
  moved: z.number().int().nonnegative(),
  deleted: z.number().int().nonnegative(),
  archived: z.number().int().nonnegative(),
});
export type KindRemoval = z.infer<typeof KindRemoval>;

/**
 * The kinds requests' answers, parsed on receipt by the pages that ask (components/kindLabels.ts):
 * the kinds protocol is checked both ways, requests by the router, answers by the UI.
 */
export const KIND_ANSWERS = {
  'kinds/list': CustomKinds,
  'kinds/add': CustomKind,
  'kinds/update': CustomKind,
  'kinds/usage': KindUsage,
  'kinds/remove': KindRemoval,
} as const;

/** What the background announces to every open page of the extension (no answer expected). */
export const Broadcast = z.discriminatedUnion('type', [
  /** Something that may change progress was written: listeners read progress again. */
  z.object({ type: z.literal('progress/changed') }),
  /** A connector was connected, polled or disconnected: the Capture section reads its status again. */
  z.object({ type: z.literal('connectors/changed') }),
  /** A CRM was connected, synced or disconnected: the CRM section and the popup read its status again. */
  z.object({ type: z.literal('crm/changed') }),
]);
export type Broadcast = z.infer<typeof Broadcast>;
export type BroadcastType = Broadcast['type'];

export type Response<T extends RequestType> = { ok: true; data: ProtocolMap[T] } | { ok: false; error: string };

/** A validation error worded for a person: the first problem, with where it is. */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid input';
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}

export type { CaptureFailures };
export { Quotas, Settings };
