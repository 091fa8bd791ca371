import type { IDBPDatabase, IDBPTransaction } from 'idb';
import { Activity } from '../../activity';
import { PackChanges, type PackStore } from '../packs';

/**
 * Version 3: day packs (one record per kind and UTC day with what the quota engine needs), built
 * from the activities already stored. Records that no longer fit the model are left out, as every
 * read leaves them out.
 */
export async function migrateTo3(db: IDBPDatabase<unknown>, tx: IDBPTransaction<unknown, string[], 'versionchange'>): Promise<void> {
  db.createObjectStore('packs', { keyPath: ['kind', 'day'] });
  const changes = new PackChanges();
  let cursor = await tx.objectStore('activities').openCursor();
  while (cursor) {
    const parsed = Activity.safeParse(cursor.value);
    if (parsed.success) changes.change(undefined, parsed.data);
    cursor = await cursor.continue();
  }
  await changes.apply(tx.objectStore('packs') as unknown as PackStore);
}
