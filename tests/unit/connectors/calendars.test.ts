import { describe, expect, it } from 'vitest';
import type { PageResult } from '../../../lib/api-connector/http';
import { meetingKey } from '../../../lib/api-connector/meetings';
import * as calcom from '../../../lib/capture/calcom/client';
import * as calendly from '../../../lib/capture/calendly/client';
import { detectOutlookMeeting } from '../../../lib/capture/outlook/meeting';
import { type Capture, DetectorEvent } from '../../../lib/capture/types';
import { jsonAnswer } from '../../fixtures/connectors/answer';
import * as calcomFx from '../../fixtures/connectors/calcom/bookings';
import * as calendlyFx from '../../fixtures/connectors/calendly/events';
import { calendarItemRequest, calendarItemResponse, meetingObservation } from '../../fixtures/connectors/outlook/meeting';

function ok<T, C>(result: PageResult<T, C>): { items: T[]; next?: C } {
  if (!result.ok) throw new Error(`expected a page, got ${JSON.stringify(result.error)}`);
  return result;
}

const valid = (events: DetectorEvent[]) => events.map((e) => DetectorEvent.parse(e));
const records = (events: DetectorEvent[]): Capture[] => events.flatMap((e) => (e.type === 'record' ? [e.capture] : []));

const owner = { account: 'rep@seller.example', internalDomains: ['seller.example'] };

describe('Calendly', () => {
  const credentials = calendly.CalendlyCredentials.parse({ token: 'eyJraWQiOi.pat', userUri: calendlyFx.USER });
  const since = Date.parse('2026-01-01T00:00:00Z');

  it("asks for the user's events starting from `since`, 100 a page, with the page token", () => {
    const request = calendly.buildRequest(credentials, since, { pageToken: 'sNjq4TvMDfUHEl7zHRR0k0E1PCEJWvdi' });
    expect(request.headers.authorization).toBe('Bearer eyJraWQiOi.pat');
    const url = new URL(request.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://api.calendly.com/scheduled_events');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      user: calendlyFx.USER,
      min_start_time: '2026-01-01T00:00:00.000Z',
      count: '100',
      sort: 'start_time:asc',
      page_token: 'sNjq4TvMDfUHEl7zHRR0k0E1PCEJWvdi',
    });
    expect(new URL(calendly.buildRequest(credentials, since).url).searchParams.has('page_token')).toBe(false);
  });

  it('reads two pages; an active event is a meeting with its invitees, a canceled one is retracted', () => {
    const first = ok(calendly.parseResponse(jsonAnswer(calendlyFx.page1)));
    expect(first.next).toEqual({ pageToken: 'sNjq4TvMDfUHEl7zHRR0k0E1PCEJWvdi' });
    const second = ok(calendly.parseResponse(jsonAnswer(calendlyFx.page2)));
    expect(second.next).toBeUndefined();
    const event = first.items[0]!;
    expect(calendly.buildInviteesRequest(credentials, event.uri).url).toBe(
      'https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2/invitees?count=100',
    );
    const invitees = calendly.parseInviteesResponse(jsonAnswer(calendlyFx.invitees));
    if (!invitees.ok) throw new Error('invitees');
    expect(invitees.attendees).toEqual([{ address: 'buyer@buyer.example', name: 'Bea Buyer', role: 'to' }]);

    const events = valid(calendly.toCaptures([...first.items, ...second.items], new Map([[event.uri, invitees.attendees]]), owner));
    const start = Date.parse('2026-01-20T15:00:00Z');
    expect(events).toEqual([
      {
        type: 'record',
        capture: {
          kind: 'meeting',
          channel: 'calendly',
          occurredAt: start,
          bookedAt: Date.parse('2026-01-14T17:01:02.123Z'),
          account: 'rep@seller.example',
          recipients: [
            { address: 'buyer@buyer.example', name: 'Bea Buyer', role: 'to' },
            { address: 'cfo@buyer.example', role: 'cc' },
          ],
          subject: '15 Minute Meeting',
          dedupeKey: 'calendly:GBGBDCAADAEDCRZ2',
          detection: {
            method: 'api',
            source: 'calendly-scheduled-events',
            ids: {
              event: 'GBGBDCAADAEDCRZ2',
              meeting: meetingKey(start, [{ address: 'buyer@buyer.example' }, { address: 'cfo@buyer.example' }])!,
            },
          },
        },
      },
      { type: 'retract', dedupeKey: 'calendly:HCHCECBBEBFEDSA3' },
    ]);
  });

  it('reads the user from /users/me', () => {
    expect(calendly.buildMeRequest('tok')).toEqual({
      url: 'https://api.calendly.com/users/me',
      method: 'GET',
      headers: { authorization: 'Bearer tok', accept: 'application/json' },
    });
    expect(calendly.parseMeResponse(jsonAnswer(calendlyFx.me))).toEqual({
      ok: true,
      userUri: calendlyFx.USER,
      email: 'rep@seller.example',
    });
  });

  it('errors: invalid token, expired token, rate limit with X-RateLimit-Reset, bad payload', () => {
    expect(calendly.parseResponse(jsonAnswer(calendlyFx.unauthenticated, 401))).toMatchObject({
      ok: false,
      error: { kind: 'wrong_key', message: 'The access token is invalid' },
    });
    expect(calendly.parseResponse(jsonAnswer(calendlyFx.expired, 401))).toMatchObject({ ok: false, error: { kind: 'expired_key' } });
    expect(calendly.parseMeResponse(jsonAnswer(calendlyFx.expired, 401))).toMatchObject({ ok: false, error: { kind: 'expired_key' } });
    expect(calendly.parseResponse(jsonAnswer({ title: 'Too Many Requests' }, 429, { 'x-ratelimit-reset': '17' }))).toMatchObject({
      ok: false,
      error: { kind: 'rate_limited', retryAfterMs: 17_000 },
    });
    const noZone = { ...calendlyFx.page2, collection: [{ ...calendlyFx.page2.collection[0], start_time: '2026-01-21 09:30' }] };
    expect(calendly.parseResponse(jsonAnswer(noZone))).toMatchObject({ ok: false, error: { kind: 'bad_payload' } });
  });
});

describe('Cal.com', () => {
  const credentials = calcom.CalcomCredentials.parse({ apiKey: 'cal_live_0123456789abcdef' });

  it('asks for bookings after `since` with the key and the API version header', () => {
    const request = calcom.buildRequest(credentials, Date.parse('2026-01-01T00:00:00Z'), { skip: 100 });
    expect(request.headers).toEqual({
      authorization: 'Bearer cal_live_0123456789abcdef',
      'cal-api-version': '2024-08-13',
      accept: 'application/json',
    });
    const url = new URL(request.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://api.cal.com/v2/bookings');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      afterStart: '2026-01-01T00:00:00.000Z',
      sortStart: 'asc',
      take: '100',
      skip: '100',
    });
    expect(calcom.CalcomCredentials.safeParse({ apiKey: 'sk_live_x' }).success).toBe(false);
  });

  it('reads two pages: accepted records, pending waits, cancelled and rejected retract', () => {
    const first = ok(calcom.parseResponse(jsonAnswer(calcomFx.page1)));
    expect(first.next).toEqual({ skip: 2 });
    const second = ok(calcom.parseResponse(jsonAnswer(calcomFx.page2), first.next));
    expect(second.next).toBeUndefined();
    const events = valid(calcom.toCaptures([...first.items, ...second.items], owner));
    expect(
      events.map((e) => (e.type === 'record' ? `record ${e.capture.dedupeKey}` : `${e.type} ${'dedupeKey' in e ? e.dedupeKey : ''}`)),
    ).toEqual(['record calcom:booking_uid_accepted', 'retract calcom:booking_uid_cancelled', 'retract calcom:booking_uid_rejected']);
    expect(records(events)[0]).toMatchObject({
      occurredAt: Date.parse('2026-01-20T15:00:00Z'),
      bookedAt: Date.parse('2026-01-14T17:00:00Z'),
      recipients: [
        { address: 'buyer@buyer.example', name: 'Bea Buyer', role: 'to' },
        { address: 'cfo@buyer.example', role: 'cc' },
      ],
    });
  });

  it('the same meeting booked in Calendly and Cal.com carries the same cross-source key', () => {
    const cal = records(valid(calcom.toCaptures(ok(calcom.parseResponse(jsonAnswer(calcomFx.page1))).items, owner)))[0]!;
    const cly = records(
      valid(
        calendly.toCaptures(
          ok(calendly.parseResponse(jsonAnswer(calendlyFx.page1))).items,
          new Map([[`https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2`, [{ address: 'buyer@buyer.example' }]]]),
          owner,
        ),
      ),
    )[0]!;
    expect(cal.detection.ids?.meeting).toBeDefined();
    expect(cal.detection.ids?.meeting).toBe(cly.detection.ids?.meeting);
  });

  it('errors: wrong key, bad payload', () => {
    expect(calcom.parseResponse(jsonAnswer(calcomFx.unauthorized, 401))).toMatchObject({
      ok: false,
      error: { kind: 'wrong_key', message: 'Invalid API Key' },
    });
    expect(calcom.parseResponse(jsonAnswer({ status: 'success', data: [{ uid: 'x', status: 'maybe' }] }))).toMatchObject({
      ok: false,
      error: { kind: 'bad_payload' },
    });
    expect(calcom.parseResponse(jsonAnswer({ data: [] }))).toMatchObject({ ok: false, error: { kind: 'bad_payload' } });
  });
});

describe('Outlook meeting requests', () => {
  const options = { internalDomains: ['seller.example'], account: 'rep@seller.example' };
  const external = { EmailAddress: 'Buyer@Buyer.example', Name: 'Bea Buyer' };
  const colleague = { EmailAddress: 'ally@seller.example', Name: 'Ally' };
  const success = calendarItemResponse({ success: true, itemId: 'AAMkADQ0meeting=' });

  it('a meeting request with an outside attendee is a meeting, at its start, booked when sent', () => {
    const events = valid(
      detectOutlookMeeting(
        meetingObservation(calendarItemRequest({ required: [external], optional: [colleague] }), { response: success }),
        options,
      ),
    );
    const start = Date.parse('2026-01-20T15:00:00Z');
    expect(events).toEqual([
      {
        type: 'record',
        capture: {
          kind: 'meeting',
          channel: 'outlook',
          occurredAt: start,
          bookedAt: Date.parse('2026-01-14T17:00:00Z'),
          account: 'rep@seller.example',
          recipients: [
            { address: 'buyer@buyer.example', name: 'Bea Buyer', role: 'to' },
            { address: 'ally@seller.example', name: 'Ally', role: 'cc' },
          ],
          subject: 'Intro: Acme x Seller',
          dedupeKey: 'outlook-meeting:AAMkADQ0meeting=',
          detection: {
            method: 'page-request',
            source: 'owa-CreateItem',
            ids: { item: 'AAMkADQ0meeting=', meeting: meetingKey(start, [{ address: 'buyer@buyer.example' }])! },
          },
        },
      },
    ]);
    // Never the body.
    expect(JSON.stringify(events)).not.toContain('SECRET');
  });

  it('the same meeting booked in Calendly shares the cross-source key with its Outlook request', () => {
    const outlook = records(
      detectOutlookMeeting(
        meetingObservation(calendarItemRequest({ required: [external, { EmailAddress: 'cfo@buyer.example' }] }), { response: success }),
        options,
      ),
    )[0]!;
    const cly = records(
      calendly.toCaptures(
        ok(calendly.parseResponse(jsonAnswer(calendlyFx.page1))).items,
        new Map([['https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2', [{ address: 'buyer@buyer.example' }]]]),
        owner,
      ),
    )[0]!;
    expect(outlook.detection.ids?.meeting).toBe(cly.detection.ids?.meeting);
  });

  it('counts nothing when every attendee is internal, or when invitations are not sent', () => {
    expect(
      detectOutlookMeeting(
        meetingObservation(calendarItemRequest({ required: [colleague, { EmailAddress: 'rep@seller.example' }] }), { response: success }),
        options,
      ),
    ).toEqual([]);
    expect(
      detectOutlookMeeting(
        meetingObservation(calendarItemRequest({ required: [external], invitations: 'SendToNone' }), { response: success }),
        options,
      ),
    ).toEqual([]);
    expect(detectOutlookMeeting(meetingObservation(calendarItemRequest({ required: [] }), { response: success }), options)).toEqual([]);
  });

  it('counts only a success answer', () => {
    const request = calendarItemRequest({ required: [external] });
    expect(detectOutlookMeeting(meetingObservation(request, { response: calendarItemResponse({ success: false }) }), options)).toEqual([]);
    expect(detectOutlookMeeting(meetingObservation(request, { status: 500, response: success }), options)).toEqual([]);
    expect(detectOutlookMeeting(meetingObservation(request), options)).toEqual([]);
  });

  it('reads the payload from x-owa-urlpostdata, and the newer CreateCalendarEvent action', () => {
    const fromHeader = detectOutlookMeeting(
      meetingObservation(calendarItemRequest({ required: [external] }), { response: success, inHeader: true }),
      options,
    );
    expect(records(fromHeader)).toHaveLength(1);
    const newer = detectOutlookMeeting(
      meetingObservation(
        {
          Body: {
            CalendarItem: calendarItemRequest({ required: [external] }).Body.Items[0],
            SendMeetingInvitations: 'SendToAllAndSaveCopy',
          },
        },
        { action: 'CreateCalendarEvent', response: success },
      ),
      options,
    );
    expect(records(newer)[0]).toMatchObject({
      dedupeKey: 'outlook-meeting:AAMkADQ0meeting=',
      detection: { source: 'owa-CreateCalendarEvent' },
    });
  });

  it('a success answer without an item id is keyed by the cross-source meeting key', () => {
    const events = detectOutlookMeeting(
      meetingObservation(calendarItemRequest({ required: [external] }), { response: calendarItemResponse({ success: true }) }),
      options,
    );
    expect(records(events)[0]!.dedupeKey).toBe(meetingKey(Date.parse('2026-01-20T15:00:00Z'), [{ address: 'buyer@buyer.example' }]));
  });

  it('ignores mail sends and other actions', () => {
    const mail = { Body: { Items: [{ __type: 'Message:#Exchange', ToRecipients: [external] }], MessageDisposition: 'SendAndSaveCopy' } };
    expect(detectOutlookMeeting(meetingObservation(mail, { response: success }), options)).toEqual([]);
    expect(
      detectOutlookMeeting(
        meetingObservation(calendarItemRequest({ required: [external] }), { action: 'UpdateItem', response: success }),
        options,
      ),
    ).toEqual([]);
  });
});
