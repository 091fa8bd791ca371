import { z } from 'zod';
import { E164_PATTERN } from '../../activity';
import type { BoardGap } from '../board-gaps';
import { markerFacts, readMarker } from '../marker';
import { readToEnd } from '../read-to-end';
import { sinceOf } from '../tracking-start';
import type { CrmPage, CrmPerson, CrmResult, CrmTeamActivity, CrmUser, TeamReadRange } from '../types';
import { BATCH_MAX, batchListPages, LIST_PAGE } from './batch';
import { type BitrixCall, bitrixTime } from './rest';
import { ACTIVITY_TYPE, ActivityRow, fullName, ORIGINATOR_ID, OUTGOING, UserRow } from './shapes';
import type { bitrixTasks } from './tasks';

/**
 * The team board's reading of Bitrix24: the portal's active users, then every completed CRM activity
 * of the period, then the reps' contactless tasks (tasks.ts). The activities' first page is a plain
 * crm.activity.list (its `total` says how many pages follow); the rest come 50 pages to a `batch`
 * (batch.ts: one request against the rate limit for up to 2,500 rows). Cursors: `b:<start>:<total>`
 * for a batch of activity pages, `task:<start>` for the tasks, a bare number for a plain page.
 */

const ACTIVITY_SELECT = [
  'ID',
  'TYPE_ID',
  'DIRECTION',
  'COMPLETED',
  'START_TIME',
  'RESPONSIBLE_ID',
  'ORIGINATOR_ID',
  'ORIGIN_ID',
  'DESCRIPTION',
  'COMMUNICATIONS',
];

/**
 * Not read: the sync writes messages and notes (and a contactless record the rep puts on a lead's or
 * deal's timeline) as timeline comments, and crm.timeline.comment.list lists one CRM item's timeline
 * only: ENTITY_ID and ENTITY_TYPE are its mandatory filter, no author or date filter is documented
 * (b24restdocs crm-timeline-comment-list.md; a CREATED filter is ignored: bitrix-tools/b24-rest-docs#232).
 * Reading them means one call per contact, lead and deal of the portal, 50 to a batch: a 100,000-contact
 * portal is 2,000 requests however small the team, against about 60 for 200 reps' whole month of activities.
 * So the board names them instead of counting them short without a word.
 */
export const BITRIX_BOARD_GAPS: readonly BoardGap[] = [{ id: 'bitrix24_timeline_comments', kinds: ['message', 'note'] }];

const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

function teamActivity(row: ActivityRow): CrmTeamActivity | undefined {
  const occurredAt = row.START_TIME ? Date.parse(row.START_TIME) : Number.NaN;
  if (!Number.isFinite(occurredAt) || !row.RESPONSIBLE_ID) return undefined;
  const marker = row.ORIGINATOR_ID === ORIGINATOR_ID ? readMarker(row.DESCRIPTION) : undefined;
  let kind: CrmTeamActivity['kind'] | undefined = marker?.kind;
  if (!kind) {
    // A record Bitrix24 itself or another integration wrote (telephony, the mail module): outgoing calls and e-mails, meetings.
    const outgoing = row.DIRECTION === String(OUTGOING);
    if (row.TYPE_ID === String(ACTIVITY_TYPE.call) && outgoing) kind = 'call';
    else if (row.TYPE_ID === String(ACTIVITY_TYPE.email) && outgoing) kind = 'email';
    else if (row.TYPE_ID === String(ACTIVITY_TYPE.meeting)) kind = 'meeting';
    else return undefined;
  }
  const people = (row.COMMUNICATIONS ?? []).flatMap((c): CrmPerson[] => {
    const value = c.VALUE?.trim();
    if (!value) return [];
    if (c.TYPE === 'EMAIL') return [{ email: value.toLowerCase() }];
    if (c.TYPE === 'PHONE' && E164_PATTERN.test(value)) return [{ phone: value }];
    return [];
  });
  return {
    id: row.ID,
    ownerId: row.RESPONSIBLE_ID,
    kind,
    occurredAt,
    ...markerFacts(marker),
    ...(marker ? sinceOf(row.DESCRIPTION) : {}),
    ...(people.length > 0 ? { people } : {}),
  };
}

export function bitrixTeam(call: BitrixCall, tasks: ReturnType<typeof bitrixTasks>) {
  /** Every active user, 50 a page with `start=` as user/user-get.md pages it, to the last page (read-to-end.ts: no cap, a stuck `next` is an error). */
  function listUsers(): Promise<CrmResult<CrmUser[]>> {
    return readToEnd({ what: 'user.get', position: 'start', first: 0 }, async (start) => {
      // FILTER in capitals, as user/user-get.md names the parameter.
      const got = await call('user.get', { FILTER: { ACTIVE: true }, sort: 'ID', order: 'ASC', start }, z.array(UserRow));
      if (!got.ok) return got;
      const items = got.value.result.map(
        (row): CrmUser => ({ id: row.ID, name: fullName(row, row.EMAIL ?? `#${row.ID}`), ...(row.EMAIL ? { email: row.EMAIL } : {}) }),
      );
      return ok({ items, ...(got.value.next !== undefined ? { next: got.value.next } : {}) });
    });
  }

  /** Completed ones only (a planned call or meeting is not done yet); ID order keeps `start` paging stable. */
  const activityQuery = (range: TeamReadRange) => ({
    filter: {
      '>=START_TIME': bitrixTime(range.from),
      '<START_TIME': bitrixTime(range.to),
      COMPLETED: 'Y',
      // A refresh: changed since the last read (LAST_UPDATED, crm-activity-fields.md).
      ...(range.modifiedSince !== undefined ? { '>=LAST_UPDATED': bitrixTime(range.modifiedSince) } : {}),
    },
    select: ACTIVITY_SELECT,
    order: { ID: 'ASC' },
  });

  const pageOf = (rows: readonly ActivityRow[], next: string): CrmPage<CrmTeamActivity> => ({
    items: rows.flatMap((row) => teamActivity(row) ?? []),
    next,
  });

  /** Up to 50 pages from `start` in one batch, as many as `total` says are left (at least one: the list may have grown). */
  async function batchPage(range: TeamReadRange, start: number, total: number): Promise<CrmResult<CrmPage<CrmTeamActivity>>> {
    const pages = Math.min(BATCH_MAX, Math.max(1, Math.ceil((total - start) / LIST_PAGE)));
    const starts = Array.from({ length: pages }, (_, i) => start + i * LIST_PAGE);
    const got = await batchListPages(call, 'crm.activity.list', activityQuery(range), starts, ActivityRow);
    if (!got.ok) return got;
    const { rows, next } = got.value;
    // The last page says whether the list goes on (rows added while reading included).
    return ok(pageOf(rows, next !== undefined ? `b:${next}:${Math.max(total, got.value.total ?? 0, next + 1)}` : 'task:0'));
  }

  async function listActivities(range: TeamReadRange, cursor?: string): Promise<CrmResult<CrmPage<CrmTeamActivity>>> {
    const taskCursor = cursor !== undefined ? /^task:(\d+)$/.exec(cursor) : null;
    if (taskCursor) return tasks.listActivities(range, Number(taskCursor[1]));
    const batched = cursor !== undefined ? /^b:(\d+):(\d+)$/.exec(cursor) : null;
    if (batched) return batchPage(range, Number(batched[1]), Number(batched[2]));
    const start = cursor !== undefined && /^\d+$/.test(cursor) ? Number(cursor) : 0;
    const got = await call('crm.activity.list', { ...activityQuery(range), start }, z.array(ActivityRow));
    if (!got.ok) return got;
    const { next, total } = got.value;
    return ok(pageOf(got.value.result, next === undefined ? 'task:0' : total !== undefined ? `b:${next}:${total}` : String(next)));
  }

  return { listUsers, listActivities, boardGaps: BITRIX_BOARD_GAPS };
}
