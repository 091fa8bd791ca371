import { afterEach, describe, expect, it, vi } from 'vitest';
import { detectAll } from '../../../lib/capture/run';
import { telegramDetector } from '../../../lib/capture/telegram/detect';
import {
  installTelegramAHook,
  installTelegramKHook,
  sentFact,
  sentFactOfA,
  TELEGRAM_A_EVENT_URL,
  TELEGRAM_K_EVENT_URL,
} from '../../../lib/capture/telegram/page-world-hook';
import { type Capture, DetectorEvent, Observation } from '../../../lib/capture/types';
import {
  aCurrentUser,
  aSendSucceeded,
  aWorkerUpdates,
  MY_ID,
  messageSentEvent,
  negatives,
  positives,
  STARTED_AT,
  sentFactOf,
  telegramObservation,
} from '../../builders/telegram';

const context = { participantsOf: () => undefined };

function run(observation: Observation): DetectorEvent[] {
  const events = telegramDetector.detect(observation, context);
  for (const event of events) expect(() => DetectorEvent.parse(event)).not.toThrow();
  expect(JSON.stringify(events)).not.toContain('SECRET');
  return events;
}
const records = (events: DetectorEvent[]): Capture[] => events.flatMap((e) => (e.type === 'record' ? [e.capture] : []));

/** A stand-in for tweb's rootScope: an event bus with addEventListener/dispatchEvent. */
class FakeRootScope {
  myId = MY_ID;
  private listeners = new Map<string, ((event: unknown) => void)[]>();
  addEventListener(name: string, callback: (event: unknown) => void) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), callback]);
  }
  dispatchEvent(name: string, event: unknown) {
    for (const callback of this.listeners.get(name) ?? []) callback(event);
  }
}

function fakeWindow(): Window & { rootScope?: unknown } {
  return { setTimeout: globalThis.setTimeout, location: { href: 'https://web.telegram.org/k/#@buyer' } } as unknown as Window;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('telegram page hook', () => {
  it('reads only ids and flags from message_sent: no text, no media', () => {
    const fact = sentFact(messageSentEvent(), MY_ID);
    expect(fact).toEqual({ v: 1, client: 'k', peerId: '5550001', peerKind: 'user', mid: '4242', date: 1746536400, myId: String(MY_ID) });
    expect(JSON.stringify(fact)).not.toContain('SECRET');
    expect(sentFact(messageSentEvent({ peerId: -1001234567890 }), undefined)).toMatchObject({
      peerKind: 'channel',
      peerId: '-1001234567890',
    });
    expect(sentFact(messageSentEvent({ peerId: -4567, peerType: 'peerChat' }), undefined)?.peerKind).toBe('chat');
  });

  it('ignores incoming, service and malformed events', () => {
    expect(sentFact(messageSentEvent({ out: false }), MY_ID)).toBeUndefined();
    expect(sentFact(messageSentEvent({ kind: 'messageService' }), MY_ID)).toBeUndefined();
    for (const event of [null, 1, 'x', {}, { message: null }, { message: { _: 'message', pFlags: { out: true } } }]) {
      expect(() => sentFact(event, MY_ID)).not.toThrow();
      expect(sentFact(event, MY_ID)).toBeUndefined();
    }
  });

  it('waits for rootScope, subscribes once, and reports a valid observation the detector records', () => {
    vi.useFakeTimers();
    const win = fakeWindow();
    const reported: Observation[] = [];
    installTelegramKHook(win, (o) => reported.push(o));
    installTelegramKHook(win, (o) => reported.push(o)); // a second install is a no-op
    const bus = new FakeRootScope();
    vi.advanceTimersByTime(1200);
    win.rootScope = bus;
    vi.advanceTimersByTime(600);
    bus.dispatchEvent('message_sent', messageSentEvent());
    bus.dispatchEvent('message_sent', messageSentEvent({ out: false }));
    bus.dispatchEvent('history_append', messageSentEvent());
    expect(reported).toHaveLength(1);
    const observation = Observation.parse(reported[0]);
    expect(observation.request.url).toBe(TELEGRAM_K_EVENT_URL);
    expect(observation.request.body).not.toContain('SECRET');
    expect(records(detectAll([telegramDetector], observation, context).events)[0]?.dedupeKey).toBe(`telegram:tg:${MY_ID}:5550001_4242`);
  });

  it('never throws into the page: a throwing rootScope getter or report is contained', () => {
    vi.useFakeTimers();
    const win = fakeWindow();
    Object.defineProperty(win, 'rootScope', {
      get: () => {
        throw new Error('page getter');
      },
      configurable: true,
    });
    expect(() => installTelegramKHook(win, () => {})).not.toThrow();
    expect(() => vi.advanceTimersByTime(2000)).not.toThrow();
    const bus = new FakeRootScope();
    Object.defineProperty(win, 'rootScope', { value: bus, configurable: true });
    installTelegramKHook(fakeWindow(), () => {});
    vi.advanceTimersByTime(600);
    const other = fakeWindow();
    other.rootScope = bus;
    installTelegramKHook(other, () => {
      throw new Error('relay gone');
    });
    expect(() => bus.dispatchEvent('message_sent', messageSentEvent())).not.toThrow();
  });
});

/** A stand-in for the A client's API worker: an EventTarget the test can make "post" messages from. */
class FakeWorker extends EventTarget {
  static created = 0;
  constructor(readonly url: string) {
    super();
    if (url === 'throw') throw new TypeError('bad worker url');
    FakeWorker.created++;
  }
  post(data: unknown) {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
}

function aWindow(): Window & { Worker: typeof FakeWorker } {
  return { Worker: FakeWorker, EventTarget, Proxy, location: { href: 'https://web.telegram.org/a/#5550001' } } as unknown as Window & {
    Worker: typeof FakeWorker;
  };
}

describe('telegram A hook', () => {
  it('reads only ids, date and the outgoing flag from updateMessageSendSucceeded', () => {
    expect(sentFactOfA(aSendSucceeded(), '42')).toEqual({
      v: 1,
      client: 'a',
      peerId: '5550001',
      peerKind: 'user',
      mid: '4243',
      date: 1746536460,
      myId: '42',
    });
    expect(sentFactOfA(aSendSucceeded({ chatId: '-1001234567890' }), undefined)?.peerKind).toBe('channel');
    expect(sentFactOfA(aSendSucceeded({ chatId: '-4567' }), undefined)?.peerKind).toBe('chat');
    expect(sentFactOfA(aSendSucceeded({ isOutgoing: false }), undefined)).toBeUndefined();
    expect(sentFactOfA(aSendSucceeded({ id: -5 }), undefined)).toBeUndefined();
    for (const update of [
      null,
      'x',
      {},
      { '@type': 'newMessage', message: { id: 1, isOutgoing: true } },
      { '@type': 'updateMessageSendSucceeded', message: 7 },
    ]) {
      expect(sentFactOfA(update, undefined)).toBeUndefined();
    }
  });

  it('wraps Worker transparently and reports confirmed sends from the API worker, with the current user', () => {
    const win = aWindow();
    const reported: Observation[] = [];
    installTelegramAHook(win, (o) => reported.push(o));
    installTelegramAHook(win, (o) => reported.push(o)); // once only
    const worker = new win.Worker('/a/worker.js');
    expect(worker).toBeInstanceOf(FakeWorker);
    expect(worker.url).toBe('/a/worker.js');
    const seenByPage: unknown[] = [];
    worker.addEventListener('message', (event) => seenByPage.push((event as MessageEvent).data));
    worker.post(aWorkerUpdates([aCurrentUser(), aSendSucceeded(), aSendSucceeded({ isOutgoing: false, id: 9 })]));
    worker.post({ type: 'methodResponse', messageId: '1', response: { SECRET: true } });
    worker.post(null);
    expect(seenByPage).toHaveLength(3);
    expect(reported).toHaveLength(1);
    const observation = Observation.parse(reported[0]);
    expect(observation.request.url).toBe(TELEGRAM_A_EVENT_URL);
    expect(observation.request.body).not.toContain('SECRET');
    expect(records(detectAll([telegramDetector], observation, context).events)[0]).toMatchObject({
      account: `tg:${MY_ID}`,
      dedupeKey: `telegram:tg:${MY_ID}:a:5550001_4243`,
      detection: { source: 'telegram-a-updateMessageSendSucceeded' },
    });
  });

  it('the page sees the same constructor errors; a failing report stays out of the page', () => {
    const win = aWindow();
    installTelegramAHook(win, () => {
      throw new Error('relay gone');
    });
    expect(() => new win.Worker('throw')).toThrow(TypeError);
    const worker = new win.Worker('/a/worker.js');
    expect(() => worker.post(aWorkerUpdates([aSendSucceeded()]))).not.toThrow();
  });
});

describe('telegram detector', () => {
  it('turns the hook’s fact into a messenger message keyed on peer and mid, dated by the message', () => {
    expect(records(run(telegramObservation(sentFactOf())))).toEqual([
      {
        kind: 'messenger_message',
        channel: 'telegram',
        occurredAt: 1746536400 * 1000,
        account: `tg:${MY_ID}`,
        recipients: [{ profileId: 'tg:5550001', role: 'to' }],
        subtype: 'user',
        dedupeKey: `telegram:tg:${MY_ID}:5550001_4242`,
        detection: { method: 'page-request', source: 'telegram-k-message_sent', ids: { peerId: '5550001', peerKind: 'user', mid: '4242' } },
      },
    ]);
    const anonymous = records(run(telegramObservation(sentFactOf({ myId: undefined, date: undefined }))))[0];
    expect(anonymous).toMatchObject({ account: 'telegram', occurredAt: STARTED_AT });
  });

  it('records nothing for facts that do not validate or that arrive elsewhere', () => {
    for (const observation of negatives()) expect(run(observation)).toEqual([]);
  });

  it('every builder observation goes through detectAll without a failure', () => {
    for (const observation of [...positives(), ...negatives()])
      expect(detectAll([telegramDetector], observation, context).failures).toEqual([]);
    expect(positives().every((o) => run(o).length === 1)).toBe(true);
  });
});
