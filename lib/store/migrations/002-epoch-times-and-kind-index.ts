import type { IDBPDatabase, IDBPTransaction } from 'idb';

/**
 * Version 2: times become epoch milliseconds (numbers sort and range-query correctly across time
 * zones, ISO strings with offsets do not), a [kind, occurredAt] index for period queries, a status
 * index for pending captures, and a kv store for settings and quotas.
 */
export async function migrateTo2(db: IDBPDatabase<unknown>, tx: IDBPTransaction<unknown, string[], 'versionchange'>): Promise<void> {
  const activities = tx.objectStore('activities');
  activities.createIndex('by_kind_time', ['kind', 'occurredAt']);
  activities.createIndex('by_status', 'status');
  db.createObjectStore('kv');

  let cursor = await activities.openCursor();
  while (cursor) {
    const old = cursor.value as Record<string, unknown>;
    const toEpoch = (value: unknown) => (typeof value === 'string' ? Date.parse(value) : value);
    await cursor.update({
      ...old,
      occurredAt: toEpoch(old.occurredAt),
      createdAt: toEpoch(old.createdAt),
      updatedAt: toEpoch(old.updatedAt ?? old.createdAt),
      status: old.status ?? 'counted',
    });
    cursor = await cursor.continue();
  }
}
