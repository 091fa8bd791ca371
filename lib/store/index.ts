import { type IDBPDatabase, openDB } from 'idb';
import type { z } from 'zod';
import { Activity, type ActivityKind, type Channel } from '../activity';
import { DB_VERSION, MIGRATIONS } from './migrations';
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

/** Parses what comes back from storage: a record that no longer fits the model is dropped, not trusted. */
function parseStored(value: unknown): Activity | undefined {
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
export class ActivityStore {
  constructor(readonly db: Db) {}

  static async open(name?: string): Promise<ActivityStore> {
    return new ActivityStore(await openActivityDb(name));
  }

  /** Records an activity once: a second one with the same de-duplication key keeps the first. */
  async record(activity: Activity): Promise<RecordResult> {
    const valid = Activity.parse(activity);
    const tx = this.db.transaction('activities', 'readwrite');
    const existing = await tx.store.index('by_dedupeKey').get(valid.dedupeKey);
    if (existing) {
      await tx.done;
      return { activity: existing, created: false };
    }
    await tx.store.add(valid);
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
    const tx = this.db.transaction('activities', 'readwrite');
    const current = parseStored(await tx.store.get(id));
    const next = current ? apply(current) : undefined;
    if (next) await tx.store.put(Activity.parse(next));
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
    const tx = this.db.transaction('activities', 'readwrite');
    const confirmed: Activity[] = [];
    let cursor = await tx.store.index('by_status').openCursor('pending');
    while (cursor) {
      const activity = parseStored(cursor.value);
      if (activity && activity.confirmAt !== undefined && activity.confirmAt <= now) {
        const next = { ...activity, status: 'counted' as const, updatedAt: now };
        await cursor.update(next);
        confirmed.push(next);
      }
      cursor = await cursor.continue();
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
    const lists = await Promise.all(
      kinds.map((kind) => index.getAll(IDBKeyRange.bound([kind, start], [kind, end], false, true))),
    );
    await tx.done;
    return parseAll(lists.flat());
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
    let total = 0;
    const tx = this.db.transaction('activities');
    let cursor = await tx.store.index('by_occurredAt').openCursor(range, 'prev');
    while (cursor) {
      const activity = parseStored(cursor.value);
      if (activity && matches(activity, filter, search)) {
        if (total >= offset && items.length < limit) items.push(activity);
        total += 1;
      }
      cursor = await cursor.continue();
    }
    await tx.done;
    return { items, total };
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
    const valid = activities.map((a) => Activity.parse(a));
    const result: ImportResult = { added: 0, updated: 0, skipped: 0 };
    const tx = this.db.transaction('activities', 'readwrite');
    try {
      const byKey = tx.store.index('by_dedupeKey');
      const seenKeys = new Set<string>();
      for (const activity of valid) {
        if (seenKeys.has(activity.dedupeKey)) {
          result.skipped += 1;
          continue;
        }
        seenKeys.add(activity.dedupeKey);
        const sameKey = await byKey.getKey(activity.dedupeKey);
        if (sameKey !== undefined && sameKey !== activity.id) {
          result.skipped += 1;
          continue;
        }
        const exists = sameKey !== undefined || (await tx.store.getKey(activity.id)) !== undefined;
        await tx.store.put(activity);
        if (exists) result.updated += 1;
        else result.added += 1;
      }
      await tx.done;
    } catch (error) {
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
    await this.db.clear('activities');
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
