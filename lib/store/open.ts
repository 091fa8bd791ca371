import { type IDBPDatabase, openDB } from 'idb';
import { DB_VERSION, MIGRATIONS } from './migrations';
import { DB_NAME, type QuotaRadarDB } from './schema';

export type Db = IDBPDatabase<QuotaRadarDB>;

/** Opens the database, running every migration from the stored version to DB_VERSION. */
export async function openActivityDb(name = DB_NAME): Promise<Db> {
  return openDB<QuotaRadarDB>(name, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      // Migrations run in order inside the one versionchange transaction: all of them or none.
      const untyped = db as unknown as IDBPDatabase<unknown>;
      const untypedTx = tx as unknown as Parameters<(typeof MIGRATIONS)[number]>[1];
      void (async () => {
        for (let version = oldVersion + 1; version <= DB_VERSION; version += 1) {
          await MIGRATIONS[version - 1]!(untyped, untypedTx);
        }
      })().catch(() => tx.abort());
    },
  });
}
