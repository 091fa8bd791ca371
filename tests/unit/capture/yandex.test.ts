import { describe, expect, it } from 'vitest';
import { detectAll } from '../../../lib/capture/run';
import { type Capture, DetectorEvent, type Observation } from '../../../lib/capture/types';
import { yandexDetector } from '../../../lib/capture/yandex/detect';
import { ACCOUNT, doSendForm, negatives, positives, STARTED_AT, yandexObservation } from '../../builders/yandex';

const context = { participantsOf: () => undefined };

function run(observation: Observation): DetectorEvent[] {
  const events = yandexDetector.detect(observation, context);
  for (const event of events) expect(() => DetectorEvent.parse(event)).not.toThrow();
  expect(JSON.stringify(events)).not.toMatch(/SECRET|_ckey|Yx3kQ1/);
  return events;
}
const records = (events: DetectorEvent[]): Capture[] => events.flatMap((e) => (e.type === 'record' ? [e.capture] : []));

describe('yandex detector', () => {
  it('records a do-send once, keyed on the stored mid, held for the undo window', () => {
    const observation = yandexObservation(doSendForm({ cc: 'Boss <boss@acme.test>', bcc: 'crm@acme.test', subj: 'Предложение' }));
    expect(records(run(observation))).toEqual([
      {
        kind: 'email',
        channel: 'yandex',
        occurredAt: STARTED_AT,
        account: ACCOUNT,
        recipients: [
          { address: 'buyer@acme.test', name: 'Buyer', role: 'to' },
          { address: 'boss@acme.test', name: 'Boss', role: 'cc' },
          { address: 'crm@acme.test', role: 'bcc' },
        ],
        subject: 'Предложение',
        subtype: 'new',
        dedupeKey: `yandex:${ACCOUNT}:187390046029185033`,
        detection: { method: 'page-request', source: 'yandex-do-send', ids: { messageId: '187390046029185033' } },
        hold: 'undo-window',
      },
    ]);
  });

  it('works on every country host; replies and the draft mid fallback', () => {
    const capture = records(
      run(yandexObservation(doSendForm({ overwrite: '1873900', inreplyto: '<1@acme.test>' }), { host: 'mail.yandex.kz', answer: null })),
    )[0];
    expect(capture).toMatchObject({ subtype: 'reply', dedupeKey: `yandex:${ACCOUNT}:1873900` });
    for (const host of ['mail.yandex.com', 'mail.yandex.by', 'mail.yandex.com.tr', 'mail.yandex.uz']) {
      expect(yandexDetector.watches('POST', new URL(`https://${host}/web-api/do-send/liza1?_send=true`)), host).toBe(true);
    }
  });

  it('a scheduled send is pending until due', () => {
    const capture = records(
      run(yandexObservation(doSendForm({ sendTime: '1746612000000' }), { answer: { status: 'delayed_message_saved' } })),
    )[0];
    expect(capture).toMatchObject({ subtype: 'scheduled', hold: 'until-due', occurredAt: 1746612000000 });
  });

  it('without the undo flag there is no hold; without any id the start time keys the send', () => {
    const capture = records(run(yandexObservation(doSendForm({ undo: false }), { answer: { status: 'ok' } })))[0];
    expect(capture?.hold).toBeUndefined();
    expect(capture?.dedupeKey).toBe(`yandex:${ACCOUNT}:t${STARTED_AT}`);
  });

  it('a draft save of a mid retracts a pending send of that mid (the undo), never a counted one', () => {
    const save = yandexObservation(doSendForm({ overwrite: '187390046029185033' }, true), {
      query: '_save=true',
      answer: { status: 'ok' },
    });
    expect(run(save)).toEqual([{ type: 'retract', dedupeKey: `yandex:${ACCOUNT}:187390046029185033`, onlyIfPending: true }]);
    expect(run(yandexObservation(doSendForm({}, true), { query: '_save=true' }))).toEqual([]);
    expect(records(run(yandexObservation(doSendForm({ overwrite: '1873' }), { query: '_send=true&_save=true' })))).toEqual([]);
    expect(records(run(yandexObservation({ ...doSendForm({}), nosend: 'yes' })))).toEqual([]);
    expect(run({ ...save, response: { status: 500, body: null } })).toEqual([]);
  });

  it('records nothing for drafts, failures, limited recipients, HTTP errors or unreadable answers', () => {
    for (const observation of negatives()) expect(records(run(observation))).toEqual([]);
  });

  it('watches only POST do-send with _send or _save', () => {
    expect(yandexDetector.watches('POST', new URL('https://mail.yandex.ru/web-api/do-send/liza1?_send=true'))).toBe(true);
    expect(yandexDetector.watches('POST', new URL('https://mail.yandex.ru/web-api/do-send/liza1?_save=true'))).toBe(true);
    expect(yandexDetector.watches('POST', new URL('https://mail.yandex.ru/web-api/models/liza1?_m=messages'))).toBe(false);
    expect(yandexDetector.watches('GET', new URL('https://mail.yandex.ru/web-api/do-send/liza1?_send=true'))).toBe(false);
    expect(yandexDetector.watches('POST', new URL('https://yandex.ru/web-api/do-send/liza1?_send=true'))).toBe(false);
  });

  it('every builder observation goes through detectAll without a failure; odd input never throws', () => {
    for (const observation of [...positives(), ...negatives()])
      expect(detectAll([yandexDetector], observation, context).failures).toEqual([]);
    const base = yandexObservation(doSendForm({}));
    for (const body of ['', '%', 'to=%E0%A4%A', '{"a":1}'])
      expect(() => run({ ...base, request: { ...base.request, body } })).not.toThrow();
  });
});
