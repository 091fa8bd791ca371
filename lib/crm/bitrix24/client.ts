// Over 300 lines: the sync's six CrmClient methods over one caller with their schemas; the board's reading is team.ts,
// the shared rows shapes.ts. Splitting contacts and records out is the next step (issue 23).
import { z } from 'zod';
import { hasMarkerOf, markerLines } from '../marker';
import type {
  CrmAccount,
  CrmCheck,
  CrmClient,
  CrmContactRef,
  CrmError,
  CrmPerson,
  CrmRecord,
  CrmRecordKind,
  CrmRecordRef,
  CrmResult,
  CrmSend,
  CrmWriteOptions,
} from '../types';
import { firstFound } from '../types';
import { type Bitrix24Webhook, type BitrixCall, BitrixId, bitrixCaller, bitrixTime } from './rest';
import { ACTIVITY_TYPE, ActivityRow, fullName, ORIGINATOR_ID, OUTGOING } from './shapes';
import { bitrixTasks, TASK_RECORD_TYPE } from './tasks';
import { bitrixTeam } from './team';

export { ORIGINATOR_ID } from './shapes';

/**
 * Bitrix24 through an incoming webhook (b24restdocs: local-integrations/local-webhooks, api-reference/crm/…).
 *
 * What each of our records becomes:
 * - call → crm.activity.add TYPE_ID 2 (call), DIRECTION 2 (outgoing), COMPLETED Y, START/END_TIME.
 * - email → crm.activity.add TYPE_ID 4, DIRECTION 2, **COMPLETED N**, then crm.activity.update COMPLETED Y.
 *   Bitrix24 *sends* an e-mail when one add carries TYPE_ID 4 + DIRECTION 2 + COMPLETED Y together
 *   (tutorials "How to send an e-mail to a client", crm-activity-add.md "Usage scenarios": "if the
 *   email should not be sent, set DIRECTION=2 and COMPLETED='N'… then update with the completion
 *   flag"). Our e-mails were already sent from the rep's mailbox: a second copy must never go out.
 * - meeting → crm.activity.add TYPE_ID 1, COMPLETED Y, START_TIME/END_TIME.
 * - message, note → crm.timeline.comment.add on the contact: crm.activity.add accepts only types 1, 2,
 *   4 and 6, and 6 (a provider's activity) needs an application context a webhook does not have;
 *   crm.activity.todo.add makes a *planned* to-do with reminders, which a sent message is not.
 * Activities carry ORIGINATOR_ID "quota-radar" and ORIGIN_ID = our activity id (the documented
 * external-source fields), searched with crm.activity.list before each create; comments carry our
 * marker line, searched on the contact's timeline. Every record also carries the marker (kind,
 * channel, outcome) in its text, which the team board reads back.
 * A record with no contact (a call logged by hand without a person, a recipient the CRM does not know)
 * becomes the rep's own completed task (tasks.ts): the one Bitrix24 record a webhook can write without
 * a CRM owner; or, where the rep chose a lead or deal for them (settings `unlinkedTo`), a comment on
 * that lead's or deal's timeline, so that the rep's task list is not flooded.
 */

const CONTACT_TYPE_ID = 3;
/** crm.enum.ownertype: the CRM items a timeline comment can belong to. */
const OWNER_TYPE_ID = { lead: 1, deal: 2, contact: CONTACT_TYPE_ID } as const;
type TimelineOwner = { entity: keyof typeof OWNER_TYPE_ID; id: string };
const PLAIN_TEXT = 1;
/** Meetings without an end last half an hour (the contract's default). */
const DEFAULT_MEETING_MS = 30 * 60_000;
/** Pages of a contact's comments searched for our marker before adding one (newest first, 50 a page). */
const COMMENT_PAGES_SEARCHED = 4;

export const RECORD_TYPE = { activity: 'crm.activity', comment: 'crm.timeline.comment' } as const;

const Profile = z.object({ ID: BitrixId, NAME: z.string().nullish(), LAST_NAME: z.string().nullish() });
const Scopes = z.array(z.string());
// An empty result is PHP's empty array `[]`; otherwise an object keyed by entity type.
const Duplicates = z.union([
  z.array(z.never()).transform(() => ({}) as { CONTACT?: string[] }),
  z.object({ CONTACT: z.array(BitrixId).optional() }),
]);
const ContactRow = z.object({ ID: BitrixId, COMPANY_ID: BitrixId.nullish() });
/** crm.item.get / crm.item.add answer `{ item: { id, companyId, … } }` (crm/universal/crm-item-get.md). */
const ItemAnswer = z.object({ item: z.object({ id: BitrixId, companyId: BitrixId.nullish() }) });
const CommentRow = z.object({ ID: BitrixId, COMMENT: z.string().nullish() });
const NewId = BitrixId;
/** update/delete answer `true`, or `false` when Bitrix24 did nothing (their pages: "otherwise — false"). */
const Done = z.union([z.boolean(), z.literal(1), z.literal('1')]).transform((v) => v !== false);
const notDone = (method: string): { ok: false; error: CrmError } =>
  err({ kind: 'rejected', message: `${method} answered false: Bitrix24 did not apply it` });

const err = (error: CrmError): { ok: false; error: CrmError } => ({ ok: false, error });
const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

const companyOf = (id: string | null | undefined): string | undefined => (id && id !== '0' ? id : undefined);

export function createBitrix24Client(webhook: Bitrix24Webhook, send: CrmSend, now: () => number = Date.now): CrmClient {
  const call: BitrixCall = bitrixCaller(webhook, send, now);
  const tasks = bitrixTasks(webhook, call);
  const team = bitrixTeam(call, tasks);

  async function test(): Promise<CrmResult<CrmAccount>> {
    const profile = await call('profile', {}, Profile);
    if (!profile.ok) {
      if (profile.error.kind === 'bad_payload' || (profile.error.kind === 'rejected' && profile.error.status === 404)) {
        return err({ kind: 'wrong_domain', message: `${webhook.portal} does not answer as a Bitrix24 portal (${profile.error.message})` });
      }
      if (profile.error.kind === 'network') {
        return err({
          ...profile.error,
          message: `could not reach ${webhook.portal}: check the portal address and the network (${profile.error.message})`,
        });
      }
      return profile;
    }
    const scopes = await call('scope', {}, Scopes);
    if (!scopes.ok) return scopes;
    const granted = new Set(scopes.value.result);
    const missing = [
      granted.has('crm') ? undefined : 'crm',
      ['user', 'user_basic', 'user_brief'].some((s) => granted.has(s)) ? undefined : 'user',
      // Calls and meetings logged without a person become the rep's tasks.
      granted.has('task') ? undefined : 'task',
    ].filter((s): s is string => s !== undefined);
    if (missing.length > 0) {
      return err({
        kind: 'missing_scope',
        message: `the webhook needs the permission${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      });
    }
    const me = profile.value.result;
    const name = fullName(me, `#${me.ID}`);
    const checks: CrmCheck[] = [
      { what: 'owner', ok: true, words: 'bitrixUser', subs: [name] },
      { what: 'scopes', ok: true, words: 'bitrixScopes', subs: [[...granted].sort().join(', ')] },
      // Reads only: whether the webhook's user may see contacts and activities (a 403 INVALID_CREDENTIALS says not).
      await probe('contacts', 'crm.item.list', { entityTypeId: CONTACT_TYPE_ID, select: ['id'], order: { id: 'ASC' } }),
      await probe('activities', 'crm.activity.list', { filter: { ORIGINATOR_ID }, select: ['ID'], order: { ID: 'ASC' } }),
    ];
    return ok({ account: webhook.portal, userId: me.ID, userName: name, checks });
  }

  async function probe(what: string, method: string, params: Record<string, unknown>): Promise<CrmCheck> {
    const read = await call(method, params, z.unknown());
    if (read.ok) return { what, ok: true, words: 'readable' };
    return { what, ok: false, words: read.error.kind === 'user_permission' ? 'userLacksRight' : 'unreadable', subs: [read.error.message] };
  }

  async function contactById(id: string): Promise<CrmResult<CrmContactRef>> {
    // crm.item.get, not the deprecated crm.contact.get (crm/contacts/crm-contact-get.md: "development halted").
    const got = await call('crm.item.get', { entityTypeId: CONTACT_TYPE_ID, id: Number(id) }, ItemAnswer);
    if (!got.ok) return got;
    const { item } = got.value.result;
    const companyId = companyOf(item.companyId);
    return ok({ id: item.id, ...(companyId ? { companyId } : {}) });
  }

  async function findByComm(type: 'EMAIL' | 'PHONE', value: string): Promise<CrmResult<CrmContactRef | null>> {
    const found = await call('crm.duplicate.findbycomm', { entity_type: 'CONTACT', type, values: [value] }, Duplicates);
    if (!found.ok) return found;
    const ids = (found.value.result.CONTACT ?? []).map(Number).sort((a, b) => a - b);
    // The oldest contact: the one a team most likely works with when duplicates exist.
    return ids.length > 0 ? contactById(String(ids[0])) : ok(null);
  }

  async function findByWeb(url: string): Promise<CrmResult<CrmContactRef | null>> {
    // Still crm.contact.list (deprecated): crm.item.list cannot filter on multi-fields — "the fm field is
    // not a CRM object field" (api-reference/crm/universal/crm-item-list.md) — and a profile URL is a WEB multi-field.
    const found = await call(
      'crm.contact.list',
      { filter: { WEB: url }, select: ['ID', 'COMPANY_ID'], order: { ID: 'ASC' } },
      z.array(ContactRow),
    );
    if (!found.ok) return found;
    const first = found.value.result[0];
    if (!first) return ok(null);
    const companyId = companyOf(first.COMPANY_ID);
    return ok({ id: first.ID, ...(companyId ? { companyId } : {}) });
  }

  const vkUrl = (vkId: string) => `https://vk.com/id${vkId}`;

  async function findContact(person: CrmPerson): Promise<CrmResult<CrmContactRef | null>> {
    const lookups: (() => Promise<CrmResult<CrmContactRef | null>>)[] = [];
    if (person.email) lookups.push(() => findByComm('EMAIL', person.email!.toLowerCase()));
    if (person.phone) lookups.push(() => findByComm('PHONE', person.phone!));
    if (person.linkedin) lookups.push(() => findByWeb(person.linkedin!));
    if (person.vkId) lookups.push(() => findByWeb(vkUrl(person.vkId!)));
    return firstFound(lookups);
  }

  async function createContact(person: CrmPerson): Promise<CrmResult<CrmContactRef>> {
    // crm.item.add with entityTypeId 3, not the deprecated crm.contact.add; multi-fields go in `fm`
    // ({ typeId, valueType, value }: crm/universal/crm-item-add.md, crm/data-types.md#crm_multifield).
    const fm = [
      ...(person.email ? [{ typeId: 'EMAIL', valueType: 'WORK', value: person.email }] : []),
      ...(person.phone ? [{ typeId: 'PHONE', valueType: 'WORK', value: person.phone }] : []),
      ...(person.linkedin ? [{ typeId: 'WEB', valueType: 'OTHER', value: person.linkedin }] : []),
      ...(person.vkId ? [{ typeId: 'WEB', valueType: 'VK', value: vkUrl(person.vkId) }] : []),
    ];
    const fields: Record<string, unknown> = {
      // Without a name Bitrix24 lists the contact as "Untitled": the identifier we match on is clearer.
      name: person.name ?? person.email ?? person.phone ?? person.linkedin ?? (person.vkId ? vkUrl(person.vkId) : 'Quota Radar contact'),
      sourceDescription: 'Quota Radar',
      ...(fm.length > 0 ? { fm } : {}),
    };
    const added = await call('crm.item.add', { entityTypeId: CONTACT_TYPE_ID, fields }, ItemAnswer);
    return added.ok ? ok({ id: added.value.result.item.id }) : added;
  }

  async function activityOf(activityId: string): Promise<CrmResult<z.infer<typeof ActivityRow> | null>> {
    const found = await call(
      'crm.activity.list',
      { filter: { ORIGINATOR_ID, ORIGIN_ID: activityId }, select: ['ID', 'TYPE_ID', 'COMPLETED', 'ORIGIN_ID'], order: { ID: 'ASC' } },
      z.array(ActivityRow),
    );
    if (!found.ok) return found;
    return ok(found.value.result.find((row) => row.ORIGIN_ID === activityId) ?? null);
  }

  async function commentOf(owner: TimelineOwner, activityId: string): Promise<CrmResult<string | null>> {
    for (let page = 0; page < COMMENT_PAGES_SEARCHED; page++) {
      const found = await call(
        'crm.timeline.comment.list',
        {
          filter: { ENTITY_ID: Number(owner.id), ENTITY_TYPE: owner.entity },
          select: ['ID', 'COMMENT'],
          order: { ID: 'DESC' },
          start: page * 50,
        },
        z.array(CommentRow),
      );
      if (!found.ok) return found;
      const hit = found.value.result.find((row) => hasMarkerOf(row.COMMENT, activityId));
      if (hit) return ok(hit.ID);
      if (found.value.next === undefined) break;
    }
    return ok(null);
  }

  const isActivityKind = (kind: CrmRecordKind): kind is keyof typeof ACTIVITY_TYPE => kind in ACTIVITY_TYPE;
  const commentRef = (owner: TimelineOwner, commentId: string): CrmRecordRef => ({
    type: RECORD_TYPE.comment,
    id: `${owner.entity}:${owner.id}:${commentId}`,
  });

  async function findRecord(activityId: string, recordKind: CrmRecordKind): Promise<CrmResult<CrmRecordRef | null>> {
    // Comments can only be listed per contact (crm.timeline.comment.list requires ENTITY_ID): createRecord searches them itself.
    if (isActivityKind(recordKind)) {
      const found = await activityOf(activityId);
      if (!found.ok) return found;
      if (found.value) return ok({ type: RECORD_TYPE.activity, id: found.value.ID });
    }
    // A record written with no contact is the rep's task.
    return tasks.findRecord(activityId);
  }

  /** Marks a logged e-mail completed: the update never sends (only an add with COMPLETED Y does). */
  async function completeEmail(id: string): Promise<CrmResult<void>> {
    const updated = await call('crm.activity.update', { id: Number(id), fields: { COMPLETED: 'Y' } }, Done);
    if (!updated.ok) return updated;
    return updated.value.result ? ok(undefined) : notDone('crm.activity.update');
  }

  function text(record: CrmRecord): string {
    return `${record.summary}\n${markerLines(record)}`;
  }

  async function createActivity(
    record: CrmRecord & { recordKind: keyof typeof ACTIVITY_TYPE },
    contact: CrmContactRef,
  ): Promise<CrmResult<CrmRecordRef>> {
    const existing = await activityOf(record.activityId);
    if (!existing.ok) return existing;
    if (existing.value) {
      // A lost answer or a second browser: the record is there; finish an e-mail left uncompleted.
      if (record.recordKind === 'email' && existing.value.COMPLETED !== 'Y') {
        const completed = await completeEmail(existing.value.ID);
        if (!completed.ok) return completed;
      }
      return ok({ type: RECORD_TYPE.activity, id: existing.value.ID });
    }
    const start = record.occurredAt;
    const end =
      record.recordKind === 'meeting'
        ? (record.endsAt ?? start + DEFAULT_MEETING_MS)
        : record.recordKind === 'call'
          ? start + (record.durationSec ?? 0) * 1000
          : start;
    const fields: Record<string, unknown> = {
      OWNER_TYPE_ID: CONTACT_TYPE_ID,
      OWNER_ID: Number(contact.id),
      TYPE_ID: ACTIVITY_TYPE[record.recordKind],
      SUBJECT: record.subject?.trim() || record.summary,
      DESCRIPTION: text(record),
      DESCRIPTION_TYPE: PLAIN_TEXT,
      COMPLETED: record.recordKind === 'email' ? 'N' : 'Y',
      START_TIME: bitrixTime(start),
      END_TIME: bitrixTime(end),
      RESPONSIBLE_ID: Number(webhook.userId),
      COMMUNICATIONS: [{ ENTITY_ID: Number(contact.id), ENTITY_TYPE_ID: CONTACT_TYPE_ID }],
      ORIGINATOR_ID,
      ORIGIN_ID: record.activityId,
      ...(record.recordKind === 'meeting' ? {} : { DIRECTION: OUTGOING }),
    };
    const added = await call('crm.activity.add', { fields }, NewId);
    if (!added.ok) return added;
    if (record.recordKind === 'email') {
      const completed = await completeEmail(added.value.result);
      if (!completed.ok) return completed;
    }
    return ok({ type: RECORD_TYPE.activity, id: added.value.result });
  }

  async function createComment(record: CrmRecord, owner: TimelineOwner): Promise<CrmResult<CrmRecordRef>> {
    const existing = await commentOf(owner, record.activityId);
    if (!existing.ok) return existing;
    if (existing.value) return ok(commentRef(owner, existing.value));
    const added = await call(
      'crm.timeline.comment.add',
      { fields: { ENTITY_ID: Number(owner.id), ENTITY_TYPE: owner.entity, COMMENT: text(record), AUTHOR_ID: Number(webhook.userId) } },
      NewId,
    );
    return added.ok ? ok(commentRef(owner, added.value.result)) : added;
  }

  /** A record with no contact: on the chosen lead's or deal's timeline, else the rep's own completed task. */
  function createUnlinked(record: CrmRecord, options: CrmWriteOptions | undefined): Promise<CrmResult<CrmRecordRef>> {
    const target = options?.unlinkedTo;
    return target ? createComment(record, { entity: target.entity, id: target.id }) : tasks.create(record);
  }

  async function createRecord(
    record: CrmRecord,
    contacts: readonly CrmContactRef[],
    options?: CrmWriteOptions,
  ): Promise<CrmResult<CrmRecordRef>> {
    const contact = contacts[0];
    // Every Bitrix24 activity and comment belongs to a CRM item.
    if (!contact) return createUnlinked(record, options);
    const { recordKind } = record;
    return isActivityKind(recordKind)
      ? createActivity({ ...record, recordKind }, contact)
      : createComment(record, { entity: 'contact', id: contact.id });
  }

  async function retractRecord(ref: CrmRecordRef): Promise<CrmResult<void>> {
    if (ref.type === TASK_RECORD_TYPE && /^\d+$/.test(ref.id)) return tasks.retract(ref.id);
    let deleted: CrmResult<{ result: boolean | null }>;
    if (ref.type === RECORD_TYPE.activity && /^\d+$/.test(ref.id)) {
      deleted = await call('crm.activity.delete', { id: Number(ref.id) }, Done);
    } else {
      const match = ref.type === RECORD_TYPE.comment ? /^(contact|lead|deal):(\d+):(\d+)$/.exec(ref.id) : null;
      if (!match) return err({ kind: 'rejected', message: `not a Bitrix24 record this client wrote: ${ref.type} ${ref.id}` });
      // Answers `result: null` (crm-timeline-comment-delete.md); a failure comes as an error.
      deleted = await call(
        'crm.timeline.comment.delete',
        { id: Number(match[3]), ownerTypeId: OWNER_TYPE_ID[match[1] as TimelineOwner['entity']], ownerId: Number(match[2]) },
        z.null(),
      );
    }
    if (!deleted.ok) return deleted.error.kind === 'not_found' ? ok(undefined) : deleted;
    return deleted.value.result === false ? notDone('crm.activity.delete') : ok(undefined);
  }

  return {
    crm: 'bitrix24',
    test,
    findContact,
    createContact,
    findRecord,
    createRecord,
    retractRecord,
    listUsers: team.listUsers,
    listActivities: team.listActivities,
    readsModifiedSince: true,
    boardGaps: team.boardGaps,
  };
}
