// Connected API sources: connect, test, poll, disconnect, phone links (vendors' code: lib/capture/<vendor>/).
import type { ConnectorError } from '../api-connector/http';
import { collectPages } from '../api-connector/poll';
import { API_SOURCE_IDS, type ApiSourceId, apiSource } from '../capture/api-sources';
import { type ApiSource, originFor, type Send } from '../capture/define-api-source';
import { HOOK_SOURCES } from '../capture/hook-sources';
import { releaseHosts, type SecretSlot, secretSlot, WindowPacer } from '../connections';
import { type ConnectorStatus, type ConnectorsOverview, type ConnectResult, describeZodError } from '../messages';
import type { ActivityStore } from '../store';
import {
  type ConnectorState,
  connectorKvKey,
  connectorPaceKvKey,
  connectorStateKvKey,
  KV_SCHEMAS,
  type PhoneLinksSetting,
  type StoredConnector,
} from '../store/kv';
import type { Config } from './config';
import { kvSecrets } from './connection-secrets';
import {
  type ConnectorPlatform,
  type ConnectorsHooks,
  connectorStatus,
  errorRecord,
  firstPageError,
  giveWorkerBack,
  withoutError,
} from './connector-parts';
import type { HandlerTable } from './router';

export { type ConnectorPlatform, type ConnectorsHooks, fetchSend, OFFLINE_PLATFORM } from './connector-parts';

/** A first poll reads this far back; later ones from the last success, with an overlap. */
export const FIRST_POLL_MS = 30 * 86_400_000;
/** Calls finished late and bookings edited after the last poll are read again (de-duplication makes it free). */
export const POLL_OVERLAP_MS = 3_600_000;
/** Opening the popup fetches at most this often. */
export const POPUP_POLL_DEBOUNCE_MS = 2 * 60_000;

const EMPTY_STATE: ConnectorState = { recorded: 0 };

/**
 * Phone systems and booking services: connect (the key checked with the vendor, then kept in this
 * database only), test, disconnect (the key forgotten, the origin's permission given back), and the
 * poll (an alarm every 15 minutes and the popup opening) with paging, a resume cursor and the last
 * success and error kept per source. Phone links: on and off, with their content script.
 */
export class Connectors {
  /** One poll per source at a time (the alarm and the popup may ask together). */
  private readonly inFlight = new Map<ApiSourceId, Promise<void>>();
  private lastPopupPoll = Number.NEGATIVE_INFINITY;
  private readonly pacer: WindowPacer<ApiSourceId>;

  constructor(
    private readonly store: ActivityStore,
    private readonly clock: () => number,
    private readonly config: Config,
    private readonly platform: ConnectorPlatform,
    private readonly hooks: ConnectorsHooks,
    /** Waits between paced requests (tests pass one that moves their clock). */
    sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.pacer = new WindowPacer({
      store: {
        read: (id) => store.readKv(connectorPaceKvKey(id)),
        write: (id, log) =>
          store.writeKv(connectorPaceKvKey(id), Object.fromEntries(Object.entries(log).map(([name, times]) => [name, [...times]]))),
      },
      clock,
      sleep,
    });
  }

  /** The network as this source may use it: within its vendor's published rate limits. */
  private send(id: ApiSourceId): Send {
    const source = apiSource(id);
    return this.pacer.send(id, id, source.rateLimits, this.platform.send);
  }

  /** The source's key and who the rep is there, kept in this database only (the connections kit's slot). */
  private secret(id: ApiSourceId): SecretSlot<StoredConnector> {
    return secretSlot(connectorKvKey(id), KV_SCHEMAS[connectorKvKey(id)], kvSecrets(this.store));
  }

  private stored(id: ApiSourceId): Promise<StoredConnector | undefined> {
    return this.secret(id).read();
  }

  private async state(id: ApiSourceId): Promise<ConnectorState> {
    return (await this.store.readKv(connectorStateKvKey(id))) ?? EMPTY_STATE;
  }

  private async saveState(id: ApiSourceId, state: ConnectorState): Promise<void> {
    await this.store.writeKv(connectorStateKvKey(id), state);
    this.hooks.statusChanged?.();
  }

  async status(id: ApiSourceId): Promise<ConnectorStatus> {
    const [stored, state] = await Promise.all([this.stored(id), this.state(id)]);
    return connectorStatus(id, stored, state);
  }

  async overview(): Promise<ConnectorsOverview> {
    return {
      connectors: await Promise.all(API_SOURCE_IDS.map((id) => this.status(id))),
      phoneLinks: (await this.store.readKv('phoneLinks')) ?? { enabled: false },
    };
  }

  /** Checks the pasted input with the vendor; stores it only when the vendor accepted it. */
  async connect(id: ApiSourceId, input: Record<string, string>): Promise<ConnectResult> {
    const source = apiSource(id);
    const now = this.clock();
    // Empty optional fields are absent, not empty strings.
    const present = Object.fromEntries(Object.entries(input).filter(([, value]) => value.trim() !== ''));
    const parsed = source.input.safeParse(present);
    if (!parsed.success) throw new Error(describeZodError(parsed.error));
    const origin = originFor(source, parsed.data);
    if (!(await this.platform.hasOrigins([origin]))) {
      return { ok: false, error: errorRecord({ kind: 'no_permission', message: origin }, now), status: await this.status(id) };
    }
    const connected = await source.connect(parsed.data, this.send(id), now);
    if (!connected.ok) return { ok: false, error: errorRecord(connected.error, now), status: await this.status(id) };
    const previous = await this.stored(id);
    await this.secret(id).write({ secret: connected.secret, owner: connected.owner, connectedAt: now });
    // A new key for the same source keeps where polling got to; a first connection starts afresh.
    if (!previous) await this.store.writeKv(connectorStateKvKey(id), EMPTY_STATE);
    this.hooks.statusChanged?.();
    await this.poll(id);
    return { ok: true, status: await this.status(id) };
  }

  /** Asks the vendor for the first page with the stored key: the key still works, or why not. */
  async test(id: ApiSourceId): Promise<ConnectResult> {
    const now = this.clock();
    const stored = await this.stored(id);
    // Nothing to test: the status says so.
    if (!stored) return { ok: false, status: await this.status(id) };
    const source = apiSource(id);
    const prepared = await this.prepare(id, source, stored, now);
    const error = 'error' in prepared ? prepared.error : await firstPageError(source, prepared.secret, this.send(id), now);
    const state = await this.state(id);
    await this.saveState(id, error ? { ...state, lastError: errorRecord(error, now) } : withoutError(state));
    return { ok: !error, ...(error ? { error: errorRecord(error, now) } : {}), status: await this.status(id) };
  }

  /** Forgets the key and the poll state, and gives the origin's permission back. */
  async disconnect(id: ApiSourceId): Promise<ConnectorStatus> {
    const stored = await this.stored(id);
    await this.secret(id).clear();
    await this.store.deleteKv(connectorStateKvKey(id));
    // The pace log stays: the vendor still counts those requests if the rep connects again within the minute.
    if (stored) await releaseHosts(this.platform, [originFor(apiSource(id), stored.secret)]);
    this.hooks.statusChanged?.();
    return this.status(id);
  }

  /** Polls every connected source (the alarm), or only when the last popup poll is old enough. */
  async pollAll(reason: 'alarm' | 'popup' | 'manual'): Promise<ApiSourceId[]> {
    const now = this.clock();
    if (reason === 'popup') {
      if (now - this.lastPopupPoll < POPUP_POLL_DEBOUNCE_MS) return [];
      this.lastPopupPoll = now;
    }
    const connected: ApiSourceId[] = [];
    for (const id of API_SOURCE_IDS) if (await this.stored(id)) connected.push(id);
    await Promise.all(connected.map((id) => this.poll(id)));
    return connected;
  }

  /** One poll of one source; a second request while one runs waits for it instead. */
  poll(id: ApiSourceId): Promise<void> {
    const running = this.inFlight.get(id);
    if (running) return running;
    const run = this.pollOnce(id).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, run);
    return run;
  }

  private async prepare(
    id: ApiSourceId,
    source: ApiSource,
    stored: StoredConnector,
    now: number,
  ): Promise<{ secret: unknown } | { error: ConnectorError }> {
    const origin = originFor(source, stored.secret);
    if (!(await this.platform.hasOrigins([origin]))) return { error: { kind: 'no_permission', message: origin } };
    const secret = source.secret.safeParse(stored.secret);
    if (!secret.success) return { error: { kind: 'wrong_key', message: 'the stored key is no longer readable: connect again' } };
    if (!source.refresh) return { secret: secret.data };
    const refreshed = await source.refresh(secret.data, this.send(id), now);
    if (!refreshed.ok) return { error: refreshed.error };
    if (refreshed.changed) await this.secret(id).write({ ...stored, secret: refreshed.secret });
    return { secret: refreshed.secret };
  }

  private async pollOnce(id: ApiSourceId): Promise<void> {
    const stored = await this.stored(id);
    if (!stored) return;
    const now = this.clock();
    const state = await this.state(id);
    if (state.retryAt !== undefined && state.retryAt > now) return;
    const source = apiSource(id);
    const prepared = await this.prepare(id, source, stored, now);
    if ('error' in prepared) {
      await this.saveState(id, { ...state, lastPollAt: now, lastError: errorRecord(prepared.error, now) });
      return;
    }
    const since = state.resume?.since ?? (state.lastSuccessAt ?? now - FIRST_POLL_MS) - POLL_OVERLAP_MS;
    const resumeCursor = state.resume ? source.cursor.safeParse(state.resume.cursor) : undefined;
    const send = this.send(id);
    const collected = await collectPages(source.pager(prepared.secret, since, now, state.memo), {
      send,
      ...(resumeCursor?.success ? { from: resumeCursor.data } : {}),
    });
    const settings = await this.config.getSettings();
    const read = await source.toEvents(
      collected.items,
      stored.owner,
      { send, internalDomains: settings.internalDomains, now, pause: giveWorkerBack, memo: state.memo },
      prepared.secret,
    );
    // Stored activities are what a later poll of the same window reads again: applying is safe to repeat.
    const applied = await this.hooks.apply(read.events);
    const error = collected.error ?? read.error;
    const next: ConnectorState = {
      ...withoutError(state),
      lastPollAt: now,
      recorded: state.recorded + applied.recorded,
      lastRecorded: applied.recorded,
    };
    delete next.resume;
    delete next.retryAt;
    if (collected.complete && !read.error) {
      next.lastSuccessAt = now;
      if (read.memo !== undefined) next.memo = read.memo;
    } else {
      // Stopped part-way (page cap, a long wait, a failed page): the next poll goes on over the same window.
      if (collected.resumeFrom !== undefined) next.resume = { since, cursor: collected.resumeFrom as never };
      if (error) next.lastError = errorRecord(error, now);
      const wait = collected.retryAfterMs ?? error?.retryAfterMs;
      if (error?.kind === 'rate_limited' && wait !== undefined) next.retryAt = now + wait;
    }
    await this.saveState(id, next);
  }

  /** Phone links on (the options page has had the sites and "scripting" granted) or off. */
  async setPhoneLinks(setting: PhoneLinksSetting): Promise<PhoneLinksSetting> {
    const source = HOOK_SOURCES['phone-link'];
    if (setting.enabled && !(await this.platform.hasOrigins(source.origins, source.permissions))) {
      throw new Error('phone links need the permission for the sites first');
    }
    await this.platform.setPhoneLinkScript(setting.enabled);
    await this.store.writeKv('phoneLinks', setting);
    this.hooks.statusChanged?.();
    return setting;
  }

  /**
   * At the worker's start: the phone-link script is registered again when phone links are on
   * (a browser that did not keep it across sessions), or they are turned off if the sites'
   * permission went away meanwhile.
   */
  async restorePhoneLinks(): Promise<void> {
    const setting = await this.store.readKv('phoneLinks');
    if (!setting?.enabled) return;
    const source = HOOK_SOURCES['phone-link'];
    if (await this.platform.hasOrigins(source.origins, source.permissions)) await this.platform.setPhoneLinkScript(true);
    else await this.permissionsRemoved(source.origins);
  }

  /** The browser withdrew permissions (the rep, in its settings): stop what needed them. */
  async permissionsRemoved(origins: readonly string[]): Promise<void> {
    const phoneLinks = await this.store.readKv('phoneLinks');
    if (phoneLinks?.enabled && HOOK_SOURCES['phone-link'].origins.some((origin) => origins.includes(origin))) {
      await this.platform.setPhoneLinkScript(false);
      await this.store.writeKv('phoneLinks', { ...phoneLinks, enabled: false });
      this.hooks.statusChanged?.();
    }
  }

  readonly handlers: Pick<
    HandlerTable,
    'connectors/status' | 'connectors/connect' | 'connectors/test' | 'connectors/disconnect' | 'connectors/poll' | 'phone-links/set'
  > = {
    'connectors/status': async () => this.overview(),
    'connectors/connect': async ({ id, input }) => this.connect(id, input),
    'connectors/test': async ({ id }) => this.test(id),
    'connectors/disconnect': async ({ id }) => this.disconnect(id),
    'connectors/poll': async ({ id, reason }) => {
      if (id) {
        await this.poll(id);
        return { polled: [id] };
      }
      return { polled: await this.pollAll(reason) };
    },
    'phone-links/set': async ({ setting }) => this.setPhoneLinks(setting),
  };
}
