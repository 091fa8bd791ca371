import { z } from 'zod';
import { ACTIVITY_KINDS, type Activity, ActivityKind, CHANNELS, Channel } from '../activity';
import { type InternalSettings, isInternalRecipient } from '../quota/measure';
import { recordKindOf } from './record-kind';
import { CrmLanguage } from './record-words';
import { CRM_IDS, CrmId, type CrmRecordKind, CrmUnlinkedTarget } from './types';

/**
 * The outbox: one entry per (CRM, activity) that has to reach, or leave, that CRM. Entries are
 * written by the store in the same transaction as the activity write that makes them (see
 * lib/store/outbox.ts), and worked through by the sync engine (lib/crm/sync.ts). Everything the
 * sync knows lives here and in kv, so a stopped worker loses nothing.
 */

/** What the rep lets leave the browser for one CRM. */
export const CrmSyncSettings = z.object({
  /** Which of our kinds are written. */
  kinds: z.array(ActivityKind).max(ACTIVITY_KINDS.length),
  /** Which channels are written (Gmail, LinkedIn, phone…). */
  channels: z.array(Channel).max(CHANNELS.length),
  /** Activities before this time (epoch ms) are not written; by default the moment the CRM was connected. */
  fromDate: z.number().int().nonnegative(),
  /** Email subjects and the labels of manual entries. Off by default. */
  includeSubjects: z.boolean(),
  /** Recipients' names (on a contact created for them). Off by default. */
  includeNames: z.boolean(),
  /** When nobody in the CRM matches a recipient: write the record unlinked, or create the contact. */
  noMatch: z.enum(['skip', 'create']),
  /** The language records are written in; absent: the UI's. */
  language: CrmLanguage.optional(),
  /** Bitrix24: a record with no contact goes to this lead's or deal's timeline; absent: the rep's own completed task. */
  unlinkedTo: CrmUnlinkedTarget.optional(),
});
export type CrmSyncSettings = z.infer<typeof CrmSyncSettings>;

export function defaultCrmSyncSettings(now: number): CrmSyncSettings {
  return {
    kinds: [...ACTIVITY_KINDS],
    channels: [...CHANNELS],
    fromDate: now,
    includeSubjects: false,
    includeNames: false,
    noMatch: 'skip',
  };
}

/**
 * The kv document the store reads inside every activity write (`crmSync`): the connected CRMs and
 * their settings. A CRM absent here is not connected, and nothing is enqueued for it.
 */
export const CrmSyncConfig = z.object(
  Object.fromEntries(CRM_IDS.map((id) => [id, CrmSyncSettings.optional()])) as {
    [K in CrmId]: z.ZodOptional<typeof CrmSyncSettings>;
  },
);
export type CrmSyncConfig = z.infer<typeof CrmSyncConfig>;

export const CrmRecordKindSchema = z.enum(['call', 'email', 'meeting', 'message', 'note']);

export const OutboxError = z.object({
  kind: z.string().max(40),
  message: z.string().max(300),
  status: z.number().int().optional(),
  at: z.number().int().nonnegative(),
});
export type OutboxError = z.infer<typeof OutboxError>;

export const OutboxEntry = z.object({
  /** `<crm>|<activity id>`: the store's key. */
  key: z.string().min(3).max(200),
  crm: CrmId,
  activityId: z.string().min(1).max(100),
  /** create: the record must exist in the CRM; retract: it must not. */
  op: z.enum(['create', 'retract']),
  /** Where the record lives (findRecord searches there). */
  recordKind: CrmRecordKindSchema,
  enqueuedAt: z.number().int().nonnegative(),
  /** When the next attempt may start; absent once done (or given up): the `by_due` index holds only work. */
  due: z.number().int().nonnegative().optional(),
  /** Attempts started (counted before the request leaves, so a worker that dies mid-write is seen). */
  attempts: z.number().int().nonnegative(),
  /** When the latest attempt started. */
  claimedAt: z.number().int().nonnegative().optional(),
  lastError: OutboxError.optional(),
  /** Stopped retrying (the CRM refused the record itself); the rep's Retry starts again. */
  gaveUp: z.boolean().optional(),
  /** The CRM's record once written (kept after a retraction, for the history of what was sent). */
  ref: z.object({ type: z.string().max(100), id: z.string().max(200) }).optional(),
  /** When it was last done (written, or retracted). */
  doneAt: z.number().int().nonnegative().optional(),
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;

export const outboxKey = (crm: CrmId, activityId: string) => `${crm}|${activityId}`;

export { recordKindOf } from './record-kind';

/** Activity only to colleagues (every recipient internal, as the quota engine judges it) never syncs. */
export function isInternalActivity(activity: Pick<Activity, 'recipients' | 'account'>, internal: InternalSettings): boolean {
  return activity.recipients.length > 0 && activity.recipients.every((r) => isInternalRecipient(r, activity.account, internal));
}

/** Whether this CRM should hold a record of the activity as it is now. */
export function belongsInCrm(activity: Activity | undefined, settings: CrmSyncSettings, internal: InternalSettings): activity is Activity {
  if (activity?.status !== 'counted') return false;
  if (!settings.kinds.includes(activity.kind) || !settings.channels.includes(activity.channel)) return false;
  if (activity.occurredAt < settings.fromDate) return false;
  return !isInternalActivity(activity, internal);
}

export type OutboxChange = { put: OutboxEntry } | { delete: string } | undefined;

/**
 * A call attempt from a phone link has no outcome yet: the rep marks it in the popup a moment later.
 * It waits this long for it (a record is not updated once written); any other activity goes at once.
 */
export const PHONE_OUTCOME_GRACE_MS = 10 * 60_000;

/** When an activity's entry falls due. */
export function dueFor(activity: Activity, now: number): number {
  if (activity.kind === 'call' && activity.channel === 'phone' && !activity.outcome)
    return Math.max(now, activity.occurredAt + PHONE_OUTCOME_GRACE_MS);
  return now;
}

/**
 * The outbox entry after an activity write: `after` is the activity as written (undefined when
 * deleted), `existing` the entry there was. Pure: the store applies it in the write's transaction.
 */
export function planOutboxChange(
  crm: CrmId,
  activityId: string,
  after: Activity | undefined,
  existing: OutboxEntry | undefined,
  settings: CrmSyncSettings,
  internal: InternalSettings,
  now: number,
): OutboxChange {
  if (belongsInCrm(after, settings, internal)) {
    const recordKind = recordKindOf(after.kind);
    if (!existing) {
      return {
        put: {
          key: outboxKey(crm, activityId),
          crm,
          activityId,
          op: 'create',
          recordKind,
          enqueuedAt: now,
          due: dueFor(after, now),
          attempts: 0,
        },
      };
    }
    if (existing.op === 'create') {
      // Not written yet: it goes out as it is now (the engine reads the activity when it sends), and
      // at once if what it waited for (a call's outcome) came.
      if (existing.ref || existing.attempts > 0 || existing.due === undefined) return undefined;
      const due = Math.min(existing.due, dueFor(after, now));
      if (existing.recordKind === recordKind && existing.due === due) return undefined;
      return { put: { ...existing, recordKind, due } };
    }
    // Retracted (or being retracted) and counted again: write it again. findRecord finds a record
    // whose archiving never happened, so none is duplicated.
    return { put: { ...fresh(existing, 'create', recordKind, now), due: dueFor(after, now) } };
  }
  if (!existing || existing.op === 'retract') return undefined;
  // Never sent: nothing to take back.
  if (!existing.ref && existing.attempts === 0) return { delete: existing.key };
  // The create may be on its way (claimedAt): the engine waits for the CRM's search before looking for it.
  return {
    put: {
      ...fresh(existing, 'retract', existing.recordKind, now),
      ...(existing.ref ? { ref: existing.ref } : {}),
      ...(existing.claimedAt !== undefined ? { claimedAt: existing.claimedAt } : {}),
    },
  };
}

function fresh(existing: OutboxEntry, op: OutboxEntry['op'], recordKind: CrmRecordKind, now: number): OutboxEntry {
  return { key: existing.key, crm: existing.crm, activityId: existing.activityId, op, recordKind, enqueuedAt: now, due: now, attempts: 0 };
}

/** What the options page shows of an entry. */
export type OutboxState = 'synced' | 'retracted' | 'waiting' | 'failed';
export function outboxState(entry: OutboxEntry): OutboxState {
  if (entry.lastError || entry.gaveUp) return 'failed';
  if (entry.due !== undefined) return 'waiting';
  return entry.op === 'create' ? 'synced' : 'retracted';
}
