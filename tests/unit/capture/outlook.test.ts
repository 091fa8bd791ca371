import { describe, expect, it } from 'vitest';
import { outlookDetector } from '../../../lib/capture/outlook/detect';
import { type Capture, DetectorEvent, type Observation } from '../../../lib/capture/types';
import {
  createItemRequest,
  type OwaMessage,
  owaObservation,
  owaResponse,
  sendItemRequest,
  updateItemRequest,
} from '../../builders/outlook';

const context = { participantsOf: () => undefined };

function run(observation: Observation): DetectorEvent[] {
  const events = outlookDetector.detect(observation, context);
  for (const event of events) expect(() => DetectorEvent.parse(event)).not.toThrow();
  return events;
}

const records = (events: DetectorEvent[]): Capture[] => events.flatMap((e) => (e.type === 'record' ? [e.capture] : []));

const DRAFT_ID = 'AAMkAGI2TG93AAA=';
const SENT_ID = 'AAMkAGI2TG94BBB=';

const message: OwaMessage = {
  Subject: 'Intro call next week?',
  body: 'SECRET-BODY-TEXT do not store',
  To: [{ EmailAddress: 'Buyer@Acme.test', Name: 'Buyer' }],
  Cc: [{ EmailAddress: 'manager@example.com', Name: 'Manager' }],
  Bcc: [{ EmailAddress: 'crm@example.com' }],
};

const recipients = [
  { address: 'buyer@acme.test', name: 'Buyer', role: 'to' },
  { address: 'manager@example.com', name: 'Manager', role: 'cc' },
  { address: 'crm@example.com', name: 'crm@example.com', role: 'bcc' },
];

describe('outlook detector', () => {
  it('CreateItem with SendAndSaveCopy and a Success response records one email keyed on the response ItemId', () => {
    const observation = owaObservation('CreateItem', createItemRequest({ ...message, From: 'Rep@Example.com' }), {
      response: owaResponse([{ itemId: SENT_ID, internetMessageId: '<AM0PR01MB1234@eurprd01.prod.outlook.com>' }]),
    });
    expect(records(run(observation))).toEqual([
      {
        kind: 'email',
        channel: 'outlook',
        occurredAt: 1_700_000_000_000,
        account: 'rep@example.com',
        recipients,
        subject: 'Intro call next week?',
        subtype: 'new',
        dedupeKey: `outlook:${SENT_ID}`,
        detection: {
          method: 'page-request',
          source: 'owa-CreateItem',
          ids: { itemId: SENT_ID, internetMessageId: '<AM0PR01MB1234@eurprd01.prod.outlook.com>' },
        },
      },
    ]);
    expect(JSON.stringify(run(observation))).not.toContain('SECRET-BODY-TEXT');
  });

  it('SendOnly is a send too', () => {
    const observation = owaObservation('CreateItem', createItemRequest(message, 'SendOnly'), {
      response: owaResponse([{ itemId: SENT_ID }]),
    });
    expect(records(run(observation))).toHaveLength(1);
  });

  it('SaveOnly is a draft: nothing, for CreateItem and UpdateItem', () => {
    const response = owaResponse([{ itemId: DRAFT_ID }]);
    expect(run(owaObservation('CreateItem', createItemRequest(message, 'SaveOnly'), { response }))).toEqual([]);
    expect(run(owaObservation('UpdateItem', updateItemRequest(DRAFT_ID, message, 'SaveOnly'), { response }))).toEqual([]);
  });

  it('counts only a Success response: not an Error class, an HTTP error, or no response', () => {
    const request = createItemRequest(message);
    expect(run(owaObservation('CreateItem', request, { response: owaResponse([{ success: false }]) }))).toEqual([]);
    expect(run(owaObservation('CreateItem', request, { status: 500, response: owaResponse([{ itemId: SENT_ID }]) }))).toEqual([]);
    expect(run(owaObservation('CreateItem', request, { status: 440 }))).toEqual([]);
    expect(run(owaObservation('CreateItem', request))).toEqual([]);
    expect(run(owaObservation('CreateItem', request, { response: 'not json' }))).toEqual([]);
  });

  it('reads a payload sent URL-encoded in x-owa-urlpostdata with an empty body', () => {
    const observation = owaObservation('CreateItem', createItemRequest(message), {
      inHeader: true,
      response: owaResponse([{ itemId: SENT_ID }]),
    });
    expect(observation.request.body).toBe('');
    const [capture] = records(run(observation));
    expect(capture?.recipients).toEqual(recipients);
    expect(capture?.dedupeKey).toBe(`outlook:${SENT_ID}`);
  });

  it('UpdateItem sending a saved draft is keyed on the draft ItemId, with recipients from the updates', () => {
    const observation = owaObservation('UpdateItem', updateItemRequest(DRAFT_ID, message, 'SendAndSaveCopy', 'reply'), {
      response: owaResponse([{ itemId: DRAFT_ID }]),
    });
    const [capture] = records(run(observation));
    expect(capture).toMatchObject({
      dedupeKey: `outlook:${DRAFT_ID}`,
      recipients,
      subject: 'Intro call next week?',
      subtype: 'reply',
      detection: { source: 'owa-UpdateItem', ids: { itemId: DRAFT_ID } },
    });
  });

  it('an UpdateItem+SendItem pair for the same draft yields one dedupe key; SendItem records without recipients', () => {
    const update = records(
      run(
        owaObservation('UpdateItem', updateItemRequest(DRAFT_ID, { ...message, From: 'rep@example.com' }), {
          response: owaResponse([{ itemId: DRAFT_ID }]),
        }),
      ),
    );
    const send = records(run(owaObservation('SendItem', sendItemRequest([DRAFT_ID]), { response: owaResponse([{}]) })));
    expect(update).toHaveLength(1);
    expect(send).toHaveLength(1);
    expect(send[0]?.dedupeKey).toBe(update[0]?.dedupeKey);
    expect(send[0]).toMatchObject({ recipients: [], account: 'outlook', detection: { source: 'owa-SendItem', ids: { itemId: DRAFT_ID } } });
    expect(send[0]?.subtype).toBeUndefined();
  });

  it('SendItem answered with an error records nothing', () => {
    expect(run(owaObservation('SendItem', sendItemRequest([DRAFT_ID]), { response: owaResponse([{ success: false }]) }))).toEqual([]);
  });

  it('maps ComposeOperation to subtypes', () => {
    const subtypeFor = (op: 'newMail' | 'reply' | 'replyAll' | 'forward') =>
      records(
        run(
          owaObservation('CreateItem', createItemRequest(message, 'SendAndSaveCopy', op), { response: owaResponse([{ itemId: SENT_ID }]) }),
        ),
      )[0]?.subtype;
    expect([subtypeFor('newMail'), subtypeFor('reply'), subtypeFor('replyAll'), subtypeFor('forward')]).toEqual([
      'new',
      'reply',
      'reply',
      'forward',
    ]);
  });

  it('DeferredSendTime makes a scheduled send held until due', () => {
    const due = '2023-11-15T08:00:00.000Z';
    const observation = owaObservation('CreateItem', createItemRequest({ ...message, DeferredSendTime: due }), {
      response: owaResponse([{ itemId: SENT_ID }]),
    });
    expect(records(run(observation))[0]).toMatchObject({ hold: 'until-due', occurredAt: Date.parse(due), subtype: 'scheduled' });
  });

  it('a deferred send set through the PidTagDeferredSendTime extended property is scheduled too', () => {
    const request = createItemRequest(message);
    const item = request.Body.Items[0] as Record<string, unknown>;
    item.ExtendedProperty = [{ ExtendedFieldURI: { PropertyTag: '0x3FEF', PropertyType: 'SystemTime' }, Value: '2023-11-15T08:00:00Z' }];
    const [capture] = records(run(owaObservation('CreateItem', request, { response: owaResponse([{ itemId: SENT_ID }]) })));
    expect(capture).toMatchObject({ hold: 'until-due', occurredAt: Date.parse('2023-11-15T08:00:00Z') });
  });

  it('a normal send has no hold', () => {
    const [capture] = records(
      run(owaObservation('CreateItem', createItemRequest(message), { response: owaResponse([{ itemId: SENT_ID }]) })),
    );
    expect(capture?.hold).toBeUndefined();
  });

  it('account: From, else x-anchormailbox, else an address in the URL, else "outlook"', () => {
    const response = owaResponse([{ itemId: SENT_ID }]);
    const accountOf = (o: Observation) => records(run(o))[0]?.account;
    expect(accountOf(owaObservation('CreateItem', createItemRequest({ ...message, From: 'Shared@Example.com' }), { response }))).toBe(
      'shared@example.com',
    );
    expect(
      accountOf(
        owaObservation('CreateItem', createItemRequest(message), { response, headers: { 'x-anchormailbox': 'SMTP:Rep@Example.com' } }),
      ),
    ).toBe('rep@example.com');
    expect(
      accountOf(
        owaObservation('CreateItem', createItemRequest(message), {
          response,
          headers: { 'x-anchormailbox': 'PUID:00037FFE8D9B34A7@84df9e7f-e9f6-40af' },
        }),
      ),
    ).toBe('outlook');
    expect(
      accountOf(owaObservation('CreateItem', createItemRequest(message), { response, path: '/owa/sales%40example.com/service.svc' })),
    ).toBe('sales@example.com');
    expect(
      accountOf(
        owaObservation('CreateItem', createItemRequest(message), {
          response,
          pageUrl: 'https://outlook.office.com/mail/team@example.com/inbox',
        }),
      ),
    ).toBe('team@example.com');
    expect(accountOf(owaObservation('CreateItem', createItemRequest(message), { response }))).toBe('outlook');
  });

  it('falls back to InternetMessageId, then to the request correlation id, for the dedupe key', () => {
    const byMessageId = owaObservation('CreateItem', createItemRequest(message), {
      response: owaResponse([{ internetMessageId: '<abc@outlook.com>' }]),
    });
    expect(records(run(byMessageId))[0]?.dedupeKey).toBe('outlook:<abc@outlook.com>');
    const byCorrelation = owaObservation('CreateItem', createItemRequest(message), { response: owaResponse([{}]) });
    expect(records(run(byCorrelation))[0]?.dedupeKey).toBe('outlook:2f11f8fb-f6c6-43a5-881d-8a1b242a4e70');
  });

  it('watches the send actions on the four Outlook hosts only', () => {
    for (const host of ['outlook.live.com', 'outlook.office.com', 'outlook.office365.com', 'outlook.cloud.microsoft']) {
      expect(outlookDetector.watches('POST', new URL(`https://${host}/owa/service.svc?action=CreateItem&app=Mail`))).toBe(true);
      const [capture] = records(
        run(owaObservation('CreateItem', createItemRequest(message), { host, response: owaResponse([{ itemId: SENT_ID }]) })),
      );
      expect(capture?.dedupeKey).toBe(`outlook:${SENT_ID}`);
    }
    expect(outlookDetector.watches('POST', new URL('https://outlook.office.com/owa/service.svc?action=GetItem'))).toBe(false);
    expect(outlookDetector.watches('GET', new URL('https://outlook.office.com/owa/service.svc?action=CreateItem'))).toBe(false);
    expect(outlookDetector.watches('POST', new URL('https://outlook.example.com/owa/service.svc?action=CreateItem'))).toBe(false);
  });

  it('ignores unreadable payloads and other actions', () => {
    const observation = owaObservation('CreateItem', createItemRequest(message), { response: owaResponse([{ itemId: SENT_ID }]) });
    expect(run({ ...observation, request: { ...observation.request, body: '{not json' } })).toEqual([]);
    expect(run({ ...observation, request: { ...observation.request, body: '', headers: { 'x-owa-urlpostdata': '%E0%A4%A' } } })).toEqual(
      [],
    );
    expect(
      run({
        ...observation,
        request: { ...observation.request, url: 'https://outlook.office.com/owa/service.svc?action=GetConversationItems' },
      }),
    ).toEqual([]);
  });
});
