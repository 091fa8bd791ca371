import { describe, expect, it } from 'vitest';
import { type Capture, DetectorEvent, type Observation } from '../../../lib/capture/types';
import { yahooDetector } from '../../../lib/capture/yahoo/detect';
import { batch, batchResponse, saveMessageRequest, sendMessageRequest, type YahooMessage, yahooObservation } from '../../builders/yahoo';

const context = { participantsOf: () => undefined };

function run(observation: Observation): DetectorEvent[] {
  const events = yahooDetector.detect(observation, context);
  for (const event of events) expect(() => DetectorEvent.parse(event)).not.toThrow();
  return events;
}

const records = (events: DetectorEvent[]): Capture[] => events.flatMap((e) => (e.type === 'record' ? [e.capture] : []));

const message: YahooMessage = {
  subject: 'Following up',
  body: 'SECRET-BODY-TEXT do not store',
  from: { email: 'Rep@Yahoo.com', name: 'Rep One' },
  to: [{ email: 'buyer@acme.test', name: 'Buyer' }],
  cc: [{ email: 'manager@example.com', name: 'Manager' }],
  bcc: [{ email: 'crm@example.com' }],
};

const okResponse = batchResponse([
  { id: 'SaveMessage', messageId: 'AOnd5ZfQ6kYvZc9f', conversationId: 'AE4s9iQs_conv' },
  { id: 'SendMessage', messageId: 'ABcSent0123', conversationId: 'AE4s9iQs_conv' },
]);

describe('yahoo detector', () => {
  it('records a saveAndSend batch once, keyed on the message id the send response returns', () => {
    const observation = yahooObservation(batch([saveMessageRequest(message)]), { response: okResponse });
    const events = run(observation);
    expect(records(events)).toEqual([
      {
        kind: 'email',
        channel: 'yahoo',
        occurredAt: 1_700_000_000_000,
        account: 'rep@yahoo.com',
        recipients: [
          { address: 'buyer@acme.test', name: 'Buyer', role: 'to' },
          { address: 'manager@example.com', name: 'Manager', role: 'cc' },
          { address: 'crm@example.com', name: 'crm@example.com', role: 'bcc' },
        ],
        subject: 'Following up',
        subtype: 'new',
        dedupeKey: 'yahoo:rep@yahoo.com:ABcSent0123',
        detection: {
          method: 'page-request',
          source: 'yahoo-batch',
          ids: { messageId: 'ABcSent0123', conversationId: 'AE4s9iQs_conv', csid: 'c3a1f0e2-0b5e-4a53-9c1e-5d7e0f1a2b3c' },
        },
      },
    ]);
    expect(JSON.stringify(events)).not.toContain('SECRET-BODY-TEXT');
  });

  it('reads batchJson from URL-encoded form data, multipart text and a plain JSON body alike', () => {
    for (const encoding of ['form', 'multipart', 'json'] as const) {
      const [capture] = records(run(yahooObservation(batch([saveMessageRequest(message)]), { encoding, response: okResponse })));
      expect(capture?.dedupeKey, encoding).toBe('yahoo:rep@yahoo.com:ABcSent0123');
      expect(
        capture?.recipients.map((r) => r.address),
        encoding,
      ).toEqual(['buyer@acme.test', 'manager@example.com', 'crm@example.com']);
    }
  });

  it('marks replies and forwards', () => {
    const subtypeFor = (inReplyTo: YahooMessage['inReplyTo']) =>
      records(run(yahooObservation(batch([saveMessageRequest({ ...message, inReplyTo })]), { response: okResponse })))[0]?.subtype;
    expect(subtypeFor({ id: 'AKqPz0', replied: true })).toBe('reply');
    expect(subtypeFor({ id: 'AKqPz0', forwarded: true })).toBe('forward');
  });

  it('a draft save (no SendMessage in the batch) records nothing', () => {
    expect(run(yahooObservation(batch([saveMessageRequest(message, false)]), { response: okResponse }))).toEqual([]);
  });

  it('records nothing when the send failed: HTTP error, SendMessage error, or a top-level error', () => {
    const body = batch([saveMessageRequest(message)]);
    expect(run(yahooObservation(body, { status: 500, response: okResponse }))).toEqual([]);
    const sendError = batchResponse([
      { id: 'SaveMessage', messageId: 'AOnd5ZfQ6kYvZc9f' },
      { id: 'SendMessage', error: { code: 'EC-4003', message: 'Recipient rejected' } },
    ]);
    expect(run(yahooObservation(body, { response: sendError }))).toEqual([]);
    expect(run(yahooObservation(body, { response: batchResponse([], { code: 'EC-500', message: 'Internal error' }) }))).toEqual([]);
    const httpCodeOnly = batchResponse([{ id: 'SendMessage', messageId: 'X', httpCode: 403 }]);
    expect(run(yahooObservation(body, { response: httpCodeOnly }))).toEqual([]);
  });

  it('without a readable response falls back to the saved draft id, then the uri id, then the csid', () => {
    const withDraftId = yahooObservation(batch([saveMessageRequest({ ...message, id: 'ADraft77' })]));
    expect(records(run(withDraftId))[0]?.dedupeKey).toBe('yahoo:rep@yahoo.com:ADraft77');
    const sendOnly = yahooObservation(batch([sendMessageRequest('ADraft88')]), { name: 'messages.send' });
    expect(records(run(sendOnly))[0]).toMatchObject({ dedupeKey: 'yahoo:yahoo:ADraft88', account: 'yahoo', recipients: [] });
    const onlyCsid = yahooObservation(batch([saveMessageRequest(message)]));
    expect(records(run(onlyCsid))[0]?.dedupeKey).toBe('yahoo:rep@yahoo.com:c3a1f0e2-0b5e-4a53-9c1e-5d7e0f1a2b3c');
  });

  it('uses the saved message id when the send response names none', () => {
    const response = batchResponse([{ id: 'SaveMessage', messageId: 'ASaved55' }]);
    expect(records(run(yahooObservation(batch([saveMessageRequest(message)]), { response })))[0]?.dedupeKey).toBe(
      'yahoo:rep@yahoo.com:ASaved55',
    );
  });

  it('ignores unreadable bodies and batches that are not sends', () => {
    const observation = yahooObservation(batch([saveMessageRequest(message)]), { response: okResponse });
    expect(run({ ...observation, request: { ...observation.request, body: 'batchJson=%7Bnot%20json' } })).toEqual([]);
    expect(run({ ...observation, request: { ...observation.request, body: null } })).toEqual([]);
    const list = yahooObservation(batch([{ id: 'GetMessages', uri: '/ws/v3/mailboxes/@.id==x/messages', method: 'GET' }]), {
      response: okResponse,
    });
    expect(run(list)).toEqual([]);
  });

  it('watches POST /ws/v3/batch named messages.saveAndSend or messages.send on mail.yahoo.com', () => {
    expect(yahooDetector.watches('POST', new URL('https://mail.yahoo.com/ws/v3/batch?name=messages.saveAndSend&appId=YMailNorrin'))).toBe(
      true,
    );
    expect(yahooDetector.watches('POST', new URL('https://mail.yahoo.com/ws/v3/batch?name=messages.send&appId=YMailNorrin'))).toBe(true);
    expect(yahooDetector.watches('POST', new URL('https://mail.yahoo.com/ws/v3/batch?name=messages.autoSaveV3'))).toBe(false);
    expect(yahooDetector.watches('POST', new URL('https://mail.yahoo.com/ws/v3/batch?name=folderChange.getList'))).toBe(false);
    expect(yahooDetector.watches('GET', new URL('https://mail.yahoo.com/ws/v3/batch?name=messages.saveAndSend'))).toBe(false);
    expect(run(yahooObservation(batch([saveMessageRequest(message)]), { name: 'messages.autoSaveV3', response: okResponse }))).toEqual([]);
  });
});
