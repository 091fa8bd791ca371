import type { Observation } from '../../lib/capture/types';
import type { SourceFixtures } from './source-fixtures';

/**
 * Mail.ru webmail traffic (e.mail.ru) as the page tap sees it. Shapes from public recordings of the
 * web client: Lamardo43/loadtest-QE-IPR1 (LoadRunner VuGen scripts: `POST /api/v1/k8s/messages/send`
 * with ATTACHMENTS_RESTORE, id, source, headers, template, sign, remind, receipt, subject, priority,
 * send_date, body, from, correspondents, folder_id, compose_stat, delay_for_cancellation, attaches,
 * email, htmlencoded, token; the answer read as `$.body.id` and `$.body.cancellation_token`,
 * success checked as `"status":200`), and 4erk/mailru_sender src/Message.php (the older
 * `/api/v1/messages/send`: correspondents/source/body as JSON strings, `api=1`, `token`).
 * Ids and tokens are made up.
 */

export const ACCOUNT = 'rep.one@mail.ru';
export const STARTED_AT = Date.UTC(2025, 4, 6, 8, 15, 0);

export interface MailruMessage {
  to?: string;
  cc?: string;
  bcc?: string;
  subject?: string;
  body?: string;
  source?: Partial<Record<'draft' | 'reply' | 'forward' | 'schedule', string>>;
  sendDate?: string;
  undo?: boolean;
  composeId?: string;
  email?: string;
}

export function sendForm(m: MailruMessage): Record<string, string> {
  const email = m.email ?? ACCOUNT;
  return {
    ATTACHMENTS_RESTORE: 'true',
    ATTACHMENTS_EXPIRATION_TIME: '14400000',
    id: m.composeId ?? 'd98Aa2B79CfB89Bf59fF5Fa77793C463',
    source: JSON.stringify({ draft: '', reply: '', forward: '', schedule: '', ...m.source }),
    headers: '{}',
    template: '0',
    sign: '0',
    remind: '0',
    receipt: 'false',
    subject: m.subject ?? 'Коммерческое предложение',
    priority: '3',
    send_date: m.sendDate ?? '',
    body: JSON.stringify({ html: `<div>${m.body ?? 'SECRET-BODY-TEXT'}</div>`, text: m.body ?? 'SECRET-BODY-TEXT' }),
    from: `Rep One <${email}>`,
    correspondents: JSON.stringify({ to: m.to ?? 'Buyer <buyer@acme.test>', cc: m.cc ?? '', bcc: m.bcc ?? '' }),
    folder_id: '',
    triggerModelChangePlease: 'true',
    compose_stat: '{"user_track":"m|201|226|2|1","build":"release-fmail-21883","serverTime":1693930713831}',
    delay_for_cancellation: m.undo === false ? 'false' : 'true',
    attaches: '{"list":[]}',
    email,
    htmlencoded: 'false',
    token: '6b1f0ce1a2f34d5e:hdLwGvtjx2a6rFvntc5NEvzK8dH27teE',
  };
}

export function sendAnswer(id = 'oCnA498u', cancellation = true): unknown {
  return {
    email: ACCOUNT,
    status: 200,
    htmlencoded: false,
    body: { id, ...(cancellation ? { cancellation_token: 'AG_z8JIH1laNSUFhZAMgYnuQ' } : {}) },
  };
}

export interface MailruExchange {
  path?: string;
  status?: number;
  /** The answer's JSON; null: the tap kept no body; a string: sent as it is. */
  answer?: unknown;
  encoding?: 'form' | 'multipart';
}

const BOUNDARY = '----WebKitFormBoundaryMailRu7MA4YWxk';

export function mailruObservation(form: Record<string, string>, exchange: MailruExchange = {}): Observation {
  const body =
    exchange.encoding === 'multipart'
      ? `${Object.entries(form)
          .map(([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
          .join('')}--${BOUNDARY}--\r\n`
      : new URLSearchParams(form).toString();
  const answer = exchange.answer === undefined ? sendAnswer() : exchange.answer;
  return {
    pageUrl: 'https://e.mail.ru/inbox/?back=1&afterReload=1',
    request: {
      method: 'POST',
      url: `https://e.mail.ru${exchange.path ?? '/api/v1/k8s/messages/send'}`,
      headers: {
        'content-type':
          exchange.encoding === 'multipart' ? `multipart/form-data; boundary=${BOUNDARY}` : 'application/x-www-form-urlencoded',
      },
      body,
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
  'send with cc (k8s endpoint)': mailruObservation(sendForm({ cc: 'Boss <boss@acme.test>' })),
  'reply through the older endpoint': mailruObservation(sendForm({ source: { reply: '17000000000000000001' } }), {
    path: '/api/v1/messages/send',
  }),
  'send as multipart form': mailruObservation(sendForm({}), { encoding: 'multipart' }),
};

/** Undo requests: none known for Mail.ru (see lib/capture/mailru/detect.ts). */
const RETRACTIONS: Record<string, Observation> = {};

/** Look-alikes and failures that yield nothing. */
const NOTHING: Record<string, Observation> = {
  // token expired: HTTP 200 with another status inside
  'token expired (HTTP 200, status 403 inside)': mailruObservation(sendForm({}), {
    answer: { status: 403, body: 'token', email: ACCOUNT },
  }),
  'server error': mailruObservation(sendForm({}), { status: 500, answer: 'Internal Server Error' }),
  'answer not JSON': mailruObservation(sendForm({}), { answer: '<html>not json</html>' }),
  // a draft save goes elsewhere: not watched
  'draft save': mailruObservation(sendForm({}), { path: '/api/v1/messages/draft' }),
  'no compose id and no message id': mailruObservation({ ...sendForm({}), id: '' }, { answer: { status: 200, body: {} } }),
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
