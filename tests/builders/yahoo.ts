import type { Observation } from '../../lib/capture/types';
import type { SourceFixtures } from './source-fixtures';

/**
 * Yahoo Mail traffic: `POST /ws/v3/batch?name=messages.saveAndSend…` whose form field
 * `batchJson` holds a SaveMessage request (multipart payload with the message headers) and a
 * dependent SendMessage request on `…/messages/@.id==$(…)/send`. Shapes follow Yahoo's web
 * client ("YMailNorrin") traffic.
 */

export const MAILBOX = 'VjN-aF3kQ9mXy';

export interface YahooContact {
  email: string;
  name?: string;
}

export interface YahooMessage {
  csid?: string;
  /** Draft id when the message was saved before. */
  id?: string;
  subject?: string;
  body?: string;
  from?: YahooContact;
  to?: YahooContact[];
  cc?: YahooContact[];
  bcc?: YahooContact[];
  inReplyTo?: { id: string; replied?: boolean; forwarded?: boolean };
}

const contacts = (list?: YahooContact[]) => (list ?? []).map((c) => ({ name: c.name ?? c.email, email: c.email }));

export function saveMessageRequest(m: YahooMessage, send = true) {
  const message: Record<string, unknown> = {
    csid: m.csid ?? 'c3a1f0e2-0b5e-4a53-9c1e-5d7e0f1a2b3c',
    ...(m.id ? { id: m.id } : {}),
    newMessage: !m.id,
    headers: {
      subject: m.subject ?? '',
      from: m.from ? contacts([m.from]) : [],
      replyTo: [],
      to: contacts(m.to),
      cc: contacts(m.cc),
      bcc: contacts(m.bcc),
    },
    folder: { id: '3' },
    flags: { spam: 'false', read: 'true' },
  };
  if (m.inReplyTo) {
    message.inReplyTo = {
      messageReference: { id: m.inReplyTo.id },
      replied: m.inReplyTo.replied ?? !m.inReplyTo.forwarded,
      forwarded: m.inReplyTo.forwarded ?? false,
    };
  }
  return {
    id: 'SaveMessage',
    uri: `/ws/v3/mailboxes/@.id==${MAILBOX}/messages${m.id ? `/@.id==${m.id}` : ''}?uploadCount=0&totalAttachments=0`,
    method: m.id ? 'PUT' : 'POST',
    payloadType: 'multipart',
    payloadParts: [
      {
        partName: 'jsonString',
        contentType: 'application/json',
        payload: { actions: { responseMessage: true }, message, simpleBody: { attachments: [], html: `<div>${m.body ?? ''}</div>` } },
      },
    ],
    ...(send ? { requests: [sendMessageRequest('$(SaveMessage.message.immutableid)')] } : {}),
  };
}

export function sendMessageRequest(messageId: string) {
  return {
    id: 'SendMessage',
    uri: `/ws/v3/mailboxes/@.id==${MAILBOX}/messages/@.id==${messageId}/send`,
    method: 'POST',
    payloadType: 'embedded',
    payload: { csid: 'c3a1f0e2-0b5e-4a53-9c1e-5d7e0f1a2b3c', destinationFolder: { id: '2' } },
  };
}

export function batch(requests: unknown[]) {
  return { requests, responseType: 'json' };
}

export interface YahooResult {
  id: string;
  messageId?: string;
  conversationId?: string;
  error?: { code: string; message: string };
  httpCode?: number;
}

export function batchResponse(results: YahooResult[], topError: unknown = null) {
  return {
    result: {
      status: {
        successRequests: results.filter((r) => !r.error).map((r) => ({ id: r.id })),
        failedRequests: results.filter((r) => r.error).map((r) => ({ id: r.id })),
      },
      responses: results.map((r) => ({
        id: r.id,
        headers: {},
        httpCode: r.httpCode ?? (r.error ? 500 : 200),
        response: r.error
          ? { result: null, error: r.error }
          : {
              result: {
                message: {
                  id: r.messageId ?? 'AOnd5ZfQ6kYvZc9f',
                  immutableid: `${r.messageId ?? 'AOnd5ZfQ6kYvZc9f'}-imm`,
                  conversationId: r.conversationId ?? 'AE4s9iQs_xyz',
                },
              },
              error: null,
            },
      })),
    },
    error: topError,
  };
}

export type YahooEncoding = 'form' | 'multipart' | 'json';

export interface YahooObservationOptions {
  name?: string;
  status?: number;
  response?: unknown;
  encoding?: YahooEncoding;
  startedAt?: number;
}

const BOUNDARY = '----WebKitFormBoundary7MA4YWxkTrZu0gW';

export function encodeBatch(batchJson: unknown, encoding: YahooEncoding): { body: string; contentType: string } {
  const json = JSON.stringify(batchJson);
  if (encoding === 'json') return { body: json, contentType: 'application/json' };
  if (encoding === 'multipart') {
    return {
      body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="batchJson"\r\n\r\n${json}\r\n--${BOUNDARY}--\r\n`,
      contentType: `multipart/form-data; boundary=${BOUNDARY}`,
    };
  }
  return { body: new URLSearchParams({ batchJson: json }).toString(), contentType: 'application/x-www-form-urlencoded' };
}

export function yahooObservation(batchJson: unknown, options: YahooObservationOptions = {}): Observation {
  const { body, contentType } = encodeBatch(batchJson, options.encoding ?? 'form');
  return {
    pageUrl: 'https://mail.yahoo.com/d/compose/1234567',
    request: {
      method: 'POST',
      url: `https://mail.yahoo.com/ws/v3/batch?name=${options.name ?? 'messages.saveAndSend'}&hash=1a2b3c4&appId=YMailNorrin&ymreqid=5b0d7f3e-0c1a&wssid=k5ZsN0yYd8p`,
      headers: { 'content-type': contentType },
      body,
    },
    response: {
      status: options.status ?? 200,
      body: options.response === undefined ? null : JSON.stringify(options.response),
    },
    startedAt: options.startedAt ?? 1_700_000_000_000,
  };
}

// --- the fixture set tests/unit/capture/registry.test.ts runs (see source-fixtures.ts) ---

const FIXTURE_MESSAGE: YahooMessage = {
  subject: 'Following up',
  body: 'never stored',
  from: { email: 'rep@yahoo.com', name: 'Rep One' },
  to: [{ email: 'buyer@acme.test', name: 'Buyer' }],
};
const FIXTURE_RESPONSE = batchResponse([
  { id: 'SaveMessage', messageId: 'AOnd5ZfQ6kYvZc9f' },
  { id: 'SendMessage', messageId: 'ABcSent0123' },
]);

export const captureFixtures: SourceFixtures = {
  positive: {
    'saveAndSend, form-encoded': yahooObservation(batch([saveMessageRequest(FIXTURE_MESSAGE)]), { response: FIXTURE_RESPONSE }),
    'saveAndSend, multipart': yahooObservation(batch([saveMessageRequest(FIXTURE_MESSAGE)]), {
      encoding: 'multipart',
      response: FIXTURE_RESPONSE,
    }),
    'reply sent': yahooObservation(batch([saveMessageRequest({ ...FIXTURE_MESSAGE, inReplyTo: { id: 'AKqPz0' } })]), {
      encoding: 'json',
      response: FIXTURE_RESPONSE,
    }),
    'saved draft sent (messages.send)': yahooObservation(batch([sendMessageRequest('ADraft88')]), { name: 'messages.send' }),
  },
  negative: {
    'draft saved': yahooObservation(batch([saveMessageRequest(FIXTURE_MESSAGE, false)]), { response: FIXTURE_RESPONSE }),
    'send refused': yahooObservation(batch([saveMessageRequest(FIXTURE_MESSAGE)]), {
      response: batchResponse([{ id: 'SaveMessage' }, { id: 'SendMessage', error: { code: 'EC-4003', message: 'Recipient rejected' } }]),
    }),
    'send answered by a server error': yahooObservation(batch([saveMessageRequest(FIXTURE_MESSAGE)]), {
      status: 500,
      response: FIXTURE_RESPONSE,
    }),
    'unreadable batchJson': {
      ...yahooObservation(batch([])),
      request: { ...yahooObservation(batch([])).request, body: 'batchJson=%7Bnot%20json' },
    },
  },
};
