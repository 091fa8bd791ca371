import { describe, expect, it } from 'vitest';
import { detectAll } from '../../../lib/capture/run';
import { type Capture, DetectorEvent, type Observation } from '../../../lib/capture/types';
import { zohoDetector } from '../../../lib/capture/zoho/detect';
import { ACCOUNT, negatives, positives, STARTED_AT, sendForm, zohoObservation } from '../../builders/zoho';

const context = { participantsOf: () => undefined };

function run(observation: Observation): DetectorEvent[] {
  const events = zohoDetector.detect(observation, context);
  for (const event of events) expect(() => DetectorEvent.parse(event)).not.toThrow();
  expect(JSON.stringify(events)).not.toMatch(/SECRET|zcsrf/);
  return events;
}
const records = (events: DetectorEvent[]): Capture[] => events.flatMap((e) => (e.type === 'record' ? [e.capture] : []));

describe('zoho detector', () => {
  it('records a sendImm=true send once, keyed on the answer’s message id', () => {
    expect(records(run(zohoObservation(sendForm({ cc: 'Boss <boss@acme.test>', bcc: 'crm@acme.test' }))))).toEqual([
      {
        kind: 'email',
        channel: 'zoho',
        occurredAt: STARTED_AT,
        account: ACCOUNT,
        recipients: [
          { address: 'buyer@acme.test', name: 'Buyer', role: 'to' },
          { address: 'boss@acme.test', name: 'Boss', role: 'cc' },
          { address: 'crm@acme.test', role: 'bcc' },
        ],
        subject: 'Proposal',
        subtype: 'new',
        dedupeKey: `zoho:${ACCOUNT}:1746525600123110001`,
        detection: {
          method: 'page-request',
          source: 'zoho-send',
          ids: { messageId: '1746525600123110001', accountId: '2637849000000002002' },
        },
      },
    ]);
  });

  it('replies and forwards; every data centre; the start time keys a send whose answer names no id', () => {
    expect(records(run(zohoObservation(sendForm({ mymId: '17460001' }))))[0]?.subtype).toBe('reply');
    const forward = records(
      run(zohoObservation(sendForm({ mymId: '17460001', forward: true }), { host: 'mail.zoho.in', answer: null })),
    )[0];
    expect(forward).toMatchObject({ subtype: 'forward', dedupeKey: `zoho:${ACCOUNT}:t${STARTED_AT}` });
    for (const host of ['mail.zoho.eu', 'mail.zoho.com.au', 'mail.zoho.jp', 'mail.zoho.com.cn', 'mail.zoho.sa', 'mail.zohocloud.ca']) {
      expect(zohoDetector.watches('POST', new URL(`https://${host}/zm/send.do`)), host).toBe(true);
    }
  });

  it('records nothing for draft saves, auto-saves, failure answers and HTTP errors', () => {
    for (const observation of negatives()) expect(run(observation)).toEqual([]);
  });

  it('watches POST send.do and sendMail.do only', () => {
    expect(zohoDetector.watches('POST', new URL('https://mail.zoho.com/zm/sendMail.do'))).toBe(true);
    expect(zohoDetector.watches('GET', new URL('https://mail.zoho.com/zm/send.do'))).toBe(false);
    expect(zohoDetector.watches('POST', new URL('https://mail.zoho.com/zm/saveDraft.do'))).toBe(false);
    expect(zohoDetector.watches('POST', new URL('https://www.zoho.com/zm/send.do'))).toBe(false);
  });

  it('every builder observation goes through detectAll without a failure; odd input never throws', () => {
    for (const observation of [...positives(), ...negatives()])
      expect(detectAll([zohoDetector], observation, context).failures).toEqual([]);
    expect(positives().every((o) => records(run(o)).length === 1)).toBe(true);
    const base = zohoObservation(sendForm());
    for (const body of ['', 'sendImm=true&to=%E0%A4%A', 'sendImm=true', '{"sendImm":true}']) {
      expect(() => run({ ...base, request: { ...base.request, body } })).not.toThrow();
    }
    expect(() => run({ ...base, response: { status: 200, body: '{"status":null,"code":"x"}' } })).not.toThrow();
  });
});
