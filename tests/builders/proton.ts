import type { Observation } from '../../lib/capture/types';
import type { SourceFixtures } from './source-fixtures';

/**
 * Proton Mail traffic (mail.proton.me). Shapes from ProtonMail/WebClients:
 * packages/shared/lib/api/messages.ts (`sendMessage`: POST `mail/v4/messages/<id>` with
 * {ExpirationTime, ExpiresIn, AutoSaveContacts, Packages, DelaySeconds, DeliveryTime};
 * `sendMessageForm` posts the same as form fields with `?Source=<sendingFrom>`;
 * `sendMessageDirect`: POST `mail/v4/messages/send/direct` with {Message, Packages…};
 * `cancelSend`: POST `mail/v4/messages/<id>/cancel_send`; drafts: POST `mail/v4/messages` and PUT
 * `mail/v4/messages/<id>`), the send packages of `sendSubPackages` (each package:
 * {Addresses: {<address>: {Type, Signature, BodyKeyPacket…}}, MIMEType, Type, Body}), and the
 * API's `{"Code":1000,"Sent":{…}}` answer. komlev/darksouls-notifications (CLAUDE.md) treats a
 * POST with `Source=composer` as the send. Keys, bodies and ids are made up (and encrypted bodies
 * stand in as opaque base64).
 */

export const ACCOUNT = 'rep.one@proton.me';
export const MESSAGE_ID = 'pX3v9Q2mLk8sTq0w-RbN4y7uJ1cE5fGhA6dZ_oIeK2nVxBmYtSrUa9lPq3wE8rT1yU4iO7pAsDfGhJkLzXcVbN==';
export const STARTED_AT = Date.UTC(2025, 4, 6, 10, 0, 0);

export interface ProtonPackageSpec {
  addresses: string[];
  type?: number;
}

export function packages(specs: ProtonPackageSpec[]): unknown[] {
  return specs.map((spec) => ({
    Addresses: Object.fromEntries(
      spec.addresses.map((address) => [address, { Type: spec.type ?? 4, Signature: 0, BodyKeyPacket: 'wcBMA0KzQxJ3pY1kAQf+SECRET' }]),
    ),
    MIMEType: 'text/html',
    Type: spec.type ?? 4,
    Body: 'wcBMA0KzQxJ3pY1kAQf/ENCRYPTED-BODY-SECRET==',
  }));
}

export interface ProtonSend {
  packages?: ProtonPackageSpec[];
  delaySeconds?: number;
  deliveryTime?: number;
}

export function sendBody(send: ProtonSend = {}): Record<string, unknown> {
  return {
    ExpirationTime: undefined,
    ExpiresIn: undefined,
    AutoSaveContacts: 1,
    Packages: packages(
      send.packages ?? [
        { addresses: ['buyer@acme.test', 'boss@acme.test'], type: 4 },
        { addresses: ['crm@proton.me'], type: 1 },
      ],
    ),
    DelaySeconds: send.delaySeconds ?? 10,
    ...(send.deliveryTime !== undefined ? { DeliveryTime: send.deliveryTime } : {}),
  };
}

/** The same send as form fields, the way `input: 'form'` flattens nested keys. */
export function sendForm(send: ProtonSend = {}): string {
  const fields = new URLSearchParams();
  (send.packages ?? [{ addresses: ['buyer@acme.test'] }]).forEach((spec, i) => {
    for (const address of spec.addresses) {
      fields.append(`Packages[${i}][Addresses][${address}][Type]`, String(spec.type ?? 4));
      fields.append(`Packages[${i}][Addresses][${address}][Signature]`, '0');
    }
    fields.append(`Packages[${i}][MIMEType]`, 'text/html');
    fields.append(`Packages[${i}][Body]`, 'ENCRYPTED-BODY-SECRET');
  });
  fields.append('DelaySeconds', String(send.delaySeconds ?? 0));
  fields.append('AutoSaveContacts', '1');
  return fields.toString();
}

export function sentAnswer(id = MESSAGE_ID): unknown {
  return {
    Code: 1000,
    Sent: {
      ID: id,
      ConversationID: 'cV8nB2mQ4xZ0lK7jH5gF3dS1aP9oI6uY==',
      AddressID: 'aD3sF5gH7jK9lZ1xC2vB4nM6qW8eR0tY==',
      Subject: 'SECRET-SUBJECT',
      Sender: { Address: ACCOUNT, Name: 'Rep One' },
      ToList: [
        { Address: 'buyer@acme.test', Name: 'Buyer' },
        { Address: 'boss@acme.test', Name: 'Boss' },
      ],
      CCList: [],
      BCCList: [{ Address: 'crm@proton.me', Name: 'CRM' }],
      Time: 1746525600,
      Flags: 8194,
    },
    Parent: null,
  };
}

export interface ProtonExchange {
  path?: string;
  query?: string;
  status?: number;
  answer?: unknown;
  body?: string | null;
  method?: string;
}

export function protonObservation(exchange: ProtonExchange = {}): Observation {
  const answer = exchange.answer === undefined ? sentAnswer() : exchange.answer;
  const path = exchange.path ?? `/api/mail/v4/messages/${encodeURIComponent(MESSAGE_ID)}`;
  return {
    pageUrl: 'https://mail.proton.me/u/0/inbox',
    request: {
      method: exchange.method ?? 'POST',
      url: `https://mail.proton.me${path}${exchange.query === undefined ? '?Source=composer' : exchange.query}`,
      headers: { 'content-type': 'application/json;charset=utf-8', 'x-pm-appversion': 'web-mail@5.0.60.3' },
      body: exchange.body === undefined ? JSON.stringify(sendBody()) : exchange.body,
    },
    response: {
      status: exchange.status ?? 200,
      body: answer === null ? null : typeof answer === 'string' ? answer : JSON.stringify(answer),
    },
    startedAt: STARTED_AT,
  };
}

export function cancelSend(exchange: ProtonExchange = {}): Observation {
  return protonObservation({
    path: `/api/mail/v4/messages/${encodeURIComponent(MESSAGE_ID)}/cancel_send`,
    query: '',
    body: null,
    answer: { Code: 1000 },
    ...exchange,
  });
}

/** Requests that record a send. */
const SENDS: Record<string, Observation> = {
  'send from the composer with undo delay': protonObservation(),
  'send as a form, answer unread': protonObservation({ body: sendForm(), answer: null }),
  'scheduled send': protonObservation({ body: JSON.stringify(sendBody({ delaySeconds: 0, deliveryTime: 1746612000 })) }),
};

/** Undo and unschedule: retract a pending send. */
const RETRACTIONS: Record<string, Observation> = {
  'cancel_send (undo)': cancelSend(),
};

const DRAFT = JSON.stringify({ Message: { ToList: [{ Address: 'buyer@acme.test' }], Subject: 'x', Body: 'ENCRYPTED' } });

/** Look-alikes and failures that yield nothing. */
const NOTHING: Record<string, Observation> = {
  'draft create': protonObservation({
    path: '/api/mail/v4/messages',
    query: '',
    body: DRAFT,
    answer: { Code: 1000, Message: { ID: MESSAGE_ID } },
  }),
  'draft update': protonObservation({ method: 'PUT', query: '', body: DRAFT, answer: { Code: 1000, Message: { ID: MESSAGE_ID } } }),
  // refused: a recipient's key changed, the API's error code
  'refused: invalid recipient': protonObservation({ status: 422, answer: { Code: 2001, Error: 'Invalid recipient' } }),
  'refused: already sent': protonObservation({ answer: { Code: 2500, Error: 'Message has already been sent' } }),
  // other POSTs on the collection
  unsubscribe: protonObservation({
    path: '/api/mail/v4/messages/unsubscribe',
    query: '',
    body: JSON.stringify({ IDs: [MESSAGE_ID] }),
    answer: { Code: 1001 },
  }),
  'read receipt': protonObservation({ path: `/api/mail/v4/messages/${MESSAGE_ID}/receipt`, query: '', body: null, answer: { Code: 1000 } }),
  'body not JSON': protonObservation({ body: 'not json at all' }),
  'cancel_send too late': cancelSend({ status: 422, answer: { Code: 2061, Error: 'Too late' } }),
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
