import type { ConnectorError } from '../api-connector/http';
import { fetchAnswer } from '../api-connector/http';
import { type ApiSourceId, apiSource } from '../capture/api-sources';
import { type ApiSource, type ConnectorErrorRecord, originFor, type Send } from '../capture/define-api-source';
import type { DetectorEvent } from '../capture/types';
import { failureRecord, type HostAccess, shownFields } from '../connections';
import type { ConnectorStatus } from '../messages';
import type { ConnectorState, StoredConnector } from '../store/kv';

// The connectors job's platform, hooks and helpers (lib/background/connectors.ts keeps the job itself).

/**
 * What the connectors need of the browser, injected so that the job runs in tests without one:
 * the network (the service worker's fetch, which the optional host permission frees from CORS),
 * the permissions API and run-time content-script registration.
 */
export interface ConnectorPlatform extends HostAccess {
  send: Send;
  /** Registers (true) or removes (false) the phone-link content script for the granted sites. */
  setPhoneLinkScript(enabled: boolean): Promise<void>;
}

/** Without a browser (tests): no network, every origin granted, no scripts to register. */
export const OFFLINE_PLATFORM: ConnectorPlatform = {
  send: async () => ({ error: { kind: 'network', message: 'no network here' } }),
  hasOrigins: async () => true,
  removeOrigins: async () => undefined,
  setPhoneLinkScript: async () => undefined,
};

/** The browser's own: fetch in the service worker. */
export const fetchSend: Send = (request) => fetchAnswer(request);

export const errorRecord = (error: ConnectorError, at: number): ConnectorErrorRecord => failureRecord(error, at);

export interface ConnectorsHooks {
  /** Records and retracts what a poll found, through the one ingest path. */
  apply(events: readonly DetectorEvent[]): Promise<{ recorded: number; retracted: number }>;
  /** A connector's status changed (the options page reads it again). */
  statusChanged?(): void;
}

/** A macrotask: the worker answers waiting messages (the popup) before a long read goes on. */
export const giveWorkerBack = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function withoutError(state: ConnectorState): ConnectorState {
  const { lastError: _gone, ...rest } = state;
  return rest;
}

/** A connect form field's stored value: from the secret, the rep's lines or the account. */
export function fieldValue(name: string, stored: StoredConnector): string {
  if (name === 'lines') return stored.owner.lines.join(', ');
  if (name === 'email') return stored.owner.account;
  const secret = stored.secret as Record<string, unknown> | null;
  const value = secret && typeof secret === 'object' ? secret[name] : undefined;
  return typeof value === 'string' ? value : '';
}

export async function firstPageError(source: ApiSource, secret: unknown, send: Send, now: number): Promise<ConnectorError | undefined> {
  const pager = source.pager(secret, now - 86_400_000, now);
  const answer = await send(await pager.request(undefined));
  if ('error' in answer) return answer.error;
  const page = pager.parse(answer, undefined);
  return page.ok ? undefined : page.error;
}

/** What the Capture section shows of one source: its fields (secrets masked), the last poll and error. */
export function connectorStatus(id: ApiSourceId, stored: StoredConnector | undefined, state: ConnectorState): ConnectorStatus {
  const source = apiSource(id);
  const fields = stored ? shownFields(source.fields, (name) => fieldValue(name, stored), { keepEmpty: true }) : [];
  return {
    id,
    connected: stored !== undefined,
    ...(stored ? { account: stored.owner.account, connectedAt: stored.connectedAt, origin: originFor(source, stored.secret) } : {}),
    fields,
    ...(state.lastPollAt !== undefined ? { lastPollAt: state.lastPollAt } : {}),
    ...(state.lastSuccessAt !== undefined ? { lastSuccessAt: state.lastSuccessAt } : {}),
    ...(state.lastError ? { lastError: state.lastError } : {}),
    ...(state.retryAt !== undefined ? { retryAt: state.retryAt } : {}),
    recorded: state.recorded,
    ...(state.lastRecorded !== undefined ? { lastRecorded: state.lastRecorded } : {}),
  };
}
