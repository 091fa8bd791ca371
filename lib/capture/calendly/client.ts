import { z } from 'zod';
import type { Recipient } from '../../activity';
import { type ApiAnswer, type ApiRequest, badPayload, httpFailure, jsonOf, type PageResult, retryAfterMs } from '../../api-connector/http';
import { type BookedMeeting, type MeetingOwner, meetingsToEvents } from '../../api-connector/meetings';
import type { Pager } from '../../api-connector/poll';
import { recipient } from '../parse';
import type { DetectorEvent } from '../types';

/**
 * Calendly API v2 (developer.calendly.com, "List Events", "List Event Invitees", "Get current
 * user"), with a personal access token as Bearer:
 * - `GET https://api.calendly.com/users/me` → `{ resource: { uri, email } }` (the user's URI, once at connect);
 * - `GET https://api.calendly.com/scheduled_events?user=<uri>&min_start_time=<ISO>&count=100&sort=start_time:asc&page_token=…`
 *   → `{ collection: [event], pagination: { next_page_token } }`; an event has `uri`, `status`
 *   (active | canceled), `start_time`, `created_at` (ISO 8601, UTC) and `event_guests`;
 * - `GET <event uri>/invitees?count=100` → `{ collection: [{ email, name, status }] }`.
 * A canceled event retracts its meeting. Limits: 429 with Retry-After or X-RateLimit-Reset (seconds).
 */

export const CALENDLY_ORIGIN = 'https://api.calendly.com/*';
const BASE = 'https://api.calendly.com';

export const CalendlyCredentials = z.object({
  token: z.string().trim().min(1).max(4000),
  /** The user's URI (https://api.calendly.com/users/<uuid>), from /users/me at connect time. */
  userUri: z.string().trim().startsWith(`${BASE}/users/`).max(300),
});
export type CalendlyCredentials = z.infer<typeof CalendlyCredentials>;

export interface CalendlyCursor {
  pageToken: string;
}

const auth = (token: string) => ({ authorization: `Bearer ${token}`, accept: 'application/json' });

function failure(answer: ApiAnswer) {
  const error = httpFailure(answer);
  // Calendly names the seconds until its window resets in X-RateLimit-Reset.
  if (error.kind === 'rate_limited' && retryAfterMs(answer.headers) === undefined) {
    const reset = Number(answer.headers['x-ratelimit-reset']);
    if (Number.isFinite(reset) && reset >= 0) error.retryAfterMs = reset * 1000;
  }
  return error;
}

export function buildMeRequest(token: string): ApiRequest {
  return { url: `${BASE}/users/me`, method: 'GET', headers: auth(token) };
}

const Me = z.object({ resource: z.object({ uri: z.string().startsWith(`${BASE}/users/`), email: z.string().optional() }) });

export function parseMeResponse(
  answer: ApiAnswer,
): { ok: true; userUri: string; email?: string } | { ok: false; error: ReturnType<typeof httpFailure> } {
  if (answer.status < 200 || answer.status >= 300) return { ok: false, error: failure(answer) };
  const me = Me.safeParse(jsonOf(answer));
  if (!me.success) return { ok: false, error: badPayload('Calendly answered /users/me without a user', answer.status) };
  return { ok: true, userUri: me.data.resource.uri, ...(me.data.resource.email ? { email: me.data.resource.email } : {}) };
}

export function buildRequest(credentials: CalendlyCredentials, since: number, cursor?: CalendlyCursor): ApiRequest {
  const query = new URLSearchParams({
    user: credentials.userUri,
    min_start_time: new Date(since).toISOString(),
    count: '100',
    sort: 'start_time:asc',
  });
  if (cursor) query.set('page_token', cursor.pageToken);
  return { url: `${BASE}/scheduled_events?${query.toString()}`, method: 'GET', headers: auth(credentials.token) };
}

const Iso = z.iso.datetime({ offset: true });

const ScheduledEvent = z.object({
  uri: z.string().startsWith(`${BASE}/scheduled_events/`),
  name: z.string().nullish(),
  status: z.enum(['active', 'canceled']),
  start_time: Iso,
  created_at: Iso.nullish(),
  event_guests: z.array(z.object({ email: z.string() })).nullish(),
});
type ScheduledEvent = z.infer<typeof ScheduledEvent>;

const EventsPage = z.object({
  collection: z.array(z.unknown()),
  pagination: z.object({ next_page_token: z.string().nullish() }),
});

/** The event's id: the last segment of its URI. */
export function eventUuid(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

export interface CalendlyEvent extends BookedMeeting {
  /** The event's URI, for fetching its invitees. */
  uri: string;
}

function toMeeting(event: ScheduledEvent): CalendlyEvent {
  const guests = (event.event_guests ?? []).map((g) => recipient(g.email, undefined, 'cc')).filter((r): r is Recipient => r !== undefined);
  return {
    id: eventUuid(event.uri),
    uri: event.uri,
    startsAt: Date.parse(event.start_time),
    ...(event.created_at ? { bookedAt: Date.parse(event.created_at) } : {}),
    state: event.status === 'canceled' ? 'cancelled' : 'booked',
    attendees: guests,
    ...(event.name ? { title: event.name } : {}),
  };
}

export function parseResponse(answer: ApiAnswer): PageResult<CalendlyEvent, CalendlyCursor> {
  if (answer.status < 200 || answer.status >= 300) return { ok: false, error: failure(answer) };
  const page = EventsPage.safeParse(jsonOf(answer));
  if (!page.success) return { ok: false, error: badPayload('Calendly answered without scheduled events', answer.status) };
  const items: CalendlyEvent[] = [];
  for (const raw of page.data.collection) {
    const event = ScheduledEvent.safeParse(raw);
    if (!event.success)
      return { ok: false, error: badPayload(`Calendly event not in the documented shape: ${event.error.issues[0]?.path.join('.')}`) };
    items.push(toMeeting(event.data));
  }
  const token = page.data.pagination.next_page_token;
  return token ? { ok: true, items, next: { pageToken: token } } : { ok: true, items };
}

export function buildInviteesRequest(credentials: Pick<CalendlyCredentials, 'token'>, eventUri: string): ApiRequest {
  return { url: `${eventUri}/invitees?count=100`, method: 'GET', headers: auth(credentials.token) };
}

const InviteesPage = z.object({
  collection: z.array(z.object({ email: z.string(), name: z.string().nullish(), status: z.enum(['active', 'canceled']) })),
});

/** The event's invitees who still come (a canceled invitee is not an attendee). */
export function parseInviteesResponse(
  answer: ApiAnswer,
): { ok: true; attendees: Recipient[] } | { ok: false; error: ReturnType<typeof httpFailure> } {
  if (answer.status < 200 || answer.status >= 300) return { ok: false, error: failure(answer) };
  const page = InviteesPage.safeParse(jsonOf(answer));
  if (!page.success) return { ok: false, error: badPayload('Calendly answered without invitees', answer.status) };
  const attendees = page.data.collection
    .filter((i) => i.status === 'active')
    .map((i) => recipient(i.email, i.name, 'to'))
    .filter((r): r is Recipient => r !== undefined);
  return { ok: true, attendees };
}

/**
 * Events as detector events: a record per active meeting (invitees, then guests, as attendees), a
 * retraction per canceled one. `inviteesByEvent` maps an event's URI to its invitees.
 */
export function toCaptures(
  events: readonly CalendlyEvent[],
  inviteesByEvent: ReadonlyMap<string, readonly Recipient[]>,
  owner: MeetingOwner,
): DetectorEvent[] {
  const meetings = events.map((event) => {
    const seen = new Set<string>();
    const attendees = [...(inviteesByEvent.get(event.uri) ?? []), ...event.attendees].filter((r) => {
      const key = r.address ?? '';
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return { ...event, attendees };
  });
  return meetingsToEvents('calendly', 'calendly-scheduled-events', meetings, owner);
}

/** Calendly's event pages from `since`, for `collectPages` (invitees are fetched per event afterwards). */
export function pager(credentials: CalendlyCredentials, since: number): Pager<CalendlyEvent, CalendlyCursor> {
  return { request: (cursor) => buildRequest(credentials, since, cursor), parse: (answer) => parseResponse(answer) };
}
