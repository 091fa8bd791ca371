import { z } from 'zod';
import { hasMarkerOf, markerFacts, markerLines, readMarker } from '../marker';
import { sinceOf } from '../tracking-start';
import type { CrmPage, CrmRecord, CrmRecordRef, CrmResult, CrmTeamActivity, TeamReadRange } from '../types';
import { type Bitrix24Webhook, type BitrixCall, BitrixId, bitrixTime } from './rest';

/**
 * A record with no contact (a call or meeting logged by hand without a person): every crm.activity
 * and timeline comment belongs to a CRM item, so it becomes the rep's own completed task
 * (b24restdocs api-reference/tasks/tasks-task-add.md, tasks-task-list.md, tasks-task-complete.md,
 * tasks-task-delete.md; scope `task`). TITLE is our summary (always ending "· Quota Radar", the
 * documented `%` pattern filter finds our tasks by it), DESCRIPTION carries the subject where allowed
 * and our marker line, DEADLINE is when it happened (the team board's filterable date), STATUS 5
 * (completed). A retraction deletes the task.
 */

export const TASK_RECORD_TYPE = 'tasks.task';
/** REAL_STATUS / status 5: completed (tasks-task-list.md). */
const COMPLETED = '5';
/** Our summaries end with this: the TITLE pattern that finds our tasks. */
const TITLE_PATTERN = '%Quota Radar%';
/** Pages of the rep's Quota Radar tasks searched for a marker before adding one (newest first, 50 a page). */
const TASK_PAGES_SEARCHED = 4;

const TaskRow = z.object({
  id: BitrixId,
  title: z.string().nullish(),
  description: z.string().nullish(),
  responsibleId: BitrixId.nullish(),
  deadline: z.string().nullish(),
  status: BitrixId.nullish(),
});
type TaskRow = z.infer<typeof TaskRow>;
const TaskList = z.object({ tasks: z.array(TaskRow) });
const TaskAnswer = z.object({ task: TaskRow });
/** tasks.task.delete answers `{ task: true }`. */
const Deleted = z.object({ task: z.union([z.boolean(), z.literal(1), z.literal('1')]) }).transform((v) => v.task !== false);

const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

export function bitrixTasks(webhook: Bitrix24Webhook, call: BitrixCall) {
  const ref = (id: string): CrmRecordRef => ({ type: TASK_RECORD_TYPE, id });

  /** Our task for this activity among the rep's newest Quota Radar tasks, or null. */
  async function find(activityId: string): Promise<CrmResult<TaskRow | null>> {
    for (let page = 0; page < TASK_PAGES_SEARCHED; page++) {
      const found = await call(
        'tasks.task.list',
        {
          order: { ID: 'desc' },
          filter: { CREATED_BY: Number(webhook.userId), TITLE: TITLE_PATTERN },
          select: ['ID', 'TITLE', 'DESCRIPTION', 'STATUS'],
          start: page * 50,
        },
        TaskList,
      );
      if (!found.ok) return found;
      const hit = found.value.result.tasks.find((t) => hasMarkerOf(t.description, activityId));
      if (hit) return ok(hit);
      if (found.value.next === undefined) break;
    }
    return ok(null);
  }

  async function findRecord(activityId: string): Promise<CrmResult<CrmRecordRef | null>> {
    const found = await find(activityId);
    if (!found.ok) return found;
    return ok(found.value ? ref(found.value.id) : null);
  }

  /** Completes a task the add left open (an add that could not set STATUS 5, or an answer lost before the completion). */
  async function complete(task: TaskRow): Promise<CrmResult<void>> {
    if (task.status === COMPLETED) return ok(undefined);
    const done = await call('tasks.task.complete', { taskId: Number(task.id) }, TaskAnswer);
    return done.ok ? ok(undefined) : done;
  }

  async function create(record: CrmRecord): Promise<CrmResult<CrmRecordRef>> {
    const existing = await find(record.activityId);
    if (!existing.ok) return existing;
    if (existing.value) {
      const completed = await complete(existing.value);
      return completed.ok ? ok(ref(existing.value.id)) : completed;
    }
    const start = record.occurredAt;
    const end = record.endsAt ?? start + (record.durationSec ?? 0) * 1000;
    const description = [record.subject?.trim(), record.summary, markerLines(record)].filter(Boolean).join('\n');
    const added = await call(
      'tasks.task.add',
      {
        fields: {
          TITLE: record.summary,
          DESCRIPTION: description,
          RESPONSIBLE_ID: Number(webhook.userId),
          CREATED_BY: Number(webhook.userId),
          DEADLINE: bitrixTime(start),
          START_DATE_PLAN: bitrixTime(start),
          END_DATE_PLAN: bitrixTime(Math.max(end, start)),
          STATUS: Number(COMPLETED),
        },
      },
      TaskAnswer,
    );
    if (!added.ok) return added;
    const completed = await complete(added.value.result.task);
    return completed.ok ? ok(ref(added.value.result.task.id)) : completed;
  }

  async function retract(id: string): Promise<CrmResult<void>> {
    const deleted = await call('tasks.task.delete', { taskId: Number(id) }, Deleted);
    if (!deleted.ok) return deleted.error.kind === 'not_found' ? ok(undefined) : deleted;
    return ok(undefined);
  }

  function teamActivity(row: TaskRow): CrmTeamActivity | undefined {
    const marker = readMarker(row.description);
    const occurredAt = row.deadline ? Date.parse(row.deadline) : Number.NaN;
    if (!marker || !row.responsibleId || !Number.isFinite(occurredAt)) return undefined;
    return {
      id: `task:${row.id}`,
      ownerId: row.responsibleId,
      kind: marker.kind,
      occurredAt,
      ...markerFacts(marker),
      ...sinceOf(row.description),
    };
  }

  /** Completed Quota Radar tasks of every user in [from, to), a page at a time (`start` paging). */
  async function listActivities(range: TeamReadRange, start: number): Promise<CrmResult<CrmPage<CrmTeamActivity>>> {
    const got = await call(
      'tasks.task.list',
      {
        order: { ID: 'asc' },
        filter: {
          TITLE: TITLE_PATTERN,
          REAL_STATUS: Number(COMPLETED),
          '>=DEADLINE': bitrixTime(range.from),
          '<DEADLINE': bitrixTime(range.to),
          // A refresh: changed since the last read (CHANGED_DATE, tasks-task-list.md).
          ...(range.modifiedSince !== undefined ? { '>=CHANGED_DATE': bitrixTime(range.modifiedSince) } : {}),
        },
        select: ['ID', 'TITLE', 'DESCRIPTION', 'RESPONSIBLE_ID', 'DEADLINE', 'STATUS'],
        start,
      },
      TaskList,
    );
    if (!got.ok) return got;
    const items = got.value.result.tasks.flatMap((row) => teamActivity(row) ?? []);
    return ok({ items, ...(got.value.next !== undefined ? { next: String(got.value.next) } : {}) });
  }

  return { findRecord, create, retract, listActivities };
}
