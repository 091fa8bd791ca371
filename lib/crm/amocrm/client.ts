import { z } from 'zod';
import { hasMarkerOf, isRetractedText, markerLines, RETRACTED_SUFFIX } from '../marker';
import type {
  CrmAccount,
  CrmCheck,
  CrmClient,
  CrmContactRef,
  CrmError,
  CrmPerson,
  CrmRecord,
  CrmRecordRef,
  CrmResult,
  CrmSend,
} from '../types';
import { BOARD_EDIT_GRACE_MS, firstFound } from '../types';
import { type AmoCall, amoCaller, unixSeconds } from './rest';
import { Account, CALL_STATUS, Contact, Contacts, Created, NOTE_PAGE, Note, Notes, User } from './schemas';
import { amoTasks, TASK_RECORD_TYPE } from './tasks';
import { amoTeam } from './team';

export { CALL_STATUS } from './schemas';

/**
 * amoCRM / Kommo (API v4; amocrm.ru/developers/content/crm_platform/…, developers.kommo.com).
 *
 * What each of our records becomes — a note on the contact, written as the official PHP client
 * (amocrm/amocrm-api-php) writes notes: EntityNotes::add posts to the entity-level
 * `POST /api/v4/contacts/notes` with `entity_id` in each note, and updateOne patches
 * `/api/v4/contacts/notes/{id}`; only reading one note goes under its contact (getOne,
 * `contacts/{id}/notes/{note}`):
 * - call → note_type `call_out` with params { uniq: our activity id, duration, source, link, phone,
 *   call_status, call_result }: amoCRM's own outgoing-call record (call_status 4 talked, 6 no
 *   answer, 1 left a message, 5 wrong number, 7 busy; as CallNote::toApi, which always sends
 *   `link`, the recording's address: null here, as CallTrait's default, since we have no recording).
 * - email, meeting, message, note → note_type `common` with our summary and marker line. A meeting
 *   that already happened is a note, not a task: amoCRM tasks (task_type_id 2 "meeting") are
 *   planned work with a deadline that nags the rep until closed, and neither notes nor tasks can be
 *   deleted through the API.
 * Idempotency: `request_id` is only echoed back, so before each create the contact's notes of that
 * type are searched for `params.uniq` (calls) or our marker (common notes). Retraction: the API
 * cannot delete a note, so the note is edited (PATCH) to end in "— retracted (Quota Radar)", which
 * the team board skips. Notes need an entity: a record with no contact (a call or meeting logged by
 * hand without a person) becomes a completed task of the token's user instead (tasks.ts).
 */

export const SOURCE = 'Quota Radar';
export const NOTE_RECORD_TYPE = 'contacts.note';
/** Pages of a contact's notes of one type searched before writing (250 a page). */
const NOTE_PAGES_SEARCHED = 4;

const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
const err = (error: CrmError): { ok: false; error: CrmError } => ({ ok: false, error });
const digits = (value: string) => value.replace(/\D/g, '');

/** Two numbers are the same line when their last ten digits agree (amoCRM keeps numbers as typed: "+7 (912) 312-32-10"). */
function samePhone(a: string, b: string): boolean {
  const x = digits(a);
  const y = digits(b);
  return x.length >= 7 && y.length >= 7 && x.slice(-10) === y.slice(-10);
}

function fieldValues(contact: z.infer<typeof Contact>, code: string): string[] {
  return (contact.custom_fields_values ?? []).filter((f) => f.field_code === code).flatMap((f) => f.values.map((v) => v.value));
}

export function createAmoClient(domain: string, token: string, send: CrmSend, now: () => number = Date.now): CrmClient {
  const call: AmoCall = amoCaller(domain, token, send, now);
  /** Phones of contacts this client matched or made: a call note names the number dialled. */
  const phoneOfContact = new Map<string, string>();
  /** The token's user (GET account), read once: contactless records are their tasks. */
  let currentUser: Promise<CrmResult<string>> | undefined;
  const userId = (): Promise<CrmResult<string>> => {
    currentUser ??= call('GET', 'account', Account).then((got): CrmResult<string> => {
      if (!got.ok) return got;
      return got.value
        ? ok(got.value.current_user_id)
        : err({ kind: 'wrong_domain', message: `${domain} does not answer as an amoCRM account` });
    });
    // A failure is not remembered: the next attempt asks again.
    return currentUser.then((r) => {
      if (!r.ok) currentUser = undefined;
      return r;
    });
  };
  const tasks = amoTasks(call, userId);

  async function test(): Promise<CrmResult<CrmAccount>> {
    const account = await call('GET', 'account', Account);
    if (!account.ok) {
      const e = account.error;
      if (e.kind === 'bad_payload' || e.kind === 'not_found') {
        return err({ kind: 'wrong_domain', message: `${domain} does not answer as an amoCRM account (${e.message})` });
      }
      if (e.kind === 'network')
        return err({ ...e, message: `could not reach ${domain}: check the account domain and the network (${e.message})` });
      return account;
    }
    if (!account.value) return err({ kind: 'wrong_domain', message: `${domain} does not answer as an amoCRM account` });
    const { name, current_user_id: userId } = account.value;
    const user = await call('GET', `users/${userId}`, User);
    // Reading users may need admin rights: the connection still works without a name.
    if (!user.ok && user.error.kind !== 'rejected' && user.error.kind !== 'not_found') return user;
    const userName = (user.ok && user.value?.name) || `#${userId}`;
    // Reads only, before the first write: contacts (matching), notes (the duplicate guard, the board), tasks.
    const checks: CrmCheck[] = [{ what: 'owner', ok: user.ok, words: user.ok ? 'amoUser' : 'amoUserUnnamed', subs: [userName] }];
    for (const [what, path] of [
      ['contacts', 'contacts'],
      ['notes', 'contacts/notes'],
      ['tasks', 'tasks'],
    ] as const) {
      const read = await call('GET', path, z.unknown(), { query: [['limit', '1']] });
      checks.push(read.ok ? { what, ok: true, words: 'readable' } : { what, ok: false, words: 'unreadable', subs: [read.error.message] });
    }
    return ok({ account: name || domain, userId, userName, checks });
  }

  async function search(query: string, matches: (contact: z.infer<typeof Contact>) => boolean): Promise<CrmResult<CrmContactRef | null>> {
    const found = await call('GET', 'contacts', Contacts, {
      query: [
        ['query', query],
        ['limit', '50'],
      ],
    });
    if (!found.ok) return found;
    // `query` matches any field by substring: only an exact value counts.
    const contact = (found.value?._embedded.contacts ?? []).filter(matches).sort((a, b) => Number(a.id) - Number(b.id))[0];
    if (!contact) return ok(null);
    const phone = fieldValues(contact, 'PHONE')[0];
    if (phone) phoneOfContact.set(contact.id, phone);
    const companyId = contact._embedded?.companies?.[0]?.id;
    return ok({ id: contact.id, ...(companyId ? { companyId } : {}) });
  }

  async function findContact(person: CrmPerson): Promise<CrmResult<CrmContactRef | null>> {
    const lookups: (() => Promise<CrmResult<CrmContactRef | null>>)[] = [];
    const email = person.email?.toLowerCase();
    if (email) lookups.push(() => search(email, (c) => fieldValues(c, 'EMAIL').some((v) => v.trim().toLowerCase() === email)));
    const phone = person.phone;
    if (phone) lookups.push(() => search(digits(phone), (c) => fieldValues(c, 'PHONE').some((v) => samePhone(v, phone))));
    for (const web of [person.linkedin, person.vkId ? `https://vk.com/id${person.vkId}` : undefined]) {
      if (web)
        lookups.push(() => search(web, (c) => (c.custom_fields_values ?? []).some((f) => f.values.some((v) => v.value.trim() === web))));
    }
    return firstFound(lookups);
  }

  async function createContact(person: CrmPerson): Promise<CrmResult<CrmContactRef>> {
    const fields = [
      ...(person.email ? [{ field_code: 'EMAIL', values: [{ value: person.email, enum_code: 'WORK' }] }] : []),
      ...(person.phone ? [{ field_code: 'PHONE', values: [{ value: person.phone, enum_code: 'WORK' }] }] : []),
    ];
    const name =
      person.name ??
      person.email ??
      person.phone ??
      person.linkedin ??
      (person.vkId ? `https://vk.com/id${person.vkId}` : 'Quota Radar contact');
    const created = await call('POST', 'contacts', Created('contacts'), {
      body: [{ name, ...(fields.length > 0 ? { custom_fields_values: fields } : {}) }],
    });
    if (!created.ok) return created;
    const id = created.value?._embedded.contacts?.[0]?.id;
    if (!id) return err({ kind: 'bad_payload', message: 'contacts: no id in the answer' });
    if (person.phone) phoneOfContact.set(id, person.phone);
    return ok({ id });
  }

  type NoteType = 'call_out' | 'common';
  /** A note's ref names its contact: amoCRM addresses one note as contacts/{contact}/notes/{note}. */
  const noteRef = (contactId: string, noteId: string): CrmRecordRef => ({ type: NOTE_RECORD_TYPE, id: `contact:${contactId}:${noteId}` });
  const isOurs = (note: Note, activityId: string) =>
    note.note_type === 'call_out' ? note.params?.uniq === activityId : hasMarkerOf(note.params?.text, activityId);

  async function noteOn(contactId: string, activityId: string, type: NoteType): Promise<CrmResult<string | null>> {
    for (let page = 1; page <= NOTE_PAGES_SEARCHED; page++) {
      const listed = await call('GET', `contacts/${contactId}/notes`, Notes, {
        query: [
          ['filter[note_type][]', type],
          ['limit', String(NOTE_PAGE)],
          ['page', String(page)],
        ],
      });
      if (!listed.ok) return listed;
      const hit = listed.value?._embedded.notes.find((n) => isOurs(n, activityId));
      if (hit) return ok(hit.id);
      if (!listed.value?._links?.next) break;
    }
    return ok(null);
  }

  async function findRecord(activityId: string): Promise<CrmResult<CrmRecordRef | null>> {
    // Notes are searched per contact (the account-wide list cannot filter by text or uniq): createRecord does it.
    // A contactless record is the user's task, which can be searched here.
    return tasks.findRecord(activityId);
  }

  async function phoneFor(contactId: string): Promise<CrmResult<string>> {
    const known = phoneOfContact.get(contactId);
    if (known) return ok(known);
    const got = await call('GET', `contacts/${contactId}`, Contact);
    if (!got.ok) return got;
    const phone = got.value ? (fieldValues(got.value, 'PHONE')[0] ?? '') : '';
    if (phone) phoneOfContact.set(contactId, phone);
    return ok(phone);
  }

  async function createRecord(record: CrmRecord, contacts: readonly CrmContactRef[]): Promise<CrmResult<CrmRecordRef>> {
    const contact = contacts[0];
    if (!contact) return tasks.create(record);
    // A call note names the number dialled (amoCRM requires `phone`); a contact without one gets a common note, which
    // still counts as a call on the team board through its marker. The choice depends only on the contact, so a retry
    // searches the same type.
    let phone = '';
    if (record.recordKind === 'call') {
      const known = await phoneFor(contact.id);
      if (!known.ok) return known;
      phone = known.value;
    }
    const type: NoteType = record.recordKind === 'call' && phone ? 'call_out' : 'common';
    const existing = await noteOn(contact.id, record.activityId, type);
    if (!existing.ok) return existing;
    if (existing.value) return ok(noteRef(contact.id, existing.value));
    const text = `${record.summary}\n${markerLines(record)}`;
    const params: Record<string, unknown> =
      type === 'call_out'
        ? {
            uniq: record.activityId,
            duration: record.durationSec ?? 0,
            source: SOURCE,
            link: null,
            phone,
            ...(record.outcome ? { call_status: CALL_STATUS[record.outcome] } : {}),
            call_result: text,
          }
        : { text: record.subject ? `${record.subject}\n${text}` : text };
    const created = await call('POST', 'contacts/notes', Created('notes'), {
      body: [
        {
          entity_id: Number(contact.id),
          note_type: type,
          params,
          created_at: unixSeconds(record.occurredAt),
          request_id: record.activityId.slice(0, 100),
        },
      ],
    });
    if (!created.ok) return created;
    const id = created.value?._embedded.notes?.[0]?.id;
    return id ? ok(noteRef(contact.id, id)) : err({ kind: 'bad_payload', message: 'notes: no id in the answer' });
  }

  async function retractRecord(ref: CrmRecordRef): Promise<CrmResult<void>> {
    if (ref.type === TASK_RECORD_TYPE && /^\d+$/.test(ref.id)) return tasks.retract(ref.id);
    const match = ref.type === NOTE_RECORD_TYPE ? /^contact:(\d+):(\d+)$/.exec(ref.id) : null;
    if (!match) return err({ kind: 'rejected', message: `not an amoCRM note this client wrote: ${ref.type} ${ref.id}` });
    // One note is addressed under its entity, as the official client does (EntityNotes getOne/updateOne).
    const path = `contacts/${match[1]}/notes/${match[2]}`;
    const got = await call('GET', path, Note);
    if (!got.ok) return got.error.kind === 'not_found' ? ok(undefined) : got;
    const note = got.value;
    if (!note) return ok(undefined);
    const field = note.note_type === 'call_out' ? 'call_result' : 'text';
    const current = (field === 'text' ? note.params?.text : note.params?.call_result) ?? '';
    if (isRetractedText(current)) return ok(undefined);
    const params = { ...(note.params ?? {}), [field]: `${current}\n${RETRACTED_SUFFIX}` };
    const patched = await call('PATCH', `contacts/notes/${match[2]}`, z.unknown(), {
      body: { entity_id: Number(match[1]), note_type: note.note_type, params },
    });
    if (!patched.ok) return patched.error.kind === 'not_found' ? ok(undefined) : patched;
    return ok(undefined);
  }

  const { listUsers, listActivities } = amoTeam(call, tasks);

  return {
    crm: 'amocrm',
    test,
    findContact,
    createContact,
    findRecord,
    createRecord,
    retractRecord,
    listUsers,
    listActivities,
    readsModifiedSince: true,
    boardUpdatedWithinMs: BOARD_EDIT_GRACE_MS,
  };
}
