import type { IDBPDatabase, IDBPTransaction } from 'idb';
import { z } from 'zod';
import { ActivityAtVersion4, CHANNELS_AT_VERSION_4 } from './004-pack-call-and-meeting-facts';
import { rebuildPacks } from './rebuild-packs';

/**
 * Version 5 (issue 15): activities may carry units sold and be of the rep's own kinds
 * (`custom:<slug>`), and day packs carry units so that units quotas read from packs sum the same as
 * quotas read from activities. Packs are derived data: rebuilt from the stored activities (records
 * that no longer fit the model are left out, as every read leaves them out). Nothing else changes
 * shape: activities, settings and quotas written by version 4 are valid version 5 records, and the
 * custom kinds key starts absent (no custom kinds).
 */
export async function migrateTo5(_db: IDBPDatabase<unknown>, tx: IDBPTransaction<unknown, string[], 'versionchange'>): Promise<void> {
  await rebuildPacks(tx, ActivityAtVersion5);
}

/**
 * Frozen: lib/activity.ts's Activity when version 5 was made (commit 773d69d): version 4's with
 * the new built-in kinds, the rep's own kinds, the webmail and messenger channels and units. Do
 * not edit.
 */
const CUSTOM_KIND_AT_VERSION_5 = /^custom:[a-z0-9]+(?:-[a-z0-9]+)*$/;

const KindAtVersion5 = z.union([
  z.enum([...ActivityAtVersion4.shape.kind.options, 'messenger_message', 'work_report', 'demo', 'new_customer']),
  z.custom<`custom:${string}`>((v) => typeof v === 'string' && v.length <= 47 && CUSTOM_KIND_AT_VERSION_5.test(v)),
]);

const ActivityAtVersion5 = ActivityAtVersion4.extend({
  kind: KindAtVersion5,
  channel: z.enum([...CHANNELS_AT_VERSION_4, 'mailru', 'yandex', 'proton', 'zoho', 'vk', 'telegram']),
  units: z.number().int().nonnegative().max(1_000_000_000).optional(),
});
