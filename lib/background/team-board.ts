// Over 300 lines: the team board job is one class whose connect, status and period reads share its
// connection, its pacer and what earlier reads kept (the read loop and the keeping are in team-board-read.ts).
import { DEFAULT_RETRY_AFTER_MS } from '../api-connector/http';
import { failureRecord, IntervalPacer, realSleep, releaseHosts, type SecretSlot, secretSlot } from '../connections';
import { boardCaveats } from '../crm/board-gaps';
import {
  type BoardRead,
  computeTeamBoard,
  crmDescriptor,
  maskedCredentials,
  type TeamBoard,
  type TeamBoardResult,
  type TeamConnectResult,
  type TeamError,
  type TeamErrorKind,
  type TeamReading,
  type TeamStatus,
} from '../crm/team-board';
import type { TeamBoardReading } from '../crm/team-board-keys';
import { trackingStartsOf } from '../crm/tracking-start';
import {
  CRM_IDS,
  type CrmCredentials,
  type CrmDescriptor,
  type CrmId,
  type CrmSend,
  type CrmTeamActivity,
  type CrmUser,
} from '../crm/types';
import { type ReportPeriod, reportInterval } from '../quota/report';
import type { ActivityStore } from '../store';
import { crmKvKey, KV_SCHEMAS, type TeamBoardConnection } from '../store/kv';
import type { Config } from './config';
import { kvSecrets } from './connection-secrets';
import type { ConnectorPlatform } from './connectors';
import type { HandlerTable } from './router';
import { FULL_READ_AFTER_MS, keepRead, keptCovers, keptFreshness, mergeRead, planRead } from './team-board-cache';
import { BoardKeeping, readSteps } from './team-board-read';

export { MAX_BOARD_PAGES } from './team-board-read';

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
  /** What earlier reads fetched, and a read under way, in the store (team-board-read.ts). */
  private readonly keeping: BoardKeeping;
  /** The latest board read asked for: the next waits for it. */
  private lastRead: Promise<unknown> = Promise.resolve();
  /** The read under way in this worker, for the status (the Team section's progress line). */
  private progress?: TeamReading;
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
    this.keeping = new BoardKeeping(store);
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
      ...(await this.reading()),
    };
  }

  /** The read under way here, or where a stopped worker's read stands (it goes on at the next board). */
  private async reading(): Promise<{ reading?: TeamReading }> {
    if (this.progress) return { reading: { ...this.progress } };
    const stopped = await this.keeping.readingAny();
    if (!stopped) return {};
    const { pages, records, step, steps, startedAt, resumed } = stopped;
    return { reading: { running: false, pages, records, step, steps: steps.length, startedAt, resumed } };
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
    if (!sameAccount) await this.keeping.forget(); // another account's records are no use to this one
    return { ok: true, status: await this.status() };
  }

  /** Forgets the token and the board's state, and gives the CRM's origins back (unless still in use). */
  async disconnect(): Promise<TeamStatus> {
    const connection = await this.connection();
    const descriptor = connection && this.descriptorOf(connection.credentials.crm);
    // A sign-in the CRM can take back (Salesforce) is revoked while its host is granted, as the rep's is.
    const client = connection && descriptor?.createClient(connection.credentials, this.pacedSend(descriptor), this.clock);
    await client?.revoke?.().catch(() => undefined);
    await this.secret.clear();
    await this.keeping.forget();
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

  /**
   * The board of a period; one read per period at a time. It reads only what changed since the
   * period was last read, and what of the period was never read; `reuse` answers from what was
   * read when that covers the period; `whole` reads it all again.
   */
  board(period: ReportPeriod, options: BoardReadOptions = {}): Promise<TeamBoardResult> {
    const running = this.inFlight.get(period);
    if (running) return running;
    // Reads go one after another: they share the CRM's pace (nothing is faster side by side), the
    // read under way's checkpoint and what is kept, which two at once would overwrite.
    const run = this.lastRead
      .catch(() => undefined)
      .then(() => this.read(period, options))
      .finally(() => this.inFlight.delete(period));
    this.lastRead = run;
    this.inFlight.set(period, run);
    return run;
  }

  private async read(period: ReportPeriod, options: BoardReadOptions): Promise<TeamBoardResult> {
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
    // The whole period, also what is dated later than now (a meeting booked for later this month):
    // the board counts only what is done by now, and the next refresh need not read that part whole.
    const range = { from: interval.start, to: interval.end };
    const owner = `${credentials.crm}:${connection.account.account}`;
    const client = descriptor.createClient(credentials, this.pacedSend(descriptor), this.clock);
    const kept = await this.keeping.kept(owner);
    const alwaysWhole = client.readsModifiedSince !== true;
    const compute = (users: readonly CrmUser[], records: readonly CrmTeamActivity[]) =>
      computeTeamBoard({
        users,
        pages: [records],
        quotas,
        settings,
        now: this.clock(),
        period,
        // Each rep's earliest tracking start their records carry: pace pro-rated as their popup does (issue 27.5).
        trackingStarts: trackingStartsOf([records]),
        ...(connection.repIds ? { repIds: connection.repIds } : {}),
      });
    const grace = boardCaveats(client, quotas);

    // A rep-picker change: what was read answers, the CRM is not asked.
    const stopped = await this.keeping.reading(owner, range);
    if (options.reuse && !options.whole && !stopped && kept && keptCovers(kept, range, now)) {
      const fresh = keptFreshness(kept, range)!;
      const board = compute(kept.users, inRange(kept.records, range));
      return {
        ok: true,
        board: {
          ...board,
          ...grace,
          read: readFacts({ whole: 0, changes: 0, pages: 0, records: 0, reused: true, resumed: 0 }, fresh, alwaysWhole),
        },
      };
    }

    // Going on from where a stopped worker or a rate limit left this period's read, else a new one.
    let reading: TeamBoardReading | undefined = stopped;
    let records = reading ? await this.keeping.readingRecords(reading) : undefined;
    if (reading && records) reading.resumed += 1;
    else {
      reading = {
        owner,
        range,
        steps: planRead(kept, range, now, options.whole === true || alwaysWhole),
        step: 0,
        seenCursors: [],
        chunks: 0,
        pages: 0,
        records: 0,
        startedAt: now,
        resumed: 0,
      };
      // A refresh only: the users kept from the last read serve (a new CRM user shows at the next whole read).
      if (kept && kept.users.length > 0 && reading.steps.every((step) => step.modifiedSince !== undefined)) reading.users = kept.users;
      records = [];
      await this.keeping.clearReading();
    }
    const current = reading;
    const pagesBefore = current.pages;
    const recordsBefore = current.records;
    const onPage = (r: TeamBoardReading) => {
      this.progress = {
        running: true,
        pages: r.pages,
        records: r.records,
        step: r.step,
        steps: r.steps.length,
        startedAt: r.startedAt,
        resumed: r.resumed,
      };
    };
    let result: Awaited<ReturnType<typeof readSteps>>;
    try {
      result = await readSteps(client, current, records, this.keeping, onPage);
    } finally {
      this.progress = undefined;
    }
    if (!result.ok) {
      const recorded = teamError(result.error, this.clock());
      // Read again: the reps may have been chosen meanwhile.
      const latest = await this.connection();
      if (recorded.retryAt !== undefined && latest) await this.store.writeKv('teamBoard', { ...latest, retryAt: recorded.retryAt });
      // Only a rate limit's read goes on later; any other failure reads afresh.
      if (recorded.retryAt === undefined) await this.keeping.clearReading();
      return { ok: false, error: recorded };
    }
    await this.keeping.clearReading();
    const latest = await this.connection();
    if (latest?.retryAt !== undefined) {
      const { retryAt: _done, ...rest } = latest;
      await this.store.writeKv('teamBoard', rest);
    }
    const users = current.users ?? [];
    const merged = mergeRead(kept?.records ?? [], current.steps, records);
    // A read cut short is not kept: the next one reads the period again.
    const keptNow = result.cutOff
      ? kept
      : keepRead(kept, { owner, steps: current.steps, startedAt: current.startedAt, users, records: merged });
    if (keptNow && keptNow !== kept) await this.keeping.keep(keptNow);
    const computed = compute(users, inRange(merged, range));
    const distinctRead = new Set(records.map((r) => r.id)).size;
    const facts = readFacts(
      {
        whole: current.steps.filter((s) => s.modifiedSince === undefined).length,
        changes: current.steps.filter((s) => s.modifiedSince !== undefined).length,
        pages: current.pages - pagesBefore,
        records: current.records - recordsBefore,
        reused: false,
        resumed: current.resumed,
      },
      (keptNow && keptFreshness(keptNow, range)) ?? { readAt: current.startedAt, fullAt: current.startedAt },
      alwaysWhole,
    );
    const board: TeamBoard = {
      ...computed,
      // Repeats are those of this read's pages (a record on two pages); kept ones replaced by their edit are not.
      records: { ...computed.records, repeated: records.length - distinctRead },
      ...grace,
      read: facts,
      ...(result.cutOff ? { cutOff: result.cutOff } : {}),
    };
    return { ok: true, board };
  }

  readonly handlers: Pick<HandlerTable, 'team/status' | 'team/connect' | 'team/disconnect' | 'team/board' | 'team/reps'> = {
    'team/status': async () => this.status(),
    'team/connect': async ({ credentials }) => this.connect(credentials),
    'team/disconnect': async () => this.disconnect(),
    'team/board': async ({ period, reuse, whole }) =>
      this.board(period, { ...(reuse !== undefined ? { reuse } : {}), ...(whole !== undefined ? { whole } : {}) }),
    'team/reps': async ({ repIds }) => this.setReps(repIds),
  };
}

export interface BoardReadOptions {
  /** Answer from what was read when it covers the period and is fresh (a rep-picker change). */
  reuse?: boolean;
  /** Read the whole period again (what a refresh cannot see: deletions). */
  whole?: boolean;
}

const inRange = (records: readonly CrmTeamActivity[], range: { from: number; to: number }) =>
  records.filter((r) => r.occurredAt >= range.from && r.occurredAt < range.to);

function readFacts(
  cost: Pick<BoardRead, 'whole' | 'changes' | 'pages' | 'records' | 'reused' | 'resumed'>,
  fresh: { readAt: number; fullAt: number },
  alwaysWhole: boolean,
): BoardRead {
  return { ...cost, ...fresh, wholeAgainAt: fresh.fullAt + FULL_READ_AFTER_MS, alwaysWhole };
}
