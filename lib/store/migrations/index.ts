import type { IDBPDatabase, IDBPTransaction } from 'idb';
import { migrateTo1 } from './001-initial';
import { migrateTo2 } from './002-epoch-times-and-kind-index';
import { migrateTo3 } from './003-day-packs';
import { migrateTo4 } from './004-pack-call-and-meeting-facts';
import { migrateTo5 } from './005-kinds-and-units';
import { migrateTo6 } from './006-crm-outbox';
import { migrateTo7 } from './007-judged-days';

type Migration = (db: IDBPDatabase<unknown>, tx: IDBPTransaction<unknown, string[], 'versionchange'>) => void | Promise<void>;

/** MIGRATIONS[n - 1] upgrades a database from version n - 1 to n. */
export const MIGRATIONS: readonly Migration[] = [migrateTo1, migrateTo2, migrateTo3, migrateTo4, migrateTo5, migrateTo6, migrateTo7];
export const DB_VERSION = MIGRATIONS.length;
