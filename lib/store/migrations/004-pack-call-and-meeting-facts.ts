import type { IDBPDatabase, IDBPTransaction } from 'idb';
import { Activity } from '../../activity';
import { PackChanges, type PackStore } from '../packs';

/**
 * Version 4: day packs carry what calls and meetings are counted by (a call's outcome, a meeting's
 * booking time, the phone number a call went to). Packs are derived data: they are rebuilt from the
 * stored activities, so that quotas read from packs count connected calls and booked meetings the
 * same as quotas read from activities.
 */
export async function migrateTo4(_db: IDBPDatabase<unknown>, tx: IDBPTransaction<unknown, string[], 'versionchange'>): Promise<void> {
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
