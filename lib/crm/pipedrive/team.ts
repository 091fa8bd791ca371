import type { ActivityKind } from '../../activity';
import { sinceOf } from '../tracking-start';
import { type CrmPage, type CrmResult, type CrmTeamActivity, type TeamReadRange, updatedWindow } from '../types';
import { ActivitiesAnswer, NotesAnswer, type PipedriveHttp, urlWith } from './api';
import { dueAt, type Marker, pipedriveTime, readMarker, rfc3339 } from './marker';

/**
 * The team board's reading of Pipedrive: the team's done activities and our notes dated in
 * [from, to), a page at a time. First every activity (cursor pages of API v2,
 * https://pipedrive.readme.io/docs/core-api-concepts-pagination), then notes (offset pages of v1);
 * the opaque cursor says which (`a:<cursor>`, `n:<start>`). Without `owner_id` the v2 list returns
 * every user's activities the token's user may see: a manager's token sees the team.
 *
 * v2 cannot filter activities by due date, so activities are asked updated in [from, to + grace)
 * (`updatedWindow`: a record dated in the period was written, or marked done, no earlier than its
 * date; v1 notes have no upper bound, only `updated_since`; a refresh starts both at its
 * `modifiedSince`) and kept
 * whose due date (an activity) or marked date (a note of ours) falls in the period. A record of
 * ours says its kind in its marker; anyone else's activity counts by its Pipedrive type (calls,
 * emails, meetings), and anyone else's note not at all.
 */

type Range = TeamReadRange;

/** A Pipedrive activity without our marker counts by its type; other types (task, lunch, deadline) do not. */
const PLAIN_KIND: Partial<Record<string, ActivityKind>> = { call: 'call', email: 'email', meeting: 'meeting' };
const PAGE = 500;

const ok = <T>(value: T): CrmResult<T> => ({ ok: true, value });

export function teamActivityPage(http: PipedriveHttp, range: Range, cursor?: string): Promise<CrmResult<CrmPage<CrmTeamActivity>>> {
  if (cursor === undefined || cursor.startsWith('a:')) return activitiesPage(http, range, cursor?.slice(2) || undefined);
  const start = /^n:(\d{1,9})$/.exec(cursor)?.[1];
  if (start !== undefined) return notesPage(http, range, Number(start));
  return Promise.resolve({ ok: false, error: { kind: 'rejected', message: 'Not a Pipedrive page cursor' } });
}

async function activitiesPage(http: PipedriveHttp, range: Range, cursor: string | undefined): Promise<CrmResult<CrmPage<CrmTeamActivity>>> {
  const updated = updatedWindow(range);
  const url = urlWith(http.base.v2, '/activities', {
    updated_since: rfc3339(updated.from),
    updated_until: rfc3339(updated.to),
    done: true,
    limit: PAGE,
    cursor,
  });
  const answer = await http.call('GET', url, ActivitiesAnswer);
  if (!answer.ok) return answer;
  const items: CrmTeamActivity[] = [];
  for (const activity of answer.value.data) {
    if (activity.is_deleted || activity.done === false || !activity.owner_id) continue;
    const at = dueAt(activity.due_date, activity.due_time);
    if (at === undefined || at < range.from || at >= range.to) continue;
    const marker = readMarker(activity.note);
    const kind = marker?.kind ?? PLAIN_KIND[activity.type];
    if (!kind) continue;
    items.push({
      id: `activity:${activity.id}`,
      ownerId: String(activity.owner_id),
      kind,
      occurredAt: at,
      ...markedFigures(marker),
      ...(marker ? sinceOf(activity.note) : {}),
    });
  }
  const next = answer.value.additional_data?.next_cursor;
  // After the last page of activities come the notes.
  return ok({ items, next: next ? `a:${next}` : 'n:0' });
}

async function notesPage(http: PipedriveHttp, range: Range, start: number): Promise<CrmResult<CrmPage<CrmTeamActivity>>> {
  const url = urlWith(http.base.v1, '/notes', {
    updated_since: rfc3339(updatedWindow(range).from),
    sort: 'add_time ASC',
    start,
    limit: PAGE,
  });
  const answer = await http.call('GET', url, NotesAnswer);
  if (!answer.ok) return answer;
  const items: CrmTeamActivity[] = [];
  for (const note of answer.value.data) {
    const marker = readMarker(note.content);
    // Ours say when they happened; add_time is when the note was written (only an admin may back-date it).
    const at = marker?.occurredAt ?? pipedriveTime(note.add_time);
    if (!marker || note.active_flag === false || !note.user_id || at === undefined || at < range.from || at >= range.to) continue;
    items.push({
      id: `note:${note.id}`,
      ownerId: String(note.user_id),
      kind: marker.kind,
      occurredAt: at,
      ...markedFigures(marker),
      ...sinceOf(note.content),
    });
  }
  const pagination = answer.value.additional_data?.pagination;
  const page: CrmPage<CrmTeamActivity> = { items };
  if (pagination?.more_items_in_collection) page.next = `n:${pagination.next_start ?? start + answer.value.data.length}`;
  return ok(page);
}

/** What our marker carried beyond the kind: a call's outcome, a deal's amount. */
function markedFigures(marker: Marker | undefined): Pick<CrmTeamActivity, 'outcome' | 'amount' | 'currency'> {
  if (!marker) return {};
  return {
    ...(marker.outcome ? { outcome: marker.outcome } : {}),
    ...(marker.amount !== undefined ? { amount: marker.amount } : {}),
    ...(marker.currency ? { currency: marker.currency } : {}),
  };
}
