import { type IDBPDatabase, openDB } from 'idb';
import type { z } from 'zod';
import { Activity, type ActivityKind, type Channel, isPlainActivity } from '../activity';
import { DB_VERSION, MIGRATIONS } from './migrations';
import { type Fact, PackChanges, type PackStore, isDayPack, utcDay } from './packs';
import { DB_NAME, type QuotaRadarDB } from './schema';

export type Db = IDBPDatabase<QuotaRadarDB>;

export async function openActivityDb(name = DB_NAME): Promise<Db> {
  return openDB<QuotaRadarDB>(name, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      // Migrations run in order inside the one versionchange transaction: all of them or none.
      const untyped = db as unknown as IDBPDatabase<unknown>;
      const untypedTx = tx as unknown as Parameters<(typeof MIGRATIONS)[number]>[1];
      void (async () => {
        for (let version = oldVersion + 1; version <= DB_VERSION; version += 1) {
          await MIGRATIONS[version - 1]!(untyped, untypedTx);
        }
      })().catch(() => tx.abort());
    },
  });
}

export interface ListFilter {
  kinds?: ActivityKind[];
  channels?: Channel[];
  statuses?: Activity['status'][];
  from?: number;
  to?: number;
  /** Matches recipient addresses, names and profile ids, and subjects and notes, case-insensitively. */
  search?: string;
}

export interface ListPage {
  items: Activity[];
  /** Matching activities in all. */
  total: number;
}

export interface RecordResult {
  activity: Activity;
  /** False when an activity with the same de-duplication key was already there. */
  created: boolean;
}

export interface ImportResult {
  added: number;
  updated: number;
  /** Already present under another id with the same de-duplication key. */
  skipped: number;
}

/** The packs store of a transaction that covers it. */
function packStore(tx: { objectStore(name: 'packs'): unknown }): PackStore {
  return tx.objectStore('packs') as PackStore;
}

/** Rows whose lookups are issued together by importAll. */
const IMPORT_CHUNK = 500;

/** Validates before a write; the fast check skips the full parse for what it would return unchanged. */
function validForWrite(activity: Activity): Activity {
  return isPlainActivity(activity) ? activity : Activity.parse(activity);
}

/** Parses what comes back from storage: a record that no longer fits the model is dropped, not trusted. */
function parseStored(value: unknown): Activity | undefined {
  // The fast check accepts exactly what the schema would return unchanged; anything else gets the full parse.
  if (isPlainActivity(value)) return value;
  const parsed = Activity.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function parseAll(values: unknown[]): Activity[] {
  const out: Activity[] = [];
  for (const value of values) {
    const activity = parseStored(value);
    if (activity) out.push(activity);
  }
  return out;
}

function matches(activity: Activity, filter: ListFilter, search: string | undefined): boolean {
  if (filter.kinds && !filter.kinds.includes(activity.kind)) return false;
  if (filter.channels && !filter.channels.includes(activity.channel)) return false;
  if (filter.statuses && !filter.statuses.includes(activity.status)) return false;
  if (search) {
    const haystack = [
      activity.subject,
      activity.note,
      ...activity.recipients.flatMap((r) => [r.address, r.name, r.profileId]),
    ];
    if (!haystack.some((text) => text?.toLowerCase().includes(search))) return false;
  }
  return true;
}

/** The one module that reads and writes the activity database. */
/**
 * Marks a write transaction's commit as handled: when a write fails (a full disk aborts the
 * transaction), the caller gets that write's error and never awaits `tx.done`, whose rejection
 * would otherwise be reported as unhandled. Awaiting `tx.done` later still throws.
 */
function committed(tx: { done: Promise<void> }): void {
  tx.done.catch(() => undefined);
}

export class ActivityStore {
  constructor(readonly db: Db) {}

  static async open(name?: string): Promise<ActivityStore> {
    return new ActivityStore(await openActivityDb(name));
  }

  /** Records an activity once: a second one with the same de-duplication key keeps the first. */
  async record(activity: Activity): Promise<RecordResult> {
    const valid = validForWrite(activity);
    const tx = this.db.transaction(['activities', 'packs'], 'readwrite');
    committed(tx);
    const activitiesStore = tx.objectStore('activities');
    const stored = await activitiesStore.index('by_dedupeKey').get(valid.dedupeKey);
    const existing = parseStored(stored);
    if (existing) {
      await tx.done;
      return { activity: existing, created: false };
    }
    // A record under this key that no longer fits the model is useless: the new capture replaces it.
    if (stored) await activitiesStore.delete((stored as { id: string }).id);
    await Promise.all([activitiesStore.add(valid), new PackChanges().change(undefined, valid).apply(packStore(tx))]);
    await tx.done;
    return { activity: valid, created: true };
  }

  async get(id: string): Promise<Activity | undefined> {
    return parseStored(await this.db.get('activities', id));
  }

  async getByDedupeKey(key: string): Promise<Activity | undefined> {
    return parseStored(await this.db.getFromIndex('activities', 'by_dedupeKey', key));
  }

  /** Applies a change to one activity inside a transaction; returns the new value. */
  private async change(id: string, apply: (a: Activity) => Activity | undefined): Promise<Activity | undefined> {
    const tx = this.db.transaction(['activities', 'packs'], 'readwrite');
    committed(tx);
    const activities = tx.objectStore('activities');
    const current = parseStored(await activities.get(id));
    const next = current ? apply(current) : undefined;
    if (next) {
      const valid = validForWrite(next);
      await Promise.all([activities.put(valid), new PackChanges().change(current, valid).apply(packStore(tx))]);
    }
    await tx.done;
    return next ?? current;
  }

  async retract(id: string, now: number): Promise<Activity | undefined> {
    return this.change(id, (a) => (a.status === 'retracted' ? undefined : { ...a, status: 'retracted', updatedAt: now }));
  }

  /** Brings a retracted activity back as counted. */
  async restore(id: string, now: number): Promise<Activity | undefined> {
    return this.change(id, (a) =>
      a.status !== 'retracted' ? undefined : { ...a, status: 'counted', confirmAt: undefined, updatedAt: now },
    );
  }

  /**
   * Makes a retracted activity live again with a new capture's facts, under its id and key: the
   * send that follows an undo (Gmail re-sends the draft under the same id), a reaction given again.
   */
  async reopen(id: string, next: Activity, now: number): Promise<Activity | undefined> {
    return this.change(id, (a) =>
      a.status !== 'retracted' ? undefined : { ...next, id: a.id, dedupeKey: a.dedupeKey, updatedAt: now },
    );
  }

  async retractByDedupeKey(key: string, now: number, onlyIfPending = false): Promise<Activity | undefined> {
    const existing = await this.getByDedupeKey(key);
    if (!existing || existing.status === 'retracted') return undefined;
    if (onlyIfPending && !(existing.status === 'pending' && (existing.confirmAt ?? Infinity) > now)) return undefined;
    return this.retract(existing.id, now);
  }

  async update(id: string, patch: Partial<Pick<Activity, 'kind' | 'occurredAt' | 'note' | 'amount' | 'currency' | 'recipients'>>, now: number) {
    return this.change(id, (a) => ({ ...a, ...patch, updatedAt: now }));
  }

  /** Makes pending activities whose time has come counted; returns them. */
  async confirmDue(now: number): Promise<Activity[]> {
    const tx = this.db.transaction(['activities', 'packs'], 'readwrite');
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
    if (changes.size) await changes.apply(packStore(tx));
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
    const lists = await Promise.all(
      kinds.map((kind) => index.getAll(IDBKeyRange.bound([kind, start], [kind, end], false, true))),
    );
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

  /** Newest first, filtered, one page at a time. */
  async list(filter: ListFilter, offset: number, limit: number): Promise<ListPage> {
    const range =
      filter.from !== undefined || filter.to !== undefined
        ? IDBKeyRange.bound(filter.from ?? 0, filter.to ?? Number.MAX_SAFE_INTEGER, false, true)
        : undefined;
    const search = filter.search?.trim().toLowerCase() || undefined;
    const items: Activity[] = [];
    const tx = this.db.transaction('activities');
    // History must stay usable at 100,000 rows: when the total can be counted from an index, the
    // scan stops as soon as the page is full instead of reading every row.
    let total: number | undefined;
    if (!filter.channels && !filter.statuses && !search) {
      if (!filter.kinds) {
        total = await tx.store.index('by_occurredAt').count(range);
      } else {
        const byKind = tx.store.index('by_kind_time');
        const from = filter.from ?? 0;
        const to = filter.to ?? Number.MAX_SAFE_INTEGER;
        const counts = await Promise.all(
          filter.kinds.map((kind) => byKind.count(IDBKeyRange.bound([kind, from], [kind, to], false, true))),
        );
        total = counts.reduce((sum, n) => sum + n, 0);
      }
    }
    let matched = 0;
    let cursor = await tx.store.index('by_occurredAt').openCursor(range, 'prev');
    if (cursor && total !== undefined && !filter.kinds && offset > 0) {
      cursor = await cursor.advance(offset);
      matched = offset;
    }
    while (cursor) {
      const activity = parseStored(cursor.value);
      if (activity && matches(activity, filter, search)) {
        if (matched >= offset && items.length < limit) items.push(activity);
        matched += 1;
      }
      if (total !== undefined && items.length >= limit) break;
      cursor = await cursor.continue();
    }
    await tx.done;
    // A scan that reached the end counted exactly (unreadable rows left out); an early stop trusts the index.
    return { items, total: cursor ? (total ?? matched) : matched };
  }

  /** The newest manual entry that still counts, for "undo last entry". */
  async lastManual(): Promise<Activity | undefined> {
    const tx = this.db.transaction('activities');
    let cursor = await tx.store.index('by_occurredAt').openCursor(null, 'prev');
    let found: Activity | undefined;
    let newestCreated = -1;
    // Entries may be back-dated: take the most recently created among the newest few hundred.
    let looked = 0;
    while (cursor && looked < 500) {
      const activity = parseStored(cursor.value);
      if (activity && activity.channel === 'manual' && activity.status !== 'retracted' && activity.createdAt > newestCreated) {
        found = activity;
        newestCreated = activity.createdAt;
      }
      looked += 1;
      cursor = await cursor.continue();
    }
    await tx.done;
    return found;
  }

  /**
   * Imports in one transaction: every activity or none. An activity whose id exists is replaced;
   * one whose de-duplication key exists under another id is skipped (already recorded).
   */
  async importAll(activities: readonly Activity[]): Promise<ImportResult> {
    const valid = activities.map(validForWrite);
    const result: ImportResult = { added: 0, updated: 0, skipped: 0 };
    const tx = this.db.transaction(['activities', 'packs'], 'readwrite');
    const store = tx.objectStore('activities');
    const packChanges = new PackChanges();
    /** Every request still in flight: an abort rejects them, and nobody may be left unhandled. */
    let inFlight: Promise<unknown>[] = [];
    try {
      const byKey = store.index('by_dedupeKey');
      // Into an empty store (a first import, a restore after delete-all) nothing can clash but the
      // rows themselves, which `seenKeys` and `written` track: no lookups at all.
      const wasEmpty = (await store.count()) === 0;
      const seenKeys = new Set<string>();
      /** What this import has put so far, by id: later lookups must see those writes. */
      const written = new Map<string, Activity>();
      // Lookups for a chunk go out together (one round trip instead of one per row); the decisions are
      // then made in row order, correcting the lookups for what earlier rows of this import wrote.
      for (let from = 0; from < valid.length; from += IMPORT_CHUNK) {
        const chunk = valid.slice(from, from + IMPORT_CHUNK);
        // Stored values by id (not only keys): a replaced activity's old day pack loses its fact.
        const [keyOwners, stored] = wasEmpty
          ? [[], []]
          : await Promise.all([
              Promise.all(chunk.map((a) => byKey.getKey(a.dedupeKey))),
              Promise.all(chunk.map((a) => store.get(a.id))),
            ]);
        const puts: Promise<unknown>[] = (inFlight = []);
        for (const [i, activity] of chunk.entries()) {
          if (seenKeys.has(activity.dedupeKey)) {
            result.skipped += 1;
            continue;
          }
          seenKeys.add(activity.dedupeKey);
          let sameKey = keyOwners[i];
          // The owner found was re-keyed earlier in this import: the key is free now.
          if (sameKey !== undefined && written.has(sameKey) && written.get(sameKey)!.dedupeKey !== activity.dedupeKey) {
            sameKey = undefined;
          }
          if (sameKey !== undefined && sameKey !== activity.id) {
            result.skipped += 1;
            continue;
          }
          const before = written.get(activity.id) ?? (stored[i] === undefined ? undefined : parseStored(stored[i]));
          const exists = sameKey !== undefined || stored[i] !== undefined || written.has(activity.id);
          puts.push(store.put(activity));
          packChanges.change(before, activity);
          written.set(activity.id, activity);
          if (exists) result.updated += 1;
          else result.added += 1;
        }
        // Awaiting them together also handles every rejection (no unhandled AbortError after a failure).
        await Promise.all(puts);
      }
      const packs = packChanges.apply(packStore(tx));
      inFlight = [packs];
      await packs;
      await tx.done;
    } catch (error) {
      // The abort rejects these and tx.done; the caller gets the original error instead.
      for (const request of [...inFlight, tx.done]) request.catch(() => undefined);
      try {
        tx.abort();
      } catch {
        // already finished
      }
      throw error;
    }
    return result;
  }

  async deleteAll(): Promise<void> {
    const tx = this.db.transaction(['activities', 'packs'], 'readwrite');
    committed(tx);
    await Promise.all([tx.objectStore('activities').clear(), tx.objectStore('packs').clear()]);
    await tx.done;
  }

  async readKv<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined> {
    const parsed = schema.safeParse(await this.db.get('kv', key));
    return parsed.success ? parsed.data : undefined;
  }

  async writeKv(key: string, value: unknown): Promise<void> {
    await this.db.put('kv', value, key);
  }

  close(): void {
    this.db.close();
  }
}
