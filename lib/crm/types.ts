import { z } from 'zod';
import type { ActivityKind, CallOutcome, Channel } from '../activity';
import type { ApiAnswer, ApiRequest, ConnectorError } from '../api-connector/http';
import { SalesforceCredentials } from './salesforce/credentials';

/**
 * The contract between the CRM sync (outbox, team board) and each CRM's client (lib/crm/<crm>/).
 * A client is a small typed object over `send`, the background's fetch: every client is tested
 * against the vendor's documented requests and answers with a fake `send`, without a network.
 */

export const CRM_IDS = ['hubspot', 'pipedrive', 'bitrix24', 'amocrm', 'salesforce'] as const;
export const CrmId = z.enum(CRM_IDS);
export type CrmId = z.infer<typeof CrmId>;

/**
 * A Pipedrive company domain as the rep may paste it — `acme`, `acme.pipedrive.com`, or an address
 * from the browser (`https://acme.pipedrive.com/deals`) — as the bare company name the schema checks.
 * Anything else is left as typed, for the schema to refuse.
 */
export function pipedriveCompanyDomain(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const host = value
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/[/?#].*$/, '');
  return host.endsWith('.pipedrive.com') ? host.slice(0, -'.pipedrive.com'.length) : host;
}

/**
 * What the rep (or the manager) pastes to connect. Kept in the extension's own IndexedDB kv only:
 * never exported, synced or shown in full.
 * - hubspot: a private app access token (`pat-…`), or an OAuth access token.
 * - pipedrive: a personal API token; `companyDomain` (acme for acme.pipedrive.com) when known.
 * - bitrix24: an incoming webhook URL `https://<portal>/rest/<user id>/<code>/`.
 * - amocrm: a long-lived token and the account's domain (`acme.amocrm.ru`, `acme.kommo.com`).
 * - salesforce: the org's My Domain, the app's consumer key, and the tokens "Sign in with
 *   Salesforce" got (lib/crm/salesforce/credentials.ts).
 */
export const CrmCredentials = z.discriminatedUnion('crm', [
  z.object({
    crm: z.literal('hubspot'),
    token: z.string().trim().min(10).max(2000),
    /** The rep's HubSpot user email: records are written under their owner id (a private app token names no user). */
    ownerEmail: z.string().trim().toLowerCase().pipe(z.email()).optional(),
  }),
  z.object({
    crm: z.literal('pipedrive'),
    token: z.string().trim().min(10).max(200),
    companyDomain: z
      .preprocess(
        pipedriveCompanyDomain,
        z.string().regex(/^[a-z0-9-]{1,63}$/, 'a Pipedrive company domain looks like acme or acme.pipedrive.com'),
      )
      .optional(),
  }),
  z.object({ crm: z.literal('bitrix24'), webhookUrl: z.string().trim().url().max(500) }),
  z.object({
    crm: z.literal('amocrm'),
    token: z.string().trim().min(10).max(4000),
    domain: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9-]{1,63}\.(amocrm\.ru|amocrm\.com|kommo\.com)$/, 'an amoCRM domain looks like acme.amocrm.ru or acme.kommo.com'),
  }),
  SalesforceCredentials,
]);
export type CrmCredentials = z.infer<typeof CrmCredentials>;

/**
 * What went wrong, in words the options page can name. On top of the connector kinds:
 * missing_scope: the token works but lacks a permission the sync needs (named in `message`).
 * wrong_domain: the account domain or portal does not exist / answers as something else.
 * not_found: the record or contact is not there (a retraction of something already deleted is done).
 * user_permission: the key is right, but the CRM user it acts as lacks a permission (Bitrix24's 403
 *   INVALID_CREDENTIALS): an admin grants the user the right, not a new key.
 */
export type CrmErrorKind = ConnectorError['kind'] | 'missing_scope' | 'wrong_domain' | 'not_found' | 'user_permission';
export interface CrmError extends Omit<ConnectorError, 'kind'> {
  kind: CrmErrorKind;
}

export type CrmResult<T> = { ok: true; value: T } | { ok: false; error: CrmError };

/** A person an activity went to, as the CRM may know them: any of these identifies a contact. */
export interface CrmPerson {
  email?: string;
  /** E.164. */
  phone?: string;
  /** A LinkedIn profile URL `https://www.linkedin.com/in/<slug>` or member URN, as captured. */
  linkedin?: string;
  /** A VK user id (digits). */
  vkId?: string;
  /** Only when the rep allows names to leave the browser. */
  name?: string;
}

/** The CRM's own id of a contact (and its company where the CRM links one). */
export interface CrmContactRef {
  id: string;
  companyId?: string;
}

/**
 * The CRM's own kind of record an activity becomes: calls as calls, emails as emails, meetings as
 * meetings, messages (LinkedIn, VK, Telegram…) as the CRM's communication or note kind, and
 * everything else (opportunities, deals unless mapped, custom kinds) as a note.
 */
export type CrmRecordKind = 'call' | 'email' | 'meeting' | 'message' | 'note';

/** One activity as it is written to a CRM. Never a message body: `summary` is composed by us. */
export interface CrmRecord {
  /** Our activity id: the idempotency key (origin/external id field, or searched before create). */
  activityId: string;
  recordKind: CrmRecordKind;
  /** Our kind and channel, kept in the record (external id, marker or property) so the team board can read them back. */
  kind: ActivityKind;
  channel: Channel;
  /** Epoch ms: when it happened (meetings: when the meeting starts). */
  occurredAt: number;
  /** Meetings: when it ends (start + 30 min when unknown). */
  endsAt?: number;
  durationSec?: number;
  outcome?: CallOutcome;
  /** Only when the rep allows subjects to leave the browser. */
  subject?: string;
  /** One line we compose ("LinkedIn message sent · Quota Radar"); the CRM's body/note text. */
  summary: string;
  amount?: number;
  currency?: string;
  /**
   * Epoch ms: when the rep's tracking started (the store's `trackingStart`), carried on the record as
   * `[quota-radar:since=…]` (tracking-start.ts) so the team board pro-rates as the rep's popup does.
   */
  trackingStart?: number;
}

/**
 * Where a record that matched no contact goes, where the CRM offers a choice (Bitrix24: the
 * timeline of a lead or deal the rep chose, instead of the rep's own completed task).
 */
export const CrmUnlinkedTarget = z.object({ entity: z.enum(['lead', 'deal']), id: z.string().regex(/^\d{1,12}$/) });
export type CrmUnlinkedTarget = z.infer<typeof CrmUnlinkedTarget>;
export interface CrmWriteOptions {
  unlinkedTo?: CrmUnlinkedTarget;
}

/** A written record, as the outbox remembers it to retract it later. */
export interface CrmRecordRef {
  /** The CRM's object type where it has several (e.g. HubSpot "calls", Bitrix24 "crm.activity"). */
  type: string;
  id: string;
}

/** A CRM user: a rep on the team board. */
export interface CrmUser {
  id: string;
  name: string;
  email?: string;
}

/** One activity record read back for the team board: whose, which of our kinds, when. */
export interface CrmTeamActivity {
  /** The CRM record id (de-duplicates pages). */
  id: string;
  ownerId: string;
  kind: ActivityKind;
  occurredAt: number;
  outcome?: CallOutcome;
  amount?: number;
  currency?: string;
  /** The contact's email/phone/profile where the CRM gives it (unique-recipient quotas). */
  people?: CrmPerson[];
  /** The rep's tracking start the record's text carries (tracking-start.ts); absent on records written before it did. */
  trackingStart?: number;
}

/**
 * How long after a period's end the board still looks for its records' edits where a CRM can only
 * filter by "updated" (Pipedrive's activities, amoCRM's notes and tasks): a call logged or marked done
 * on the Monday after the month counts for the month. Reading a past period then costs its own
 * records plus at most this much of the next (issue 26), not everything written since.
 */
export const BOARD_EDIT_GRACE_MS = 3 * 86_400_000;

/**
 * The "updated" window that holds every record dated in [from, to), edited at most the grace after;
 * a refresh (`modifiedSince`) starts it there instead, when that is later.
 */
export function updatedWindow(range: TeamReadRange): { from: number; to: number } {
  return { from: Math.max(range.from, range.modifiedSince ?? range.from), to: range.to + BOARD_EDIT_GRACE_MS };
}

/**
 * What one board read asks for: records dated in [from, to), and on a refresh only those the CRM
 * says were created or changed at or after `modifiedSince` (HubSpot's hs_lastmodifieddate,
 * Pipedrive's updated_since, Bitrix24's LAST_UPDATED / CHANGED_DATE, amoCRM's updated_at). None of
 * these lists shows a deleted record, so a refresh cannot see deletions (lib/background/team-board-cache.ts).
 */
export interface TeamReadRange {
  from: number;
  to: number;
  modifiedSince?: number;
}

export interface CrmPage<T> {
  items: T[];
  /** Opaque: where the next page starts; absent on the last page. */
  next?: string;
}

/**
 * One line of a connection check, probed without writing: what the sync or the board will need and
 * whether it will work. `what` and `words` are message keys (`crmCheckWhat_<what>`, `crmCheck_<words>`,
 * with `subs` as their placeholders), so the panel says them in the rep's language.
 */
export interface CrmCheck {
  what: string;
  ok: boolean;
  words: string;
  subs?: string[];
}

/** Who the token belongs to and where: shown after a connection test ("Connected to acme as Ann"). */
export interface CrmAccount {
  /** The portal/account name or domain. */
  account: string;
  userId: string;
  userName: string;
  /** What will work and what will not, checked before the first record is written. */
  checks?: CrmCheck[];
}

/**
 * One CRM's client. Every method answers a CrmResult (never throws for HTTP or payload failures);
 * a rate limit answers `rate_limited` with `retryAfterMs` (Retry-After or the CRM's documented window).
 */
export interface CrmClient {
  readonly crm: CrmId;
  /** Checks the token, the domain and the scopes the sync needs; names what is wrong. */
  test(): Promise<CrmResult<CrmAccount>>;
  /** The first contact matching any of the person's identifiers (email, then phone, LinkedIn, VK), or null. */
  findContact(person: CrmPerson): Promise<CrmResult<CrmContactRef | null>>;
  createContact(person: CrmPerson): Promise<CrmResult<CrmContactRef>>;
  /** The record already written for this activity id (idempotency across retries and browsers), or null. */
  findRecord(activityId: string, recordKind: CrmRecordKind): Promise<CrmResult<CrmRecordRef | null>>;
  /** Writes the record associated with these contacts (and their companies); `options` where the CRM reads them. */
  createRecord(record: CrmRecord, contacts: readonly CrmContactRef[], options?: CrmWriteOptions): Promise<CrmResult<CrmRecordRef>>;
  /** Deletes the record (or marks it cancelled where the CRM cannot delete); not_found counts as done. */
  retractRecord(ref: CrmRecordRef): Promise<CrmResult<void>>;
  /** The team's users (team board). */
  listUsers(): Promise<CrmResult<CrmUser[]>>;
  /**
   * Activity records of every user in [from, to) (team board), a page at a time; with
   * `modifiedSince`, only those changed since, where `readsModifiedSince` says the client can.
   */
  listActivities(range: TeamReadRange, cursor?: string): Promise<CrmResult<CrmPage<CrmTeamActivity>>>;
  /** The client honours `modifiedSince` (Salesforce's board is aggregates: its one query is read whole each time). */
  readonly readsModifiedSince?: boolean;
  /**
   * Where the board's list filters by "updated" only (Pipedrive's activities, amoCRM's notes): a
   * record edited more than this long after the period's end is not read (BOARD_EDIT_GRACE_MS); the
   * board says so.
   */
  readonly boardUpdatedWithinMs?: number;
  /** Gives the credentials back to the CRM at disconnect, where it has such a call (Salesforce's token revoke). */
  revoke?(): Promise<CrmResult<void>>;
  /** What the sync writes that `listActivities` cannot read (absent: it reads all of it); the board names these (board-gaps.ts). */
  readonly boardGaps?: readonly { id: 'bitrix24_timeline_comments'; kinds: readonly CrmRecordKind[] }[];
}

/** The background's fetch, or a test's fake. A failure to get any answer comes back as `{ error }`. */
export type CrmSend = (request: ApiRequest) => Promise<ApiAnswer | { error: ConnectorError }>;

/** What each CRM declares beside its client: the origins asked for at connect, and its request pace. */
export interface CrmDescriptor {
  id: CrmId;
  /** Shown in the CRM section. */
  label: string;
  /** Optional host permissions asked at connect, e.g. ["https://api.hubapi.com/*"]. */
  origins: (credentials?: CrmCredentials) => string[];
  /** All origins this CRM can ever need (the manifest's optional_host_permissions). */
  allOrigins: string[];
  /** The CRM's documented rate limit as the least time between two requests, in ms. */
  minRequestIntervalMs: number;
  /** `now` is the caller's clock: lookback windows and Retry-After dates read it, never the real date. */
  createClient(credentials: CrmCredentials, send: CrmSend, now: () => number): CrmClient;
}

/** The first value the lookups find, asked in order (email, then phone, then profiles…); a failure stops there. */
export async function firstFound<T>(lookups: readonly (() => Promise<CrmResult<T | null>>)[]): Promise<CrmResult<T | null>> {
  for (const lookup of lookups) {
    const found = await lookup();
    if (!found.ok || found.value) return found;
  }
  return { ok: true, value: null };
}
