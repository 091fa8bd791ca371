import { domainOf, type Recipient } from '../activity';
import type { ApiSourceDescriptorOf } from '../capture/all-sources';
import type { Capture, DetectorEvent } from '../capture/types';

/** A meeting as every booking connector (and the Outlook meeting request) reads it. */
export interface BookedMeeting {
  /** The vendor's id of the meeting: the de-duplication key is `<vendor>:<id>`. */
  id: string;
  /** Epoch ms when it takes place. */
  startsAt: number;
  /** Epoch ms when it was booked. */
  bookedAt?: number;
  /** cancelled covers a declined or rejected booking too: either way it does not take place. */
  state: 'booked' | 'cancelled';
  attendees: Recipient[];
  title?: string;
}

/** The API sources whose descriptors say they capture meetings. */
export type MeetingVendor = Extract<ApiSourceDescriptorOf, { captures: 'meeting' }>['id'];

/** The minute a meeting starts, as text: booking tools and calendars agree on it, not on seconds. */
function minuteOf(at: number): string {
  return new Date(Math.floor(at / 60_000) * 60_000).toISOString().slice(0, 16);
}

/** FNV-1a, 32 bits: a short, stable digest of the attendee list for the key. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * One key for one meeting, whatever source saw it: the start to the minute and the external
 * attendees' addresses (lower-cased, sorted, internal domains and the rep left out). A meeting booked
 * in Calendly and the invitation it puts in Outlook share the time and the outside guests, not ids.
 * Undefined when there is no outside attendee: nothing to tell two internal meetings apart by.
 *
 * How to use it (the lead's ingest): every meeting capture carries it as `detection.ids.meeting`.
 * Before recording a meeting, look for a live meeting activity with the same `ids.meeting` (meetings
 * of that day, a few at most); if one exists, record nothing new (the first source wins; an API source
 * may overwrite a page source's record, since it also learns of cancellations). A retraction from any
 * source retracts every live meeting with the same key.
 */
export function meetingKey(
  startsAt: number,
  attendees: readonly Pick<Recipient, 'address'>[],
  internal: { internalDomains?: readonly string[]; ownAddresses?: readonly string[] } = {},
): string | undefined {
  const internalDomains = new Set((internal.internalDomains ?? []).map((d) => d.toLowerCase()));
  const own = new Set((internal.ownAddresses ?? []).map((a) => a.toLowerCase()));
  const external = [
    ...new Set(
      attendees
        .map((a) => a.address?.toLowerCase())
        .filter((a): a is string => a !== undefined && !own.has(a) && !internalDomains.has(domainOf(a))),
    ),
  ].sort();
  if (external.length === 0) return undefined;
  return `meeting:${minuteOf(startsAt)}:${external.length}:${fnv1a(external.join(','))}`;
}

export interface MeetingOwner {
  /** The account meetings are recorded under (the rep's email). */
  account: string;
  /** The rep's own addresses: never counted as attendees. */
  ownAddresses?: readonly string[];
  internalDomains?: readonly string[];
}

/** Booked meetings as events: a record per live meeting, a retraction per cancelled one. */
export function meetingsToEvents(
  vendor: MeetingVendor,
  source: string,
  meetings: readonly BookedMeeting[],
  owner: MeetingOwner,
): DetectorEvent[] {
  const own = new Set((owner.ownAddresses ?? [owner.account]).map((a) => a.toLowerCase()));
  const events: DetectorEvent[] = [];
  for (const meeting of meetings) {
    const dedupeKey = `${vendor}:${meeting.id}`;
    if (meeting.state === 'cancelled') {
      events.push({ type: 'retract', dedupeKey });
      continue;
    }
    const attendees = meeting.attendees.filter((a) => a.address === undefined || !own.has(a.address));
    const ids: Record<string, string> = { event: meeting.id.slice(0, 500) };
    const key = meetingKey(meeting.startsAt, attendees, { internalDomains: owner.internalDomains, ownAddresses: [...own] });
    if (key !== undefined) ids.meeting = key;
    const capture: Capture = {
      kind: 'meeting',
      channel: vendor,
      occurredAt: meeting.startsAt,
      account: owner.account,
      recipients: attendees.slice(0, 500),
      dedupeKey,
      detection: { method: 'api', source, ids },
      ...(meeting.title !== undefined ? { subject: meeting.title.slice(0, 1000) } : {}),
      ...(meeting.bookedAt !== undefined ? { bookedAt: meeting.bookedAt } : {}),
    };
    events.push({ type: 'record', capture });
  }
  return events;
}
