// Over 300 lines: the one class that writes activities, each write with its packs, kv edits and kept
// progress in one transaction; reads, history, import and kv live in their own files beside it.
import type { IDBPTransaction } from 'idb';
import type { Activity, ActivityKind, ListFilter } from '../activity';
import { CountMemo, earliestOccurredAt, type ListOptions, type ListPage, lastManualEntry, listActivities } from './history';
import { type ImportResult, ImportSession, importActivities } from './import';
import { type KvAccess, type KvEdit, type KvInput, type KvKey, type KvValue, parseKv, validKv } from './kv';
import { type Db, openActivityDb } from './open';
import { OutboxStore, outboxRetractAll, outboxWrites, WRITE_STORES } from './outbox';
import { type Fact, isDayPack, PackChanges, utcDay } from './packs';
import { rewriteActivities } from './rewrite';
import { forgetProgressMemo, inTransaction, packStore, parseAll, parseStored, validForWrite } from './rows';
import type { QuotaRadarDB } from './schema';
import { type PlannedWrite, packChangesOf, stillApplying } from './write-plan';

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

type WriteTx = IDBPTransaction<QuotaRadarDB, ('activities' | 'packs' | 'kv' | 'outbox')[], 'readwrite'>;

/**
 * Reads the kv values that edits change and computes their new values, validated: a bad value
 * throws here, before any write of the transaction is issued.
 */
async function kvWrites(tx: WriteTx, edits: readonly KvEdit[]): Promise<[KvKey, unknown][]> {
  if (!edits.length) return [];
  const kv = tx.objectStore('kv');
  const stored = await Promise.all(edits.map((edit) => kv.get(edit.key)));
  const values = new Map<KvKey, unknown>();
  for (const [i, edit] of edits.entries()) {
    const current = values.has(edit.key) ? values.get(edit.key) : parseKv(edit.key, stored[i]);
    values.set(edit.key, validKv(edit.key, edit.next(current)));
  }
  return [...values];
}

/**
 * Marks a write transaction's commit as handled: when a write fails (a full disk aborts the
 * transaction), the caller gets that write's error and never awaits `tx.done`, whose rejection
 * would otherwise be reported as unhandled. Awaiting `tx.done` later still throws.
 */
function committed(tx: { done: Promise<void> }): void {
  tx.done.catch(() => undefined);
}

/**
 * The one module that reads and writes the activity database. Its parts: open.ts (opening and
 * migrations), rows.ts (validation of what goes in and comes out), history.ts (history pages),
 * import.ts (all-or-nothing import), packs.ts (day packs kept in step), kv.ts (typed small documents).
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
  private async writing<T>(body: () => Promise<T>, follows = false): Promise<T> {
    if (follows) this.counts.writeStarted();
    else this.counts.forget();
    this.writesStarted += 1;
    this.writesRunning += 1;
    try {
      return await body();
    } finally {
      this.writesRunning -= 1;
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
    return this.writing(() => this.recordOnce(activity, onCreated), true);
  }

  private async recordOnce(activity: Activity, onCreated: readonly KvEdit[]): Promise<RecordResult> {
    const valid = validForWrite(activity);
    const tx = this.db.transaction([...WRITE_STORES], 'readwrite');
    committed(tx);
    const activitiesStore = tx.objectStore('activities');
    let replaced = false;
    return inTransaction(tx, async (track) => {
      const stored = await activitiesStore.index('by_dedupeKey').get(valid.dedupeKey);
      replaced = stored !== undefined;
      const existing = parseStored(stored);
      if (existing) return { activity: existing, created: false };
      const kv = await kvWrites(tx, onCreated);
      const outbox = await outboxWrites(tx, [{ id: valid.id, after: valid }], valid.updatedAt);
      // A record under this key that no longer fits the model is useless: the new capture replaces it.
      if (stored) await activitiesStore.delete((stored as { id: string }).id);
      const writes = [
        ...outbox,
        activitiesStore.add(valid),
        new PackChanges().change(undefined, valid).apply(packStore(tx)),
        forgetProgressMemo(tx),
        ...kv.map(([key, value]) => tx.objectStore('kv').put(value, key)),
      ];
      track(writes);
      await Promise.all(writes);
      return { activity: valid, created: true };
    }).then((result) => {
      // Committed: History's kept counts take the new activity in (a replaced unreadable record aside).
      if (result.created && !replaced) this.counts.moved(undefined, result.activity);
      else if (result.created) this.counts.forget();
      return result;
    });
  }

  /**
   * Applies an ingest plan (lib/background/ingest-plan.ts) in one transaction: its activities, their
   * day packs and CRM outbox, its kv edits, the kept progress forgotten. Returns what was written.
   */
  async apply(plan: { writes: readonly PlannedWrite[]; kv: readonly KvEdit[] }, now: number): Promise<Activity[]> {
    if (!plan.writes.length && !plan.kv.length) return [];
    return this.writing(async () => {
      const tx = this.db.transaction([...WRITE_STORES], 'readwrite');
      committed(tx);
      return inTransaction(tx, async (track) => {
        const applying = await stillApplying(tx, plan.writes);
        if (!applying.length) return [];
        const kv = await kvWrites(tx, plan.kv);
        const outbox = await outboxWrites(
          tx,
          applying.map((w) => ({ id: w.after.id, after: w.after })),
          now,
        );
        const writes = [
          ...outbox,
          ...applying.map((w) => tx.objectStore('activities').put(w.after)),
          packChangesOf(applying).apply(packStore(tx)),
          forgetProgressMemo(tx),
          ...kv.map(([key, value]) => tx.objectStore('kv').put(value, key)),
        ];
        track(writes);
        await Promise.all(writes);
        return applying.map((w) => w.after);
      });
    });
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
    return this.writing(() => this.changeOnce(where, apply, edits), true);
  }

  private async changeOnce(
    where: { id: string } | { dedupeKey: string },
    apply: (a: Activity) => Activity | undefined,
    edits: readonly KvEdit[],
  ): Promise<Activity | undefined> {
    const tx = this.db.transaction([...WRITE_STORES], 'readwrite');
    committed(tx);
    const activities = tx.objectStore('activities');
    return inTransaction(tx, async (track) => {
      const current = parseStored(
        'id' in where ? await activities.get(where.id) : await activities.index('by_dedupeKey').get(where.dedupeKey),
      );
      const next = current ? apply(current) : undefined;
      if (!next) return { before: current, valid: current };
      const valid = validForWrite(next);
      const kv = await kvWrites(tx, edits);
      // Whether it counts may have changed: the CRM outbox follows in this same transaction.
      const outbox = await outboxWrites(tx, [{ id: valid.id, after: valid }], valid.updatedAt);
      const writes = [
        ...outbox,
        activities.put(valid),
        new PackChanges().change(current, valid).apply(packStore(tx)),
        forgetProgressMemo(tx),
        ...kv.map(([key, value]) => tx.objectStore('kv').put(value, key)),
      ];
      track(writes);
      await Promise.all(writes);
      return { before: current, valid };
    }).then(({ before, valid }) => {
      // Committed: a new time or kind moves the activity between History's kept counts.
      this.counts.moved(before, valid);
      return valid;
    });
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

  /** Makes pending activities whose time has come counted; returns them. */
  async confirmDue(now: number): Promise<Activity[]> {
    return this.writing(() => this.confirmDueOnce(now));
  }

  private async confirmDueOnce(now: number): Promise<Activity[]> {
    const tx = this.db.transaction([...WRITE_STORES], 'readwrite');
    committed(tx);
    const confirmed: Activity[] = [];
    const changes = new PackChanges();
    let cursor = await tx.objectStore('activities').index('by_status').openCursor('pending');
    while (cursor) {
      const activity = parseStored(cursor.value);
      if (activity && activity.confirmAt !== undefined && activity.confirmAt <= now) {
        const next = { ...activity, status: 'counted' as const, updatedAt: now };
        await cursor.update(next);
        changes.change(activity, next);
        confirmed.push(next);
      }
      cursor = await cursor.continue();
    }
    if (changes.size) {
      const outbox = await outboxWrites(
        tx,
        confirmed.map((a) => ({ id: a.id, after: a })),
        now,
      );
      await Promise.all([changes.apply(packStore(tx)), forgetProgressMemo(tx), ...outbox]);
    }
    await tx.done;
    return confirmed;
  }

  async pending(): Promise<Activity[]> {
    return parseAll(await this.db.getAllFromIndex('activities', 'by_status', 'pending'));
  }

  /** Activities of these kinds with start <= occurredAt < end: one index range per kind. */
  async inRange(kinds: readonly ActivityKind[], start: number, end: number): Promise<Activity[]> {
    const tx = this.db.transaction('activities');
    const index = tx.store.index('by_kind_time');
    const lists = await Promise.all(kinds.map((kind) => index.getAll(IDBKeyRange.bound([kind, start], [kind, end], false, true))));
    await tx.done;
    return parseAll(lists.flat());
  }

  /**
   * Several [kind, start, end) ranges in one read transaction, each an index range; an activity in
   * more than one range comes back once.
   */
  async inRanges(ranges: readonly { kind: ActivityKind; start: number; end: number }[]): Promise<Activity[]> {
    const tx = this.db.transaction('activities');
    const index = tx.store.index('by_kind_time');
    const lists = await Promise.all(
      ranges.map(({ kind, start, end }) => index.getAll(IDBKeyRange.bound([kind, start], [kind, end], false, true))),
    );
    await tx.done;
    const byId = new Map<string, unknown>();
    for (const list of lists) for (const value of list) byId.set((value as { id: string }).id, value);
    return parseAll([...byId.values()]);
  }

  /**
   * What the engine needs of each kind over its range, from day packs: a few hundred records instead
   * of thousands of activities. Undefined when a pack does not pass its check (the caller then reads
   * the activities themselves).
   */
  async factsInRanges(ranges: readonly { kind: ActivityKind; start: number; end: number }[]): Promise<Fact[] | undefined> {
    const tx = this.db.transaction('packs');
    const lists = await Promise.all(
      ranges.map(({ kind, start, end }) =>
        end > start ? tx.store.getAll(IDBKeyRange.bound([kind, utcDay(start)], [kind, utcDay(end - 1)])) : [],
      ),
    );
    await tx.done;
    const byId = new Map<string, Fact>();
    for (const [i, packs] of lists.entries()) {
      const { start, end } = ranges[i]!;
      for (const pack of packs as unknown[]) {
        if (!isDayPack(pack)) return undefined;
        for (const fact of pack.facts) if (fact.occurredAt >= start && fact.occurredAt < end) byId.set(fact.id, fact);
      }
    }
    return [...byId.values()];
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
      memo: { counts: this.counts, quiet: () => this.writesRunning === 0 },
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
    return this.writing(() => this.deleteOfKindNow(kind, match, now));
  }

  private async deleteOfKindNow(kind: ActivityKind, match: (activity: Activity) => boolean, now: number): Promise<Activity[]> {
    const tx = this.db.transaction([...WRITE_STORES], 'readwrite');
    const activities = tx.objectStore('activities');
    return inTransaction(tx, async (track) => {
      const ofKind = await activities.index('by_kind_time').getAll(IDBKeyRange.bound([kind, -Infinity], [kind, Infinity]));
      const doomed = parseAll(ofKind).filter(match);
      if (!doomed.length) return [];
      const packs = new PackChanges();
      for (const activity of doomed) packs.change(activity, undefined);
      const outbox = await outboxWrites(
        tx,
        doomed.map((activity) => ({ id: activity.id, after: undefined })),
        now,
      );
      const writes = [
        ...outbox,
        ...doomed.map((activity) => activities.delete(activity.id)),
        packs.apply(packStore(tx)),
        forgetProgressMemo(tx),
      ];
      track(writes);
      await Promise.all(writes);
      return doomed;
    });
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
    return this.writing(async () => {
      const tx = this.db.transaction([...WRITE_STORES], 'readwrite');
      const activities = tx.objectStore('activities');
      return inTransaction(tx, async (track) => {
        const ofKind = parseAll(await activities.index('by_kind_time').getAll(IDBKeyRange.bound([from, -Infinity], [from, Infinity])));
        if (!ofKind.length) return 0;
        const packs = new PackChanges();
        const moved = ofKind.map((activity) => {
          const next = validForWrite({ ...activity, kind: to, updatedAt: now });
          packs.change(activity, next);
          return next;
        });
        // The new kind may pass a CRM's kinds filter the old one did not (or the reverse): the outbox follows.
        const outbox = await outboxWrites(
          tx,
          moved.map((activity) => ({ id: activity.id, after: activity })),
          now,
        );
        const writes = [
          ...outbox,
          ...moved.map((activity) => activities.put(activity)),
          packs.apply(packStore(tx)),
          forgetProgressMemo(tx),
        ];
        track(writes);
        await Promise.all(writes);
        return moved.length;
      });
    });
  }

  /** Rewrites every activity `rewrite` changes (see rewrite.ts); returns those rewritten. */
  async rewriteAll(rewrite: (activity: Activity) => Activity): Promise<Activity[]> {
    return this.writing(() => rewriteActivities(this.db, rewrite));
  }

  /** Deletes every activity; what reached a CRM is taken back from it (the outbox, in the same transaction). */
  async deleteAll(now = Date.now()): Promise<void> {
    return this.writing(async () => {
      const tx = this.db.transaction([...WRITE_STORES], 'readwrite');
      committed(tx);
      await inTransaction(tx, async (track) => {
        const outbox = await outboxRetractAll(tx, now);
        const writes = [...outbox, tx.objectStore('activities').clear(), tx.objectStore('packs').clear(), forgetProgressMemo(tx)];
        track(writes);
        await Promise.all(writes);
      });
    });
  }

  /**
   * Queues for the connected CRMs every activity since `from` that belongs there and is not queued
   * yet (a CRM connected, or its settings widened, after the activities were recorded).
   */
  async enqueueSince(from: number, now: number): Promise<number> {
    return this.writing(async () => {
      const tx = this.db.transaction([...WRITE_STORES], 'readwrite');
      committed(tx);
      return inTransaction(tx, async (track) => {
        const since = parseAll(await tx.objectStore('activities').index('by_occurredAt').getAll(IDBKeyRange.lowerBound(from)));
        const writes = await outboxWrites(
          tx,
          since.map((activity) => ({ id: activity.id, after: activity })),
          now,
          true,
        );
        track(writes);
        await Promise.all(writes);
        return writes.length;
      });
    });
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
