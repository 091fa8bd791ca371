import { z } from 'zod';
import { ACTIVITY_KINDS, Activity, type Recipient } from './activity';
import { DETECTORS } from './capture';
import { type DetectionFailure, detectAll } from './capture/run';
import type { Capture, DetectContext, DetectorEvent, Observation } from './capture/types';
import { ManualEntry, type ProtocolMap, Request, type RequestType, describeZodError } from './messages';
import { periodContaining } from './quota/calendar';
import { type EngineActivity, type ProgressReport, computeProgress, requiredRanges, requiredWindow } from './quota/progress';
import { dailyByKind, periodReport, quotaHistory, reportInterval, reportWindow } from './quota/report';
import { type DefaultQuotaNames, type Quota, Quotas, Settings, defaultQuotas, defaultSettings } from './settings';
import type { ActivityStore } from './store';

const ParticipantsMap = z.record(z.string(), z.object({ at: z.number(), participants: z.array(z.unknown()) }));
type ParticipantsMap = z.infer<typeof ParticipantsMap>;
const Accounts = z.array(z.string());
/** Dedupe keys that a page event (an undo, a removed reaction) retracted, with when. */
const UndoneKeys = z.record(z.string(), z.number());
type UndoneKeys = z.infer<typeof UndoneKeys>;

/** Per source: requests it watches but did not understand, since when, and the latest reason. */
export const CaptureFailures = z.record(
  z.string(),
  z.object({ count: z.number().int().nonnegative(), since: z.number(), lastAt: z.number(), reason: z.enum(['threw', 'invalid-event']), message: z.string().max(200) }),
);
export type CaptureFailures = z.infer<typeof CaptureFailures>;

const LINKEDIN_PROFILE = /^urn:li:fsd_profile:[\w-]+$/;

/** How many LinkedIn conversations' participants to remember. */
const MAX_CONVERSATIONS = 2000;

/** Past periods per quota in the report's achievement chart. */
const HISTORY_PERIODS = 6;

export interface ServiceHooks {
  /** Called after anything that may change progress (a capture, an entry, an undo, new settings). */
  onChange?: () => void;
  /** Names for the first-run quotas, in the user's language. */
  defaultQuotaNames?: DefaultQuotaNames;
}

type Handler<T extends RequestType> = (request: Extract<Request, { type: T }>) => Promise<ProtocolMap[T]>;

/**
 * What the background does, apart from browser plumbing: validates requests, turns captures into
 * activities, and answers progress. Testable with a fake clock and fake-indexeddb.
 */
/**
 * A handler's failure worded for the person who sees it: a full disk says so rather than
 * "AbortError". (Each write is one transaction, so the write that failed left nothing behind.)
 */
function describeFailure(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'QuotaExceededError') return 'storage is full: the browser refused to save. Free some disk space, then try again.';
  if (name === 'AbortError') return 'the browser did not finish saving (is the disk full?). Try again.';
  return error instanceof Error ? error.message : String(error);
}

export class QuotaRadarService {
  private settings?: Settings;
  private quotas?: Quota[];
  private participants?: ParticipantsMap;
  /** The user's own LinkedIn profile URN, once a messaging request has named it. */
  private linkedinSelf?: string | null;
  private undone?: UndoneKeys;
  /** Activities of the engine's window, kept while nothing is written (the background is the only writer). */
  /**
   * Activities the engine needs, by id, kept while the quotas, settings and day stay the same. The
   * background is the only writer, so each write patches it rather than forcing a re-read.
   */
  private windowCache?: { key: string; byId: Map<string, EngineActivity>; list?: EngineActivity[] };
  /** A fill in flight: concurrent callers (badge refresh at start-up, the popup) share it. */
  private filling?: { key: string; promise: Promise<Map<string, EngineActivity>>; patches: Activity[]; stale: boolean };

  constructor(
    readonly store: ActivityStore,
    private readonly clock: () => number = Date.now,
    private readonly hooks: ServiceHooks = {},
  ) {}

  /** Handles one untrusted message; never throws. */
  async handle(message: unknown): Promise<{ ok: true; data: unknown } | { ok: false; error: string }> {
    const parsed = Request.safeParse(message);
    if (!parsed.success) return { ok: false, error: `invalid message: ${describeZodError(parsed.error)}` };
    try {
      const handler = this.handlers[parsed.data.type] as Handler<RequestType>;
      return { ok: true, data: await handler(parsed.data as never) };
    } catch (error) {
      return { ok: false, error: describeFailure(error) };
    }
  }

  async getSettings(): Promise<Settings> {
    this.settings ??= (await this.store.readKv('settings', Settings)) ?? defaultSettings();
    return this.settings;
  }

  async getQuotas(): Promise<Quota[]> {
    this.quotas ??= (await this.store.readKv('quotas', Quotas)) ?? defaultQuotas(this.hooks.defaultQuotaNames);
    return this.quotas;
  }

  /** First run: writes the defaults so that later reads find them. */
  async ensureDefaults(): Promise<void> {
    if (!(await this.store.readKv('settings', Settings))) await this.store.writeKv('settings', await this.getSettings());
    if (!(await this.store.readKv('quotas', Quotas))) await this.store.writeKv('quotas', await this.getQuotas());
  }

  /**
   * After a write: the written activities patch the cache (an import or new settings, which change
   * what the engine needs, drop it instead), then listeners hear of it.
   */
  private changed(written?: readonly (Activity | null | undefined)[]): void {
    if (written) this.patchCache(written.filter((a): a is Activity => Boolean(a)));
    else this.invalidate();
    this.hooks.onChange?.();
  }

  private patchCache(written: readonly Activity[]): void {
    if (this.filling) this.filling.patches.push(...written);
    if (!this.windowCache) return;
    for (const activity of written) this.windowCache.byId.set(activity.id, activity);
    this.windowCache.list = undefined;
  }

  /** Keys of notifications already shown (see lib/quota/notify.ts), newest last. */
  async notificationsSent(): Promise<string[]> {
    return (await this.store.readKv('notificationsSent', z.array(z.string()))) ?? [];
  }

  async rememberNotifications(keys: readonly string[]): Promise<void> {
    const sent = await this.notificationsSent();
    await this.store.writeKv('notificationsSent', [...sent, ...keys].slice(-500));
  }

  /** Forgets cached activities, so that the next progress reads the store. */
  invalidate(): void {
    this.windowCache = undefined;
    if (this.filling) this.filling.stale = true;
  }

  async progress(): Promise<ProgressReport> {
    const [settings, quotas] = await Promise.all([this.getSettings(), this.getQuotas()]);
    const now = this.clock();
    const ranges = requiredRanges(quotas, settings, now);
    const today = periodContaining(now, 'day', settings);
    const key = `${JSON.stringify(ranges)}:${today.start}`;
    let cache = this.windowCache?.key === key ? this.windowCache : undefined;
    // A fill overtaken by an import or a settings change is read again (at most twice more).
    for (let attempt = 0; !cache && attempt < 3; attempt += 1) {
      const fill = this.filling?.key === key && !this.filling.stale ? this.filling : this.startFill(key, ranges, today);
      let byId: Map<string, EngineActivity>;
      try {
        byId = await fill.promise;
      } finally {
        if (this.filling === fill) this.filling = undefined;
      }
      if (fill.stale && attempt < 2) continue;
      for (const activity of fill.patches) byId.set(activity.id, activity);
      cache = { key, byId };
      if (!fill.stale) this.windowCache = cache;
    }
    if (!cache) throw new Error('progress could not be read');
    cache.list ??= [...cache.byId.values()];
    return computeProgress({ quotas, settings, now, activities: cache.list });
  }

  private startFill(key: string, ranges: ReturnType<typeof requiredRanges>, today: { start: number; end: number }) {
    // Each kind over its quotas' own periods (not one window for all), every kind today, and anything
    // pending (a scheduled send may be due after the periods). Read from day packs; from the
    // activities themselves should a pack fail its check.
    const wanted = [...ranges, ...ACTIVITY_KINDS.map((kind) => ({ kind, start: today.start, end: today.end }))];
    const promise = (async () => {
      const [facts, pending] = await Promise.all([this.store.factsInRanges(wanted), this.store.pending()]);
      const byId = new Map<string, EngineActivity>((facts ?? (await this.store.inRanges(wanted))).map((a) => [a.id, a]));
      for (const a of pending) byId.set(a.id, a);
      return byId;
    })();
    this.filling = { key, promise, patches: [], stale: false };
    return this.filling;
  }

  /** Turns pending captures whose undo window or due time has passed into counted ones. */
  async confirmDue(): Promise<number> {
    const confirmed = await this.store.confirmDue(this.clock());
    if (confirmed.length) this.changed(confirmed);
    return confirmed.length;
  }

  private async participantsMap(): Promise<ParticipantsMap> {
    this.participants ??= (await this.store.readKv('participants', ParticipantsMap)) ?? {};
    return this.participants;
  }

  private async learnParticipants(conversationId: string, participants: Recipient[]): Promise<void> {
    const map = await this.participantsMap();
    map[conversationId] = { at: this.clock(), participants };
    const ids = Object.keys(map);
    if (ids.length > MAX_CONVERSATIONS) {
      ids.sort((a, b) => map[a]!.at - map[b]!.at);
      for (const id of ids.slice(0, ids.length - MAX_CONVERSATIONS)) delete map[id];
    }
    await this.store.writeKv('participants', map);
  }

  private async undoneKeys(): Promise<UndoneKeys> {
    this.undone ??= (await this.store.readKv('undone', UndoneKeys)) ?? {};
    return this.undone;
  }

  /**
   * Remembers that the page undid this capture, so that the same key captured again is a new act
   * (a send after its undo, a reaction given again), not a duplicate. A deletion by the user is
   * not remembered: the same capture coming again stays deleted.
   */
  private async markUndone(dedupeKey: string): Promise<void> {
    const map = await this.undoneKeys();
    map[dedupeKey] = this.clock();
    const keys = Object.keys(map);
    if (keys.length > MAX_CONVERSATIONS) {
      keys.sort((a, b) => map[a]! - map[b]!);
      for (const key of keys.slice(0, keys.length - MAX_CONVERSATIONS)) delete map[key];
    }
    await this.store.writeKv('undone', map);
  }

  /**
   * Only LinkedIn's messaging requests name the user's own profile; invitations, reactions and
   * Sales Navigator arrive as the bare "linkedin" account. The profile learned from the former
   * stands for the latter, so that one person is one account.
   */
  private async withLinkedInAccount(capture: Capture): Promise<Capture> {
    if (capture.channel !== 'linkedin' && capture.channel !== 'sales_navigator') return capture;
    if (LINKEDIN_PROFILE.test(capture.account)) {
      if (this.linkedinSelf !== capture.account) {
        this.linkedinSelf = capture.account;
        await this.store.writeKv('linkedinSelf', capture.account);
      }
      return capture;
    }
    this.linkedinSelf ??= (await this.store.readKv('linkedinSelf', z.string().regex(LINKEDIN_PROFILE))) ?? null;
    return capture.account === 'linkedin' && this.linkedinSelf ? { ...capture, account: this.linkedinSelf } : capture;
  }

  /** Applies the privacy settings and the hold, and gives a capture its identity. */
  private activityFrom(capture: Capture, settings: Settings, now: number): Activity {
    const recipients = settings.privacy.storeRecipientNames
      ? capture.recipients
      : capture.recipients.map(({ name: _name, ...rest }) => rest);
    let status: Activity['status'] = 'counted';
    let confirmAt: number | undefined;
    if (capture.hold === 'undo-window') {
      status = 'pending';
      confirmAt = now + settings.gmailUndoSeconds * 1000;
    } else if (capture.hold === 'until-due' && capture.occurredAt > now) {
      status = 'pending';
      confirmAt = capture.occurredAt;
    }
    return Activity.parse({
      id: crypto.randomUUID(),
      kind: capture.kind,
      channel: capture.channel,
      occurredAt: capture.occurredAt,
      account: capture.account,
      recipients,
      subject: settings.privacy.storeSubjects ? capture.subject : undefined,
      subtype: capture.subtype,
      dedupeKey: capture.dedupeKey,
      status,
      confirmAt,
      detection: capture.detection,
      createdAt: now,
      updatedAt: now,
    });
  }

  private async rememberAccount(account: string): Promise<void> {
    const accounts = (await this.store.readKv('accounts', Accounts)) ?? [];
    if (!accounts.includes(account)) await this.store.writeKv('accounts', [...accounts, account].slice(-50));
  }

  async applyEvents(events: readonly DetectorEvent[]): Promise<{ recorded: number; retracted: number }> {
    const settings = await this.getSettings();
    const now = this.clock();
    let recorded = 0;
    let retracted = 0;
    const written: Activity[] = [];
    for (const event of events) {
      if (event.type === 'participants') {
        await this.learnParticipants(event.conversationId, event.participants);
      } else if (event.type === 'retract') {
        const undone = await this.store.retractByDedupeKey(event.dedupeKey, now, event.onlyIfPending);
        if (undone) {
          written.push(undone);
          retracted += 1;
          await this.markUndone(event.dedupeKey);
        }
      } else if (settings.channels[event.capture.channel] !== false) {
        const activity = this.activityFrom(await this.withLinkedInAccount(event.capture), settings, now);
        const result = await this.store.record(activity);
        if (result.created) {
          written.push(result.activity);
          recorded += 1;
          await this.rememberAccount(event.capture.account);
        } else if (result.activity.status === 'retracted' && (await this.undoneKeys())[activity.dedupeKey] !== undefined) {
          const reopened = await this.store.reopen(result.activity.id, activity, now);
          if (reopened) written.push(reopened);
          delete this.undone![activity.dedupeKey];
          await this.store.writeKv('undone', this.undone!);
          recorded += 1;
        }
      }
    }
    if (recorded || retracted) this.changed(written);
    return { recorded, retracted };
  }

  async detect(observation: Observation): Promise<DetectorEvent[]> {
    const map = await this.participantsMap();
    const context: DetectContext = {
      participantsOf: (id) => map[id]?.participants as Recipient[] | undefined,
    };
    const { events, failures } = detectAll(DETECTORS, observation, context);
    if (failures.length) await this.countFailures(failures);
    return events;
  }

  /** Counts what each source failed to understand, for the options page's Capture section. */
  private async countFailures(failures: readonly DetectionFailure[]): Promise<void> {
    const now = this.clock();
    const counts = (await this.store.readKv('captureFailures', CaptureFailures)) ?? {};
    for (const failure of failures) {
      const previous = counts[failure.source];
      counts[failure.source] = {
        count: (previous?.count ?? 0) + 1,
        since: previous?.since ?? now,
        lastAt: now,
        reason: failure.reason,
        message: failure.message,
      };
    }
    await this.store.writeKv('captureFailures', counts);
  }

  private readonly handlers: { [T in RequestType]: Handler<T> } = {
    'capture/observed': async ({ observation }) => this.applyEvents(await this.detect(observation)),

    'capture/undo-clicked': async ({ at }) => {
      // The toast's Undo undoes the newest Gmail send still inside its undo window.
      const pending = (await this.store.pending())
        .filter((a) => a.channel === 'gmail' && (a.confirmAt ?? 0) > at - 1000 && a.createdAt <= at)
        .sort((a, b) => b.createdAt - a.createdAt);
      const newest = pending[0];
      if (!newest) return { retracted: 0 };
      const undone = await this.store.retract(newest.id, this.clock());
      await this.markUndone(newest.dedupeKey);
      this.changed([undone]);
      return { retracted: 1 };
    },

    'progress/get': async () => this.progress(),

    'capture/failures': async () => (await this.store.readKv('captureFailures', CaptureFailures)) ?? {},

    'capture/failures-clear': async () => {
      await this.store.writeKv('captureFailures', {});
      return {};
    },

    'activity/log': async ({ entry }) => {
      const settings = await this.getSettings();
      const now = this.clock();
      const id = crypto.randomUUID();
      const { recipient, ...rest } = entry;
      const activity = Activity.parse({
        ...rest,
        id,
        channel: 'manual',
        occurredAt: entry.occurredAt ?? now,
        account: 'me',
        recipients: recipient ? [settings.privacy.storeRecipientNames ? recipient : { ...recipient, name: undefined }] : [],
        dedupeKey: `manual:${id}`,
        status: 'counted',
        detection: { method: 'manual' },
        createdAt: now,
        updatedAt: now,
      });
      await this.store.record(activity);
      this.changed([activity]);
      return activity;
    },

    'activity/undo-last': async () => {
      const last = await this.store.lastManual();
      if (!last) return null;
      const undone = await this.store.retract(last.id, this.clock());
      this.changed([undone]);
      return undone ?? null;
    },

    'activity/retract': async ({ id }) => {
      const result = await this.store.retract(id, this.clock());
      this.changed([result]);
      return result ?? null;
    },

    'activity/restore': async ({ id }) => {
      const result = await this.store.restore(id, this.clock());
      this.changed([result]);
      return result ?? null;
    },

    'activity/update': async ({ id, patch }) => {
      const existing = await this.store.get(id);
      if (!existing) throw new Error('no such activity');
      if (existing.channel !== 'manual') throw new Error('only manual entries can be edited; captured ones can be deleted');
      const valid = ManualEntry.partial().parse(patch);
      const settings = await this.getSettings();
      const { recipient: given, ...rest } = valid;
      const recipient = given && !settings.privacy.storeRecipientNames ? { ...given, name: undefined } : given;
      const result = await this.store.update(
        id,
        { ...rest, ...(recipient ? { recipients: [recipient] } : {}) },
        this.clock(),
      );
      this.changed([result]);
      return result ?? null;
    },

    'activity/list': async ({ filter, offset, limit }) =>
      this.store.list(filter as Parameters<ActivityStore['list']>[0], offset, limit),

    'activity/export': async () => this.store.all(),

    'activity/import': async ({ activities }) => {
      const valid: Activity[] = [];
      for (const [index, candidate] of activities.entries()) {
        const parsed = Activity.safeParse(candidate);
        if (!parsed.success) throw new Error(`row ${index + 1}: ${describeZodError(parsed.error)}`);
        valid.push(parsed.data);
      }
      const result = await this.store.importAll(valid);
      this.changed();
      return result;
    },

    'activity/delete-all': async () => {
      const deleted = await this.store.count();
      await this.store.deleteAll();
      this.changed();
      return { deleted };
    },

    'settings/get': async () => ({
      settings: await this.getSettings(),
      quotas: await this.getQuotas(),
      accounts: (await this.store.readKv('accounts', Accounts)) ?? [],
    }),

    'settings/save': async ({ settings }) => {
      const parsed = Settings.safeParse(settings);
      if (!parsed.success) throw new Error(describeZodError(parsed.error));
      await this.store.writeKv('settings', parsed.data);
      this.settings = parsed.data;
      this.changed();
      return parsed.data;
    },

    'quotas/save': async ({ quotas }) => {
      const parsed = Quotas.safeParse(quotas);
      if (!parsed.success) throw new Error(describeZodError(parsed.error));
      await this.store.writeKv('quotas', parsed.data);
      this.quotas = parsed.data;
      this.changed();
      return parsed.data;
    },

    'report/get': async ({ period }) => {
      const [settings, quotas] = await Promise.all([this.getSettings(), this.getQuotas()]);
      const now = this.clock();
      const interval = reportInterval(period, now, settings);
      const window = reportWindow(quotas, settings, now, interval, HISTORY_PERIODS, 90);
      const activities = await this.store.between(window.start, window.end);
      const today = periodContaining(now, 'day', settings);
      const last90 = { start: periodContaining(today.start - 89 * 86_400_000, 'day', settings).start, end: today.end };
      return {
        report: periodReport({ quotas, settings, now, interval, activities }),
        last90: dailyByKind(activities, last90, settings, now),
        history: quotas.map((quota) => quotaHistory({ quota, settings, now, activities, count: HISTORY_PERIODS })),
      };
    },

    'ui/get': async ({ key }) => (await this.store.readKv(`ui:${key}`, z.boolean())) ?? false,

    'ui/set': async ({ key, value }) => {
      await this.store.writeKv(`ui:${key}`, value);
      return value;
    },
  };
}
