import type { Observation } from '../../lib/capture/types';
import type { SourceFixtures } from './source-fixtures';

/**
 * Gmail sync traffic for the cases the recordings in ../shared/fixtures/gmail-sync lack.
 * Shapes follow those recordings (array form, 2022) and the older keyed-object form
 * (1-based string keys: {"1": id, "2": sender, …}) that earlier Gmail builds sent.
 */

export interface GmailContact {
  address: string;
  name?: string;
}

export interface GmailMessage {
  id: string;
  from: GmailContact;
  to?: GmailContact[];
  cc?: GmailContact[];
  bcc?: GmailContact[];
  timestamp?: number;
  subject?: string;
  body?: string;
  labels: string[];
  /** Replies carry the RFC Message-ID of the message they answer. */
  inReplyTo?: string;
  /** Responses: the RFC Message-ID Gmail gave the message. */
  rfcMessageId?: string;
  /** Extra fields by index (e.g. a scheduled time), to probe the walker. */
  extra?: Record<number, unknown>;
}

export const LABELS = {
  send: ['^all', '^pfg', '^f_bt', '^f_btns', '^f_cl', '^i', '^u'],
  scheduled: ['^all', '^scheduled', '^f_bt', '^f_btns', '^f_cl'],
  draft: ['^all', '^r', '^r_bt'],
  sent: ['^all', '^f', '^f_bt', '^f_cl', '^i', '^pfg', '^sq_ig_i_personal', '^u'],
} as const;

const contact = (c: GmailContact) => [1, c.address, c.name ?? null];

/** A message node in the current array form. */
export function messageArray(m: GmailMessage): unknown[] {
  const node: unknown[] = new Array(52).fill(null);
  const ts = m.timestamp ?? 1_700_000_000_000;
  node[0] = m.id;
  node[1] = [1, m.from.address, m.from.name ?? null, null, null, null, null, null, null, m.from.address];
  node[2] = m.to?.map(contact) ?? null;
  node[3] = m.cc?.map(contact) ?? null;
  node[4] = m.bcc?.map(contact) ?? null;
  node[6] = ts;
  node[7] = m.subject ?? '';
  node[8] = [null, [[0, `<div dir="ltr">${m.body ?? ''}</div>`]], null, null, null, null, 1];
  node[10] = [...m.labels];
  node[13] = m.rfcMessageId ?? null;
  node[15] = m.inReplyTo ?? null;
  node[17] = ts;
  node[41] = 0;
  node[51] = `s:6253542622a63a8c|#${m.id}|0`;
  for (const [index, value] of Object.entries(m.extra ?? {})) node[Number(index)] = value;
  return node;
}

/** A message node in the older keyed-object form (1-based keys, numbers as strings). */
export function messageKeyed(m: GmailMessage): Record<string, unknown> {
  const keyedContact = (c: GmailContact) => ({ '1': 1, '2': c.address, ...(c.name ? { '3': c.name } : {}) });
  const ts = String(m.timestamp ?? 1_700_000_000_000);
  const node: Record<string, unknown> = {
    '1': m.id,
    '2': keyedContact(m.from),
    '7': ts,
    '8': m.subject ?? '',
    '9': { '2': [{ '1': 0, '2': `<div dir="ltr">${m.body ?? ''}</div>` }], '7': 1 },
    '11': [...m.labels],
    '18': ts,
  };
  if (m.to) node['3'] = m.to.map(keyedContact);
  if (m.cc) node['4'] = m.cc.map(keyedContact);
  if (m.bcc) node['5'] = m.bcc.map(keyedContact);
  if (m.rfcMessageId) node['14'] = m.rfcMessageId;
  if (m.inReplyTo) node['16'] = m.inReplyTo;
  for (const [index, value] of Object.entries(m.extra ?? {})) node[String(Number(index) + 1)] = value;
  return node;
}

export interface GmailUpdate {
  threadId: string;
  message: GmailMessage;
}

/** A sync request (array form) carrying one update per message: batched when several. */
export function syncRequest(updates: GmailUpdate[]): unknown[] {
  return [
    [null, null, 2],
    [
      updates.map((u, i) => [
        10 + i,
        [u.threadId, [null, null, null, null, null, null, null, null, null, null, null, null, null, [[messageArray(u.message), null, 1]]]],
      ]),
    ],
    null,
    [1_700_000_000_000, 1, 1_700_000_000_100, 1, 205],
    2,
  ];
}

/** A first draft save (array form): the message sits inside a new thread summary. */
export function firstDraftSaveRequest(update: GmailUpdate): unknown[] {
  const ts = update.message.timestamp ?? 1_700_000_000_000;
  return [
    null,
    [[[7, [update.threadId, [null, null, [['', null, ts, update.threadId, [messageArray(update.message)]]]]]]]],
    [1, 527481, null, null, [null, 0], null, 1],
    [1_700_000_000_000, 1, 1_700_000_000_100, 0, 205],
    2,
  ];
}

/** A label action (archive, read, star…) on received mail: adds/removes labels on msg-f ids. */
export function labelActionRequest(threadId: string, add: string[], remove: string[], messageIds: string[]): unknown[] {
  return [
    [null, null, 2],
    [[[9, [threadId, [null, null, null, null, null, null, [add, remove, messageIds]]]]]],
    null,
    [1_700_000_000_000, 2, 1_700_000_000_100, 1, 80],
    2,
  ];
}

/** The server's answer (array form): each thread repeated with its messages as stored now. */
export function syncResponse(threads: { threadId: string; messages: GmailMessage[] }[]): unknown[] {
  return [
    [[[10, 0, null, 527537]]],
    [
      0,
      null,
      null,
      null,
      null,
      threads.map((t) => [
        [
          t.threadId,
          null,
          [null, null, null, null, null, null, [['', null, 1_700_000_000_000, t.threadId, t.messages.map(messageArray)], 527510]],
        ],
      ]),
    ],
    [[['^f', 19, 91]]],
    [527537],
  ];
}

/** A keyed-object sync request, shaped like older Gmail builds (updates under "2"."1"). */
export function keyedSyncRequest(updates: GmailUpdate[]): Record<string, unknown> {
  return {
    '2': {
      '1': updates.map((u, i) => ({
        '1': String(i + 1),
        '2': { '1': u.threadId, '2': { '14': { '1': messageKeyed(u.message) } } },
      })),
    },
    '3': { '1': 1, '2': '760329', '5': { '2': 0 }, '7': 1 },
    '4': { '2': 2, '3': '1700000000100', '4': 0, '5': 431 },
    '5': 2,
  };
}

/** A keyed-object label action on received messages (e.g. archive: remove ^i). */
export function keyedLabelActionRequest(threadId: string, add: string[], remove: string[], messageIds: string[]): Record<string, unknown> {
  return {
    '2': { '1': [{ '1': '1', '2': { '1': threadId, '2': { '7': { '1': add, '2': remove, '3': messageIds, '4': '1700000000000' } } } }] },
    '3': { '1': '1', '2': '1153798', '5': { '2': '0' }, '7': '1' },
    '4': { '2': '1', '3': '1700000000100', '4': '0' },
    '5': '2',
  };
}

export interface GmailObservationOptions {
  account?: number | null;
  status?: number;
  response?: unknown;
  startedAt?: number;
}

/** An observation of one sync request as the tap reports it. */
export function gmailObservation(body: unknown, options: GmailObservationOptions = {}): Observation {
  const account = options.account === undefined ? 0 : options.account;
  const prefix = account === null ? '' : `/u/${account}`;
  return {
    pageUrl: `https://mail.google.com/mail${prefix}/#inbox`,
    request: {
      method: 'POST',
      url: `https://mail.google.com/sync${prefix}/i/s?hl=en&c=42&rt=r&pt=ji`,
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    },
    response: {
      status: options.status ?? 200,
      body:
        options.response === undefined ? null : typeof options.response === 'string' ? options.response : JSON.stringify(options.response),
    },
    startedAt: options.startedAt ?? 1_700_000_000_000,
  };
}

// --- the fixture set tests/unit/capture/registry.test.ts runs (see source-fixtures.ts) ---

const FIXTURE_SENDER: GmailContact = { address: 'rep@example.com', name: 'Rep One' };
const fixtureMessage = (id: string, labels: readonly string[], extra: Partial<GmailMessage> = {}): GmailMessage => ({
  id,
  from: FIXTURE_SENDER,
  to: [{ address: 'buyer@acme.test', name: 'Buyer' }],
  subject: 'Quick question',
  body: 'never stored',
  timestamp: 1_700_000_000_000,
  labels: [...labels],
  ...extra,
});
const FIXTURE_THREAD = 'thread-a:r1234567890';

export const captureFixtures: SourceFixtures = {
  positive: {
    'new message sent': gmailObservation(syncRequest([{ threadId: FIXTURE_THREAD, message: fixtureMessage('msg-a:r111', LABELS.send) }])),
    'reply sent (keyed-object form)': gmailObservation(
      keyedSyncRequest([
        { threadId: FIXTURE_THREAD, message: fixtureMessage('msg-a:r112', LABELS.send, { inReplyTo: '<CAKk5jz1@mail.gmail.com>' }) },
      ]),
    ),
    'scheduled send': gmailObservation(
      syncRequest([{ threadId: FIXTURE_THREAD, message: fixtureMessage('msg-a:r113', LABELS.scheduled) }]),
    ),
    'send answered with a prefixed response': gmailObservation(
      syncRequest([{ threadId: FIXTURE_THREAD, message: fixtureMessage('msg-a:r114', LABELS.send) }]),
      {
        response: `)]}'\n${JSON.stringify(syncResponse([{ threadId: FIXTURE_THREAD, messages: [fixtureMessage('msg-a:r114', LABELS.sent, { rfcMessageId: '<x@mail.gmail.com>' })] }]))}`,
      },
    ),
  },
  negative: {
    'draft save': gmailObservation(
      firstDraftSaveRequest({ threadId: FIXTURE_THREAD, message: fixtureMessage('msg-a:r121', LABELS.draft) }),
    ),
    'archive of a received message': gmailObservation(
      labelActionRequest('thread-f:1743802434391390786', [], ['^i'], ['msg-f:1743802434391390786']),
    ),
    'send answered by a server error': gmailObservation(
      syncRequest([{ threadId: FIXTURE_THREAD, message: fixtureMessage('msg-a:r122', LABELS.send) }]),
      { status: 500 },
    ),
    'unreadable body': gmailObservation('not json ['),
  },
};
