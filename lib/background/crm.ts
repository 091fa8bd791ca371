// Over 300 lines: the CRM sync job is one class whose connect, test, disconnect, settings, status and
// sync runs share its stored secrets and the runs in flight.
import { realSleep, releaseHosts, type SecretSlot, secretSlot, spacedSend } from '../connections';
import { credentialsInput } from '../crm/forms';
import { type CrmSyncConfig, CrmSyncSettings, defaultCrmSyncSettings } from '../crm/outbox';
import { crmDescriptor } from '../crm/registry';
import { errorRecord, runSync, type SyncResult } from '../crm/sync';
import type { CrmCheck, CrmError, CrmId } from '../crm/types';
import { CRM_IDS, CrmCredentials } from '../crm/types';
import { customKindName } from '../kinds';
import { type CrmConnectResult, type CrmHealth, type CrmOverview, type CrmStatus, describeZodError } from '../messages';
import type { ActivityStore } from '../store';
import { type CrmSyncState, crmKvKey, crmStateKvKey, KV_SCHEMAS, type StoredCrm } from '../store/kv';
import type { Config } from './config';
import { kvSecrets } from './connection-secrets';
import type { ConnectorPlatform } from './connectors';
import { CRM_FAILING_WARN_MS, CRM_RUN_BUDGET_MS, CRM_RUN_SOON_MS, type CrmHooks, crmStatus, nextSyncState } from './crm-status';
import type { HandlerTable } from './router';

export { CRM_FAILING_WARN_MS, CRM_RUN_BUDGET_MS, CRM_RUN_SOON_MS, type CrmHooks } from './crm-status';

/**
 * The CRMs the rep connects to: credentials kept in this database only, the sync settings the
 * store reads in every activity write (kv `crmSync`), and the runs that work through the outbox.
 */
export class Crm {
  private readonly inFlight = new Map<CrmId, Promise<SyncResult | undefined>>();
  /** Whether any CRM is connected, as last read (activity writes only schedule a run when one is). */
  private anyConnected: boolean | undefined;

  constructor(
    private readonly store: ActivityStore,
    private readonly clock: () => number,
    private readonly config: Config,
    private readonly platform: ConnectorPlatform,
    private readonly hooks: CrmHooks = {},
  ) {}

  /** The CRM's credentials and who the rep is there, kept in this database only (the connections kit's slot). */
  private secret(id: CrmId): SecretSlot<StoredCrm> {
    return secretSlot(crmKvKey(id), KV_SCHEMAS[crmKvKey(id)], kvSecrets(this.store));
  }

  private stored(id: CrmId): Promise<StoredCrm | undefined> {
    return this.secret(id).read();
  }

  private async state(id: CrmId): Promise<CrmSyncState> {
    return (await this.store.readKv(crmStateKvKey(id))) ?? {};
  }

  private async syncConfig(): Promise<CrmSyncConfig> {
    return (await this.store.readKv('crmSync')) ?? {};
  }

  private changed(): void {
    this.hooks.statusChanged?.();
  }

  async status(id: CrmId): Promise<CrmStatus> {
    const [stored, state, config, entries] = await Promise.all([
      this.stored(id),
      this.state(id),
      this.syncConfig(),
      this.store.outbox.entries(id),
    ]);
    return crmStatus(id, stored, state, config[id], entries);
  }

  async overview(): Promise<CrmOverview> {
    const ids = CRM_IDS.filter((id) => crmDescriptor(id));
    return { crms: await Promise.all(ids.map((id) => this.status(id))) };
  }

  /** Connected CRMs failing for over an hour without a success (the popup's warning). */
  async health(): Promise<CrmHealth> {
    const now = this.clock();
    const failing: CrmHealth['failing'] = [];
    for (const id of CRM_IDS) {
      const descriptor = crmDescriptor(id);
      if (!descriptor || !(await this.stored(id))) continue;
      const state = await this.state(id);
      if (state.failingSince !== undefined && now - state.failingSince > CRM_FAILING_WARN_MS) {
        failing.push({ id, label: descriptor.label, since: state.failingSince });
      }
    }
    return { failing };
  }

  /** Checks the pasted credentials with the CRM; keeps them only when it accepted them. */
  async connect(id: CrmId, input: Record<string, string>): Promise<CrmConnectResult> {
    const descriptor = crmDescriptor(id);
    if (!descriptor) throw new Error(`${id} is not available yet`);
    const now = this.clock();
    const parsed = CrmCredentials.safeParse({ ...credentialsInput(id, input), crm: id });
    if (!parsed.success) throw new Error(describeZodError(parsed.error));
    const credentials = parsed.data;
    if (!(await this.platform.hasOrigins(descriptor.origins(credentials)))) {
      return {
        ok: false,
        error: errorRecord({ kind: 'no_permission', message: descriptor.origins(credentials).join(' ') }, now),
        status: await this.status(id),
      };
    }
    const client = descriptor.createClient(credentials, this.platform.send, this.clock);
    const tested = await client.test();
    if (!tested.ok) return { ok: false, error: errorRecord(tested.error, now), status: await this.status(id) };
    const previous = await this.stored(id);
    // The checks are shown, not kept: the next test reads them afresh.
    const { checks, ...account } = tested.value;
    await this.secret(id).write({ credentials, ...account, connectedAt: previous?.connectedAt ?? now });
    const config = await this.syncConfig();
    // A new token for the same CRM keeps its settings and outbox; a first connection starts from now.
    if (!config[id]) await this.store.writeKv('crmSync', { ...config, [id]: defaultCrmSyncSettings(now) });
    await this.store.writeKv(crmStateKvKey(id), {});
    this.anyConnected = true;
    this.changed();
    this.hooks.scheduleRun?.(0);
    return { ok: true, status: await this.status(id), ...(checks ? { checks } : {}) };
  }

  /** Asks the CRM again with the stored credentials: still accepted, or why not. */
  async test(id: CrmId): Promise<CrmConnectResult> {
    const now = this.clock();
    const stored = await this.stored(id);
    const descriptor = crmDescriptor(id);
    if (!stored || !descriptor) return { ok: false, status: await this.status(id) };
    let error: CrmError | undefined;
    let checks: CrmCheck[] | undefined;
    if (!(await this.platform.hasOrigins(descriptor.origins(stored.credentials))))
      error = { kind: 'no_permission', message: descriptor.origins(stored.credentials).join(' ') };
    else {
      const tested = await descriptor.createClient(stored.credentials, this.platform.send, this.clock).test();
      if (!tested.ok) error = tested.error;
      else checks = tested.value.checks;
    }
    const state = await this.state(id);
    if (error) await this.store.writeKv(crmStateKvKey(id), { ...state, lastError: errorRecord(error, now) });
    else {
      const { lastError: _gone, pausedUntil: _paused, ...rest } = state;
      await this.store.writeKv(crmStateKvKey(id), rest);
      this.hooks.scheduleRun?.(0);
    }
    this.changed();
    return {
      ok: !error,
      ...(error ? { error: errorRecord(error, now) } : {}),
      status: await this.status(id),
      ...(checks ? { checks } : {}),
    };
  }

  /** Forgets the credentials, the settings and the outbox, and gives the CRM host's permission back. */
  async disconnect(id: CrmId): Promise<CrmStatus> {
    const stored = await this.stored(id);
    // Where the CRM can take a sign-in back (Salesforce's revoke), it does, while its host is still granted;
    // a failure (offline) does not keep the rep connected.
    const revoking = stored ? crmDescriptor(id)?.createClient(stored.credentials, this.platform.send, this.clock).revoke?.() : undefined;
    await revoking?.catch(() => undefined);
    const config = await this.syncConfig();
    const { [id]: _gone, ...rest } = config;
    // The settings go first: a write from now on queues nothing for this CRM.
    await this.store.writeKv('crmSync', rest);
    await this.secret(id).clear();
    await this.store.deleteKv(crmStateKvKey(id));
    await this.store.outbox.clear(id);
    this.anyConnected = undefined;
    const descriptor = crmDescriptor(id);
    if (descriptor) {
      // The manager's team board may read the same CRM with its own token: its hosts stay granted.
      const board = await this.store.readKv('teamBoard');
      const boardOrigins = board ? (crmDescriptor(board.credentials.crm)?.origins(board.credentials) ?? []) : [];
      await releaseHosts(this.platform, stored ? descriptor.origins(stored.credentials) : descriptor.allOrigins, boardOrigins);
    }
    this.changed();
    return this.status(id);
  }

  /** What the rep lets go to this CRM; activities since the from date that now belong there are queued. */
  async saveSettings(id: CrmId, input: unknown): Promise<CrmStatus> {
    if (!(await this.stored(id))) throw new Error('connect the CRM first');
    const parsed = CrmSyncSettings.safeParse(input);
    if (!parsed.success) throw new Error(describeZodError(parsed.error));
    const config = await this.syncConfig();
    await this.store.writeKv('crmSync', { ...config, [id]: parsed.data });
    const queued = await this.store.enqueueSince(parsed.data.fromDate, this.clock());
    if (queued) this.hooks.scheduleRun?.(0);
    this.changed();
    return this.status(id);
  }

  /** Failed records are tried again now, and the CRM's pause is lifted. */
  async retry(id: CrmId): Promise<CrmStatus> {
    await this.store.outbox.retry(id, this.clock());
    const { pausedUntil: _paused, ...state } = await this.state(id);
    await this.store.writeKv(crmStateKvKey(id), state);
    await this.run(id);
    return this.status(id);
  }

  /** Whether any CRM is connected. */
  async isConnected(): Promise<boolean> {
    const config = await this.syncConfig();
    this.anyConnected = CRM_IDS.some((id) => config[id]);
    return this.anyConnected;
  }

  /** After an activity write: a run soon, when some CRM is connected (the store has queued what belongs there). */
  async activityWritten(): Promise<void> {
    if (this.anyConnected ?? (await this.isConnected())) this.hooks.scheduleRun?.(CRM_RUN_SOON_MS);
  }

  /** Runs every connected CRM (the alarm, the network coming back, "Sync now"). */
  async runAll(): Promise<CrmId[]> {
    const config = await this.syncConfig();
    const ids = CRM_IDS.filter((id) => config[id] && crmDescriptor(id));
    await Promise.all(ids.map((id) => this.run(id)));
    return ids;
  }

  /** One run of one CRM; a second request while one runs waits for it instead. */
  run(id: CrmId): Promise<SyncResult | undefined> {
    const running = this.inFlight.get(id);
    if (running) return running;
    const started = this.runOnce(id).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, started);
    return started;
  }

  private async runOnce(id: CrmId): Promise<SyncResult | undefined> {
    const descriptor = crmDescriptor(id);
    const [stored, config] = await Promise.all([this.stored(id), this.syncConfig()]);
    const settings = config[id];
    if (!descriptor || !stored || !settings) return undefined;
    const now = this.clock();
    const state = await this.state(id);
    if (state.pausedUntil !== undefined && state.pausedUntil > now) {
      this.hooks.scheduleRun?.(state.pausedUntil - now);
      return undefined;
    }
    const origins = descriptor.origins(stored.credentials);
    if (!(await this.platform.hasOrigins(origins))) {
      await this.saveRun(id, state, now, {
        written: 0,
        retracted: 0,
        failed: 0,
        dropped: 0,
        more: false,
        stoppedBy: { kind: 'no_permission', message: origins.join(' ') },
      });
      return undefined;
    }
    const send = spacedSend(this.platform.send, descriptor.minRequestIntervalMs, this.clock, this.hooks.sleep ?? realSleep);
    const [appSettings, customKinds, trackingStart] = await Promise.all([
      this.config.getSettings(),
      this.config.customKinds(),
      this.store.readKv('trackingStart'),
    ]);
    const language = settings.language ?? this.hooks.uiLanguage?.() ?? 'en';
    const result = await runSync({
      client: descriptor.createClient(stored.credentials, send, this.clock),
      settings,
      internal: appSettings,
      outbox: {
        due: (crm, at, limit) => this.store.outbox.due(crm, at, limit),
        update: (key, next) => this.store.outbox.update(key, next),
        activity: (activityId) => this.store.get(activityId),
      },
      clock: this.clock,
      kindNames: new Map(customKinds.map((kind) => [kind.id, customKindName(kind, language)])),
      language,
      ...(trackingStart !== undefined ? { trackingStart } : {}),
      deadline: now + CRM_RUN_BUDGET_MS,
    });
    await this.saveRun(id, state, now, result);
    if (result.more) this.hooks.scheduleRun?.(CRM_RUN_SOON_MS);
    else if (result.pausedUntil !== undefined) this.hooks.scheduleRun?.(result.pausedUntil - this.clock());
    else if (result.stoppedBy?.kind !== 'network') {
      // What waits out a backoff or a lease (a worker stopped mid-write) goes when it falls due.
      const next = await this.store.outbox.nextDue(id);
      if (next !== undefined) this.hooks.scheduleRun?.(Math.max(next - this.clock(), CRM_RUN_SOON_MS));
    }
    return result;
  }

  private async saveRun(id: CrmId, state: CrmSyncState, startedAt: number, result: SyncResult): Promise<void> {
    await this.store.writeKv(crmStateKvKey(id), nextSyncState(state, startedAt, this.clock(), result));
    this.changed();
  }

  readonly handlers: Pick<
    HandlerTable,
    'crm/status' | 'crm/health' | 'crm/connect' | 'crm/test' | 'crm/disconnect' | 'crm/settings-save' | 'crm/sync-now' | 'crm/retry'
  > = {
    'crm/status': async () => this.overview(),
    'crm/health': async () => this.health(),
    'crm/connect': async ({ crm, input }) => this.connect(crm, input),
    'crm/test': async ({ crm }) => this.test(crm),
    'crm/disconnect': async ({ crm }) => this.disconnect(crm),
    'crm/settings-save': async ({ crm, settings }) => this.saveSettings(crm, settings),
    'crm/sync-now': async ({ crm }) => {
      if (crm) {
        await this.run(crm);
        return { ran: [crm] };
      }
      return { ran: await this.runAll() };
    },
    'crm/retry': async ({ crm }) => this.retry(crm),
  };
}
