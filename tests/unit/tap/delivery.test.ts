import { describe, expect, it } from 'vitest';
import { createDelivery, type DeliveryRuntime } from '../../../lib/tap/delivery';

/**
 * A fake runtime whose worker can be "stopped": each call is answered by the script in `plan`
 * (ack, a rejection as when the port closes, undefined as when no listener answered, a synchronous
 * throw as after an extension reload, or a refusal). Timers are collected and run by hand.
 */
type Answer = 'ack' | 'reject' | 'undefined' | 'throw' | 'refuse' | 'commit-then-reject';

function fakeRuntime(plan: Answer[]) {
  const received: unknown[] = [];
  const committed: unknown[] = [];
  const runtime: DeliveryRuntime = {
    sendMessage(message) {
      received.push(message);
      const answer = plan.shift() ?? 'ack';
      if (answer === 'throw') throw new Error('Extension context invalidated.');
      if (answer === 'undefined') return undefined;
      if (answer === 'reject') return Promise.reject(new Error('The message port closed before a response was received.'));
      if (answer === 'refuse') return Promise.resolve({ ok: false, error: 'invalid message' });
      // The background committed; with 'commit-then-reject' the worker stopped before answering.
      committed.push(message);
      return answer === 'ack' ? Promise.resolve({ ok: true, data: {} }) : Promise.reject(new Error('port closed'));
    },
  };
  return { runtime, received, committed };
}

function manualTimers() {
  const timers: { run: () => void; ms: number }[] = [];
  return {
    setTimer: (run: () => void, ms: number) => timers.push({ run, ms }),
    delays: () => timers.map((t) => t.ms),
    /** Runs every due timer until none is left (each may schedule more). */
    async drain() {
      for (let i = 0; i < 1000; i += 1) {
        await flush();
        const timer = timers.shift();
        if (!timer) return;
        timer.run();
      }
      throw new Error('timers never settled');
    },
  };
}

const flush = async () => {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
};

describe('createDelivery', () => {
  it('sends each message once when every answer is an acknowledgement', async () => {
    const { runtime, received } = fakeRuntime([]);
    const timers = manualTimers();
    const delivery = createDelivery(() => runtime, { setTimer: timers.setTimer });
    delivery.send({ n: 1 });
    delivery.send({ n: 2 });
    await timers.drain();
    expect(received).toEqual([{ n: 1 }, { n: 2 }]);
    expect(delivery.pending()).toBe(0);
  });

  it.each<Answer>(['reject', 'undefined'])('sends again after a %s answer (a stopped worker), with growing delays', async (failure) => {
    const { runtime, received, committed } = fakeRuntime([failure, failure, failure]);
    const timers = manualTimers();
    const delivery = createDelivery(() => runtime, { setTimer: timers.setTimer, baseDelayMs: 100, maxDelayMs: 300 });
    delivery.send({ n: 1 });
    await timers.drain();
    expect(received).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }, { n: 1 }]);
    expect(committed).toEqual([{ n: 1 }]);
    expect(timers.delays()).toEqual([]);
    expect(delivery.pending()).toBe(0);
  });

  it('backs off exponentially up to the cap', async () => {
    const { runtime } = fakeRuntime(['reject', 'reject', 'reject', 'reject']);
    const seen: number[] = [];
    const timers = manualTimers();
    const delivery = createDelivery(() => runtime, {
      setTimer: (run, ms) => {
        seen.push(ms);
        timers.setTimer(run, ms);
      },
      baseDelayMs: 100,
      maxDelayMs: 500,
    });
    delivery.send('x');
    await timers.drain();
    expect(seen).toEqual([100, 200, 400, 500]);
  });

  it('resends a message whose commit happened but whose answer was lost (the background de-duplicates)', async () => {
    const { runtime, received, committed } = fakeRuntime(['commit-then-reject']);
    const timers = manualTimers();
    createDelivery(() => runtime, { setTimer: timers.setTimer }).send('capture');
    await timers.drain();
    expect(received).toEqual(['capture', 'capture']);
    expect(committed).toEqual(['capture', 'capture']);
  });

  it('keeps the order: a later message waits until the earlier one is acknowledged', async () => {
    const { runtime, received } = fakeRuntime(['reject', 'undefined']);
    const timers = manualTimers();
    const delivery = createDelivery(() => runtime, { setTimer: timers.setTimer });
    delivery.send('send');
    delivery.send('undo');
    await flush();
    expect(received).toEqual(['send']);
    expect(delivery.pending()).toBe(2);
    await timers.drain();
    expect(received).toEqual(['send', 'send', 'send', 'undo']);
  });

  it('gives up on a message after maxAttempts and goes on with the next', async () => {
    const { runtime, received } = fakeRuntime(['reject', 'reject', 'reject']);
    const timers = manualTimers();
    const delivery = createDelivery(() => runtime, { setTimer: timers.setTimer, maxAttempts: 3 });
    delivery.send('lost');
    delivery.send('next');
    await timers.drain();
    expect(received).toEqual(['lost', 'lost', 'lost', 'next']);
    expect(delivery.pending()).toBe(0);
  });

  it('takes a refusal as final: the background ran and would refuse again', async () => {
    const { runtime, received } = fakeRuntime(['refuse']);
    const timers = manualTimers();
    const delivery = createDelivery(() => runtime, { setTimer: timers.setTimer });
    delivery.send('bad');
    delivery.send('good');
    await timers.drain();
    expect(received).toEqual(['bad', 'good']);
  });

  it('sends a message marked not resendable once, in its place', async () => {
    const { runtime, received } = fakeRuntime(['reject', 'reject']);
    const timers = manualTimers();
    const delivery = createDelivery(() => runtime, { setTimer: timers.setTimer });
    delivery.send('undo-click', { resend: false });
    delivery.send('observation');
    await timers.drain();
    expect(received).toEqual(['undo-click', 'observation', 'observation']);
  });

  it('drops a message whose send throws (the extension context is gone) and goes on', async () => {
    const { runtime, received } = fakeRuntime(['throw']);
    const timers = manualTimers();
    const delivery = createDelivery(() => runtime, { setTimer: timers.setTimer });
    delivery.send('a');
    delivery.send('b');
    await timers.drain();
    expect(received).toEqual(['a', 'b']);
    expect(delivery.pending()).toBe(0);
  });

  it('waits for a runtime that is missing, and bounds the queue', async () => {
    let available: DeliveryRuntime | undefined;
    const { runtime, received } = fakeRuntime([]);
    const timers = manualTimers();
    const delivery = createDelivery(() => available, { setTimer: timers.setTimer, maxQueued: 2 });
    delivery.send(1);
    delivery.send(2);
    delivery.send(3); // over the bound: dropped
    expect(delivery.pending()).toBe(2);
    available = runtime;
    await timers.drain();
    expect(received).toEqual([1, 2]);
  });

  it('with onContextLost, a throw stops delivery for good and hands over what was not acknowledged, in order', async () => {
    // 'b' was in flight when the worker went (rejected); its resend throws: the extension is gone.
    const { runtime, received } = fakeRuntime(['ack', 'reject', 'throw']);
    const timers = manualTimers();
    const handedOver: unknown[][] = [];
    const delivery = createDelivery(() => runtime, { setTimer: timers.setTimer, onContextLost: (unsent) => handedOver.push(unsent) });
    delivery.send('a');
    delivery.send('b');
    delivery.send('c', { resend: false });
    await timers.drain();
    expect(received).toEqual(['a', 'b', 'b']);
    expect(handedOver).toEqual([['b', 'c']]);
    expect(delivery.pending()).toBe(0);
    // Later messages are never tried on the dead context: they go straight to the handler.
    delivery.send('d');
    await timers.drain();
    expect(received).toEqual(['a', 'b', 'b']);
    expect(handedOver).toEqual([['b', 'c'], ['d']]);
  });

  it('close() returns what was not acknowledged, the message in flight included, and ignores its late answer', async () => {
    let answer: (value: unknown) => void = () => {};
    const received: unknown[] = [];
    const runtime: DeliveryRuntime = {
      sendMessage(message) {
        received.push(message);
        return new Promise((resolve) => {
          answer = resolve;
        });
      },
    };
    const timers = manualTimers();
    const lost: unknown[][] = [];
    const delivery = createDelivery(() => runtime, { setTimer: timers.setTimer, onContextLost: (unsent) => lost.push(unsent) });
    delivery.send('a');
    delivery.send('b');
    expect(delivery.close()).toEqual(['a', 'b']);
    answer({ ok: true, data: {} });
    await timers.drain();
    expect(received).toEqual(['a']);
    expect(delivery.pending()).toBe(0);
    delivery.send('c');
    expect(lost).toEqual([['c']]);
  });
});
