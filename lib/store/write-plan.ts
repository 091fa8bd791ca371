import type { Activity } from '../activity';
import type { KvEdit } from './kv';
import { PackChanges } from './packs';
import { packStore, parseStored, validForWrite } from './rows';

/** One activity write of a plan: created (no `before`) or changed from `before`. */
export interface PlannedWrite {
  before?: Activity;
  after: Activity;
}

type PlanTx = {
  objectStore(name: 'activities'): {
    get(id: string): Promise<unknown>;
    put(value: Activity): Promise<unknown>;
    index(name: 'by_dedupeKey'): { get(key: string): Promise<unknown> };
  };
};

/**
 * Which of a plan's writes still apply inside the transaction: a creation whose key is stored
 * already, or a change whose activity moved on since planning, is skipped. So a plan applied twice
 * writes once, and a plan made on an old snapshot overwrites nothing newer.
 */
export async function stillApplying(tx: PlanTx, writes: readonly PlannedWrite[]): Promise<{ before?: Activity; after: Activity }[]> {
  const activities = tx.objectStore('activities');
  const stored = await Promise.all(
    writes.map((w) => (w.before ? activities.get(w.after.id) : activities.index('by_dedupeKey').get(w.after.dedupeKey))),
  );
  const applying: { before?: Activity; after: Activity }[] = [];
  for (const [i, w] of writes.entries()) {
    const now = parseStored(stored[i]);
    if (!w.before) {
      if (stored[i] === undefined) applying.push({ after: validForWrite(w.after) });
    } else if (now && now.updatedAt === w.before.updatedAt && now.status === w.before.status) {
      applying.push({ before: now, after: validForWrite(w.after) });
    }
  }
  return applying;
}

/** The day packs' changes for the writes. */
export function packChangesOf(writes: readonly { before?: Activity; after: Activity }[]): PackChanges {
  const changes = new PackChanges();
  for (const w of writes) changes.change(w.before, w.after);
  return changes;
}

export type { KvEdit };
export { packStore };
