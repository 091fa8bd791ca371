import { credentialFields } from '../crm/forms';
import { type CrmSyncConfig, type OutboxEntry, outboxState } from '../crm/outbox';
import type { CrmLanguage } from '../crm/record-words';
import { crmDescriptor } from '../crm/registry';
import { errorRecord, type SyncResult } from '../crm/sync';
import type { CrmId } from '../crm/types';
import type { CrmStatus } from '../messages';
import type { CrmSyncState, StoredCrm } from '../store/kv';

// The CRM job's settings and its two computations on what it keeps: the status a page sees, and the state after a run.

/** A run stops taking entries after this long: a service worker may be stopped 30 s after its last event. */
export const CRM_RUN_BUDGET_MS = 20_000;
/** The popup warns when a connected CRM has been failing this long. */
export const CRM_FAILING_WARN_MS = 3_600_000;
/** A run starts this soon after an activity write (several writes in a row share it). */
export const CRM_RUN_SOON_MS = 3_000;

export interface CrmHooks {
  /** The CRM status changed (the options page and the popup read it again). */
  statusChanged?(): void;
  /** Asks for a run in about `delayMs` (a timer while the worker lives, an alarm in case it stops). */
  scheduleRun?(delayMs: number): void;
  /** Waits between requests (the CRM's pace); a timer in the browser. */
  sleep?(ms: number): Promise<void>;
  /** The UI's language: records are written in it unless the connection chose one. */
  uiLanguage?(): CrmLanguage;
}

/** What Options → CRM shows of one CRM: the account, the credentials masked, the sync's figures and errors. */
export function crmStatus(
  id: CrmId,
  stored: StoredCrm | undefined,
  state: CrmSyncState,
  settings: CrmSyncConfig[CrmId] | undefined,
  entries: readonly OutboxEntry[],
): CrmStatus {
  const counts = { synced: 0, waiting: 0, failed: 0, retracted: 0 };
  for (const entry of entries) counts[outboxState(entry)] += 1;
  const failures = entries
    .filter((e) => e.lastError)
    .sort((a, b) => (b.lastError?.at ?? 0) - (a.lastError?.at ?? 0))
    .slice(0, 5)
    .map((e) => ({ activityId: e.activityId, error: e.lastError!, gaveUp: e.gaveUp ?? false }));
  const lastError = state.lastError ?? failures[0]?.error;
  return {
    id,
    label: crmDescriptor(id)?.label ?? id,
    connected: stored !== undefined,
    ...(stored ? { account: stored.account, connectedAt: stored.connectedAt } : {}),
    ...(stored?.userName ? { userName: stored.userName } : {}),
    fields: stored ? credentialFields(id, stored.credentials) : [],
    ...(settings ? { settings } : {}),
    counts,
    ...(state.lastRunAt !== undefined ? { lastRunAt: state.lastRunAt } : {}),
    ...(state.lastSuccessAt !== undefined ? { lastSuccessAt: state.lastSuccessAt } : {}),
    ...(lastError ? { lastError } : {}),
    ...(state.failingSince !== undefined ? { failingSince: state.failingSince } : {}),
    ...(state.pausedUntil !== undefined ? { pausedUntil: state.pausedUntil } : {}),
    failures,
  };
}

/** The sync state after a run that started at `startedAt` and ended at `at`. */
export function nextSyncState(state: CrmSyncState, startedAt: number, at: number, result: SyncResult): CrmSyncState {
  const next: CrmSyncState = { ...state, lastRunAt: startedAt };
  delete next.pausedUntil;
  if (result.pausedUntil !== undefined) next.pausedUntil = result.pausedUntil;
  const progressed = result.written + result.retracted + result.dropped > 0;
  if (result.stoppedBy) {
    next.lastError = errorRecord(result.stoppedBy, at);
    next.failingSince = state.failingSince ?? startedAt;
  } else {
    delete next.lastError;
    if (result.failed > 0 && !progressed) next.failingSince = state.failingSince ?? startedAt;
    else delete next.failingSince;
  }
  if (progressed || (!result.stoppedBy && result.failed === 0)) next.lastSuccessAt = at;
  // A run that succeeded after a stop clears the failure clock even when a record failed on its own.
  if (progressed && !result.stoppedBy) delete next.failingSince;
  return next;
}
