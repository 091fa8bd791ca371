import { describe, expect, it } from 'vitest';
import { mailruDetector } from '../../../lib/capture/mailru/detect';
import { detectAll } from '../../../lib/capture/run';
import { type Capture, DetectorEvent, type Observation } from '../../../lib/capture/types';
import { ACCOUNT, mailruObservation, negatives, positives, STARTED_AT, sendAnswer, sendForm } from '../../builders/mailru';

const context = { participantsOf: () => undefined };

function run(observation: Observation): DetectorEvent[] {
  const events = mailruDetector.detect(observation, context);
  for (const event of events) expect(() => DetectorEvent.parse(event)).not.toThrow();
  expect(JSON.stringify(events)).not.toMatch(/SECRET|token/i);
  return events;
}
const records = (events: DetectorEvent[]): Capture[] => events.flatMap((e) => (e.type === 'record' ? [e.capture] : []));

describe('mailru detector', () => {
  it('records a k8s send once, keyed on the id the answer returns, held for the undo window', () => {
    const observation = mailruObservation(sendForm({ cc: 'Boss <boss@acme.test>', bcc: 'crm@acme.test', subject: 'КП' }));
    expect(records(run(observation))).toEqual([
      {
        kind: 'email',
        channel: 'mailru',
        occurredAt: STARTED_AT,
        account: ACCOUNT,
        recipients: [
          { address: 'buyer@acme.test', name: 'Buyer', role: 'to' },
          { address: 'boss@acme.test', name: 'Boss', role: 'cc' },
          { address: 'crm@acme.test', role: 'bcc' },
        ],
        subject: 'КП',
        subtype: 'new',
        dedupeKey: `mailru:${ACCOUNT}:oCnA498u`,
        detection: {
          method: 'page-request',
          source: 'mailru-send',
          ids: { messageId: 'oCnA498u', composeId: 'd98Aa2B79CfB89Bf59fF5Fa77793C463' },
        },
      },
    ]);
  });

  it('reads the older /api/v1/messages/send and multipart bodies alike', () => {
    const legacy = records(run(mailruObservation(sendForm({}), { path: '/api/v1/messages/send' })));
    const multipart = records(run(mailruObservation(sendForm({}), { encoding: 'multipart' })));
    expect(legacy[0]?.dedupeKey).toBe(`mailru:${ACCOUNT}:oCnA498u`);
    expect(multipart[0]?.recipients).toEqual([{ address: 'buyer@acme.test', name: 'Buyer', role: 'to' }]);
  });

  it('splits address lists with quoted commas and several entries', () => {
    const to = '"Doe, Jane" <jane@acme.test>, plain@acme.test; Bad Entry <not-an-address>';
    expect(records(run(mailruObservation(sendForm({ to }))))[0]?.recipients).toEqual([
      { address: 'jane@acme.test', name: 'Doe, Jane', role: 'to' },
      { address: 'plain@acme.test', role: 'to' },
    ]);
  });

  it('marks replies, forwards and scheduled sends (pending until due)', () => {
    expect(records(run(mailruObservation(sendForm({ source: { reply: '17000000000000000001' } }))))[0]?.subtype).toBe('reply');
    expect(records(run(mailruObservation(sendForm({ source: { forward: '17000000000000000001' } }))))[0]?.subtype).toBe('forward');
    const scheduled = records(run(mailruObservation(sendForm({ sendDate: '1746612000' }))))[0];
    expect(scheduled).toMatchObject({ subtype: 'scheduled', hold: 'until-due', occurredAt: 1746612000 * 1000 });
  });

  it('without undo send and without a cancellation token there is no hold', () => {
    const capture = records(run(mailruObservation(sendForm({ undo: false }), { answer: sendAnswer('x1', false) })))[0];
    expect(capture?.hold).toBeUndefined();
  });

  it('falls back to the compose id when the tap kept no answer', () => {
    expect(records(run(mailruObservation(sendForm({}), { answer: null })))[0]?.dedupeKey).toBe(
      `mailru:${ACCOUNT}:d98Aa2B79CfB89Bf59fF5Fa77793C463`,
    );
  });

  it('records nothing for failures, unreadable answers, drafts or a send without any id', () => {
    for (const observation of negatives()) expect(run(observation)).toEqual([]);
  });

  it('watches POST to the two send paths on e.mail.ru only', () => {
    expect(mailruDetector.watches('POST', new URL('https://e.mail.ru/api/v1/k8s/messages/send'))).toBe(true);
    expect(mailruDetector.watches('POST', new URL('https://e.mail.ru/api/v1/messages/send?logid=1'))).toBe(true);
    expect(mailruDetector.watches('GET', new URL('https://e.mail.ru/api/v1/messages/send'))).toBe(false);
    expect(mailruDetector.watches('POST', new URL('https://e.mail.ru/api/v1/messages/draft'))).toBe(false);
    expect(mailruDetector.watches('POST', new URL('https://mail.ru/api/v1/messages/send'))).toBe(false);
  });

  it('every builder observation goes through detectAll without a failure', () => {
    for (const observation of [...positives(), ...negatives()]) {
      const { failures } = detectAll([mailruDetector], observation, context);
      expect(failures).toEqual([]);
    }
    expect(positives().every((o) => run(o).length === 1)).toBe(true);
  });

  it('odd input never throws', () => {
    const base = mailruObservation(sendForm({}));
    for (const body of ['', '%E0%A4%A', 'correspondents=%7Bnot json', '--x\r\nbroken', '{"json":true}']) {
      expect(() => run({ ...base, request: { ...base.request, body } })).not.toThrow();
    }
    expect(() => run({ ...base, response: { status: 200, body: '{"status":200,"body":[1,2]}' } })).not.toThrow();
  });
});
