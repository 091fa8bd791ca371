import ICAL from 'ical.js';
import { domainOf, type Recipient } from '../../activity';
import type { BookedMeeting } from '../../api-connector/meetings';
import { recipient } from '../parse';

/**
 * A calendar's private iCalendar address (RFC 5545), as Google Calendar ("Secret address in iCal
 * format"), Outlook.com / Microsoft 365 (published calendar, ICS link), Yandex Calendar, iCloud
 * (`webcal://p<NN>-caldav.icloud.com/…`), Zoho Calendar and Fastmail give it. Parsed with ical.js;
 * recurrences expanded (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides) in the feed's own VTIMEZONEs,
 * only inside a bounded window, and in slices that give the worker back between them.
 */

/** How far back and ahead a feed is expanded: enough for the quotas' periods, bounded for years-long feeds. */
export const FEED_PAST_MS = 60 * 86_400_000;
export const FEED_AHEAD_MS = 366 * 86_400_000;
/** An event repeating more often than this inside the window is not a meeting series (and is bounded). */
const MAX_OCCURRENCES_PER_EVENT = 2000;
/** Occurrences stepped through per event, from its first (a minutely rule from years ago stays bounded). */
const MAX_STEPS_PER_EVENT = 100_000;
/** How far an override may move an occurrence and still be found. */
const MOVED_MS = 31 * 86_400_000;
/** Events read between two yields to the worker's other work (messages, the popup). */
const SLICE = 200;

/** The pasted address as the fetch URL and the origin asked for; `webcal://` is served over https. */
export function feedAddress(text: string): { url: string; origin: string } | undefined {
  let url: URL;
  try {
    url = new URL(text.trim().replace(/^webcals?:\/\//i, 'https://'));
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username || url.password || !url.hostname.includes('.')) return undefined;
  url.hash = '';
  return { url: url.toString(), origin: `${url.origin}/*` };
}

/** The owner a Google address names: `/calendar/ical/<calendar id>/private-…/basic.ics`. */
export function addressInFeedUrl(url: string): string | undefined {
  const match = /\/calendar\/ical\/([^/]+)\/private-/.exec(new URL(url).pathname);
  const id = match?.[1] ? decodeURIComponent(match[1]).toLowerCase() : undefined;
  return id && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(id) && !id.endsWith('calendar.google.com') ? id : undefined;
}

export interface FeedOptions {
  now: number;
  /** The rep's own addresses: never an outside attendee; the rep's own "declined" drops the meeting. */
  ownAddresses: readonly string[];
  internalDomains: readonly string[];
  /** Gives the worker back between slices (the background passes a macrotask; tests may too). */
  pause?: () => Promise<void>;
}

export interface FeedRead {
  /** Every meeting in the window with an outside attendee who did not decline, and the rep not declining. */
  meetings: BookedMeeting[];
  /** Occurrences of events in the window, meetings or not: what the feed listed. */
  occurrences: number;
  window: { from: number; to: number };
}

/** A parse failure: the answer is not an iCalendar feed. */
export class NotAFeed extends Error {}

const mailto = (value: unknown): string | undefined =>
  typeof value === 'string'
    ? value
        .replace(/^mailto:/i, '')
        .trim()
        .toLowerCase()
    : undefined;

interface Participant {
  recipient: Recipient;
  declined: boolean;
}

function participantsOf(event: ICAL.Component): Participant[] {
  const out: Participant[] = [];
  const organizer = event.getFirstProperty('organizer');
  const organizerAddress = mailto(organizer?.getFirstValue());
  const organizerName = organizer?.getParameter('cn');
  const organizerRecipient = recipient(organizerAddress, typeof organizerName === 'string' ? organizerName : undefined, 'to');
  if (organizerRecipient) out.push({ recipient: organizerRecipient, declined: false });
  for (const attendee of event.getAllProperties('attendee')) {
    const name = attendee.getParameter('cn');
    const role = attendee.getParameter('role') === 'OPT-PARTICIPANT' ? 'cc' : 'to';
    const r = recipient(mailto(attendee.getFirstValue()), typeof name === 'string' ? name : undefined, role);
    if (!r) continue;
    const declined = String(attendee.getParameter('partstat') ?? '').toUpperCase() === 'DECLINED';
    const already = out.findIndex((p) => p.recipient.address === r.address);
    // The organizer listed again as an attendee: the attendee line says whether they come.
    if (already >= 0) out.splice(already, 1);
    out.push({ recipient: r, declined });
  }
  return out;
}

/** The occurrence as a meeting, or undefined when it is not one (no outside attendee left, all-day, declined by the rep). */
function meetingOf(
  uid: string,
  item: ICAL.Event,
  start: ICAL.Time,
  recurrenceId: ICAL.Time | undefined,
  options: FeedOptions,
): BookedMeeting | undefined {
  if (start.isDate) return undefined;
  const own = new Set(options.ownAddresses.map((a) => a.toLowerCase()));
  const internal = new Set(options.internalDomains.map((d) => d.toLowerCase()));
  const participants = participantsOf(item.component);
  if (participants.some((p) => p.declined && p.recipient.address !== undefined && own.has(p.recipient.address))) return undefined;
  const attending = participants.filter((p) => !p.declined).map((p) => p.recipient);
  const outside = attending.some((r) => r.address !== undefined && !own.has(r.address) && !internal.has(domainOf(r.address)));
  if (!outside) return undefined;
  const startsAt = start.toUnixTime() * 1000;
  const created = item.component.getFirstPropertyValue('created');
  const bookedAt = created instanceof ICAL.Time ? created.toUnixTime() * 1000 : undefined;
  // The occurrence's identity: the event, which occurrence of it, and when it now starts (a move is a new meeting).
  const which = recurrenceId ? recurrenceId.toUnixTime().toString(36) : '';
  const title = item.summary;
  return {
    id: `${uid.slice(0, 200)}:${which}:${Math.floor(startsAt / 60_000).toString(36)}`,
    startsAt,
    ...(bookedAt !== undefined && Number.isFinite(bookedAt) ? { bookedAt } : {}),
    state: 'booked',
    attendees: attending.filter((r) => r.address === undefined || !own.has(r.address)),
    ...(typeof title === 'string' && title.trim() ? { title: title.trim() } : {}),
  };
}

const isCancelled = (component: ICAL.Component) => String(component.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED';

/**
 * The meetings a feed lists inside [now - 60 days, now + 1 year]: one per occurrence, a cancelled
 * event or occurrence (STATUS:CANCELLED) or an excluded one (EXDATE) is simply absent, so that what
 * was recorded from it before is retracted by the caller. Throws `NotAFeed` for anything else.
 */
export async function readFeed(text: string, options: FeedOptions): Promise<FeedRead> {
  const window = { from: options.now - FEED_PAST_MS, to: options.now + FEED_AHEAD_MS };
  let calendar: ICAL.Component;
  try {
    calendar = new ICAL.Component(ICAL.parse(text.replace(/^\uFEFF/, '')) as unknown[]);
  } catch (error) {
    throw new NotAFeed(error instanceof Error ? error.message : String(error));
  }
  if (calendar.name !== 'vcalendar') throw new NotAFeed(`not a calendar but ${calendar.name}`);

  // The feed's own zones, for this read only: TZIDs are resolved when an event's times are read.
  ICAL.TimezoneService.reset();
  for (const zone of calendar.getAllSubcomponents('vtimezone')) {
    if (zone.getFirstPropertyValue('tzid')) ICAL.TimezoneService.register(zone);
  }
  try {
    const byUid = new Map<string, { master?: ICAL.Component; exceptions: ICAL.Component[] }>();
    for (const component of calendar.getAllSubcomponents('vevent')) {
      const uid = component.getFirstPropertyValue('uid');
      if (typeof uid !== 'string' || !uid) continue;
      const entry = byUid.get(uid) ?? { exceptions: [] };
      if (component.hasProperty('recurrence-id')) entry.exceptions.push(component);
      else entry.master = component;
      byUid.set(uid, entry);
    }

    const meetings: BookedMeeting[] = [];
    let occurrences = 0;
    let read = 0;
    for (const [uid, { master, exceptions }] of byUid) {
      if (++read % SLICE === 0) await options.pause?.();
      if (!master) {
        // Overrides without their series (a feed that lists only the changed occurrence): each stands alone.
        for (const exception of exceptions) {
          const event = new ICAL.Event(exception);
          const at = event.startDate.toUnixTime() * 1000;
          if (at < window.from || at >= window.to || isCancelled(exception)) continue;
          occurrences += 1;
          const meeting = meetingOf(uid, event, event.startDate, event.recurrenceId, options);
          if (meeting) meetings.push(meeting);
        }
        continue;
      }
      if (isCancelled(master)) continue;
      const event = new ICAL.Event(master, { exceptions, strictExceptions: true });
      if (!event.isRecurring()) {
        const at = event.startDate.toUnixTime() * 1000;
        if (at < window.from || at >= window.to) continue;
        occurrences += 1;
        const meeting = meetingOf(uid, event, event.startDate, undefined, options);
        if (meeting) meetings.push(meeting);
        continue;
      }
      const iterator = event.iterator();
      let inWindow = 0;
      let stepped = 0;
      for (let next = iterator.next(); next && ++stepped <= MAX_STEPS_PER_EVENT; next = iterator.next()) {
        const original = next.toUnixTime() * 1000;
        // Occurrences come in order of their original dates; one moved by an override may start elsewhere,
        // so look a month either side of the window (an occurrence moved further is read as where it was).
        if (original >= window.to + MOVED_MS) break;
        if (original < window.from - MOVED_MS) continue;
        const details = event.getOccurrenceDetails(next);
        const at = details.startDate.toUnixTime() * 1000;
        if (at < window.from || at >= window.to || isCancelled(details.item.component)) continue;
        occurrences += 1;
        if (++inWindow > MAX_OCCURRENCES_PER_EVENT) break;
        const meeting = meetingOf(uid, details.item, details.startDate, details.recurrenceId, options);
        if (meeting) meetings.push(meeting);
      }
    }
    return { meetings, occurrences, window };
  } finally {
    ICAL.TimezoneService.reset();
  }
}
