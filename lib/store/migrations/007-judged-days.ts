import type { IDBPDatabase, IDBPTransaction } from 'idb';

/**
 * Version 7: Reports' judged days (lib/quota/kind-days.ts), keyed [kind, day's first instant]. Derived
 * data, like the day packs: filled when Reports are first asked, forgotten by every write of a pack
 * they cover. Nothing to convert.
 */
export function migrateTo7(db: IDBPDatabase<unknown>, _tx: IDBPTransaction<unknown, string[], 'versionchange'>): void {
  db.createObjectStore('kindDays', { keyPath: ['kind', 'start'] });
}
