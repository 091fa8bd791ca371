// Over 300 lines: the team board job is one class whose connect, status and period reads share its
// connection, its pacer and the part of a period read before a rate limit.
import { DEFAULT_RETRY_AFTER_MS } from '../api-connector/http';
import { failureRecord, IntervalPacer, realSleep, releaseHosts, type SecretSlot, secretSlot } from '../connections';
import {
  computeTeamBoard,
  crmDescriptor,
  maskedCredentials,
  type TeamBoard,
  type TeamBoardResult,
  type TeamConnectResult,
  type TeamError,
  type TeamErrorKind,
  type TeamStatus,
} from '../crm/team-board';
import { trackingStartsOf } from '../crm/tracking-start';
import {
  CRM_IDS,
  type CrmCredentials,
  type CrmDescriptor,
  type CrmError,
  type CrmId,
  type CrmSend,
  type CrmTeamActivity,
  type CrmUser,
} from '../crm/types';
import type { ReportPeriod } from '../quota/report';
import { reportInterval } from '../quota/report';
import type { ActivityStore } from '../store';
import { crmKvKey, KV_SCHEMAS, type TeamBoardConnection } from '../store/kv';
import type { Config } from './config';
import { kvSecrets } from './connection-secrets';
import type { ConnectorPlatform } from './connectors';
import type { HandlerTable } from './router';

/**
 * The manager's team board (issue 13, point 5): connect with the manager's own CRM token (checked
 * with the CRM, then kept in this database only), read the CRM's users and every page of activity
 * records of a period, and compute the board with the quota engine. A rate limit is never retried
 * here: the answer says when to ask again, and until then no request goes out.
 */

/** What the job needs of the browser: the network and the optional host permissions (the connections kit's HostAccess). */
export type TeamBoardPlatform = Pick<ConnectorPlatform, 'send' | 'hasOrigins' | 'removeOrigins'>;

export interface TeamBoardOptions {
  /** The CRM clients (tests pass fakes); default: the build's own. */
  descriptor?: (id: CrmId) => CrmDescriptor | undefined;
  available?: () => CrmId[];
  /** Waits between two requests to one CRM (its documented pace); tests advance a fake clock. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Origins another part still needs: not given back when the manager disconnects. Default: those
   * of the rep's own CRM sync (kv `crm:<id>`).
   */
  originsInUse?: () => Promise<readonly string[]>;
}

/**
 * A board reads at most this many pages: a CRM whose cursor never ends must not keep the worker busy
 * forever. 200 reps' month is 730 HubSpot pages or 580 amoCRM ones (issue 26): the cap is well above
 * any real team's, and a board stopped by it says so (`cutOff`).
 */
export const MAX_BOARD_PAGES = 5_000;

/** What was read of a period before a rate limit stopped it: the next try goes on from there. */
interface PartialRead {
  key: string;
  /** The span the first page was asked for: a cursor belongs to its query, so the rest asks the same. */
  range: { from: number; to: number };
  users?: CrmUser[];
  pages: CrmTeamActivity[][];
  cursor?: string;
  /** Every page read, even an empty one: a repeated cursor is how a loop shows. */
  seenCursors: Set<string>;
}

/** A failure as the CRM client or this job names it. */
interface Failure {
  kind: TeamErrorKind;
  message: string;
  status?: number;
  retryAfterMs?: number;
}

/** The connections kit's record; a rate limit keeps when the CRM may be asked again. */
function teamError(failure: Failure, at: number): TeamError {
  return failureRecord(failure, at, { retryAt: at + (failure.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS) });
}

export class TeamBoardJob {
  private readonly descriptorOf: (id: CrmId) => CrmDescriptor | undefined;
  private readonly available: () => CrmId[];
  private readonly originsInUse: () => Promise<readonly string[]>;
  /** One read per period at a time (a second click waits for the first). */
  private readonly inFlight = new Map<string, Promise<TeamBoardResult>>();
  private partial?: PartialRead;
  /** The CRM's pace, kept across boards and the connect check. */
  private readonly pacer: IntervalPacer;

  constructor(
    private readonly store: ActivityStore,
    private readonly clock: () => number,
    private readonly config: Config,
    private readonly platform: TeamBoardPlatform,
    options: TeamBoardOptions = {},
  ) {
    this.descriptorOf = options.descriptor ?? crmDescriptor;
    this.available = options.available ?? (() => CRM_IDS.filter((id) => this.descriptorOf(id) !== undefined));
    this.pacer = new IntervalPacer(clock, options.sleep ?? realSleep);
    this.originsInUse = options.originsInUse ?? (() => this.repSyncOrigins());
  }

  /** The hosts the rep's own CRM sync (Options → CRM) holds: they stay when the manager disconnects. */
  private async repSyncOrigins(): Promise<string[]> {
    const origins: string[] = [];
    for (const id of CRM_IDS) {
      const stored = await this.store.readKv(crmKvKey(id));
      const descriptor = this.descriptorOf(id);
      if (stored && descriptor) origins.push(...descriptor.origins(stored.credentials));
    }
    return origins;
  }

  /** The manager's token and account, kept in this database only (the connections kit's slot). */
  private get secret(): SecretSlot<TeamBoardConnection> {
    return secretSlot('teamBoard', KV_SCHEMAS.teamBoard, kvSecrets(this.store));
  }

  private connection(): Promise<TeamBoardConnection | undefined> {
    return this.secret.read();
  }

  async status(): Promise<TeamStatus> {
    const connection = await this.connection();
    const available = this.available();
    if (!connection) return { connected: false, available, fields: [] };
    return {
      connected: true,
      available,
      crm: connection.credentials.crm,
      account: connection.account,
      fields: maskedCredentials(connection.credentials),
      connectedAt: connection.connectedAt,
      ...(connection.repIds ? { repIds: connection.repIds } : {}),
      ...(connection.retryAt !== undefined && connection.retryAt > this.clock() ? { retryAt: connection.retryAt } : {}),
    };
  }

  /** The CRM's send, kept to its documented pace (the least time between two requests). */
  private pacedSend(descriptor: CrmDescriptor): CrmSend {
    return this.pacer.send(this.platform.send, descriptor.minRequestIntervalMs);
  }

  /**
   * Checks the token with the CRM (who it is, and that it may read the team's users) and keeps it
   * only when the CRM accepted it. The page asked for the CRM's origins in the click before this.
   */
  async connect(credentials: CrmCredentials): Promise<TeamConnectResult> {
    const now = this.clock();
    const refuse = async (error: TeamError): Promise<TeamConnectResult> => ({ ok: false, error, status: await this.status() });
    const descriptor = this.descriptorOf(credentials.crm);
    if (!descriptor) return refuse(teamError({ kind: 'unsupported', message: credentials.crm }, now));
    const origins = descriptor.origins(credentials);
    if (!(await this.platform.hasOrigins(origins))) return refuse(teamError({ kind: 'no_permission', message: origins.join(' ') }, now));
    const client = descriptor.createClient(credentials, this.pacedSend(descriptor), this.clock);
    const tested = await client.test();
    if (!tested.ok) return refuse(teamError(tested.error, this.clock()));
    // A token that cannot list the team's users (a missing scope) says so now, not at the first board.
    const users = await client.listUsers();
    if (!users.ok) return refuse(teamError(users.error, this.clock()));
    const previous = await this.connection();
    // The same account connected again keeps the reps chosen for its board.
    const sameAccount = previous?.credentials.crm === credentials.crm && previous.account.account === tested.value.account;
    await this.secret.write({
      credentials,
      account: tested.value,
      connectedAt: now,
      ...(sameAccount && previous?.repIds ? { repIds: previous.repIds } : {}),
    });
    this.partial = undefined;
    return { ok: true, status: await this.status() };
  }

  /** Forgets the token and the board's state, and gives the CRM's origins back (unless still in use). */
  async disconnect(): Promise<TeamStatus> {
    const connection = await this.connection();
    const descriptor = connection && this.descriptorOf(connection.credentials.crm);
    // Where the CRM can take a sign-in back (Salesforce's revoke), it does while its host is still
    // granted, as the rep's disconnect does (lib/background/crm.ts); a failure does not keep it connected.
    if (connection && descriptor) {
      const client = descriptor.createClient(connection.credentials, this.pacedSend(descriptor), this.clock);
      await client.revoke?.().catch(() => undefined);
    }
    await this.secret.clear();
    this.partial = undefined;
    if (connection) {
      await releaseHosts(this.platform, descriptor?.origins(connection.credentials) ?? [], await this.originsInUse().catch(() => []));
    }
    return this.status();
  }

  /** The reps on the board: these CRM user ids, or every active user (null). */
  async setReps(repIds: readonly string[] | null): Promise<TeamStatus> {
    const connection = await this.connection();
    // Nothing connected, nobody to choose: the status says so.
    if (!connection) return this.status();
    const { repIds: _old, ...rest } = connection;
    await this.store.writeKv('teamBoard', repIds === null ? rest : { ...rest, repIds: [...new Set(repIds)] });
    return this.status();
  }

  /** The board of a period; one read per period at a time. */
  board(period: ReportPeriod): Promise<TeamBoardResult> {
    const running = this.inFlight.get(period);
    if (running) return running;
    const run = this.read(period).finally(() => this.inFlight.delete(period));
    this.inFlight.set(period, run);
    return run;
  }

  private async read(period: ReportPeriod): Promise<TeamBoardResult> {
    const now = this.clock();
    const connection = await this.connection();
    if (!connection) return { ok: false, error: teamError({ kind: 'not_connected', message: 'no CRM connected' }, now) };
    const { credentials } = connection;
    const descriptor = this.descriptorOf(credentials.crm);
    if (!descriptor) return { ok: false, error: teamError({ kind: 'unsupported', message: credentials.crm }, now) };
    // The CRM asked to wait: say until when, without asking it again.
    if (connection.retryAt !== undefined && connection.retryAt > now) {
      return { ok: false, error: { kind: 'rate_limited', message: 'the CRM asked to wait', at: now, retryAt: connection.retryAt } };
    }
    const origins = descriptor.origins(credentials);
    if (!(await this.platform.hasOrigins(origins))) {
      return { ok: false, error: teamError({ kind: 'no_permission', message: origins.join(' ') }, now) };
    }
    const [settings, quotas] = await Promise.all([this.config.getSettings(), this.config.getQuotas()]);
    const interval = reportInterval(period, now, settings);
    const key = `${credentials.crm}:${connection.account.account}:${interval.start}:${interval.end}`;
    const client = descriptor.createClient(credentials, this.pacedSend(descriptor), this.clock);

    // Going on from where a rate limit stopped the same period's read, else from the start, over
    // what has happened so far (a meeting booked for later this month is not done yet).
    const read: PartialRead =
      this.partial?.key === key
        ? this.partial
        : { key, range: { from: interval.start, to: Math.min(interval.end, now + 1) }, pages: [], seenCursors: new Set() };
    this.partial = read;
    const failed = async (error: CrmError): Promise<TeamBoardResult> => {
      const recorded = teamError(error, this.clock());
      // Read again: the reps may have been chosen meanwhile.
      const latest = await this.connection();
      if (recorded.retryAt !== undefined && latest) await this.store.writeKv('teamBoard', { ...latest, retryAt: recorded.retryAt });
      if (recorded.retryAt === undefined) this.partial = undefined;
      return { ok: false, error: recorded };
    };

    if (!read.users) {
      const users = await client.listUsers();
      if (!users.ok) return failed(users.error);
      read.users = users.value;
    }
    // Never silently short: a read stopped before the CRM's last page says so on the board.
    let cutOff: TeamBoard['cutOff'];
    for (;;) {
      if (read.pages.length >= MAX_BOARD_PAGES) {
        cutOff = { reason: 'page_cap', pagesRead: read.pages.length };
        break;
      }
      const page = await client.listActivities(read.range, read.cursor);
      if (!page.ok) return failed(page.error);
      read.pages.push(page.value.items);
      const next = page.value.next;
      if (next === undefined) break;
      if (read.seenCursors.has(next)) {
        cutOff = { reason: 'cursor_loop', pagesRead: read.pages.length };
        break;
      }
      read.seenCursors.add(next);
      read.cursor = next;
    }
    this.partial = undefined;
    const latest = await this.connection();
    if (latest?.retryAt !== undefined) {
      const { retryAt: _done, ...rest } = latest;
      await this.store.writeKv('teamBoard', rest);
    }
    const computed = computeTeamBoard({
      users: read.users,
      pages: read.pages,
      quotas,
      settings,
      now: this.clock(),
      period,
      // Each rep's earliest tracking start their records carry: pace pro-rated as their popup does (issue 27.5).
      trackingStarts: trackingStartsOf(read.pages),
      ...(connection.repIds ? { repIds: connection.repIds } : {}),
    });
    const board: TeamBoard = cutOff ? { ...computed, cutOff } : computed;
    return { ok: true, board };
  }

  readonly handlers: Pick<HandlerTable, 'team/status' | 'team/connect' | 'team/disconnect' | 'team/board' | 'team/reps'> = {
    'team/status': async () => this.status(),
    'team/connect': async ({ credentials }) => this.connect(credentials),
    'team/disconnect': async () => this.disconnect(),
    'team/board': async ({ period }) => this.board(period),
    'team/reps': async ({ repIds }) => this.setReps(repIds),
  };
}
