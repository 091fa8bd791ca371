import type { Activity } from '../activity';
import type { DetectorEvent, Observation } from '../capture/types';
import type { ProgressReport } from '../quota/progress';
import type { DefaultQuotaNames, Quota, Settings } from '../settings';
import type { ActivityStore } from '../store';
import { Activities } from './activities';
import { Config } from './config';
import { type ConnectorPlatform, Connectors, OFFLINE_PLATFORM } from './connectors';
import { Crm, type CrmHooks } from './crm';
import { ChunkedImport } from './import-chunks';
import { Ingest } from './ingest';
import { Kinds } from './kinds';
import { ProgressCache, type ProgressRun } from './progress-cache';
import { ReportDays, reportHandlers } from './reports';
import { createRouter, type Handled, type HandlerTable } from './router';
import { TeamBoardJob, type TeamBoardOptions } from './team-board';

export type { CaptureFailures } from '../store/kv';

export interface ServiceHooks {
  /** Called after anything that may change progress (a capture, an entry, an undo, new settings). */
  onChange?: () => void;
  /**
   * A progress was kept for the next worker (computed with no write running, valid until the given
   * time): the place to mirror it where the popup can paint it before any worker answers.
   */
  onProgressKept?: (report: ProgressReport, validUntil: number) => void;
  /** Names for the first-run quotas, in the user's language. */
  defaultQuotaNames?: DefaultQuotaNames;
  /** The browser's network, permissions and scripting for the connectors (none in tests). */
  platform?: ConnectorPlatform;
  /** A connector's status changed (connected, polled, disconnected). */
  onConnectorsChange?: () => void;
  /** Waits between requests paced by a vendor's rate limit (tests pass one that moves their clock). */
  connectorSleep?: (ms: number) => Promise<void>;
  /** The team board's CRM clients and pace (tests pass fakes). */
  teamBoard?: TeamBoardOptions;
  /** The CRM sync's timers and announcements (none in tests: runs happen when asked). */
  crm?: CrmHooks;
  /**
   * After a change of many activities or of the counting rule (an import, moved kinds, quotas,
   * settings), and after a start that finds no judged day kept (the upgrade to database version 7),
   * Reports' days are judged this long after it, in the background, so that the first report does
   * not wait for a year of packs (1.4 s at a million). Unset: never (most unit tests).
   */
  warmReportsAfterMs?: number;
}

/**
 * What the background does, apart from browser plumbing (messages, alarms, badge, notifications):
 * the jobs below composed behind the one message entry point. Testable with a fake clock and
 * fake-indexeddb.
 */
export class QuotaRadarService {
  private readonly config: Config;
  private readonly cache: ProgressCache;
  /** What reports read: each kind's days judged once, kept, forgotten by writes (see ReportDays). */
  readonly reportDays: ReportDays;
  private readonly ingest: Ingest;
  private readonly activities: Activities;
  readonly connectors: Connectors;
  /** The manager's team board, read from the manager's own CRM connection. */
  readonly team: TeamBoardJob;
  readonly crm: Crm;
  /** Handles one untrusted message; never throws. */
  readonly handle: (message: unknown) => Promise<Handled>;

  constructor(
    readonly store: ActivityStore,
    clock: () => number = Date.now,
    hooks: ServiceHooks = {},
  ) {
    let warmReports: ReturnType<typeof setTimeout> | undefined;
    const warmSoon = (onlyIfNoneKept = false) => {
      if (hooks.warmReportsAfterMs === undefined) return;
      clearTimeout(warmReports);
      warmReports = setTimeout(async () => {
        if (onlyIfNoneKept && !(await store.judgedDaysMissing().catch(() => false))) return;
        await this.handle({ type: 'report/get', period: 'this_quarter' });
      }, hooks.warmReportsAfterMs);
    };
    const changed = (written?: readonly (Activity | null | undefined)[]) => {
      const activities = written?.filter((a): a is Activity => Boolean(a));
      if (activities) {
        // Reports' days forget themselves as each write makes its packs (see ReportDays).
        this.cache.patch(activities);
      } else {
        this.cache.invalidate();
        this.reportDays.invalidate();
        warmSoon();
      }
      hooks.onChange?.();
      // The store queued what belongs in a connected CRM in the same transaction: a run soon sends it.
      void this.crm.activityWritten().catch(() => undefined);
    };
    this.config = new Config(store, changed, {
      clock,
      defaultQuotaNames: hooks.defaultQuotaNames,
      settingsSaved: (settings, previous) => this.ingest.applyPrivacyToLearned(settings, previous),
    });
    this.cache = new ProgressCache(store, clock, this.config, hooks.onProgressKept);
    this.reportDays = new ReportDays(store);
    this.ingest = new Ingest(store, clock, this.config, changed);
    const kinds = new Kinds(store, clock, this.config, changed);
    this.activities = new Activities(store, clock, this.config, changed, kinds);
    const chunkedImport = new ChunkedImport(store, clock, this.config, changed, kinds);
    this.connectors = new Connectors(
      store,
      clock,
      this.config,
      hooks.platform ?? OFFLINE_PLATFORM,
      {
        apply: (events) => this.ingest.applyEvents(events),
        statusChanged: hooks.onConnectorsChange,
      },
      hooks.connectorSleep,
    );
    this.team = new TeamBoardJob(store, clock, this.config, hooks.platform ?? OFFLINE_PLATFORM, hooks.teamBoard);
    this.crm = new Crm(store, clock, this.config, hooks.platform ?? OFFLINE_PLATFORM, hooks.crm);
    const table: HandlerTable = {
      ...this.connectors.handlers,
      ...this.team.handlers,
      ...this.crm.handlers,
      ...this.ingest.handlers,
      ...this.ingest.recentChats.handlers,
      ...this.activities.handlers,
      ...chunkedImport.handlers,
      ...kinds.handlers,
      ...this.config.handlers,
      ...reportHandlers(this.reportDays, clock, this.config),
      'progress/get': async () => this.cache.progress(),
    };
    this.handle = createRouter(table);
    warmSoon(true);
  }

  getSettings(): Promise<Settings> {
    return this.config.getSettings();
  }

  getQuotas(): Promise<Quota[]> {
    return this.config.getQuotas();
  }

  /** First run: writes the defaults so that later reads find them. */
  ensureDefaults(): Promise<void> {
    return this.config.ensureDefaults();
  }

  notificationsSent(): Promise<string[]> {
    return this.config.notificationsSent();
  }

  rememberNotifications(keys: readonly string[]): Promise<void> {
    return this.config.rememberNotifications(keys);
  }

  /** Forgets cached activities, so that the next progress reads the store. */
  invalidate(): void {
    this.cache.invalidate();
  }

  progress(): Promise<ProgressReport> {
    return this.cache.progress();
  }

  /** How the last progress was made (from memory, a kept progress or the store) and what it cost. */
  get lastProgressRun(): ProgressRun | undefined {
    return this.cache.lastRun;
  }

  /** Turns pending captures whose undo window or due time has passed into counted ones. */
  confirmDue(): Promise<number> {
    return this.activities.confirmDue();
  }

  applyEvents(events: readonly DetectorEvent[]): Promise<{ recorded: number; retracted: number }> {
    return this.ingest.applyEvents(events);
  }

  detect(observation: Observation): Promise<DetectorEvent[]> {
    return this.ingest.detect(observation);
  }
}

/** The background's logic over a store: see QuotaRadarService. */
export function createBackground(store: ActivityStore, clock: () => number = Date.now, hooks: ServiceHooks = {}): QuotaRadarService {
  return new QuotaRadarService(store, clock, hooks);
}
