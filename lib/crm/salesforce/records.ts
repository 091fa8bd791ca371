import { markerLines } from '../marker';
import type { CrmRecord } from '../types';

/**
 * A record as a Salesforce Task or Event (field reference:
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_task.htm,
 * .../sforce_api_objects_event.htm; the names and picklist values we send are kept in
 * tests/unit/contracts/salesforce/). Calls, emails and messages are completed Tasks (TaskSubtype
 * Call, Email, Task); meetings are Events. The text is ours: the summary line (in the connection's
 * language, composed by the sync) and the marker line the board and a second browser read back.
 */

export const SUBJECT_MAX = 255;
const MEETING_DEFAULT_MS = 30 * 60_000;

/** Where our id goes when the org has no external-id field: the end of the Subject, which SOQL can filter (Description cannot be). */
export const subjectMarker = (activityId: string) => `[qr:${activityId}]`;
/** The board's and the finder's filter for records that carry a subject marker. */
export const SUBJECT_MARKER_PREFIX = '[qr:';

export type SObjectName = 'Task' | 'Event';

export const sobjectOf = (record: Pick<CrmRecord, 'recordKind'>): SObjectName => (record.recordKind === 'meeting' ? 'Event' : 'Task');

const TASK_SUBTYPE = { call: 'Call', email: 'Email', message: 'Task', note: 'Task' } as const;

/** The record's Subject: the rep's subject when allowed, else our summary; the marker after it when there is no external-id field. */
export function subjectOf(record: CrmRecord, withMarker: boolean): string {
  const text = (record.subject?.trim() || record.summary).replace(/\s+/g, ' ');
  if (!withMarker) return text.slice(0, SUBJECT_MAX);
  const marker = subjectMarker(record.activityId);
  return `${text.slice(0, SUBJECT_MAX - marker.length - 1)} ${marker}`;
}

/** The fields of the Task or Event (never the external-id field itself: an upsert names it in the URL). */
export function sobjectFields(record: CrmRecord, p: { ownerId: string; whoId?: string; withMarker: boolean }): Record<string, unknown> {
  const description = `${record.summary}\n${markerLines(record)}`;
  const common = {
    Subject: subjectOf(record, p.withMarker),
    Description: description,
    OwnerId: p.ownerId,
    ...(p.whoId ? { WhoId: p.whoId } : {}),
  };
  if (record.recordKind === 'meeting') {
    const end = Math.max(record.endsAt ?? record.occurredAt + MEETING_DEFAULT_MS, record.occurredAt + 60_000);
    return { ...common, StartDateTime: new Date(record.occurredAt).toISOString(), EndDateTime: new Date(end).toISOString() };
  }
  return {
    ...common,
    TaskSubtype: TASK_SUBTYPE[record.recordKind],
    Status: 'Completed',
    // The UTC day: Salesforce keeps ActivityDate at midnight UTC and asks not to shift it by time zone.
    ActivityDate: new Date(record.occurredAt).toISOString().slice(0, 10),
    ...(record.recordKind === 'call'
      ? {
          CallType: 'Outbound',
          ...(record.durationSec !== undefined ? { CallDurationInSeconds: Math.max(0, Math.round(record.durationSec)) } : {}),
          ...(record.outcome ? { CallDisposition: record.outcome } : {}),
        }
      : {}),
  };
}
