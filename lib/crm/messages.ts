import { z } from 'zod';
import { answerOf, defineMessages } from '../registry/merge';
import { CrmSyncSettings, OutboxError } from './outbox';
import { CrmId } from './types';

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

const CrmInput = z.record(z.string().max(50), z.string().max(8000));

/** Options → CRM and the popup's warning: every CRM's connection, settings and sync. */
export const CRM_MESSAGES = defineMessages({
  /** Options → CRM: every CRM's connection, settings and sync figures. */
  'crm/status': { request: z.object({}), answer: CrmOverview },
  /** The popup: which connected CRMs have been failing, since when. */
  'crm/health': { request: z.object({}), answer: CrmHealth },
  /** Connect a CRM with what the rep pasted (the options page asked for its API origin first). */
  'crm/connect': { request: z.object({ crm: CrmId, input: CrmInput }), answer: CrmConnectResult },
  'crm/test': { request: z.object({ crm: CrmId }), answer: CrmConnectResult },
  /** Forget the credentials and the outbox, and give the API origin's permission back. */
  'crm/disconnect': { request: z.object({ crm: CrmId }), answer: CrmStatus },
  'crm/settings-save': { request: z.object({ crm: CrmId, settings: z.unknown() }), answer: CrmStatus },
  /** Sync now: one CRM, or every connected one. */
  'crm/sync-now': { request: z.object({ crm: CrmId.optional() }), answer: answerOf<{ ran: CrmId[] }>() },
  /** Failed records are tried again now. */
  'crm/retry': { request: z.object({ crm: CrmId }), answer: CrmStatus },
});
