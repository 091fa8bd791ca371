import type { IDBPDatabase, IDBPTransaction } from 'idb';
import { Activity } from '../../activity';
import { PackChanges, type PackStore } from '../packs';

/**
 * Version 5 (issue 15): activities may carry units sold and be of the rep's own kinds
 * (`custom:<slug>`), and day packs carry units so that units quotas read from packs sum the same as
 * quotas read from activities. Packs are derived data: rebuilt from the stored activities (records
 * that no longer fit the model are left out, as every read leaves them out). Nothing else changes
 * shape: activities, settings and quotas written by version 4 are valid version 5 records, and the
 * custom kinds key starts absent (no custom kinds).
 */
export async function migrateTo5(_db: IDBPDatabase<unknown>, tx: IDBPTransaction<unknown, string[], 'versionchange'>): Promise<void> {
  await tx.objectStore('packs').clear();
  const changes = new PackChanges();
  let cursor = await tx.objectStore('activities').openCursor();
  while (cursor) {
    const parsed = Activity.safeParse(cursor.value);
    if (parsed.success) changes.change(undefined, parsed.data);
    cursor = await cursor.continue();
  }
  await changes.apply(tx.objectStore('packs') as unknown as PackStore);
}
