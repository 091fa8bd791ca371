import type { Observation } from '../types';

/**
 * MAIN-world hook for Telegram Web K (web.telegram.org/k/): reports each message the user sent.
 *
 * Why a hook: K runs MTProto in a worker, so the fetch/XHR tap sees nothing. Its event bus is
 * reachable: morethanwords/tweb src/lib/rootScope.ts mounts `rootScope` on `window` through
 * MOUNT_CLASS_TO (src/config/debug.ts sets it to `window` in production builds too), and the
 * worker's events are re-dispatched on it in the page, among them
 * `message_sent: {storageKey, tempId, tempMessage, mid, message}` once the server confirmed a send.
 *
 * The fact it reports (TelegramSentFact) names only the peer, the message id, the date and the
 * out flag: never the text, media or entities. It travels as the body of a synthetic observation
 * `POST https://web.telegram.org/k/qr-event/message_sent` (status 200, no answer body), so the
 * relay and background handle it like any tapped request; the detector (detect.ts) validates it.
 *
 * Rules, as for the tap: dependency-free and tiny (types only), never throws into the page, keeps
 * its own references, and waits (polling) until `rootScope` appears, giving up after ten minutes.
 */

export const TELEGRAM_K_EVENT_URL = 'https://web.telegram.org/k/qr-event/message_sent';

/** What the hook reports about one sent message. */
export interface TelegramSentFact {
  v: 1;
  client: 'k';
  /** tweb's PeerId: positive for users, negative for groups and channels. */
  peerId: string;
  peerKind: 'user' | 'chat' | 'channel';
  /** tweb's message id (`mid`) in that peer. */
  mid: string;
  /** Unix seconds, from the message. */
  date?: number;
  /** The signed-in user (rootScope.myId), when known. */
  myId?: string;
}

interface EventBus {
  addEventListener(name: string, callback: (event: unknown) => void): void;
  myId?: unknown;
}

const INSTALLED = Symbol.for('quota-radar.telegram-k');
const POLL_MS = 500;
const MAX_POLLS = 1200;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const idOf = (value: unknown): string | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) && value !== 0
    ? String(value)
    : typeof value === 'string' && /^-?\d{1,20}$/.test(value)
      ? value
      : undefined;

/** The fact for a `message_sent` event, reading ids and flags only; undefined when it is not an outgoing message. */
export function sentFact(event: unknown, myId: unknown): TelegramSentFact | undefined {
  if (!isRecord(event)) return undefined;
  const message = isRecord(event.message) ? event.message : undefined;
  if (!message || message._ !== 'message') return undefined;
  const flags = isRecord(message.pFlags) ? message.pFlags : undefined;
  if (flags?.out !== true) return undefined;
  const peerId = idOf(message.peerId);
  const mid = idOf(event.mid) ?? idOf(message.mid);
  if (!peerId || !mid) return undefined;
  const peerType = isRecord(message.peer_id) ? message.peer_id._ : undefined;
  const peerKind = peerType === 'peerChannel' ? 'channel' : peerType === 'peerChat' || peerId.startsWith('-') ? 'chat' : 'user';
  const fact: TelegramSentFact = { v: 1, client: 'k', peerId, peerKind, mid };
  if (typeof message.date === 'number' && Number.isSafeInteger(message.date) && message.date > 0) fact.date = message.date;
  const me = idOf(myId);
  if (me) fact.myId = me;
  return fact;
}

export function installTelegramKHook(win: Window, report: (observation: Observation) => void): void {
  const marked = win as Window & { [INSTALLED]?: boolean };
  if (marked[INSTALLED]) return;
  try {
    Object.defineProperty(win, INSTALLED, { value: true });
  } catch {
    // a frozen window: install anyway
  }
  const setTimer = win.setTimeout.bind(win);
  const now = Date.now;
  const stringify = JSON.stringify;
  const location = win.location;
  let polls = 0;

  const subscribe = (bus: EventBus) => {
    bus.addEventListener('message_sent', (event) => {
      try {
        const fact = sentFact(event, bus.myId);
        if (!fact) return;
        report({
          pageUrl: location.href.slice(0, 4000),
          request: { method: 'POST', url: TELEGRAM_K_EVENT_URL, headers: {}, body: stringify(fact) },
          response: { status: 200, body: null },
          startedAt: now(),
        });
      } catch {
        // never into the page's event loop
      }
    });
  };

  const poll = () => {
    try {
      const bus = (win as Window & { rootScope?: unknown }).rootScope;
      if (isRecord(bus) && typeof bus.addEventListener === 'function') {
        subscribe(bus as unknown as EventBus);
        return;
      }
    } catch {
      // a getter that throws: try again later
    }
    if (++polls < MAX_POLLS) setTimer(poll, POLL_MS);
  };
  poll();
}
