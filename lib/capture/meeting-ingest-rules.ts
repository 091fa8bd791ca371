import type { Activity } from '../activity';

/**
 * Cross-source meetings' rule in the ingest plan: the same meeting seen twice (booked in Calendly,
 * sent from Outlook) counts once, by its cross-source key (detection.ids.meeting, which holds the
 * start to the minute). A booking service's record wins over a page's (it also sees cancellations).
 */

type MeetingFacts = Pick<Activity, 'kind' | 'occurredAt' | 'dedupeKey' | 'detection'>;

/** The stored meetings the rule needs to see: those starting in the same minute. */
export function meetingTwinReads(meeting: MeetingFacts): { kind: 'meeting'; start: number; end: number } | undefined {
  if (meeting.kind !== 'meeting' || meeting.detection.ids?.meeting === undefined) return undefined;
  return { kind: 'meeting', start: meeting.occurredAt - 60_000, end: meeting.occurredAt + 60_001 };
}

/** Live meetings of other sources with the same cross-source key. */
export function liveMeetingTwins(meeting: MeetingFacts, stored: readonly Activity[]): Activity[] {
  const key = meeting.detection.ids?.meeting;
  if (!meetingTwinReads(meeting)) return [];
  return stored.filter(
    (a) =>
      a.kind === 'meeting' &&
      Math.abs(a.occurredAt - meeting.occurredAt) <= 60_000 &&
      a.status !== 'retracted' &&
      a.dedupeKey !== meeting.dedupeKey &&
      a.detection.ids?.meeting === key,
  );
}

/**
 * What a new meeting does to its twins: `skip` it (a page's meeting, or a twin from a booking
 * service already counts), and which page twins a booking service's meeting retracts.
 */
export function meetingTwinDecision(meeting: MeetingFacts, twins: readonly Activity[]): { skip: boolean; retract: Activity[] } {
  if (twins.length === 0) return { skip: false, retract: [] };
  if (meeting.detection.method !== 'api') return { skip: true, retract: [] };
  return { skip: twins.some((t) => t.detection.method === 'api'), retract: twins.filter((t) => t.detection.method !== 'api') };
}
