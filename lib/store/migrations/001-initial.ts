import type { IDBPDatabase, IDBPTransaction } from 'idb';

/**
 * Version 1: activities keyed by id, de-duplicated by a unique key, with occurredAt stored as an
 * ISO string and no kind/time index. Kept so that databases written by v1 can still be opened.
 */
export function migrateTo1(db: IDBPDatabase<unknown>, _tx: IDBPTransaction<unknown, string[], 'versionchange'>): void {
  const activities = db.createObjectStore('activities', { keyPath: 'id' });
  activities.createIndex('by_dedupeKey', 'dedupeKey', { unique: true });
  activities.createIndex('by_occurredAt', 'occurredAt');
}
