// Over 300 lines: the sync engine's one loop over the outbox (claim, create, retract, back off) with the
// CRM record and person it builds from an activity.
import type { Activity, Recipient } from '../activity';
import { failureRecord, spacedSend } from '../connections';
import { type InternalSettings, isInternalRecipient } from '../quota/measure';
import { realOrTestMs } from '../test-timers';
import { belongsInCrm, type CrmSyncSettings, type OutboxEntry, type OutboxError, recordKindOf } from './outbox';
import { type CrmLanguage, recordSummary } from './record-words';
import type { CrmClient, CrmContactRef, CrmError, CrmPerson, CrmRecord, CrmRecordRef, CrmResult, CrmSend } from './types';

/**
 * The sync engine: works through one CRM's due outbox entries, in order, one request at a time.
 * Pure logic over injected parts (the outbox in IndexedDB, the client, the clock): everything it
 * learns is written back to the entry at once, so a worker stopped at any point loses nothing, and
 * an entry whose attempt never reported back is searched for (findRecord) before it is written again.
 */

/** A claimed entry is left alone this long: a worker that died mid-write, and the CRM's search catching up. */
export const CLAIM_LEASE_MS = realOrTestMs(60_000, 3_000);
/** Backoff after a failed attempt: 30 s, doubling, at most an hour. */
export const BACKOFF_BASE_MS = realOrTestMs(30_000, 2_000);
export const BACKOFF_CAP_MS = 3_600_000;
/** A record the CRM keeps refusing (a bad payload, a rejected value) stops after this many attempts, until Retry. */
export const MAX_ATTEMPTS = 8;
/** Recipients linked per record (a meeting with a crowd links the first ones). */
export const MAX_LINKED_PEOPLE = 10;

export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

/** What the engine needs of the outbox store. `update` runs in one transaction: read, decide, write. */
export interface OutboxAccess {
  /** Entries due at `now` for this CRM, earliest first. */
  due(crm: OutboxEntry['crm'], now: number, limit: number): Promise<OutboxEntry[]>;
  /** Reads the entry, and writes what `next` returns (undefined deletes it; the same object writes nothing). */
  update(key: string, next: (current: OutboxEntry | undefined) => OutboxEntry | undefined): Promise<OutboxEntry | undefined>;
  activity(id: string): Promise<Activity | undefined>;
}

export interface SyncRun {
  client: CrmClient;
  settings: CrmSyncSettings;
  internal: InternalSettings;
  outbox: OutboxAccess;
  clock: () => number;
  /** The rep's own kinds' names (custom:<slug> → name, in `language`), for the record's summary line. */
  kindNames?: ReadonlyMap<string, string>;
  /** The language records are written in (the connection's choice, else the UI's). */
  language?: CrmLanguage;
  /** When the rep's tracking started (the store's `trackingStart`): every record carries it to the team board. */
  trackingStart?: number;
  /** Stop taking new entries after this time (a service worker's life is short; the next run goes on). */
  deadline?: number;
  /** At most this many entries per run. */
  maxEntries?: number;
}

export interface SyncResult {
  /** Records written (or found already written). */
  written: number;
  retracted: number;
  /** Entries that failed this run (they wait for their next attempt). */
  failed: number;
  /** Entries dropped: they no longer pass the rep's settings and were never sent. */
  dropped: number;
  /** What stopped the run for the whole CRM (no network, a refused token, a rate limit). */
  stoppedBy?: CrmError;
  /** No request to this CRM before then. */
  pausedUntil?: number;
  /** Whether due entries were left for a next run. */
  more: boolean;
}

/** Failures that concern the CRM, not one record: the run stops and the entry keeps its place. */
const CRM_WIDE = new Set<CrmError['kind']>([
  'network',
  'rate_limited',
  'wrong_key',
  'expired_key',
  'missing_scope',
  'user_permission',
  'no_permission',
  'wrong_domain',
  'server_error',
]);

/** A CRM failure as the outbox keeps it (the connections kit's record; a rate limit's wait is the run's pause). */
export const errorRecord = (error: CrmError, at: number): OutboxError => failureRecord(error, at, 'none');

/** Spaces requests to a CRM at least `minIntervalMs` apart (its documented rate): the connections kit's pacer. */
export const pacedSend: (send: CrmSend, minIntervalMs: number, clock: () => number, sleep: (ms: number) => Promise<void>) => CrmSend =
  spacedSend;

class Stop extends Error {
  constructor(readonly crmError: CrmError) {
    super(crmError.message);
  }
}

function unwrap<T>(result: CrmResult<T>): T {
  if (!result.ok) throw new Stop(result.error);
  return result.value;
}

/** Runs the due entries of one CRM. Never throws for the CRM's failures: they are in the result and the entries. */
export async function runSync(run: SyncRun): Promise<SyncResult> {
  const result: SyncResult = { written: 0, retracted: 0, failed: 0, dropped: 0, more: false };
  const contacts = new Map<string, CrmContactRef | null>();
  const max = run.maxEntries ?? 200;
  let handled = 0;
  const seen = new Set<string>();
  while (handled < max) {
    if (run.deadline !== undefined && run.clock() >= run.deadline) {
      result.more = true;
      break;
    }
    const batch = (await run.outbox.due(run.client.crm, run.clock(), 20)).filter((e) => !seen.has(e.key));
    if (!batch.length) break;
    for (const entry of batch) {
      if (handled >= max || (run.deadline !== undefined && run.clock() >= run.deadline)) {
        result.more = true;
        return result;
      }
      seen.add(entry.key);
      handled += 1;
      const stop = await processEntry(run, entry, result, contacts);
      if (stop) return result;
    }
  }
  if (handled >= max) result.more = (await run.outbox.due(run.client.crm, run.clock(), 1)).length > 0;
  return result;
}

/** One entry; true when the run must stop (a CRM-wide failure). */
async function processEntry(
  run: SyncRun,
  entry: OutboxEntry,
  result: SyncResult,
  contacts: Map<string, CrmContactRef | null>,
): Promise<boolean> {
  const now = run.clock();
  // A retraction of a record whose create may still be finding its way into the CRM's search waits for it.
  if (entry.op === 'retract' && !entry.ref && entry.claimedAt !== undefined && now - entry.claimedAt < CLAIM_LEASE_MS) {
    await run.outbox.update(entry.key, (cur) => (cur && same(cur, entry) ? { ...cur, due: entry.claimedAt! + CLAIM_LEASE_MS } : cur));
    return false;
  }
  // Claim it: counted before any request, and left alone for a lease if this worker stops now.
  const claimed = await run.outbox.update(entry.key, (cur) =>
    cur && same(cur, entry) ? { ...cur, attempts: cur.attempts + 1, claimedAt: now, due: now + CLAIM_LEASE_MS } : cur,
  );
  if (!claimed || !same(claimed, entry) || claimed.claimedAt !== now) return false;
  try {
    if (claimed.op === 'create') await create(run, claimed, result, contacts);
    else await retract(run, claimed, result);
    return false;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    return failed(run, claimed, error.crmError, result);
  }
}

const same = (a: OutboxEntry, b: OutboxEntry) => a.op === b.op && a.enqueuedAt === b.enqueuedAt;

async function create(run: SyncRun, entry: OutboxEntry, result: SyncResult, contacts: Map<string, CrmContactRef | null>): Promise<void> {
  const activity = await run.outbox.activity(entry.activityId);
  if (!belongsInCrm(activity, run.settings, run.internal)) {
    // The rep's settings changed since it was queued (or it is gone): never sent, so simply dropped;
    // possibly sent by an attempt that never reported back, so taken back if it is there.
    if (entry.attempts <= 1) {
      await run.outbox.update(entry.key, (cur) => (cur && same(cur, entry) ? undefined : cur));
      result.dropped += 1;
      return;
    }
    await retract(run, { ...entry, op: 'retract' }, result, true);
    return;
  }
  const found = unwrap(await run.client.findRecord(entry.activityId, entry.recordKind));
  let ref: CrmRecordRef;
  if (found) ref = found;
  else {
    const linked = await linkedContacts(run, activity, contacts);
    const record = toCrmRecord(activity, run.settings, run.kindNames, run.language, run.trackingStart);
    const { unlinkedTo } = run.settings;
    ref = unwrap(await (unlinkedTo ? run.client.createRecord(record, linked, { unlinkedTo }) : run.client.createRecord(record, linked)));
  }
  const at = run.clock();
  await run.outbox.update(entry.key, (cur) => {
    if (!cur) return undefined;
    // Retracted while it was being written: the retraction now knows what to remove.
    if (cur.op === 'retract') return { ...cur, ref };
    return { ...done(cur, at), ref };
  });
  result.written += 1;
}

async function retract(run: SyncRun, entry: OutboxEntry, result: SyncResult, convert = false): Promise<void> {
  const ref = entry.ref ?? unwrap(await run.client.findRecord(entry.activityId, entry.recordKind));
  if (ref) unwrap(await run.client.retractRecord(ref));
  const at = run.clock();
  await run.outbox.update(entry.key, (cur) => {
    if (!cur || (!convert && cur.op !== 'retract')) return cur;
    return { ...done(cur, at), op: 'retract', ...(ref ? { ref } : {}) };
  });
  result.retracted += 1;
}

function done(entry: OutboxEntry, at: number): OutboxEntry {
  const { due: _due, lastError: _error, gaveUp: _gaveUp, claimedAt: _claimed, ...rest } = entry;
  return { ...rest, doneAt: at };
}

/** Records the failure on the entry; true when the whole run stops. */
async function failed(run: SyncRun, entry: OutboxEntry, error: CrmError, result: SyncResult): Promise<boolean> {
  const now = run.clock();
  const crmWide = CRM_WIDE.has(error.kind);
  const wait = error.kind === 'rate_limited' ? (error.retryAfterMs ?? BACKOFF_BASE_MS) : backoffMs(entry.attempts);
  const givesUp = !crmWide && entry.attempts >= MAX_ATTEMPTS;
  await run.outbox.update(entry.key, (cur) => {
    if (!cur || !same(cur, entry)) return cur;
    const next: OutboxEntry = { ...cur, lastError: errorRecord(error, now) };
    // No network: nothing reached the CRM's queue worth waiting for; the entry goes first when it is back.
    if (error.kind === 'network') next.due = entry.enqueuedAt;
    else if (givesUp) {
      delete next.due;
      next.gaveUp = true;
    } else next.due = now + wait;
    return next;
  });
  result.failed += 1;
  if (!crmWide) return false;
  result.stoppedBy = error;
  if (error.kind === 'rate_limited') result.pausedUntil = now + wait;
  else if (error.kind !== 'network') result.pausedUntil = now + Math.min(wait, BACKOFF_CAP_MS);
  return true;
}

/** The contacts a record is linked to: each outside recipient matched, or created when the rep chose so. */
async function linkedContacts(run: SyncRun, activity: Activity, cache: Map<string, CrmContactRef | null>): Promise<CrmContactRef[]> {
  const linked: CrmContactRef[] = [];
  const outside = activity.recipients.filter((r) => !isInternalRecipient(r, activity.account, run.internal));
  for (const recipient of outside.slice(0, MAX_LINKED_PEOPLE)) {
    const person = personOf(recipient, activity, run.settings);
    if (!person) continue;
    const key = JSON.stringify([person.email, person.phone, person.linkedin, person.vkId]);
    let ref = cache.get(key);
    if (ref === undefined) {
      ref = unwrap(await run.client.findContact(person));
      if (!ref && run.settings.noMatch === 'create') ref = unwrap(await run.client.createContact(person));
      cache.set(key, ref);
    }
    if (ref && !linked.some((c) => c.id === ref!.id)) linked.push(ref);
  }
  return linked;
}

/** A recipient as the CRM may know them; a name only when the rep lets names leave the browser. */
export function personOf(
  recipient: Recipient,
  activity: Pick<Activity, 'channel'>,
  settings: Pick<CrmSyncSettings, 'includeNames'>,
): CrmPerson | undefined {
  const person: CrmPerson = {};
  if (recipient.address) person.email = recipient.address;
  if (recipient.phone) person.phone = recipient.phone;
  const profile = recipient.profileId;
  if (profile && (activity.channel === 'linkedin' || activity.channel === 'sales_navigator')) {
    person.linkedin = profile.startsWith('urn:') || profile.startsWith('http') ? profile : `https://www.linkedin.com/in/${profile}`;
  }
  if (profile && activity.channel === 'vk' && /^\d+$/.test(profile)) person.vkId = profile;
  if (!person.email && !person.phone && !person.linkedin && !person.vkId) return undefined;
  if (settings.includeNames && recipient.name) person.name = recipient.name;
  return person;
}

/**
 * The record as it leaves the browser: our one-line summary (kind, channel, call outcome and length,
 * amount) in the connection's language (record-words.ts), the subject or entry label only when the rep allows subjects, never a message body.
 */
export function toCrmRecord(
  activity: Activity,
  settings: Pick<CrmSyncSettings, 'includeSubjects'>,
  kindNames: ReadonlyMap<string, string> = new Map(),
  language: CrmLanguage = 'en',
  trackingStart?: number,
): CrmRecord {
  const summary = recordSummary(activity, language, kindNames);
  const subject = settings.includeSubjects ? (activity.subject ?? activity.note)?.trim() || undefined : undefined;
  return {
    activityId: activity.id,
    recordKind: recordKindOf(activity.kind),
    kind: activity.kind,
    channel: activity.channel,
    occurredAt: activity.occurredAt,
    ...(activity.kind === 'meeting' && activity.durationSec ? { endsAt: activity.occurredAt + activity.durationSec * 1000 } : {}),
    ...(activity.kind === 'call' && activity.durationSec !== undefined ? { durationSec: activity.durationSec } : {}),
    ...(activity.outcome ? { outcome: activity.outcome } : {}),
    ...(subject ? { subject } : {}),
    summary,
    ...(activity.amount !== undefined ? { amount: activity.amount } : {}),
    ...(activity.currency ? { currency: activity.currency } : {}),
    ...(trackingStart !== undefined ? { trackingStart } : {}),
  };
}
