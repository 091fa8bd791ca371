import { z } from 'zod';
import type { CallOutcome } from '../../activity';

/** The amoCRM API v4 answers this client reads (amocrm.ru/developers/content/crm_platform/…), parsed at the boundary. */

/** Notes read in one page, of a contact or of the account (250, the API's most). */
export const NOTE_PAGE = 250;

/** call_status of a call note (amoCRM docs "Типы примечаний", CallNote::CALL_STATUS_*). */
export const CALL_STATUS: Record<CallOutcome, number> = {
  voicemail: 1,
  connected: 4,
  wrong_number: 5,
  no_answer: 6,
  failed: 6,
  busy: 7,
};
export const OUTCOME_OF_STATUS: Record<number, CallOutcome> = {
  1: 'voicemail',
  4: 'connected',
  5: 'wrong_number',
  6: 'no_answer',
  7: 'busy',
};

export const Id = z.number().int().nonnegative().transform(String);
export const Account = z.object({ id: Id, name: z.string(), subdomain: z.string(), current_user_id: Id });
export const User = z.object({ id: Id, name: z.string().nullish(), email: z.string().nullish() });
export const Users = z.object({
  _embedded: z.object({ users: z.array(User) }),
  _links: z.object({ next: z.object({ href: z.string() }).optional() }).optional(),
});
export const FieldValues = z
  .array(
    z.object({
      field_code: z.string().nullish(),
      values: z.array(z.object({ value: z.union([z.string(), z.number()]).transform(String) })),
    }),
  )
  .nullish();
export const Contact = z.object({
  id: Id,
  custom_fields_values: FieldValues,
  _embedded: z.object({ companies: z.array(z.object({ id: Id })).optional() }).optional(),
});
export const Contacts = z.object({ _embedded: z.object({ contacts: z.array(Contact) }) });
export const Created = (key: 'contacts' | 'notes') => z.object({ _embedded: z.object({ [key]: z.array(z.object({ id: Id })).min(1) }) });
export const Note = z.object({
  id: Id,
  entity_id: Id,
  created_by: Id.nullish(),
  responsible_user_id: Id.nullish(),
  created_at: z.number().int(),
  note_type: z.string(),
  // Loose: a retraction edits the params it read and sends them all back.
  params: z
    .looseObject({
      text: z.string().nullish(),
      uniq: z.string().nullish(),
      phone: z.union([z.string(), z.number()]).transform(String).nullish(),
      call_status: z.number().int().nullish(),
      call_result: z.string().nullish(),
      duration: z.number().nullish(),
      source: z.string().nullish(),
    })
    .nullish(),
});
export type Note = z.infer<typeof Note>;
export const Notes = z.object({
  _embedded: z.object({ notes: z.array(Note) }),
  _links: z.object({ next: z.object({ href: z.string() }).optional() }).optional(),
});
