import type { Activity } from '../activity';
import type { Db } from './open';
import { outboxWrites, WRITE_STORES } from './outbox';
import { PackChanges } from './packs';
import { forgetProgressMemo, inTransaction, packStore, parseStored, validForWrite } from './rows';

export interface ImportResult {
  added: number;
  updated: number;
  /** Already there: the same activity unchanged, or another id with the same de-duplication key. */
  skipped: number;
}

/** Rows whose lookups are issued together. */
const IMPORT_CHUNK = 500;

/** A session that hears of no rows for this long is given up (its page went away): nothing is kept. */
export const IMPORT_IDLE_MS = 30_000;

/** A key no activity has: read to keep the import's transaction open while the next rows travel. */
const NO_ACTIVITY = '\u0000quota-radar:import-waits';

/**
 * One import in one transaction, its rows arriving in chunks (a file of 300,000 rows is far more
 * than one message may carry): every activity or none. An activity whose id exists is replaced; one
 * whose de-duplication key exists under another id is skipped (already recorded).
 *
 * The transaction stays open between chunks by reading one absent key while none is queued (an
 * IndexedDB transaction commits once it has nothing to do), so that chunk k+1 travels while chunk k
 * is written; a session left without rows for `idleMs` aborts, keeping nothing.
 */
export class ImportSession {
  private readonly queue: { rows: Activity[]; done: () => void; failed: (e: unknown) => void }[] = [];
  private finishing = false;
  private stopped?: Error;
  private idleTimer?: ReturnType<typeof setTimeout>;
  private readonly result: ImportResult = { added: 0, updated: 0, skipped: 0 };
  private readonly packChanges = new PackChanges();
  private readonly seenKeys = new Set<string>();
  /** What this import has put so far, by id: later lookups must see those writes. */
  private readonly written = new Map<string, Activity>();
  /** Settles when the transaction has committed (the result) or aborted (its error). */
  readonly finished: Promise<ImportResult>;

  constructor(
    db: Db,
    private readonly now: number,
    private readonly idleMs = IMPORT_IDLE_MS,
  ) {
    this.armIdle();
    this.finished = this.run(db);
    this.finished.catch(() => undefined).finally(() => clearTimeout(this.idleTimer));
  }

  /**
   * Queues rows (validated here, before any is written, unless the caller `checked` them against the
   * same schema already); settles once they are written, or the import failed.
   */
  add(activities: readonly Activity[], checked = false): Promise<void> {
    if (this.stopped) return Promise.reject(this.stopped);
    if (this.finishing) return Promise.reject(new Error('the import was already finished'));
    let rows: Activity[];
    try {
      rows = checked ? [...activities] : activities.map(validForWrite);
    } catch (error) {
      // A bad row ends the import: nothing of it is kept.
      this.stopped = error instanceof Error ? error : new Error(String(error));
      return Promise.reject(error);
    }
    // Rows queued: the pause is over (it starts again once they are written and nothing else waits).
    clearTimeout(this.idleTimer);
    return new Promise((done, failed) => this.queue.push({ rows, done, failed }));
  }

  /** No more rows: commits once the queued ones are written. */
  finish(): Promise<ImportResult> {
    this.finishing = true;
    clearTimeout(this.idleTimer);
    return this.finished;
  }

  /** Gives the import up: nothing of it is kept. */
  cancel(reason = 'the import was cancelled'): void {
    this.stopped ??= new Error(reason);
  }

  private armIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.cancel('the import stopped receiving rows'), this.idleMs);
  }

  private async run(db: Db): Promise<ImportResult> {
    const tx = db.transaction([...WRITE_STORES], 'readwrite');
    const store = tx.objectStore('activities');
    try {
      return await inTransaction(tx, async (track) => {
        // Into an empty store (a first import, a restore after delete-all) nothing can clash but the
        // rows themselves, which `seenKeys` and `written` track: no lookups at all.
        const wasEmpty = (await store.count()) === 0;
        for (;;) {
          if (this.stopped) throw this.stopped;
          const next = this.queue.shift();
          if (next) {
            // The puts of every slice go out without waiting for the slice before (IndexedDB keeps
            // their order, and lookups see earlier puts): the database writes while rows are checked.
            const puts: Promise<unknown>[] = [];
            track(puts);
            try {
              for (let from = 0; from < next.rows.length; from += IMPORT_CHUNK) {
                await this.write(store, next.rows.slice(from, from + IMPORT_CHUNK), wasEmpty, puts);
              }
              await Promise.all(puts);
            } catch (error) {
              next.failed(error);
              throw error;
            }
            next.done();
            if (!this.queue.length && !this.finishing) this.armIdle();
            continue;
          }
          if (this.finishing) break;
          await store.getKey(NO_ACTIVITY);
        }
        // Imported activities that count go to the connected CRMs like any other (same transaction).
        const outbox = await outboxWrites(
          tx,
          [...this.written.values()].map((activity) => ({ id: activity.id, after: activity })),
          this.now,
        );
        const packs = this.packChanges.apply(packStore(tx));
        const forgotten = forgetProgressMemo(tx);
        track([packs, forgotten, ...outbox]);
        await Promise.all([packs, forgotten, ...outbox]);
        return this.result;
      });
    } catch (error) {
      this.stopped ??= error instanceof Error ? error : new Error(String(error));
      for (const waiting of this.queue.splice(0)) waiting.failed(this.stopped);
      throw error;
    }
  }

  /**
   * One chunk: lookups go out together (one round trip instead of one per row); the decisions are
   * then made in row order, correcting the lookups for what earlier rows of this import wrote.
   */
  private async write(store: unknown, chunk: readonly Activity[], wasEmpty: boolean, puts: Promise<unknown>[]): Promise<void> {
    const activities = store as unknown as {
      index(name: 'by_dedupeKey'): { getKey(key: string): Promise<string | undefined> };
      get(id: string): Promise<unknown>;
      put(value: Activity): Promise<unknown>;
    };
    const byKey = activities.index('by_dedupeKey');
    const { result, seenKeys, written } = this;
    // Stored values by id (not only keys): a replaced activity's old day pack loses its fact.
    const [keyOwners, stored] = wasEmpty
      ? [[], []]
      : await Promise.all([Promise.all(chunk.map((a) => byKey.getKey(a.dedupeKey))), Promise.all(chunk.map((a) => activities.get(a.id)))]);
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
      // A backup imported again is "13 already there", not "13 updated": an identical row writes nothing.
      if (before !== undefined && sameActivity(before, activity)) {
        result.skipped += 1;
        continue;
      }
      const exists = sameKey !== undefined || stored[i] !== undefined || written.has(activity.id);
      puts.push(activities.put(activity));
      this.packChanges.change(before, activity);
      written.set(activity.id, activity);
      if (exists) result.updated += 1;
      else result.added += 1;
    }
    // The caller awaits the puts together, which also handles every rejection (no unhandled AbortError).
  }
}

/** Imports in one transaction, every activity or none (one session, one chunk). */
export async function importActivities(db: Db, activities: readonly Activity[], now = Date.now()): Promise<ImportResult> {
  // Validated before the transaction starts: a bad row throws here, with nothing begun.
  const valid = activities.map(validForWrite);
  const session = new ImportSession(db, now);
  const written = session.add(valid);
  written.catch(() => undefined);
  return session.finish();
}

/** Field by field, whatever order the keys came in. */
function sameActivity(a: Activity, b: Activity): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
