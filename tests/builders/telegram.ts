import { TELEGRAM_A_EVENT_URL, TELEGRAM_K_EVENT_URL, type TelegramSentFact } from '../../lib/capture/telegram/page-world-hook';
import type { Observation } from '../../lib/capture/types';
import type { SourceFixtures } from './source-fixtures';

/**
 * Telegram Web K and A.
 *
 * K: the page hook turns tweb's `message_sent` event (morethanwords/tweb
 * src/lib/rootScope.ts: `'message_sent': {storageKey, tempId, tempMessage, mid, message}`, where
 * `message` is a layer `message` with `_`, `mid`, `peerId`, `peer_id: {_: 'peerUser'|'peerChat'|
 * 'peerChannel', …}`, `date` (unix seconds), `pFlags: {out: true}`, `message` (the text)) into a
 * TelegramSentFact, delivered as a synthetic observation.
 *
 * A: the API worker posts `{type: 'updates', updates: [...]}` to the page (Ajaxy/telegram-tt
 * src/api/gramjs/worker/types.ts `WorkerMessageData`); a confirmed send is
 * `{'@type': 'updateMessageSendSucceeded', chatId, localId, message: ApiMessage}` and the signed-in
 * user arrives as `{'@type': 'updateCurrentUser', currentUser: ApiUser}` (src/api/types/updates.ts);
 * ApiMessage carries `id`, `chatId`, `date`, `isOutgoing` and `content` (the text).
 *
 * These builders make both the raw events (for the hooks' tests) and the observations (for the
 * detector's). Ids are made up.
 */

export const STARTED_AT = Date.UTC(2025, 4, 6, 13, 0, 0);
export const MY_ID = 777000111;

export interface SentEventSpec {
  peerId?: number;
  peerType?: 'peerUser' | 'peerChat' | 'peerChannel';
  mid?: number;
  date?: number;
  out?: boolean;
  kind?: string;
}

/** A `message_sent` event as tweb dispatches it on rootScope in the page. */
export function messageSentEvent(spec: SentEventSpec = {}): Record<string, unknown> {
  const peerId = spec.peerId ?? 5_550_001;
  const peerType = spec.peerType ?? (peerId > 0 ? 'peerUser' : 'peerChannel');
  const mid = spec.mid ?? 4242;
  return {
    storageKey: `${peerId}_history`,
    tempId: 4241.0001,
    tempMessage: { _: 'message', mid: 4241.0001, peerId, message: 'SECRET-MESSAGE-TEXT', pFlags: { out: true, is_outgoing: true } },
    mid,
    message: {
      _: spec.kind ?? 'message',
      mid,
      id: mid,
      peerId,
      fromId: MY_ID,
      peer_id:
        peerType === 'peerUser'
          ? { _: 'peerUser', user_id: peerId }
          : peerType === 'peerChat'
            ? { _: 'peerChat', chat_id: -peerId }
            : { _: 'peerChannel', channel_id: -peerId },
      date: spec.date ?? 1746536400,
      message: 'SECRET-MESSAGE-TEXT',
      entities: [],
      pFlags: spec.out === false ? {} : { out: true },
    },
  };
}

export function sentFactOf(overrides: Partial<TelegramSentFact> = {}): TelegramSentFact {
  return { v: 1, client: 'k', peerId: '5550001', peerKind: 'user', mid: '4242', date: 1746536400, myId: String(MY_ID), ...overrides };
}

export interface ASendSpec {
  chatId?: string;
  id?: number;
  date?: number;
  isOutgoing?: boolean;
}

/** telegram-tt's confirmed-send update. */
export function aSendSucceeded(spec: ASendSpec = {}): Record<string, unknown> {
  const chatId = spec.chatId ?? '5550001';
  return {
    '@type': 'updateMessageSendSucceeded',
    chatId,
    localId: 1746536400.0001,
    message: {
      id: spec.id ?? 4243,
      chatId,
      date: spec.date ?? 1746536460,
      isOutgoing: spec.isOutgoing ?? true,
      senderId: String(MY_ID),
      content: { text: { text: 'SECRET-MESSAGE-TEXT', entities: [] } },
    },
  };
}

export function aCurrentUser(id = String(MY_ID)): Record<string, unknown> {
  return { '@type': 'updateCurrentUser', currentUser: { id, firstName: 'Rep', phoneNumber: 'SECRET-PHONE' }, currentUserFullInfo: {} };
}

/** What the A client's API worker posts to the page. */
export function aWorkerUpdates(updates: unknown[]): Record<string, unknown> {
  return { type: 'updates', updates };
}

export function telegramObservation(fact: unknown, exchange: { status?: number; url?: string } = {}): Observation {
  return {
    pageUrl: 'https://web.telegram.org/k/#@buyer',
    request: {
      method: 'POST',
      url: exchange.url ?? TELEGRAM_K_EVENT_URL,
      headers: {},
      body: typeof fact === 'string' ? fact : JSON.stringify(fact),
    },
    response: { status: exchange.status ?? 200, body: null },
    startedAt: STARTED_AT,
  };
}

/** Facts that record a message. */
const SENDS: Record<string, Observation> = {
  'K: message to a user': telegramObservation(sentFactOf()),
  'K: post in a channel': telegramObservation(sentFactOf({ peerId: '-1001234567890', peerKind: 'channel', mid: '77' })),
  'K: message in a group, no date or user': telegramObservation(
    sentFactOf({ peerId: '-4567', peerKind: 'chat', myId: undefined, date: undefined }),
  ),
  'A: message to a user': telegramObservation(sentFactOf({ client: 'a', mid: '4243', date: 1746536460 }), { url: TELEGRAM_A_EVENT_URL }),
};

/** Telegram's hooks report confirmed sends only: nothing to retract. */
const RETRACTIONS: Record<string, Observation> = {};

/** Forged or malformed facts that record nothing. */
const NOTHING: Record<string, Observation> = {
  'unknown fact version': telegramObservation({ ...sentFactOf(), v: 2 }),
  'peer id not numeric': telegramObservation({ ...sentFactOf(), peerId: 'abc' }),
  'text instead of a message id': telegramObservation({ ...sentFactOf(), text: 'SECRET-MESSAGE-TEXT', mid: undefined }),
  'body not JSON': telegramObservation('not json'),
  'status 0': telegramObservation(sentFactOf(), { status: 0 }),
  'not the event path': telegramObservation(sentFactOf(), { url: 'https://web.telegram.org/k/' }),
  // a fact claiming the other client than the path it came on
  'A fact on the K path': telegramObservation(sentFactOf({ client: 'a' })),
  'K fact on the A path': telegramObservation(sentFactOf(), { url: TELEGRAM_A_EVENT_URL }),
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
