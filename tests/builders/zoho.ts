import type { Observation } from '../../lib/capture/types';
import type { SourceFixtures } from './source-fixtures';

/**
 * Zoho Mail traffic (mail.zoho.com and the other data centres). Shapes from public notes on the web
 * client's own requests: komlev/darksouls-notifications (CLAUDE.md: `mail.zoho.com/zm/send.do`,
 * "Body has `sendImm=true`" for an immediate send, absent on draft saves) and a public write-up of
 * Zoho Mail's forward traffic (form-urlencoded `/zm/send.do` with the session's `x-zcsrf-token`
 * header, carrying accId, mymId, fwdInlineMode=7, originalMode=draft, from/to/cc/bcc/subject and a
 * `content` field holding the body). The answer's shape is not public: the builder's answers are
 * this project's assumption (see the source report). Ids are made up.
 */

export const ACCOUNT = 'rep.one@zohomail.com';
export const STARTED_AT = Date.UTC(2025, 4, 6, 11, 0, 0);

export interface ZohoMessage {
  to?: string;
  cc?: string;
  bcc?: string;
  subject?: string;
  sendImm?: boolean;
  mode?: string;
  mymId?: string;
  forward?: boolean;
}

export function sendForm(m: ZohoMessage = {}): Record<string, string> {
  return {
    accId: '2637849000000002002',
    from: `Rep One <${ACCOUNT}>`,
    to: m.to ?? 'Buyer <buyer@acme.test>',
    cc: m.cc ?? '',
    bcc: m.bcc ?? '',
    subject: m.subject ?? 'Proposal',
    content: '<div>SECRET-BODY-TEXT</div>',
    mailFormat: 'html',
    ...(m.mymId ? { mymId: m.mymId, originalMode: 'draft' } : {}),
    ...(m.forward ? { fwdInlineMode: '7' } : {}),
    ...(m.mode ? { mode: m.mode } : {}),
    ...(m.sendImm === false ? {} : { sendImm: 'true' }),
  };
}

export interface ZohoExchange {
  host?: string;
  path?: string;
  status?: number;
  answer?: unknown;
}

export function zohoObservation(form: Record<string, string>, exchange: ZohoExchange = {}): Observation {
  const answer = exchange.answer === undefined ? { status: 'success', msgId: '1746525600123110001' } : exchange.answer;
  const host = exchange.host ?? 'mail.zoho.com';
  return {
    pageUrl: `https://${host}/zm/#mail/folder/inbox`,
    request: {
      method: 'POST',
      url: `https://${host}${exchange.path ?? '/zm/send.do'}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', 'x-zcsrf-token': 'zmcsrfparam=4f1c2e3a' },
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
  'send with cc': zohoObservation(sendForm({ cc: 'Boss <boss@acme.test>' })),
  'forward on mail.zoho.eu, answer unread': zohoObservation(sendForm({ mymId: '1746000000000110002', forward: true }), {
    host: 'mail.zoho.eu',
    answer: null,
  }),
  'send through sendMail.do, empty answer': zohoObservation(sendForm(), { path: '/zm/sendMail.do', answer: '' }),
};

/** Zoho's undo request is unknown (see zoho/detect.ts). */
const RETRACTIONS: Record<string, Observation> = {};

/** Look-alikes and failures that record nothing. */
const NOTHING: Record<string, Observation> = {
  'draft save answered with a draft id': zohoObservation(sendForm({ sendImm: false, mode: 'draft' }), {
    answer: { status: 'success', draftId: '1746525600123110003' },
  }),
  'draft mode': zohoObservation(sendForm({ mode: 'draft' })),
  'refused: invalid recipient': zohoObservation(sendForm(), { answer: { status: 'failure', error: 'INVALID_RECIPIENT' } }),
  'status object with code 500': zohoObservation(sendForm(), { answer: { status: { code: 500, description: 'Internal Error' } } }),
  'HTTP 403': zohoObservation(sendForm(), { status: 403, answer: 'forbidden' }),
  'answer not JSON': zohoObservation(sendForm(), { answer: 'An error occurred' }),
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
