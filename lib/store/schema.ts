import type { DBSchema } from 'idb';
import type { Activity } from '../activity';
import type { OutboxEntry } from '../crm/outbox';
import type { KindDay } from '../quota/kind-days';
import type { KvKey } from './kv';
import type { DayPack } from './packs';

export const DB_NAME = 'quota-radar';

/** The current schema. Each version's changes live in migrations/NNN-*.ts. */
export interface QuotaRadarDB extends DBSchema {
  activities: {
    key: string;
    value: Activity;
    indexes: {
      by_dedupeKey: string;
      by_occurredAt: number;
      /** Makes "activities of this kind in this period" a range query. */
      by_kind_time: [string, number];
      by_status: string;
    };
  };
  /** What the quota engine needs of each (kind, UTC day): see packs.ts. Kept in step with activities. */
  packs: { key: [string, number]; value: DayPack };
  /** Reports' judged days, per (kind, calendar day): see kind-days.ts. Forgotten by every write of a pack they cover. */
  kindDays: { key: [string, number]; value: KindDay };
  /** Small documents: settings, quotas, learned LinkedIn participants. Typed and validated by kv.ts. */
  kv: { key: KvKey; value: unknown };
  /** What has to reach (or leave) each connected CRM: see lib/crm/outbox.ts. Written with the activities. */
  outbox: { key: string; value: OutboxEntry; indexes: { by_due: number; by_crm: string } };
}
