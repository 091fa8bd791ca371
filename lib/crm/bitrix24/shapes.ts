import { z } from 'zod';
import { BitrixId } from './rest';

/** What the client's writes and the board's reading share: our originator, the activity types, the rows. */

/** ORIGINATOR_ID of every activity we write (the documented external-source field). */
export const ORIGINATOR_ID = 'quota-radar';
/** crm.activity TYPE_ID per kind we write (crm-activity-fields.md). */
export const ACTIVITY_TYPE = { meeting: 1, call: 2, email: 4 } as const;
/** DIRECTION 2: outgoing. */
export const OUTGOING = 2;

export const ActivityRow = z.object({
  ID: BitrixId,
  TYPE_ID: BitrixId,
  DIRECTION: BitrixId.nullish(),
  COMPLETED: z.string().nullish(),
  START_TIME: z.string().nullish(),
  RESPONSIBLE_ID: BitrixId.nullish(),
  ORIGINATOR_ID: z.string().nullish(),
  ORIGIN_ID: z.string().nullish(),
  DESCRIPTION: z.string().nullish(),
  COMMUNICATIONS: z.array(z.object({ TYPE: z.string().nullish(), VALUE: z.string().nullish() })).nullish(),
});
export type ActivityRow = z.infer<typeof ActivityRow>;

export const UserRow = z.object({ ID: BitrixId, NAME: z.string().nullish(), LAST_NAME: z.string().nullish(), EMAIL: z.string().nullish() });

export function fullName(row: { NAME?: string | null; LAST_NAME?: string | null }, fallback: string): string {
  return [row.NAME, row.LAST_NAME].filter((p) => p?.trim()).join(' ') || fallback;
}
