import { Activity, type ActivityKind, isPlainActivity, type ListFilter } from '../activity';
import { PROGRESS_MEMO_KEY } from './kv';
import { judgedDaysOfPack, type PackStore } from './packs';

/** Validates before a write; the fast check skips the full parse for what it would return unchanged. */
export function validForWrite(activity: Activity): Activity {
  return isPlainActivity(activity) ? activity : Activity.parse(activity);
}

/** Parses what comes back from storage: a record that no longer fits the model is dropped, not trusted. */
export function parseStored(value: unknown): Activity | undefined {
  // The fast check accepts exactly what the schema would return unchanged; anything else gets the full parse.
  if (isPlainActivity(value)) return value;
  const parsed = Activity.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export function parseAll(values: unknown[]): Activity[] {
  const out: Activity[] = [];
  for (const value of values) {
    const activity = parseStored(value);
    if (activity) out.push(activity);
  }
  return out;
}

/** Whether an activity passes a history filter (the time range is the caller's index range). */
export function matches(activity: Activity, filter: ListFilter, search: string | undefined): boolean {
  if (filter.kinds && !filter.kinds.includes(activity.kind)) return false;
  if (filter.channels && !filter.channels.includes(activity.channel)) return false;
  if (filter.statuses && !filter.statuses.includes(activity.status)) return false;
  if (search) {
    const haystack = [activity.subject, activity.note, ...activity.recipients.flatMap((r) => [r.address, r.name, r.profileId])];
    if (!haystack.some((text) => text?.toLowerCase().includes(search))) return false;
  }
  return true;
}

/**
 * Per database, who keeps judged days in memory and must forget them with the kept ones: the kind
 * and the exclusive bounds of the days' first instants, or every kind (`undefined`) for a wipe.
 */
const forgetListeners = new WeakMap<object, Set<(kind: ActivityKind | undefined, lower: number, upper: number) => void>>();

/** Adds a holder of judged days to be told what each write forgets (a second service on one database too). */
export function listenForForgetting(db: object, listener: (kind: ActivityKind | undefined, lower: number, upper: number) => void): void {
  let listeners = forgetListeners.get(db);
  if (!listeners) forgetListeners.set(db, (listeners = new Set()));
  listeners.add(listener);
}

/** Tells every holder of judged days of `db` what a write forgets. */
export function forgetting(db: object, kind: ActivityKind | undefined, lower: number, upper: number): void {
  for (const listener of forgetListeners.get(db) ?? []) listener(kind, lower, upper);
}

/** The packs store of a write transaction, which forgets the judged days of every pack it writes. */
export function packStore(tx: { db: object; objectStore(name: 'packs' | 'kindDays'): unknown }): PackStore {
  const packs = tx.objectStore('packs') as PackStore;
  const judged = tx.objectStore('kindDays') as { delete(range: IDBKeyRange): Promise<unknown> };
  return {
    get: (key) => packs.get(key),
    put: (value) => packs.put(value),
    delete: (key) => packs.delete(key),
    forgetJudgedDays: async (kind, day) => {
      const { lower, upper } = judgedDaysOfPack(kind, day);
      forgetting(tx.db, kind, lower[1], upper[1]);
      await judged.delete(IDBKeyRange.bound(lower, upper, true, true));
    },
  };
}

/**
 * Runs a write transaction's body; on any error aborts it (nothing half-written) and rethrows the
 * original error, with every request still in flight handled (no unhandled AbortError).
 */
export async function inTransaction<T>(
  tx: { abort(): void; done: Promise<void> },
  body: (track: (requests: Promise<unknown>[]) => void) => Promise<T>,
): Promise<T> {
  let inFlight: Promise<unknown>[] = [];
  try {
    const result = await body((requests) => (inFlight = requests));
    await tx.done;
    return result;
  } catch (error) {
    for (const request of [...inFlight, tx.done]) request.catch(() => undefined);
    try {
      tx.abort();
    } catch {
      // already finished
    }
    throw error;
  }
}

/**
 * Every transaction that writes activities forgets the kept progress in the same transaction: a
 * kept progress that exists therefore never predates a write, even if the worker stops right after.
 */
export function forgetProgressMemo(tx: { objectStore(name: 'kv'): unknown }): Promise<unknown> {
  return (tx.objectStore('kv') as { delete(key: string): Promise<unknown> }).delete(PROGRESS_MEMO_KEY);
}
