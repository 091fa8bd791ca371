import type { IDBPDatabase, IDBPTransaction } from 'idb';
import { z } from 'zod';
import { ActivityAtVersion3 } from './003-day-packs';
import { rebuildPacks } from './rebuild-packs';

/**
 * Version 4: day packs carry what calls and meetings are counted by (a call's outcome, a meeting's
 * booking time, the phone number a call went to). Packs are derived data: they are rebuilt from the
 * stored activities, so that quotas read from packs count connected calls and booked meetings the
 * same as quotas read from activities.
 */
export async function migrateTo4(_db: IDBPDatabase<unknown>, tx: IDBPTransaction<unknown, string[], 'versionchange'>): Promise<void> {
  await rebuildPacks(tx, ActivityAtVersion4);
}

/**
 * Frozen: lib/activity.ts's Activity when version 4 was made (commit 401d956): version 3's with
 * the call and booking channels, phone recipients, API detection and the call and meeting facts.
 * Do not edit: version 5's extends it.
 */
export const RecipientAtVersion4 = z
  .object({
    address: z.string().trim().toLowerCase().pipe(z.email()).optional(),
    profileId: z.string().min(1).max(300).optional(),
    phone: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/)
      .optional(),
    name: z.string().max(300).optional(),
    role: z.enum(['to', 'cc', 'bcc']).optional(),
  })
  .refine((r) => r.address !== undefined || r.profileId !== undefined || r.phone !== undefined, {
    message: 'a recipient needs an address, a profile id or a phone number',
  });

export const CHANNELS_AT_VERSION_4 = [
  ...ActivityAtVersion3.shape.channel.options,
  'phone',
  'aircall',
  'ringcentral',
  'zadarma',
  'mango',
  'calendly',
  'calcom',
] as const;

export const ActivityAtVersion4 = ActivityAtVersion3.extend({
  channel: z.enum(CHANNELS_AT_VERSION_4),
  recipients: z.array(RecipientAtVersion4).max(500),
  detection: z.object({
    method: z.enum(['manual', 'page-request', 'web-request', 'import', 'api']),
    source: z.string().max(100).optional(),
    ids: z.record(z.string(), z.string().max(500)).optional(),
  }),
  outcome: z.enum(['connected', 'no_answer', 'voicemail', 'wrong_number', 'busy', 'failed']).optional(),
  durationSec: z.number().int().min(0).max(86_400).optional(),
  bookedAt: z.number().int().nonnegative().optional(),
});
