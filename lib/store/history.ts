import type { Activity, ListFilter } from '../activity';
import type { CountMemo, CountOpened } from './count-memo';
import type { Db } from './open';
import { matches, parseStored } from './rows';

/** History's reads: pages of activities, newest first, and the last manual entry. */

export interface ListPage {
  items: Activity[];
  /** Matching activities in all (absent when the caller asked for none: `withTotal: false`). */
  total?: number;
}

/** Where a History page starts: after this activity in newest-first order (occurredAt, then id, descending). */
export interface ListKey {
  occurredAt: number;
  id: string;
}

export interface ListOptions {
  /** Keyset paging: the page starts after this activity (History's later pages), not after `offset` matches. */
  after?: ListKey;
  /**
   * false: the caller shows no total (the popup's lists): the scan stops when the page is full, or
   * after SCAN_BUDGET rows without filling it, and `total` is absent.
   */
  withTotal?: boolean;
  memo?: CountMemo;
}

/** Rows read per read transaction: a capture waiting behind a History read waits for one slice, not the scan. */
export const LIST_SLICE = 200;
/** Rows a list without a total reads at most (the popup's "last sale" among rare kinds). */
export const SCAN_BUDGET = 2_000;

/** Newest first: whether (occurredAt, id) comes after `key` (strictly older). */
const isAfter = (occurredAt: number, id: string, key: ListKey) =>
  occurredAt < key.occurredAt || (occurredAt === key.occurredAt && id < key.id);

/**
 * One index range read newest first in slices of LIST_SLICE rows, each its own transaction, resuming
 * after the last row seen. `kind` reads the by_kind_time index (only that kind's rows), otherwise
 * by_occurredAt. Stops when `take` says so; true when it read to the end of the range.
 */
async function scan(
  db: Db,
  kind: string | undefined,
  from: number,
  to: number,
  after: ListKey | undefined,
  take: (activity: Activity | undefined, key: ListKey) => boolean,
): Promise<boolean> {
  let resume = after;
  for (;;) {
    // Inclusive of the resume key's time: rows at that same time with a smaller id are still due.
    const upper = resume ? Math.min(resume.occurredAt, to) : to;
    const openUpper = !resume || resume.occurredAt >= to;
    if (upper < from || (upper === from && openUpper)) return true;
    const tx = db.transaction('activities');
    const range = kind
      ? IDBKeyRange.bound([kind, from], [kind, upper], false, openUpper)
      : IDBKeyRange.bound(from, upper, false, openUpper);
    let cursor = kind
      ? await tx.store.index('by_kind_time').openCursor(range as IDBKeyRange, 'prev')
      : await tx.store.index('by_occurredAt').openCursor(range, 'prev');
    let read = 0;
    let stop = false;
    while (cursor) {
      const occurredAt = (kind ? (cursor.key as unknown as [string, number])[1] : cursor.key) as number;
      const key = { occurredAt, id: String(cursor.primaryKey) };
      if (!resume || isAfter(key.occurredAt, key.id, resume)) {
        read += 1;
        resume = key;
        if (!take(parseStored(cursor.value), key)) stop = true;
        // The slice is full: the next one resumes after this row in a transaction of its own.
        if (stop || read >= LIST_SLICE) break;
      }
      cursor = await cursor.continue();
    }
    await tx.done;
    if (stop) return false;
    if (!cursor) return true;
  }
}

/** Days of index entries per count transaction (an index count walks every entry of its range). */
const COUNT_WINDOW_MS = 7 * 86_400_000;

/**
 * An index range counted a week at a time, each week its own transaction: a capture's write waits
 * for one week's count, not for a walk over the whole history (seconds at a million rows).
 */
async function countSliced(db: Db, kind: string | undefined, from: number, to: number, opened?: CountOpened): Promise<number> {
  const range = (a: number, b: number) =>
    kind ? IDBKeyRange.bound([kind, a], [kind, b], false, true) : IDBKeyRange.bound(a, b, false, true);
  /** A new read transaction and the index counted in it. */
  const open = () => {
    const tx = db.transaction('activities');
    const index = (kind ? tx.store.index('by_kind_time') : tx.store.index('by_occurredAt')) as unknown as {
      count(range: IDBKeyRange): Promise<number>;
      openKeyCursor(range: IDBKeyRange, direction: IDBCursorDirection): Promise<{ key: unknown } | null>;
    };
    return { tx, index };
  };
  const timeOf = (key: unknown) => (kind ? (key as [string, number])[1] : (key as number));
  // The range's stored ends, so that an open-ended range is counted over the weeks that hold rows.
  const ends = open();
  opened?.ends(kind);
  const [first, last] = await Promise.all([
    ends.index.openKeyCursor(range(from, to), 'next'),
    ends.index.openKeyCursor(range(from, to), 'prev'),
  ]);
  await ends.tx.done;
  if (!first || !last) return 0;
  const end = timeOf(last.key) + 1;
  let total = 0;
  for (let start = timeOf(first.key); start < end; start += COUNT_WINDOW_MS) {
    const week = open();
    const weekEnd = Math.min(end, start + COUNT_WINDOW_MS);
    // The slice's own span: a row at or after `end` is outside every slice (see CountRead).
    opened?.slice(kind, start, weekEnd);
    total += await week.index.count(range(start, weekEnd));
    await week.tx.done;
  }
  return total;
}

/**
 * Newest first, filtered, one page at a time, read in slices (see `scan`). A filter on kinds reads
 * each kind's own index range and merges them; the total comes from index counts (kept between writes)
 * when the filter allows, else from the scan itself, which then reads to the end of the range.
 */
export async function listActivities(
  db: Db,
  filter: ListFilter,
  offset: number,
  limit: number,
  options: ListOptions = {},
): Promise<ListPage> {
  const { after, withTotal = true, memo } = options;
  const search = filter.search?.trim().toLowerCase() || undefined;
  const from = filter.from ?? 0;
  const to = filter.to ?? Number.MAX_SAFE_INTEGER;
  let total: number | undefined;
  const countable = !filter.channels && !filter.statuses && !search;
  if (withTotal && countable) {
    const count = async (opened?: CountOpened) => {
      let sum = 0;
      for (const kind of filter.kinds ?? [undefined]) sum += await countSliced(db, kind, from, to, opened);
      return sum;
    };
    total = memo ? await memo.through(filter.kinds, from, to, count) : await count();
  }
  // Read to the end only to count what no index counts (from the newest row then, whatever the page);
  // otherwise start after the page's key and stop once the page is full.
  const toTheEnd = withTotal && total === undefined;
  const wanted = offset + limit;
  const found: { activity: Activity; key: ListKey }[] = [];
  let matched = 0;
  let exhausted = true;
  for (const kind of filter.kinds ? [...new Set(filter.kinds)] : [undefined]) {
    let ofKind = 0;
    let budget = SCAN_BUDGET;
    const ended = await scan(db, kind, from, to, toTheEnd ? undefined : after, (activity, key) => {
      budget -= 1;
      if (activity && matches(activity, filter, search)) {
        matched += 1;
        if (!after || isAfter(key.occurredAt, key.id, after)) {
          if (ofKind < wanted) found.push({ activity, key });
          ofKind += 1;
        }
      }
      return toTheEnd || (ofKind < wanted && (withTotal || budget > 0));
    });
    exhausted &&= ended;
  }
  // Newest first across kinds.
  found.sort((x, y) => (isAfter(x.key.occurredAt, x.key.id, y.key) ? 1 : isAfter(y.key.occurredAt, y.key.id, x.key) ? -1 : 0));
  const items = found.slice(offset, offset + limit).map((f) => f.activity);
  if (!withTotal) return { items };
  // A scan of the whole range counted exactly (unreadable rows left out); an early stop trusts the index.
  return { items, total: total === undefined || (exhausted && !after) ? matched : total };
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
