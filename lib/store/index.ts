// Over 300 lines: ActivityStore's public API in one class, most methods a few lines; each write's
// transaction is in writes.ts, the range reads in ranges.ts, history, import and kv beside them.
import type { Activity, ActivityKind, ListFilter } from '../activity';
import type { KindDay } from '../quota/kind-days';
import { CountMemo } from './count-memo';
import { earliestOccurredAt, type ListOptions, type ListPage, lastManualEntry, listActivities } from './history';
import { type ImportResult, ImportSession, importActivities } from './import';
import { type KvAccess, type KvEdit, type KvInput, type KvKey, type KvValue, parseKv, validKv } from './kv';
import { type Db, openActivityDb } from './open';
import { OutboxStore } from './outbox';
import type { Fact } from './packs';
import { activitiesInRange, activitiesInRanges, factsInRanges, judgedDaysInRanges } from './ranges';
import { rewriteActivities } from './rewrite';
import { listenForForgetting, parseAll, parseStored } from './rows';
import type { PlannedWrite } from './write-plan';
import {
  applyPlan,
  changeActivity,
  confirmDueActivities,
  deleteActivitiesOfKind,
  deleteAllActivities,
  enqueueActivitiesSince,
  moveActivitiesKind,
  recordActivity,
} from './writes';

export type { ListFilter } from '../activity';
export type { ListPage } from './history';
export type { ImportResult, ImportSession } from './import';
export type { Db } from './open';
export { openActivityDb } from './open';
export { OutboxStore } from './outbox';

export interface RecordResult {
  activity: Activity;
  /** False when an activity with the same de-duplication key was already there. */
  created: boolean;
}

/**
 * The one module that reads and writes the activity database. Its parts: open.ts (opening and
 * migrations), rows.ts (validation of what goes in and comes out), history.ts (history pages),
 * import.ts (all-or-nothing import), packs.ts (day packs kept in step), kv.ts (typed small documents),
 * writes.ts (each write's transaction), ranges.ts (reads by kind and time).
 */
export class ActivityStore implements KvAccess {
  /** Activity writes started so far, and those not finished: a kept progress is saved only when quiet. */
  private writesStarted = 0;
  private writesRunning = 0;
  /** History's index counts, kept between writes (see CountMemo). */
  private readonly counts = new CountMemo();

  /** The CRM outbox outside activity writes (the sync engine, the options page). */
  readonly outbox: OutboxStore;

  constructor(readonly db: Db) {
    this.outbox = new OutboxStore(db);
  }

  /** Where activity writes stand: see ProgressCache, which keeps a progress only between writes. */
  get writeState(): { started: number; running: number } {
    return { started: this.writesStarted, running: this.writesRunning };
  }

  /**
   * Runs an activity write. `follows`: the write moves History's kept counts itself (one activity
   * added or moved); any other write makes them counted again.
   */
  private async writing<T>(body: (generation: number) => Promise<T>, follows = false): Promise<T> {
    // The generation is taken right before the body creates its transaction (synchronously).
    const generation = follows ? this.counts.writeStarted() : 0;
    if (!follows) this.counts.forget();
    this.writesStarted += 1;
    this.writesRunning += 1;
    try {
      return await body(generation);
    } finally {
      this.writesRunning -= 1;
      if (follows) this.counts.writeFinished(generation);
    }
  }

  static async open(name?: string): Promise<ActivityStore> {
    return new ActivityStore(await openActivityDb(name));
  }

  /**
   * Records an activity once: a second one with the same de-duplication key keeps the first. The kv
   * edits (e.g. the sending account remembered) are made in the same transaction when it is created.
   */
  async record(activity: Activity, onCreated: readonly KvEdit[] = []): Promise<RecordResult> {
    return this.writing((generation) => this.recordOnce(activity, onCreated, generation), true);
  }

  private async recordOnce(activity: Activity, onCreated: readonly KvEdit[], generation: number): Promise<RecordResult> {
    const { activity: written, created, replaced } = await recordActivity(this.db, activity, onCreated);
    // Committed: History's kept counts take the new activity in (a replaced unreadable record aside).
    if (created && !replaced) this.counts.moved(undefined, written, generation);
    else if (created) this.counts.forget();
    return { activity: written, created };
  }

  /**
   * Applies an ingest plan (lib/background/ingest-plan.ts) in one transaction: its activities, their
   * day packs and CRM outbox, its kv edits, the kept progress forgotten. Returns what was written.
   */
  async apply(plan: { writes: readonly PlannedWrite[]; kv: readonly KvEdit[] }, now: number): Promise<Activity[]> {
    if (!plan.writes.length && !plan.kv.length) return [];
    return this.writing(async (generation) => {
      const applied = await applyPlan(this.db, plan, now);
      // Committed: each written activity moves between History's kept counts (a capture adds one),
      // so that History open re-counts nothing after a capture.
      for (const { before, after } of applied) this.counts.moved(before, after, generation);
      return applied.map((w) => w.after);
    }, true);
  }

  async get(id: string): Promise<Activity | undefined> {
    return parseStored(await this.db.get('activities', id));
  }

  async getByDedupeKey(key: string): Promise<Activity | undefined> {
    return parseStored(await this.db.getFromIndex('activities', 'by_dedupeKey', key));
  }

  /**
   * Applies a change to one activity (found by id or by de-duplication key) inside a transaction,
   * with the kv edits that belong to it when it changes; returns the new value.
   */
  private async change(
    where: { id: string } | { dedupeKey: string },
    apply: (a: Activity) => Activity | undefined,
    edits: readonly KvEdit[] = [],
  ): Promise<Activity | undefined> {
    return this.writing((generation) => this.changeOnce(where, apply, edits, generation), true);
  }

  private async changeOnce(
    where: { id: string } | { dedupeKey: string },
    apply: (a: Activity) => Activity | undefined,
    edits: readonly KvEdit[],
    generation: number,
  ): Promise<Activity | undefined> {
    const { before, valid } = await changeActivity(this.db, where, apply, edits);
    // Committed: a new time or kind moves the activity between History's kept counts.
    this.counts.moved(before, valid, generation);
    return valid;
  }

  /** Retracts an activity (with the kv edits that go with it, e.g. "the page undid this key"). */
  async retract(id: string, now: number, edits: readonly KvEdit[] = []): Promise<Activity | undefined> {
    return this.change({ id }, retracted(now), edits);
  }

  /** Brings a retracted activity back as counted. */
  async restore(id: string, now: number): Promise<Activity | undefined> {
    return this.change({ id }, (a) =>
      a.status !== 'retracted' ? undefined : { ...a, status: 'counted', confirmAt: undefined, updatedAt: now },
    );
  }

  /**
   * Makes a retracted activity live again with a new capture's facts, under its id and key: the
   * send that follows an undo (Gmail re-sends the draft under the same id), a reaction given again.
   */
  async reopen(id: string, next: Activity, now: number, edits: readonly KvEdit[] = []): Promise<Activity | undefined> {
    return this.change(
      { id },
      (a) => (a.status !== 'retracted' ? undefined : { ...next, id: a.id, dedupeKey: a.dedupeKey, updatedAt: now }),
      edits,
    );
  }

  /** Retracts the activity under a key, in one transaction; undefined when nothing was retracted. */
  async retractByDedupeKey(key: string, now: number, onlyIfPending = false, edits: readonly KvEdit[] = []): Promise<Activity | undefined> {
    let retractedNow: Activity | undefined;
    await this.change(
      { dedupeKey: key },
      (a) => {
        if (onlyIfPending && !(a.status === 'pending' && (a.confirmAt ?? Infinity) > now)) return undefined;
        return (retractedNow = retracted(now)(a));
      },
      edits,
    );
    return retractedNow;
  }

  async update(
    id: string,
    patch: Partial<
      Pick<Activity, 'kind' | 'occurredAt' | 'note' | 'amount' | 'currency' | 'units' | 'recipients' | 'outcome' | 'durationSec'>
    >,
    now: number,
  ) {
    return this.change({ id }, (a) => ({ ...a, ...patch, updatedAt: now }));
  }

  /**
   * Makes pending activities whose time has come counted; returns them. Only their status changes,
   * which no kept count depends on: History's counts stay (a capture's confirmation re-counts nothing).
   */
  async confirmDue(now: number): Promise<Activity[]> {
    return this.writing(() => confirmDueActivities(this.db, now), true);
  }

  async pending(): Promise<Activity[]> {
    return parseAll(await this.db.getAllFromIndex('activities', 'by_status', 'pending'));
  }

  /** Activities of these kinds with start <= occurredAt < end: one index range per kind. */
  async inRange(kinds: readonly ActivityKind[], start: number, end: number): Promise<Activity[]> {
    return activitiesInRange(this.db, kinds, start, end);
  }

  /**
   * Several [kind, start, end) ranges in one read transaction, each an index range; an activity in
   * more than one range comes back once.
   */
  async inRanges(ranges: readonly { kind: ActivityKind; start: number; end: number }[]): Promise<Activity[]> {
    return activitiesInRanges(this.db, ranges);
  }

  /**
   * What the engine needs of each kind over its range, from day packs: a few hundred records instead
   * of thousands of activities. Undefined when a pack does not pass its check (the caller then reads
   * the activities themselves).
   */
  async factsInRanges(ranges: readonly { kind: ActivityKind; start: number; end: number }[]): Promise<Fact[] | undefined> {
    return factsInRanges(this.db, ranges);
  }

  /** Reports' judged days kept of each kind, those whose first instant is in [start, end). */
  async judgedDays(ranges: readonly { kind: ActivityKind; start: number; end: number }[]): Promise<KindDay[]> {
    return judgedDaysInRanges(this.db, ranges);
  }

  /** Whether activities are stored but no judged day is kept (a fresh upgrade, a wiped store of days). */
  async judgedDaysMissing(): Promise<boolean> {
    const [kept, activities] = await Promise.all([this.db.count('kindDays'), this.db.count('activities')]);
    return kept === 0 && activities > 0;
  }

  /**
   * Keeps judged days, if no activity write is running: every write that started has then made the
   * holder of these days forget what it touched (see onJudgedDaysForgotten), so what it still holds
   * is exact; checked and the transaction made in one turn, so a write started later is ordered
   * after it and forgets what it touches here too. False when a write is running (nothing kept).
   */
  keepJudgedDays(days: readonly KindDay[]): Promise<boolean> {
    if (this.writesRunning > 0) return Promise.resolve(false);
    const tx = this.db.transaction('kindDays', 'readwrite');
    return Promise.all([...days.map((day) => tx.store.put(day)), tx.done]).then(() => true);
  }

  /**
   * Calls `listener` with the key bounds of the judged days (exclusive) each pack write forgets, as
   * the write is made (before it commits): what keeps judged days in memory forgets them too.
   */
  onJudgedDaysForgotten(listener: (kind: ActivityKind | undefined, lower: number, upper: number) => void): void {
    listenForForgetting(this.db, listener);
  }

  /** All activities in a time range, every kind. */
  async between(start: number, end: number): Promise<Activity[]> {
    return parseAll(await this.db.getAllFromIndex('activities', 'by_occurredAt', IDBKeyRange.bound(start, end, false, true)));
  }

  async all(): Promise<Activity[]> {
    return parseAll(await this.db.getAll('activities'));
  }

  async count(): Promise<number> {
    return this.db.count('activities');
  }

  /** Newest first, filtered, one page at a time: see history.ts. */
  async list(filter: ListFilter, offset: number, limit: number, options: Omit<ListOptions, 'memo'> = {}): Promise<ListPage> {
    return listActivities(this.db, filter, offset, limit, {
      ...options,
      memo: this.counts,
    });
  }

  /** The newest manual entry that still counts, for "undo last entry". */
  async lastManual(): Promise<Activity | undefined> {
    return lastManualEntry(this.db);
  }

  /** When the earliest stored activity happened; undefined when there is none. */
  async earliestOccurredAt(): Promise<number | undefined> {
    return earliestOccurredAt(this.db);
  }

  /** Imports in one transaction, every activity or none: see import.ts. */
  async importAll(activities: readonly Activity[], now = Date.now()): Promise<ImportResult> {
    return this.writing(() => importActivities(this.db, activities, now));
  }

  /**
   * An import whose rows arrive in chunks, still in one transaction (see ImportSession): a write
   * until it commits or aborts, so no progress is kept from halfway through it.
   */
  startImport(now: number, idleMs?: number): ImportSession {
    const session = new ImportSession(this.db, now, idleMs);
    void this.writing(() => session.finished).catch(() => undefined);
    return session;
  }

  /**
   * Deletes, in one transaction, every activity of `kind` that `match` accepts (e.g. the messages of
   * a chat the user excluded: nothing about it may stay); returns what was deleted.
   */
  async deleteOfKind(kind: ActivityKind, match: (activity: Activity) => boolean, now = Date.now()): Promise<Activity[]> {
    return this.writing(() => deleteActivitiesOfKind(this.db, kind, match, now));
  }

  /** How many stored activities have `kind` (any status). */
  async countOfKind(kind: ActivityKind): Promise<number> {
    return this.db.countFromIndex('activities', 'by_kind_time', IDBKeyRange.bound([kind, -Infinity], [kind, Infinity]));
  }

  /**
   * Gives every activity of `from` the kind `to`, in one transaction with their packs (a custom kind
   * removed with its activities moved to another kind); returns how many moved.
   */
  async moveKind(from: ActivityKind, to: ActivityKind, now: number): Promise<number> {
    return this.writing(() => moveActivitiesKind(this.db, from, to, now));
  }

  /** Rewrites every activity `rewrite` changes (see rewrite.ts); returns those rewritten. */
  async rewriteAll(rewrite: (activity: Activity) => Activity): Promise<Activity[]> {
    return this.writing(() => rewriteActivities(this.db, rewrite));
  }

  /** Deletes every activity; what reached a CRM is taken back from it (the outbox, in the same transaction). */
  async deleteAll(now = Date.now()): Promise<void> {
    return this.writing(() => deleteAllActivities(this.db, now));
  }

  /**
   * Queues for the connected CRMs every activity since `from` that belongs there and is not queued
   * yet (a CRM connected, or its settings widened, after the activities were recorded).
   */
  async enqueueSince(from: number, now: number): Promise<number> {
    return this.writing(() => enqueueActivitiesSince(this.db, from, now));
  }

  /** A kv value, parsed by its schema; undefined when missing or when it no longer fits. */
  async readKv<K extends KvKey>(key: K): Promise<KvValue<K> | undefined> {
    return parseKv(key, await this.db.get('kv', key));
  }

  /** Writes a kv value, normalised by its schema; a bad value throws before the database is touched. */
  async writeKv<K extends KvKey>(key: K, value: KvInput<K>): Promise<void> {
    await this.db.put('kv', validKv(key, value), key);
  }

  /** Removes a kv value (a connector's key when the rep disconnects it). */
  async deleteKv(key: KvKey): Promise<void> {
    await this.db.delete('kv', key);
  }

  close(): void {
    this.db.close();
  }
}

const retracted =
  (now: number) =>
  (a: Activity): Activity | undefined =>
    a.status === 'retracted' ? undefined : { ...a, status: 'retracted', updatedAt: now };
