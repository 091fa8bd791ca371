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

/**
 * Imports in one transaction: every activity or none. An activity whose id exists is replaced;
 * one whose de-duplication key exists under another id is skipped (already recorded).
 */
export async function importActivities(db: Db, activities: readonly Activity[], now = Date.now()): Promise<ImportResult> {
  const valid = activities.map(validForWrite);
  const result: ImportResult = { added: 0, updated: 0, skipped: 0 };
  const tx = db.transaction([...WRITE_STORES], 'readwrite');
  const store = tx.objectStore('activities');
  const packChanges = new PackChanges();
  await inTransaction(tx, async (track) => {
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
        : await Promise.all([Promise.all(chunk.map((a) => byKey.getKey(a.dedupeKey))), Promise.all(chunk.map((a) => store.get(a.id)))]);
      const puts: Promise<unknown>[] = [];
      track(puts);
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
        puts.push(store.put(activity));
        packChanges.change(before, activity);
        written.set(activity.id, activity);
        if (exists) result.updated += 1;
        else result.added += 1;
      }
      // Awaiting them together also handles every rejection (no unhandled AbortError after a failure).
      await Promise.all(puts);
    }
    // Imported activities that count go to the connected CRMs like any other (same transaction).
    const outbox = await outboxWrites(
      tx,
      [...written.values()].map((activity) => ({ id: activity.id, after: activity })),
      now,
    );
    const packs = packChanges.apply(packStore(tx));
    const forgotten = forgetProgressMemo(tx);
    track([packs, forgotten, ...outbox]);
    await Promise.all([packs, forgotten, ...outbox]);
  });
  return result;
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
