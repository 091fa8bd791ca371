import { describe, expect, it } from 'vitest';
import { protonDetector } from '../../../lib/capture/proton/detect';
import { detectAll } from '../../../lib/capture/run';
import { type Capture, DetectorEvent, type Observation } from '../../../lib/capture/types';
import {
  ACCOUNT,
  cancelSend,
  MESSAGE_ID,
  negatives,
  positives,
  protonObservation,
  STARTED_AT,
  sendBody,
  sendForm,
  sentAnswer,
} from '../../builders/proton';

const context = { participantsOf: () => undefined };

function run(observation: Observation): DetectorEvent[] {
  const events = protonDetector.detect(observation, context);
  for (const event of events) expect(() => DetectorEvent.parse(event)).not.toThrow();
  // Only what the request names in clear: no bodies, key packets or subject.
  expect(JSON.stringify(events)).not.toMatch(/SECRET|ENCRYPTED|BodyKeyPacket/);
  return events;
}
const records = (events: DetectorEvent[]): Capture[] => events.flatMap((e) => (e.type === 'record' ? [e.capture] : []));

describe('proton detector', () => {
  it('records a composer send with the recipients its packages name, roles from the sent message, held for DelaySeconds', () => {
    expect(records(run(protonObservation()))).toEqual([
      {
        kind: 'email',
        channel: 'proton',
        occurredAt: STARTED_AT,
        account: ACCOUNT,
        recipients: [
          { address: 'buyer@acme.test', name: 'Buyer', role: 'to' },
          { address: 'boss@acme.test', name: 'Boss', role: 'to' },
          { address: 'crm@proton.me', name: 'CRM', role: 'bcc' },
        ],
        subtype: 'new',
        dedupeKey: `proton:${MESSAGE_ID}`,
        detection: {
          method: 'page-request',
          source: 'proton-send',
          ids: { messageId: MESSAGE_ID, conversationId: 'cV8nB2mQ4xZ0lK7jH5gF3dS1aP9oI6uY==' },
        },
        hold: 'undo-window',
        holdSeconds: 10,
      },
    ]);
  });

  it('reads form-encoded packages; without an answer the id comes from the path and the account is unknown', () => {
    const capture = records(
      run(protonObservation({ body: sendForm({ packages: [{ addresses: ['buyer@acme.test', 'x@acme.test'] }] }), answer: null })),
    )[0];
    expect(capture).toMatchObject({
      account: 'proton',
      dedupeKey: `proton:${MESSAGE_ID}`,
      recipients: [{ address: 'buyer@acme.test' }, { address: 'x@acme.test' }],
    });
    expect(capture?.hold).toBeUndefined();
  });

  it('a scheduled send (DeliveryTime) is pending until due', () => {
    const capture = records(run(protonObservation({ body: JSON.stringify(sendBody({ delaySeconds: 0, deliveryTime: 1746612000 })) })))[0];
    expect(capture).toMatchObject({ subtype: 'scheduled', hold: 'until-due', occurredAt: 1746612000 * 1000 });
  });

  it('cancel_send (undo, unschedule) retracts a pending send of that id', () => {
    expect(run(cancelSend())).toEqual([{ type: 'retract', dedupeKey: `proton:${MESSAGE_ID}`, onlyIfPending: true }]);
  });

  it('a direct send takes its id from the answer', () => {
    const body = JSON.stringify({
      Message: { ToList: [{ Address: 'buyer@acme.test', Name: 'Buyer' }], CCList: [], BCCList: [] },
      ...sendBody({ packages: [{ addresses: ['buyer@acme.test'] }] }),
    });
    const capture = records(
      run(protonObservation({ path: '/api/mail/v4/messages/send/direct', query: '', body, answer: sentAnswer('dIrEcT==') })),
    )[0];
    expect(capture).toMatchObject({ dedupeKey: 'proton:dIrEcT==', detection: { source: 'proton-send-direct' } });
    expect(run(protonObservation({ path: '/api/mail/v4/messages/send/direct', query: '', body, answer: null }))).toEqual([]);
  });

  it('records nothing for drafts, failures, other collection calls or unreadable bodies', () => {
    for (const observation of negatives()) expect(run(observation)).toEqual([]);
  });

  it('watches POST on message ids, send/direct and cancel_send only', () => {
    const w = (method: string, path: string) => protonDetector.watches(method, new URL(`https://mail.proton.me${path}`));
    expect(w('POST', '/api/mail/v4/messages/abc==?Source=composer')).toBe(true);
    expect(w('POST', '/api/mail/v4/messages/abc==/cancel_send')).toBe(true);
    expect(w('POST', '/api/mail/v4/messages/send/direct')).toBe(true);
    expect(w('POST', '/api/mail/v4/messages')).toBe(false);
    expect(w('PUT', '/api/mail/v4/messages/abc==')).toBe(false);
    expect(w('POST', '/api/mail/v4/messages/abc==/body')).toBe(false);
    expect(protonDetector.watches('POST', new URL('https://mail.protonmail.com/api/mail/v4/messages/abc'))).toBe(true);
  });

  it('every builder observation goes through detectAll without a failure; odd input never throws', () => {
    for (const observation of [...positives(), ...negatives()])
      expect(detectAll([protonDetector], observation, context).failures).toEqual([]);
    const base = protonObservation();
    for (const body of ['{"Packages":"x"}', '{"Packages":[null,1,{"Addresses":[1]}]}', 'Packages%5B', '']) {
      expect(() => run({ ...base, request: { ...base.request, body } })).not.toThrow();
    }
    expect(() => run({ ...base, request: { ...base.request, url: 'https://mail.proton.me/api/mail/v4/messages/%E0%A4%A' } })).not.toThrow();
  });
});
