import type { Activity, ListFilter } from '../activity';
import type { Db } from './open';
import { matches, parseStored } from './rows';

/** History's reads: pages of activities, newest first, and the last manual entry. */

export interface ListPage {
  items: Activity[];
  /** Matching activities in all. */
  total: number;
}

/**
 * Index counts History asked for, kept between writes and moved by the store's own writes (a
 * capture adds one to each count whose range holds it): with History open, a capture's reload
 * counts nothing, where an index count walks every row of its range.
 */
export class CountMemo {
  private readonly counts = new Map<string, { kinds?: readonly string[]; from: number; to: number; count: number }>();
  /** Bumped by every write that starts: a count read meanwhile is not kept. */
  private generation = 0;

  static key(kinds: readonly string[] | undefined, from: number, to: number): string {
    return JSON.stringify([kinds ?? null, from, to]);
  }

  get(key: string): number | undefined {
    return this.counts.get(key)?.count;
  }

  /** Reads a count through `read`, keeping it unless a write started meanwhile. */
  async through(kinds: readonly string[] | undefined, from: number, to: number, read: () => Promise<number>, quiet: () => boolean) {
    const key = CountMemo.key(kinds, from, to);
    const kept = this.counts.get(key);
    if (kept) return kept.count;
    const generation = this.generation;
    const count = await read();
    if (generation === this.generation && quiet()) this.counts.set(key, { ...(kinds ? { kinds } : {}), from, to, count });
    return count;
  }

  writeStarted(): void {
    this.generation += 1;
  }

  /** An activity written: out of the counts that held it before, into those that hold it now. */
  moved(before: Pick<Activity, 'kind' | 'occurredAt'> | undefined, after: Pick<Activity, 'kind' | 'occurredAt'> | undefined): void {
    for (const entry of this.counts.values()) {
      if (before && holds(entry, before)) entry.count -= 1;
      if (after && holds(entry, after)) entry.count += 1;
    }
  }

  /** A write whose effect on counts is not followed (an import, a delete): counted again. */
  forget(): void {
    this.generation += 1;
    this.counts.clear();
  }
}

const holds = (entry: { kinds?: readonly string[]; from: number; to: number }, a: Pick<Activity, 'kind' | 'occurredAt'>) =>
  (!entry.kinds || entry.kinds.includes(a.kind)) && a.occurredAt >= entry.from && a.occurredAt < entry.to;

/** Newest first, filtered, one page at a time. */
export async function listActivities(
  db: Db,
  filter: ListFilter,
  offset: number,
  limit: number,
  memo?: { counts: CountMemo; quiet: () => boolean },
): Promise<ListPage> {
  const range =
    filter.from !== undefined || filter.to !== undefined
      ? IDBKeyRange.bound(filter.from ?? 0, filter.to ?? Number.MAX_SAFE_INTEGER, false, true)
      : undefined;
  const search = filter.search?.trim().toLowerCase() || undefined;
  const items: Activity[] = [];
  const tx = db.transaction('activities');
  // History must stay usable at 100,000 rows: when the total can be counted from an index, the
  // scan stops as soon as the page is full instead of reading every row.
  let total: number | undefined;
  if (!filter.channels && !filter.statuses && !search) {
    const from = filter.from ?? 0;
    const to = filter.to ?? Number.MAX_SAFE_INTEGER;
    const count = async () => {
      if (!filter.kinds) return tx.store.index('by_occurredAt').count(range);
      const byKind = tx.store.index('by_kind_time');
      const counts = await Promise.all(filter.kinds.map((kind) => byKind.count(IDBKeyRange.bound([kind, from], [kind, to], false, true))));
      return counts.reduce((sum, n) => sum + n, 0);
    };
    total = memo ? await memo.counts.through(filter.kinds, from, to, count, memo.quiet) : await count();
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

/** The newest manual entry that still counts. */
export async function lastManualEntry(db: Db): Promise<Activity | undefined> {
  return lastRecordedEntry(db, (a) => a.channel === 'manual');
}

/**
 * The activity recorded last (by when it was recorded, not when it happened) that is not undone yet,
 * among those `accept`s: for "undo last entry", which undoes the rep's own entries only.
 */
export async function lastRecordedEntry(db: Db, accept: (activity: Activity) => boolean = () => true): Promise<Activity | undefined> {
  const tx = db.transaction('activities');
  let cursor = await tx.store.index('by_occurredAt').openCursor(null, 'prev');
  let found: Activity | undefined;
  let newestCreated = -1;
  // Entries may be back-dated: take the most recently created among the newest few hundred.
  let looked = 0;
  while (cursor && looked < 500) {
    const activity = parseStored(cursor.value);
    if (activity && accept(activity) && activity.status !== 'retracted' && activity.createdAt > newestCreated) {
      found = activity;
      newestCreated = activity.createdAt;
    }
    looked += 1;
    cursor = await cursor.continue();
  }
  await tx.done;
  return found;
}

/** When the earliest stored activity happened; undefined for an empty store. */
export async function earliestOccurredAt(db: Db): Promise<number | undefined> {
  const tx = db.transaction('activities');
  const cursor = await tx.store.index('by_occurredAt').openKeyCursor(null, 'next');
  const first = cursor?.key;
  await tx.done;
  return typeof first === 'number' ? first : undefined;
}
