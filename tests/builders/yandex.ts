import type { Observation } from '../../lib/capture/types';
import type { SourceFixtures } from './source-fixtures';

/**
 * Yandex Mail traffic (mail.yandex.ru and the other country hosts). Shapes from public recordings
 * of the liza web client: a LoadRunner script posting `POST /web-api/do-send/liza1?_send=true`
 * (and `?_save=true` with `nosend=yes` for a draft) with att_ids, bcc, cc, current_folder,
 * from_mailbox, from_name, inreplyto, overwrite, send, send_time, subj, to ("Name" <addr>), ttype,
 * withUpdatedUndoAndDelayedErrorHandling, _connection_id, _ckey, _uid; Java autotests
 * (MethodsForYandexMailApi: form fields from_mailbox/send/subj/to/_ckey/ttype, success is
 * `"status":"ok"`); a Cypress test routing the same URL; and a public userscript's test suite for
 * the send answer ({status:"ok"}, {status:"delayed_message_saved"}, errors as
 * {status:"error",message|error}, {status:"ok",error:"…"}, {limited:…}).
 * `storedmid` in the answer is this project's assumption (see the source report). Ids are made up.
 */

export const ACCOUNT = 'rep.one@yandex.ru';
export const STARTED_AT = Date.UTC(2025, 4, 6, 9, 0, 0);

export interface YandexMessage {
  to?: string;
  cc?: string;
  bcc?: string;
  subj?: string;
  overwrite?: string;
  inreplyto?: string;
  sendTime?: string;
  undo?: boolean;
  from?: string;
}

export function doSendForm(m: YandexMessage, draft = false): Record<string, string> {
  return {
    att_ids: '',
    bcc: m.bcc ?? '',
    captcha_entered: '',
    captcha_key: '',
    cc: m.cc ?? '',
    current_folder: '6',
    from_mailbox: m.from ?? ACCOUNT,
    from_name: 'Rep One',
    ign_overwrite: 'no',
    inreplyto: m.inreplyto ?? '',
    nosend: draft ? 'yes' : '',
    overwrite: m.overwrite ?? '',
    references: '',
    save_symbol: 'draft',
    send: '<div>SECRET-BODY-TEXT</div>',
    send_time: m.sendTime ?? '',
    subj: m.subj ?? 'Коммерческое предложение',
    to: m.to ?? '"Buyer" <buyer@acme.test>',
    ttype: 'html',
    withUpdatedUndoAndDelayedErrorHandling: m.undo === false ? '' : 'yes',
    _connection_id: 'LIZA-12345678-1735901574015',
    _ckey: 'Yx3kQ1vZ0mN8pR2sT5uW7yA9bC4dE6fG',
    _uid: '1130000012345678',
  };
}

export interface YandexExchange {
  host?: string;
  query?: string;
  status?: number;
  answer?: unknown;
}

export function yandexObservation(form: Record<string, string>, exchange: YandexExchange = {}): Observation {
  const answer = exchange.answer === undefined ? { status: 'ok', storedmid: '187390046029185033' } : exchange.answer;
  return {
    pageUrl: `https://${exchange.host ?? 'mail.yandex.ru'}/?uid=1130000012345678#compose`,
    request: {
      method: 'POST',
      url: `https://${exchange.host ?? 'mail.yandex.ru'}/web-api/do-send/liza1?${exchange.query ?? '_send=true'}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      body: new URLSearchParams(form).toString(),
    },
    response: {
      status: exchange.status ?? 200,
      body: answer === null ? null : typeof answer === 'string' ? answer : JSON.stringify(answer),
    },
    startedAt: STARTED_AT,
  };
}

/** Requests that record a send. */
const SENDS: Record<string, Observation> = {
  'send with cc and bcc': yandexObservation(doSendForm({ cc: 'Boss <boss@acme.test>', bcc: 'crm@acme.test' })),
  'send of a saved draft on mail.yandex.com, answer unread': yandexObservation(
    doSendForm({ overwrite: '187390046029185033', inreplyto: '<123@acme.test>' }),
    {
      host: 'mail.yandex.com',
      answer: null,
    },
  ),
  'scheduled send': yandexObservation(doSendForm({ sendTime: '1746525600000' }), { answer: { status: 'delayed_message_saved' } }),
};

/** Undo arrives as a draft save (see yandex/detect.ts): it retracts a pending send and records nothing. */
const RETRACTIONS: Record<string, Observation> = {};

/** Look-alikes and failures that record nothing. */
const NOTHING: Record<string, Observation> = {
  'draft save': yandexObservation(doSendForm({}, true), { query: '_save=true', answer: { status: 'ok' } }),
  'refused: illegal params': yandexObservation(doSendForm({}), { answer: { status: 'error', message: 'illegal_params' } }),
  'ok with an error field': yandexObservation(doSendForm({}), { answer: { status: 'ok', error: 'incorrect_to' } }),
  'limited recipients': yandexObservation(doSendForm({}), { answer: { status: 'error', limited: { recipient: [{ login: 'x' }] } } }),
  'HTTP 403': yandexObservation(doSendForm({}), { status: 403, answer: { status: 'error', message: 'no_auth' } }),
  'answer not JSON': yandexObservation(doSendForm({}), { answer: 'upstream unavailable' }),
};

/** Sends, retractions and look-alikes: the unit tests' sets and the registry's fixture set (source-fixtures.ts). */
export function positives(): Observation[] {
  return [...Object.values(SENDS), ...Object.values(RETRACTIONS)];
}

export function negatives(): Observation[] {
  return Object.values(NOTHING);
}

/** For tests/unit/capture/registry.test.ts: an undo records nothing, so the retractions count among the negatives. */
export const captureFixtures: SourceFixtures = { positive: SENDS, negative: { ...NOTHING, ...RETRACTIONS } };
