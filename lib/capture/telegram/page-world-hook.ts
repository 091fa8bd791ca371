import type { PageWorldHook, PageWorldHookEntry } from '../page-hook';
import type { Observation } from '../types';
import { TELEGRAM_EVENT_HOST } from './rules';

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
export const TELEGRAM_A_EVENT_URL = 'https://web.telegram.org/a/qr-event/message_sent';

/** What the hook reports about one sent message. */
export interface TelegramSentFact {
  v: 1;
  /** Which web client: K (tweb) or A (telegram-tt). */
  client: 'k' | 'a';
  /** The peer: positive for users, negative for groups and channels (both clients' convention). */
  peerId: string;
  peerKind: 'user' | 'chat' | 'channel';
  /** The message id in that peer: tweb's `mid`, telegram-tt's `id`. */
  mid: string;
  /** Unix seconds, from the message. */
  date?: number;
  /** The signed-in user (K: rootScope.myId; A: the last updateCurrentUser), when known. */
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
  if (message?._ !== 'message') return undefined;
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

// --- Telegram Web A (telegram-tt) ---

/**
 * MAIN-world hook for Telegram Web A (web.telegram.org/a/). Ajaxy/telegram-tt runs GramJS in a
 * dedicated worker (src/api/gramjs/worker/connector.ts: `new Worker(new URL('./worker.ts', …))`)
 * and the page learns of a confirmed send from the worker's `message` events:
 * `{type: 'updates', updates: [{'@type': 'updateMessageSendSucceeded', chatId, localId, message}]}`
 * (src/api/gramjs/worker/types.ts, src/api/types/updates.ts), where `message` is an ApiMessage
 * {id, chatId, date, isOutgoing, content…}. There is no global event bus, so the hook replaces
 * `window.Worker` before the page runs with a Proxy that constructs the real worker unchanged and
 * adds one `message` listener to it. It reads `id`, `chatId`, `date` and `isOutgoing` only; the
 * signed-in user's id comes from `updateCurrentUser` {currentUser: {id}}.
 * Only the tab that owns the worker (telegram-tt's "master" tab) sees the updates, so a send made
 * from another tab is still reported once.
 */

/** telegram-tt's chat id convention: users positive, basic groups `-<id>`, channels `-100<id>` (ids ≥ 10 digits). */
function peerKindOfA(chatId: string): TelegramSentFact['peerKind'] {
  if (!chatId.startsWith('-')) return 'user';
  return /^-100\d{10,}$/.test(chatId) ? 'channel' : 'chat';
}

/** The fact for one telegram-tt update; undefined unless it is a confirmed outgoing send. */
export function sentFactOfA(update: unknown, myId: string | undefined): TelegramSentFact | undefined {
  if (!isRecord(update) || update['@type'] !== 'updateMessageSendSucceeded') return undefined;
  const message = isRecord(update.message) ? update.message : undefined;
  if (message?.isOutgoing !== true) return undefined;
  const peerId = idOf(message.chatId) ?? idOf(update.chatId);
  const mid = idOf(message.id);
  if (!peerId || !mid || mid.startsWith('-')) return undefined;
  const fact: TelegramSentFact = { v: 1, client: 'a', peerId, peerKind: peerKindOfA(peerId), mid };
  if (typeof message.date === 'number' && Number.isSafeInteger(message.date) && message.date > 0) fact.date = message.date;
  if (myId) fact.myId = myId;
  return fact;
}

const INSTALLED_A = Symbol.for('quota-radar.telegram-a');

export function installTelegramAHook(win: Window, report: (observation: Observation) => void): void {
  const marked = win as Window & { [INSTALLED_A]?: boolean };
  if (marked[INSTALLED_A]) return;
  try {
    Object.defineProperty(win, INSTALLED_A, { value: true });
  } catch {
    // a frozen window: install anyway
  }
  const g = win as Window & typeof globalThis;
  const OriginalWorker = g.Worker;
  const ProxyCtor = g.Proxy ?? Proxy;
  const construct = Reflect.construct;
  const addListener = g.EventTarget?.prototype.addEventListener;
  if (typeof OriginalWorker !== 'function' || typeof addListener !== 'function') return;
  const now = Date.now;
  const stringify = JSON.stringify;
  const location = win.location;
  let myId: string | undefined;

  const onMessage = (event: Event) => {
    try {
      const data: unknown = (event as MessageEvent).data;
      if (!isRecord(data) || data.type !== 'updates' || !Array.isArray(data.updates)) return;
      for (const update of data.updates) {
        if (!isRecord(update)) continue;
        if (update['@type'] === 'updateCurrentUser') {
          const user = isRecord(update.currentUser) ? update.currentUser : undefined;
          myId = idOf(user?.id) ?? myId;
          continue;
        }
        const fact = sentFactOfA(update, myId);
        if (!fact) continue;
        report({
          pageUrl: location.href.slice(0, 4000),
          request: { method: 'POST', url: TELEGRAM_A_EVENT_URL, headers: {}, body: stringify(fact) },
          response: { status: 200, body: null },
          startedAt: now(),
        });
      }
    } catch {
      // never into the page's event loop
    }
  };

  const wrapped = new ProxyCtor(OriginalWorker, {
    construct(target, args, newTarget) {
      // Outside our try: the page must see the same errors as without us.
      const worker = construct(target, args, newTarget) as Worker;
      try {
        addListener.call(worker, 'message', onMessage);
      } catch {
        // a worker we cannot listen to: the page's own use is unaffected
      }
      return worker;
    },
  });
  try {
    Object.defineProperty(win, 'Worker', { value: wrapped, writable: true, configurable: true, enumerable: false });
  } catch {
    // a locked global: no signal on this page
  }
}

/**
 * Telegram's page-world hook: the K hook on /k/, the A hook on /a/ (each client's pages only, so
 * that K never carries a wrapped Worker and A never polls for a rootScope it does not have).
 */
export const telegramPageWorldHook: PageWorldHook = ({ window, report }) => {
  const path = window.location.pathname;
  if (path.startsWith('/k/')) installTelegramKHook(window, report);
  else if (path.startsWith('/a/')) installTelegramAHook(window, report);
};

/** Run in the page's world on Telegram Web (page-world-hooks.ts finds it here by name). */
export const pageWorld: PageWorldHookEntry = { pages: [TELEGRAM_EVENT_HOST], hook: telegramPageWorldHook };
