import { z } from 'zod';
import { defineKeys } from '../registry/merge';
import { CrmSyncConfig, OutboxError } from './outbox';
import { CRM_IDS, CrmCredentials, type CrmId } from './types';

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

const CRM_ACCOUNT_KEYS = defineKeys(
  Object.fromEntries(
    CRM_IDS.flatMap((id) => [
      [crmKvKey(id), StoredCrm.refine((value) => value.credentials.crm === id, { message: `not ${id} credentials` })],
      [crmStateKvKey(id), CrmSyncState],
    ]),
  ) as { [Id in CrmId as `crm:${Id}`]: typeof StoredCrm } & { [Id in CrmId as `crmState:${Id}`]: typeof CrmSyncState },
);

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

export const CRM_KEYS = defineKeys({
  ...CRM_ACCOUNT_KEYS,
  /** The connected CRMs and what the rep lets go to each: read by the store in every activity write. */
  crmSync: CrmSyncConfig,
  teamBoard: TeamBoardConnection,
});
