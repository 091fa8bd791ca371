import { domainOf, type Recipient } from '../../activity';
import { meetingKey } from '../../api-connector/meetings';
import { definedIds, isObject, isSuccessStatus, parseJson, recipient, text } from '../parse';
import type { Capture, DetectorEvent, Observation } from '../types';
import { detectOutlookCancellation } from './cancel';
import { requestJson } from './request-json';

/**
 * Outlook on the web: a meeting request sent to attendees.
 *
 * - `POST …/service.svc?action=CreateItem` (also named by the `Action` / `X-OWA-ActionName` headers)
 *   whose `Body.Items[]` holds a `CalendarItem:#Exchange` and whose `Body.SendMeetingInvitations` is
 *   `SendToAllAndSaveCopy` or `SendOnlyToAll` (`SendToNone` only saves an appointment);
 * - `action=CreateCalendarEvent`, which newer OWA builds send for the same act (*unverified*: its body
 *   is read the same way, the calendar item wherever `RequiredAttendees` / `OptionalAttendees` are).
 *
 * Attendees come as `RequiredAttendees` / `OptionalAttendees`: `[{ Mailbox: { EmailAddress, Name } }]`.
 * A meeting counts only when at least one attendee is outside the internal domains (the rep's
 * colleagues are not outreach), and only on a success answer (`ResponseClass: "Success"`). The
 * JSON travels in the body or, for small payloads, URL-encoded in `x-owa-urlpostdata`.
 * De-duplication: `outlook-meeting:<ItemId>` from the answer, else the cross-source meeting key.
 */

const SENDING_INVITATIONS = new Set(['SendToAllAndSaveCopy', 'SendOnlyToAll']);
const MAX_DEPTH = 6;

export interface OutlookMeetingOptions {
  /** Domains whose people are colleagues (settings.internalDomains). */
  internalDomains: readonly string[];
  /** The signed-in mailbox, when the caller knows it (never an attendee of note). */
  account?: string;
}

function actionOf(observation: Observation, url: URL): string | undefined {
  return url.searchParams.get('action') ?? observation.request.headers.action ?? observation.request.headers['x-owa-actionname'];
}

/** The first object, depth-first, that `accept` takes. Bounded: page traffic is untrusted. */
function findObject(value: unknown, accept: (o: Record<string, unknown>) => boolean, depth = 0): Record<string, unknown> | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findObject(item, accept, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (!isObject(value)) return undefined;
  if (accept(value)) return value;
  for (const child of Object.values(value)) {
    const found = findObject(child, accept, depth + 1);
    if (found) return found;
  }
  return undefined;
}

const hasAttendees = (o: Record<string, unknown>) => Array.isArray(o.RequiredAttendees) || Array.isArray(o.OptionalAttendees);

/** The calendar item a request sends invitations for, or undefined when it sends none. */
function calendarItemOf(action: string, body: Record<string, unknown>): Record<string, unknown> | undefined {
  const inner = isObject(body.Body) ? body.Body : body;
  if (action === 'CreateItem') {
    if (typeof inner.SendMeetingInvitations !== 'string' || !SENDING_INVITATIONS.has(inner.SendMeetingInvitations)) return undefined;
    const items = Array.isArray(inner.Items) ? inner.Items : [];
    return items.find((item): item is Record<string, unknown> => isObject(item) && item.__type === 'CalendarItem:#Exchange');
  }
  if (action === 'CreateCalendarEvent') {
    const invitations = findObject(inner, (o) => typeof o.SendMeetingInvitations === 'string');
    if (invitations && !SENDING_INVITATIONS.has(invitations.SendMeetingInvitations as string)) return undefined;
    return findObject(inner, hasAttendees);
  }
  return undefined;
}

function attendeesOf(item: Record<string, unknown>): Recipient[] {
  const out: Recipient[] = [];
  const add = (list: unknown, role: 'to' | 'cc') => {
    if (!Array.isArray(list)) return;
    for (const entry of list) {
      const mailbox = isObject(entry) && isObject(entry.Mailbox) ? entry.Mailbox : entry;
      if (!isObject(mailbox)) continue;
      const r = recipient(mailbox.EmailAddress, mailbox.Name, role);
      if (r) out.push(r);
    }
  };
  add(item.RequiredAttendees, 'to');
  add(item.OptionalAttendees, 'cc');
  return out;
}

/** Whether the answer reports success and the new item's id. */
function answerOf(observation: Observation): { success: boolean; itemId?: string } {
  if (!isSuccessStatus(observation.response.status)) return { success: false };
  const body = parseJson(observation.response.body);
  if (body === undefined) return { success: false };
  const failed = findObject(body, (o) => o.ResponseClass === 'Error' || o.ResponseClass === 'Warning');
  if (failed) return { success: false };
  const succeeded = findObject(body, (o) => o.ResponseClass === 'Success');
  const withId = findObject(body, (o) => isObject(o.ItemId) && typeof o.ItemId.Id === 'string');
  const itemId = withId && isObject(withId.ItemId) ? text(withId.ItemId.Id, 400) : undefined;
  return { success: succeeded !== undefined || itemId !== undefined, ...(itemId ? { itemId } : {}) };
}

function startOf(item: Record<string, unknown>): number | undefined {
  const start = item.Start;
  const value = typeof start === 'string' ? start : isObject(start) && typeof start.DateTime === 'string' ? start.DateTime : undefined;
  if (!value) return undefined;
  // OWA writes the start with its offset; one without is the mailbox's local time, which is the browser's.
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : at;
}

/** The meeting an OWA request books, as detector events (none for anything else). */
export function detectOutlookMeeting(observation: Observation, options: OutlookMeetingOptions): DetectorEvent[] {
  let url: URL;
  try {
    url = new URL(observation.request.url, observation.pageUrl);
  } catch {
    return [];
  }
  if (observation.request.method.toUpperCase() !== 'POST' || !/\/service\.svc$/i.test(url.pathname)) return [];
  const action = actionOf(observation, url);
  if (!action) return [];
  // The organiser cancelling a meeting it sent (cancel.ts): the meeting is retracted.
  const cancelled = detectOutlookCancellation(observation, action);
  if (cancelled.length > 0) return cancelled;
  if (action !== 'CreateItem' && action !== 'CreateCalendarEvent') return [];
  const body = requestJson(observation);
  if (!body) return [];
  const item = calendarItemOf(action, body);
  if (!item) return [];
  const attendees = attendeesOf(item);
  const internal = new Set(options.internalDomains.map((d) => d.toLowerCase()));
  const own = options.account?.toLowerCase();
  if (!attendees.some((a) => a.address !== undefined && a.address !== own && !internal.has(domainOf(a.address)))) return [];
  const startsAt = startOf(item);
  if (startsAt === undefined) return [];
  const answer = answerOf(observation);
  if (!answer.success) return [];

  const key = meetingKey(startsAt, attendees, { internalDomains: options.internalDomains, ...(own ? { ownAddresses: [own] } : {}) });
  const dedupeKey = answer.itemId ? `outlook-meeting:${answer.itemId}` : key;
  if (!dedupeKey) return [];
  const subject = text(item.Subject, 1000);
  const capture: Capture = {
    kind: 'meeting',
    channel: 'outlook',
    occurredAt: startsAt,
    bookedAt: observation.startedAt,
    account: own ?? 'me',
    recipients: attendees.filter((a) => a.address !== own).slice(0, 500),
    ...(subject ? { subject } : {}),
    dedupeKey,
    detection: { method: 'page-request', source: `owa-${action}`, ids: definedIds({ item: answer.itemId, meeting: key }) },
  };
  return [{ type: 'record', capture }];
}
