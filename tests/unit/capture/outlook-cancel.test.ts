import { describe, expect, it } from 'vitest';
import { detectOutlookCancellation } from '../../../lib/capture/outlook/cancel';
import { outlookDetector } from '../../../lib/capture/outlook/detect';
import { DetectorEvent } from '../../../lib/capture/types';
import {
  calendarItemResponse,
  cancelCalendarItemRequest,
  deleteItemResponse,
  deleteMeetingRequest,
  meetingObservation,
} from '../../fixtures/connectors/outlook/meeting';

const detect = (observation: Parameters<typeof outlookDetector.detect>[0]) => {
  const events = outlookDetector.detect(observation, { participantsOf: () => undefined, internalDomains: ['seller.example'] });
  for (const event of events) DetectorEvent.parse(event);
  expect(JSON.stringify(events)).not.toContain('SECRET');
  return events;
};

describe('Outlook on the web: a meeting cancelled by its organiser', () => {
  it('DeleteItem with meeting cancellations retracts the meeting recorded from its ItemId', () => {
    const observation = meetingObservation(deleteMeetingRequest('AAMkExternal='), {
      action: 'DeleteItem',
      response: deleteItemResponse(true),
    });
    expect(outlookDetector.watches('POST', new URL(observation.request.url))).toBe(true);
    expect(detect(observation)).toEqual([{ type: 'retract', dedupeKey: 'outlook-meeting:AAMkExternal=' }]);
    // The same in the header form small payloads use.
    const inHeader = meetingObservation(deleteMeetingRequest('AAMkExternal='), {
      action: 'DeleteItem',
      inHeader: true,
      response: deleteItemResponse(true),
    });
    expect(detect(inHeader)).toEqual([{ type: 'retract', dedupeKey: 'outlook-meeting:AAMkExternal=' }]);
  });

  it('a CancelCalendarItem retracts the meeting and is not counted as a sent email', () => {
    const observation = meetingObservation(cancelCalendarItemRequest('AAMkExternal='), {
      response: calendarItemResponse({ success: true }),
    });
    expect(detect(observation)).toEqual([{ type: 'retract', dedupeKey: 'outlook-meeting:AAMkExternal=' }]);
  });

  it('newer builds: CancelCalendarEvent with the event id (unverified shape)', () => {
    const observation = meetingObservation(
      { __type: 'CancelCalendarEventJsonRequest:#Exchange', Body: { EventId: { Id: 'AAMkNewer=' } } },
      { action: 'CancelCalendarEvent', response: { Body: { ResponseClass: 'Success' } } },
    );
    expect(detect(observation)).toEqual([{ type: 'retract', dedupeKey: 'outlook-meeting:AAMkNewer=' }]);
  });

  it('retracts nothing when the server refused, or for a deleted email (no meeting cancellations)', () => {
    const refused = meetingObservation(deleteMeetingRequest('AAMkExternal='), {
      action: 'DeleteItem',
      response: deleteItemResponse(false),
    });
    expect(detect(refused)).toEqual([]);
    const failedHttp = meetingObservation(deleteMeetingRequest('AAMkExternal='), { action: 'DeleteItem', status: 500, response: {} });
    expect(detect(failedHttp)).toEqual([]);
    const email = meetingObservation(deleteMeetingRequest('AAMkMail=', null), { action: 'DeleteItem', response: deleteItemResponse(true) });
    expect(detect(email)).toEqual([]);
    expect(
      detectOutlookCancellation(meetingObservation({}, { action: 'DeleteItem', response: deleteItemResponse(true) }), 'DeleteItem'),
    ).toEqual([]);
  });
});
