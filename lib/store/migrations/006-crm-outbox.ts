import type { IDBPDatabase, IDBPTransaction } from 'idb';

/**
 * Version 6: the CRM outbox (lib/crm/outbox.ts). One entry per (CRM, activity), keyed `<crm>|<id>`;
 * `by_due` holds only entries with work left (a done entry has no `due`), in the order they fall
 * due; `by_crm` counts each CRM's entries for the options page. Nothing to convert: a database of
 * version 5 had no CRM connected.
 */
export function migrateTo6(db: IDBPDatabase<unknown>, _tx: IDBPTransaction<unknown, string[], 'versionchange'>): void {
  const outbox = db.createObjectStore('outbox', { keyPath: 'key' });
  outbox.createIndex('by_due', 'due');
  outbox.createIndex('by_crm', 'crm');
}
