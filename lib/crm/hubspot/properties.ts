import type { CallOutcome } from '../../activity';
import { trackingStartLine } from '../tracking-start';
import type { CrmRecord } from '../types';
import { communicationChannelType, HUBSPOT_CALL_DISPOSITION } from './api';

/** What each record we write becomes in HubSpot: its object's documented properties. */

const iso = (ms: number) => new Date(ms).toISOString();

/** The record's properties per HubSpot object (each documented on its object's page). Never a message body. */
export function hubspotProperties(
  record: CrmRecord,
  now: number = Date.now(),
  dispositions: Partial<Record<CallOutcome, string>> = HUBSPOT_CALL_DISPOSITION,
): Record<string, string> {
  // The rep's tracking start rides after the kind tag, for the team board (tracking-start.ts).
  const since = trackingStartLine(record.trackingStart);
  const body = `${record.summary} (quota-radar:${record.kind})${since ? ` ${since}` : ''}`;
  const title = record.subject ?? record.summary;
  const base = { hs_timestamp: iso(record.occurredAt) };
  switch (record.recordKind) {
    case 'call': {
      const disposition = record.outcome ? dispositions[record.outcome] : undefined;
      return {
        ...base,
        hs_call_title: title,
        hs_call_body: body,
        hs_call_direction: 'OUTBOUND',
        hs_call_status: 'COMPLETED',
        ...(record.durationSec !== undefined ? { hs_call_duration: String(record.durationSec * 1000) } : {}),
        ...(disposition ? { hs_call_disposition: disposition } : {}),
      };
    }
    case 'email':
      return {
        ...base,
        hs_email_direction: 'EMAIL',
        hs_email_status: 'SENT',
        ...(record.subject ? { hs_email_subject: record.subject } : {}),
        hs_email_text: body,
      };
    case 'meeting':
      return {
        ...base,
        hs_meeting_title: title,
        hs_meeting_body: body,
        hs_meeting_start_time: iso(record.occurredAt),
        hs_meeting_end_time: iso(record.endsAt ?? record.occurredAt + 30 * 60_000),
        hs_meeting_outcome: record.occurredAt <= now ? 'COMPLETED' : 'SCHEDULED',
      };
    case 'message':
      return {
        ...base,
        hs_communication_channel_type: communicationChannelType(record.channel),
        hs_communication_logged_from: 'CRM',
        hs_communication_body: body,
      };
    case 'note':
      return { ...base, hs_note_body: record.subject ? `${record.subject}: ${body}` : body };
  }
}
