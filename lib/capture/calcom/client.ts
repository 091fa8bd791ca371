import { z } from 'zod';
import type { Recipient } from '../../activity';
import { type ApiAnswer, type ApiRequest, badPayload, httpFailure, jsonOf, type PageResult } from '../../api-connector/http';
import { type BookedMeeting, type MeetingOwner, meetingsToEvents } from '../../api-connector/meetings';
import type { Pager } from '../../api-connector/poll';
import { recipient } from '../parse';
import type { DetectorEvent } from '../types';

/**
 * Cal.com API v2 (cal.com/docs/api-reference/v2, "Get all bookings"):
 * `GET https://api.cal.com/v2/bookings?afterStart=<ISO>&sortStart=asc&take=100&skip=N` with
 * `Authorization: Bearer cal_…` and `cal-api-version: 2024-08-13`. The answer is `{ status:
 * "success", data: [booking], pagination: { hasNextPage, … } }`; a booking has `uid`, `status`
 * (accepted | cancelled | rejected | pending), `start`, `createdAt` (ISO 8601, UTC), `attendees`
 * [{ name, email }] and `guests` [email]. Cancelled and rejected bookings retract their meeting; a
 * pending one (awaiting the host's confirmation) records nothing yet.
 *
 * The API is versioned by date in the header: this pins 2024-08-13 (take/skip paging). The docs now
 * describe 2026-05-01 with cursor paging (`cursor`, `pagination.nextCursor`, `hasMore`); moving to it
 * means a new cursor type here, nothing else.
 */

export const CALCOM_ORIGIN = 'https://api.cal.com/*';
export const CALCOM_API_VERSION = '2024-08-13';
const PAGE_SIZE = 100;

export const CalcomCredentials = z.object({
  apiKey: z
    .string()
    .trim()
    .regex(/^cal_[A-Za-z0-9_]+$/, 'a Cal.com API key starts with cal_')
    .max(200),
});
export type CalcomCredentials = z.infer<typeof CalcomCredentials>;

export interface CalcomCursor {
  skip: number;
}

export function buildRequest(credentials: CalcomCredentials, since: number, cursor: CalcomCursor = { skip: 0 }): ApiRequest {
  const query = new URLSearchParams({
    afterStart: new Date(since).toISOString(),
    sortStart: 'asc',
    take: String(PAGE_SIZE),
    skip: String(cursor.skip),
  });
  return {
    url: `https://api.cal.com/v2/bookings?${query.toString()}`,
    method: 'GET',
    headers: { authorization: `Bearer ${credentials.apiKey}`, 'cal-api-version': CALCOM_API_VERSION, accept: 'application/json' },
  };
}

const Iso = z.iso.datetime({ offset: true });

const Booking = z.object({
  uid: z.string().min(1).max(300),
  title: z.string().nullish(),
  status: z.enum(['accepted', 'cancelled', 'rejected', 'pending']),
  start: Iso,
  createdAt: Iso.nullish(),
  attendees: z.array(z.object({ email: z.string(), name: z.string().nullish() })).default([]),
  guests: z.array(z.string()).nullish(),
});
type Booking = z.infer<typeof Booking>;

const BookingsPage = z.object({
  status: z.literal('success'),
  data: z.array(z.unknown()),
  pagination: z.object({ hasNextPage: z.boolean() }).optional(),
});

function toMeeting(booking: Booking): BookedMeeting | undefined {
  if (booking.status === 'pending') return undefined;
  const attendees = [
    ...booking.attendees.map((a) => recipient(a.email, a.name, 'to')),
    ...(booking.guests ?? []).map((g) => recipient(g, undefined, 'cc')),
  ].filter((r): r is Recipient => r !== undefined);
  return {
    id: booking.uid,
    startsAt: Date.parse(booking.start),
    ...(booking.createdAt ? { bookedAt: Date.parse(booking.createdAt) } : {}),
    state: booking.status === 'accepted' ? 'booked' : 'cancelled',
    attendees,
    ...(booking.title ? { title: booking.title } : {}),
  };
}

export function parseResponse(answer: ApiAnswer, cursor: CalcomCursor = { skip: 0 }): PageResult<BookedMeeting, CalcomCursor> {
  if (answer.status < 200 || answer.status >= 300) return { ok: false, error: httpFailure(answer) };
  const page = BookingsPage.safeParse(jsonOf(answer));
  if (!page.success) return { ok: false, error: badPayload('Cal.com answered without bookings', answer.status) };
  const items: BookedMeeting[] = [];
  for (const raw of page.data.data) {
    const booking = Booking.safeParse(raw);
    if (!booking.success)
      return { ok: false, error: badPayload(`Cal.com booking not in the documented shape: ${booking.error.issues[0]?.path.join('.')}`) };
    const meeting = toMeeting(booking.data);
    if (meeting) items.push(meeting);
  }
  if (!page.data.pagination?.hasNextPage || page.data.data.length === 0) return { ok: true, items };
  return { ok: true, items, next: { skip: cursor.skip + page.data.data.length } };
}

/** Bookings as detector events: a record per accepted booking, a retraction per cancelled or rejected one. */
export function toCaptures(meetings: readonly BookedMeeting[], owner: MeetingOwner): DetectorEvent[] {
  return meetingsToEvents('calcom', 'calcom-bookings', meetings, owner);
}

/** Cal.com's booking pages from `since`, for `collectPages`. */
export function pager(credentials: CalcomCredentials, since: number): Pager<BookedMeeting, CalcomCursor> {
  return { request: (cursor) => buildRequest(credentials, since, cursor), parse: (answer, cursor) => parseResponse(answer, cursor) };
}
