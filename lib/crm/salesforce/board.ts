import { z } from 'zod';
import { CallOutcome } from '../../activity';
import { markerFacts, readMarker } from '../marker';
import { sinceOf } from '../tracking-start';
import type { CrmPage, CrmResult, CrmTeamActivity } from '../types';
import { queryAnswer, type SalesforceHttp, SfId } from './api';
import { queryUrl } from './soql';

/**
 * The team board's read of Salesforce: counts, not records. Calls and emails are one aggregate over
 * Task (`GROUP BY OwnerId, TaskSubtype, ActivityDate, CallDisposition`), meetings one over Event
 * (`GROUP BY OwnerId, ActivityDate`); only messages and notes (TaskSubtype Task, a handful beside
 * calls and emails) are read as records, for the kind their marker line names. Each aggregate row
 * becomes `n` records of that owner, day and kind, so the board's engine (lib/crm/team-board.ts)
 * counts them unchanged.
 *
 * An aggregate answers at most 2,000 rows and cannot be paged
 * (https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_groupby.htm):
 * a window whose answer fills the LIMIT is split in two days-halves and asked again, so nothing is
 * cut off. What aggregate rows cannot carry: the contact (a unique-people quota counts none of these
 * records) and the time of day (a record is placed at noon UTC of its ActivityDate, inside the range).
 */

export const AGGREGATE_ROWS = 2000;
const DAY = 86_400_000;

interface Cursor {
  step: 'calls_emails' | 'meetings' | 'messages';
  /** Pending windows of UTC days [first, last], inclusive, as day numbers since the epoch. */
  windows: [number, number][];
  next?: string;
}
const CursorSchema = z.object({
  step: z.enum(['calls_emails', 'meetings', 'messages']),
  windows: z.array(z.tuple([z.number().int(), z.number().int()])),
  next: z.string().startsWith('/services/data/').optional(),
});

const dayOf = (at: number) => Math.floor(at / DAY);
const dateOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

const TaskGroup = z.object({
  OwnerId: SfId,
  TaskSubtype: z.string().nullish(),
  ActivityDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  CallDisposition: z.string().nullish(),
  n: z.number().int().nonnegative(),
});
const EventGroup = z.object({ OwnerId: SfId, ActivityDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), n: z.number().int().nonnegative() });
const MessageRow = z.object({ Id: SfId, OwnerId: SfId, ActivityDate: z.string().nullish(), Description: z.string().nullish() });

/**
 * Where a record with only a date (ActivityDate) goes: noon UTC keeps the date in every zone from
 * -12 to +12, but a completed task dated today is done, so never later than now (the board counts
 * what is done by now), nor outside the range read.
 */
function placeDate(activityDate: string, range: { from: number; to: number }, now: number): number {
  const dayStart = Date.parse(`${activityDate}T00:00:00Z`);
  const at = Math.max(dayStart, Math.min(dayStart + DAY / 2, now));
  return Math.min(Math.max(at, range.from), range.to - 1);
}

/** The aggregate's row as `n` records of the board's shape, placed inside the range. */
function expand(
  row: { OwnerId: string; ActivityDate: string; n: number },
  kind: CrmTeamActivity['kind'],
  key: string,
  range: { from: number; to: number },
  now: number,
  outcome?: CallOutcome,
): CrmTeamActivity[] {
  const at = placeDate(row.ActivityDate, range, now);
  return Array.from({ length: row.n }, (_, i) => ({
    id: `agg:${key}:${row.OwnerId}:${row.ActivityDate}:${i}`,
    ownerId: row.OwnerId,
    kind,
    occurredAt: at,
    ...(outcome ? { outcome } : {}),
  }));
}

const encode = (cursor: Cursor) => JSON.stringify(cursor);

export async function teamActivityPage(
  http: SalesforceHttp,
  myDomain: string,
  ours: string,
  range: { from: number; to: number },
  now: number,
  cursorText?: string,
): Promise<CrmResult<CrmPage<CrmTeamActivity>>> {
  const all: [number, number][] = [[dayOf(range.from), dayOf(range.to - 1)]];
  let cursor: Cursor = { step: 'calls_emails', windows: all };
  if (cursorText) {
    const parsed = CursorSchema.safeParse(
      (() => {
        try {
          return JSON.parse(cursorText);
        } catch {
          return undefined;
        }
      })(),
    );
    if (!parsed.success) return { ok: false, error: { kind: 'bad_payload', message: 'not a Salesforce board cursor' } };
    cursor = parsed.data as Cursor;
  }
  const dated = (w: [number, number]) => `ActivityDate >= ${dateOf(w[0])} AND ActivityDate <= ${dateOf(w[1])}`;

  if (cursor.step === 'messages') {
    const url =
      cursor.next !== undefined
        ? `${myDomain}${cursor.next}`
        : queryUrl(
            http.data,
            'query',
            `SELECT Id, OwnerId, ActivityDate, Description FROM Task WHERE TaskSubtype = 'Task' AND Status = 'Completed' AND ${dated(all[0]!)} AND ${ours}`,
          );
    const page = await http.call('GET', url, queryAnswer(MessageRow));
    if (!page.ok) return page;
    const items: CrmTeamActivity[] = [];
    for (const row of page.value.records) {
      const marker = readMarker(row.Description);
      if (!marker || !row.ActivityDate) continue;
      const at = placeDate(row.ActivityDate, range, now);
      items.push({
        id: row.Id,
        ownerId: row.OwnerId,
        kind: marker.kind,
        occurredAt: at,
        ...markerFacts(marker),
        ...sinceOf(row.Description),
      });
    }
    const next = page.value.nextRecordsUrl;
    return { ok: true, value: { items, ...(next ? { next: encode({ step: 'messages', windows: [], next }) } : {}) } };
  }

  const window = cursor.windows[0];
  if (!window) return { ok: false, error: { kind: 'bad_payload', message: 'a Salesforce board cursor without a window' } };
  const rest = cursor.windows.slice(1);
  const isTask = cursor.step === 'calls_emails';
  const soql = isTask
    ? `SELECT OwnerId, TaskSubtype, ActivityDate, CallDisposition, COUNT(Id) n FROM Task WHERE TaskSubtype IN ('Call', 'Email') AND Status = 'Completed' AND ${dated(window)} AND ${ours} GROUP BY OwnerId, TaskSubtype, ActivityDate, CallDisposition LIMIT ${AGGREGATE_ROWS}`
    : `SELECT OwnerId, ActivityDate, COUNT(Id) n FROM Event WHERE ${dated(window)} AND ${ours} GROUP BY OwnerId, ActivityDate LIMIT ${AGGREGATE_ROWS}`;
  const items: CrmTeamActivity[] = [];
  let full: boolean;
  if (isTask) {
    const answer = await http.call('GET', queryUrl(http.data, 'query', soql), queryAnswer(TaskGroup));
    if (!answer.ok) return answer;
    full = answer.value.records.length >= AGGREGATE_ROWS;
    for (const row of answer.value.records) {
      const kind = row.TaskSubtype === 'Call' ? 'call' : 'email';
      const outcome = CallOutcome.safeParse(row.CallDisposition);
      items.push(
        ...expand(
          row,
          kind,
          `${kind}:${row.CallDisposition ?? ''}`,
          range,
          now,
          kind === 'call' && outcome.success ? outcome.data : undefined,
        ),
      );
    }
  } else {
    const answer = await http.call('GET', queryUrl(http.data, 'query', soql), queryAnswer(EventGroup));
    if (!answer.ok) return answer;
    full = answer.value.records.length >= AGGREGATE_ROWS;
    for (const row of answer.value.records) items.push(...expand(row, 'meeting', 'meeting', range, now));
  }
  if (full && window[1] > window[0]) {
    // Full: the window may hold more groups than one answer gives. Halves, asked next.
    const middle = Math.floor((window[0] + window[1]) / 2);
    const halves: [number, number][] = [
      [window[0], middle],
      [middle + 1, window[1]],
    ];
    return { ok: true, value: { items: [], next: encode({ step: cursor.step, windows: [...halves, ...rest] }) } };
  }
  const next: Cursor | undefined = rest.length
    ? { step: cursor.step, windows: rest }
    : isTask
      ? { step: 'meetings', windows: all }
      : { step: 'messages', windows: [] };
  return { ok: true, value: { items, next: encode(next) } };
}
