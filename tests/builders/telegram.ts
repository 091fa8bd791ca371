import type { Observation } from '../../lib/capture/types';
import { TELEGRAM_K_EVENT_URL, type TelegramSentFact } from '../../lib/capture/telegram/page-hook';

/**
 * Telegram Web K. The page hook turns tweb's `message_sent` event (morethanwords/tweb
 * src/lib/rootScope.ts: `'message_sent': {storageKey, tempId, tempMessage, mid, message}`, where
 * `message` is a layer `message` with `_`, `mid`, `peerId`, `peer_id: {_: 'peerUser'|'peerChat'|
 * 'peerChannel', …}`, `date` (unix seconds), `pFlags: {out: true}`, `message` (the text)) into a
 * TelegramSentFact, delivered as a synthetic observation. These builders make both: the raw event
 * (for the hook's tests) and the observation (for the detector's). Ids are made up.
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
      peer_id: peerType === 'peerUser' ? { _: 'peerUser', user_id: peerId } : peerType === 'peerChat' ? { _: 'peerChat', chat_id: -peerId } : { _: 'peerChannel', channel_id: -peerId },
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

export function telegramObservation(fact: unknown, exchange: { status?: number; url?: string } = {}): Observation {
  return {
    pageUrl: 'https://web.telegram.org/k/#@buyer',
    request: { method: 'POST', url: exchange.url ?? TELEGRAM_K_EVENT_URL, headers: {}, body: typeof fact === 'string' ? fact : JSON.stringify(fact) },
    response: { status: exchange.status ?? 200, body: null },
    startedAt: STARTED_AT,
  };
}

export function positives(): Observation[] {
  return [
    telegramObservation(sentFactOf()),
    telegramObservation(sentFactOf({ peerId: '-1001234567890', peerKind: 'channel', mid: '77' })),
    telegramObservation(sentFactOf({ peerId: '-4567', peerKind: 'chat', myId: undefined, date: undefined })),
  ];
}

export function negatives(): Observation[] {
  return [
    telegramObservation({ ...sentFactOf(), v: 2 }),
    telegramObservation({ ...sentFactOf(), peerId: 'abc' }),
    telegramObservation({ ...sentFactOf(), text: 'SECRET-MESSAGE-TEXT', mid: undefined }),
    telegramObservation('not json'),
    telegramObservation(sentFactOf(), { status: 0 }),
    telegramObservation(sentFactOf(), { url: 'https://web.telegram.org/k/' }),
  ];
}
