import type { IDBPDatabase, IDBPTransaction } from 'idb';
import { z } from 'zod';
import { rebuildPacks } from './rebuild-packs';

/**
 * Version 3: day packs (one record per kind and UTC day with what the quota engine needs), built
 * from the activities already stored. Records that no longer fit the model are left out, as every
 * read leaves them out.
 */
export async function migrateTo3(db: IDBPDatabase<unknown>, tx: IDBPTransaction<unknown, string[], 'versionchange'>): Promise<void> {
  db.createObjectStore('packs', { keyPath: ['kind', 'day'] });
  await rebuildPacks(tx, ActivityAtVersion3);
}

/**
 * Frozen: lib/activity.ts's Activity when version 3 was made (commit 1eeb2f0), which every record a
 * version 2 database holds fits. Do not edit: later frozen shapes extend it.
 */
const RecipientAtVersion3 = z
  .object({
    address: z.string().trim().toLowerCase().pipe(z.email()).optional(),
    profileId: z.string().min(1).max(300).optional(),
    name: z.string().max(300).optional(),
    role: z.enum(['to', 'cc', 'bcc']).optional(),
  })
  .refine((r) => r.address !== undefined || r.profileId !== undefined, {
    message: 'a recipient needs an address or a profile id',
  });

export const ActivityAtVersion3 = z.object({
  id: z.string().min(1).max(100),
  kind: z.enum(['email', 'linkedin_message', 'linkedin_invite', 'inmail', 'social_touch', 'call', 'meeting', 'opportunity', 'deal']),
  channel: z.enum(['gmail', 'outlook', 'yahoo', 'linkedin', 'sales_navigator', 'manual']),
  occurredAt: z.number().int().nonnegative(),
  account: z.string().min(1).max(300),
  recipients: z.array(RecipientAtVersion3).max(500),
  subject: z.string().max(1000).optional(),
  note: z.string().max(500).optional(),
  amount: z.number().finite().nonnegative().optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  subtype: z.string().max(50).optional(),
  dedupeKey: z.string().min(1).max(600),
  status: z.enum(['counted', 'pending', 'retracted']),
  confirmAt: z.number().int().nonnegative().optional(),
  detection: z.object({
    method: z.enum(['manual', 'page-request', 'web-request', 'import']),
    source: z.string().max(100).optional(),
    ids: z.record(z.string(), z.string().max(500)).optional(),
  }),
  createdAt: z.number().int().nonnegative(),
  updatedAt: z.number().int().nonnegative(),
});
