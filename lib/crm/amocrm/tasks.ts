import { z } from 'zod';
import { hasMarkerOf, isRetractedText, markerFacts, markerLines, RETRACTED_SUFFIX, readMarker } from '../marker';
import { sinceOf } from '../tracking-start';
import {
  type CrmPage,
  type CrmRecord,
  type CrmRecordRef,
  type CrmResult,
  type CrmTeamActivity,
  type TeamReadRange,
  updatedWindow,
} from '../types';
import { type AmoCall, unixSeconds } from './rest';

/**
 * A record with no contact (a call or meeting logged by hand without a person): notes need an
 * entity, tasks do not (amocrm.ru/developers/content/crm_platform/tasks-api, developers.kommo.com
 * "Add tasks": entity_id and entity_type are optional). It becomes a completed task of the token's
 * user: task_type_id 2 (meeting) for meetings, 1 (call / follow-up) for everything else, `text` our
 * summary and marker line, `complete_till` when it happened, `is_completed` true with a result.
 * Tasks cannot be deleted through the API either: a retraction appends "— retracted (Quota Radar)"
 * to the text (PATCH tasks/{id}), which the team board skips.
 */

export const TASK_RECORD_TYPE = 'tasks';
const TASK_TYPE = { call: 1, meeting: 2 } as const;
/** Pages of the user's tasks searched for our marker before adding one (newest first). */
const TASK_PAGES_SEARCHED = 4;
const TASK_PAGE = 250;

const Id = z.number().int().nonnegative().transform(String);
const Task = z.object({
  id: Id,
  responsible_user_id: Id.nullish(),
  task_type_id: z.number().int().nullish(),
  text: z.string().nullish(),
  complete_till: z.number().int().nullish(),
  is_completed: z.boolean().nullish(),
  entity_id: Id.nullish(),
});
type Task = z.infer<typeof Task>;
const Tasks = z.object({
  _embedded: z.object({ tasks: z.array(Task) }),
  _links: z.object({ next: z.object({ href: z.string() }).optional() }).optional(),
});
const Created = z.object({ _embedded: z.object({ tasks: z.array(z.object({ id: Id })).min(1) }) });

const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

const taskTypeOf = (record: Pick<CrmRecord, 'recordKind'>) => (record.recordKind === 'meeting' ? TASK_TYPE.meeting : TASK_TYPE.call);

/** `userId` answers the token's user id (GET account's current_user_id, read once). */
export function amoTasks(call: AmoCall, userId: () => Promise<CrmResult<string>>) {
  async function find(activityId: string): Promise<CrmResult<string | null>> {
    const me = await userId();
    if (!me.ok) return me;
    for (let page = 1; page <= TASK_PAGES_SEARCHED; page++) {
      const listed = await call('GET', 'tasks', Tasks, {
        query: [
          // Not filtered on is_completed: a task written open (should the API not honour it on add) is still ours.
          ['filter[responsible_user_id]', me.value],
          ['order[id]', 'desc'],
          ['limit', String(TASK_PAGE)],
          ['page', String(page)],
        ],
      });
      if (!listed.ok) return listed;
      const hit = listed.value?._embedded.tasks.find((t) => hasMarkerOf(t.text, activityId));
      if (hit) return ok(hit.id);
      if (!listed.value?._links?.next) break;
    }
    return ok(null);
  }

  async function findRecord(activityId: string): Promise<CrmResult<CrmRecordRef | null>> {
    const found = await find(activityId);
    if (!found.ok) return found;
    return ok(found.value ? { type: TASK_RECORD_TYPE, id: found.value } : null);
  }

  async function create(record: CrmRecord): Promise<CrmResult<CrmRecordRef>> {
    const existing = await find(record.activityId);
    if (!existing.ok) return existing;
    if (existing.value) return ok({ type: TASK_RECORD_TYPE, id: existing.value });
    const me = await userId();
    if (!me.ok) return me;
    const text = [record.subject?.trim(), record.summary, markerLines(record)].filter(Boolean).join('\n');
    const created = await call('POST', 'tasks', Created, {
      body: [
        {
          task_type_id: taskTypeOf(record),
          text,
          complete_till: unixSeconds(record.occurredAt),
          responsible_user_id: Number(me.value),
          is_completed: true,
          result: { text: record.summary },
          ...(record.durationSec ? { duration: record.durationSec } : {}),
          request_id: record.activityId.slice(0, 100),
        },
      ],
    });
    if (!created.ok) return created;
    const id = created.value?._embedded.tasks[0]?.id;
    return id ? ok({ type: TASK_RECORD_TYPE, id }) : { ok: false, error: { kind: 'bad_payload', message: 'tasks: no id in the answer' } };
  }

  async function retract(id: string): Promise<CrmResult<void>> {
    const got = await call('GET', `tasks/${id}`, Task);
    if (!got.ok) return got.error.kind === 'not_found' ? ok(undefined) : got;
    const text = got.value?.text ?? '';
    if (!got.value || isRetractedText(text)) return ok(undefined);
    const patched = await call('PATCH', `tasks/${id}`, z.unknown(), { body: { text: `${text}\n${RETRACTED_SUFFIX}` } });
    if (!patched.ok) return patched.error.kind === 'not_found' ? ok(undefined) : patched;
    return ok(undefined);
  }

  function teamActivity(task: Task, range: { from: number; to: number }): CrmTeamActivity | undefined {
    const marker = readMarker(task.text);
    if (!marker || isRetractedText(task.text) || !task.responsible_user_id || !task.complete_till) return undefined;
    const occurredAt = task.complete_till * 1000;
    if (occurredAt < range.from || occurredAt >= range.to) return undefined;
    return {
      id: `task:${task.id}`,
      ownerId: task.responsible_user_id,
      kind: marker.kind,
      occurredAt,
      ...markerFacts(marker),
      ...sinceOf(task.text),
    };
  }

  /** Our completed tasks of every user touched in the period (or a grace after: `updatedWindow`), kept by when they happened. */
  async function listActivities(range: TeamReadRange, page: number): Promise<CrmResult<CrmPage<CrmTeamActivity>>> {
    const got = await call('GET', 'tasks', Tasks, {
      query: [
        ['filter[is_completed]', '1'],
        ['filter[updated_at][from]', String(unixSeconds(updatedWindow(range).from))],
        ['filter[updated_at][to]', String(unixSeconds(updatedWindow(range).to))],
        ['limit', String(TASK_PAGE)],
        ['page', String(page)],
      ],
    });
    if (!got.ok) return got;
    const items = (got.value?._embedded.tasks ?? []).flatMap((t) => teamActivity(t, range) ?? []);
    return ok({ items, ...(got.value?._links?.next ? { next: `task:${page + 1}` } : {}) });
  }

  return { findRecord, create, retract, listActivities };
}
