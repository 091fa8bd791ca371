import type { IDBPTransaction } from 'idb';
import type { z } from 'zod';
import type { Activity } from '../../activity';
import { PackChanges, type PackStore } from '../packs';

/**
 * What a pack-building migration reads a stored activity with: a frozen copy of the Activity
 * schema as it was at that migration's version, kept in the migration's own file. Today's
 * `Activity` would change what an old migration does whenever the model moves on (a field made
 * stricter would drop old records from the packs without a word). Its output must still be an
 * Activity as the packs take it: a model change that breaks that fails to compile here, where the
 * migration can map the old record, instead of misbuilding packs at a rep's upgrade.
 */
export type FrozenActivityShape = z.ZodType<Activity>;

/**
 * Builds the day packs afresh from the stored activities, each read with the migration's frozen
 * shape; a record that does not fit it is left out, as every read of that version left it out.
 * The packs store must exist; what it held is derived data and is replaced. Runs inside the
 * upgrade's transaction, so the upgrade stays all or nothing.
 */
export async function rebuildPacks(tx: IDBPTransaction<unknown, string[], 'versionchange'>, shape: FrozenActivityShape): Promise<void> {
  await tx.objectStore('packs').clear();
  const changes = new PackChanges();
  let cursor = await tx.objectStore('activities').openCursor();
  while (cursor) {
    const parsed = shape.safeParse(cursor.value);
    if (parsed.success) changes.change(undefined, parsed.data);
    cursor = await cursor.continue();
  }
  await changes.apply(tx.objectStore('packs') as unknown as PackStore);
}
