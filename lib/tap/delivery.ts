/**
 * At-least-once delivery from the relay to the background, for a worker the browser may stop at
 * any moment.
 *
 * A message stays queued until the background's answer says it was handled: the background answers
 * `{ ok: true }` only after its IndexedDB write completed, so such an answer means "committed".
 * A stopped worker rejects the sendMessage promise (the port closed) or answers undefined; then the
 * same message is sent again, after a backoff, until it is acknowledged or its attempts run out.
 * The background de-duplicates captures by their keys, so a second delivery of a message whose
 * answer was lost records nothing twice.
 *
 * Messages go one at a time, in the order they were given: a retraction (Gmail's undo) must not
 * overtake the send it retracts. `{ ok: false }` is a final answer (the background ran and refused,
 * e.g. an invalid shape): sending it again would be refused again. So is a synchronous throw: the
 * extension was reloaded under the page and this context can never reach it again. Without
 * onContextLost such a message is dropped; with it, delivery stops for good and hands that message,
 * everything queued behind it and every later one to onContextLost (the relay keeps the
 * observations for the relay injected after the update, see lib/tap/succession.ts).
 *
 * Dependency-free and small: it is bundled into the relay, injected into every frame of the
 * watched sites.
 */

/** The one runtime call delivery needs (chrome.runtime or browser.runtime). */
export interface DeliveryRuntime {
  sendMessage(message: unknown): Promise<unknown> | undefined;
}

export interface DeliveryOptions {
  /** Tries per message, the first included. */
  maxAttempts?: number;
  /** Wait before the first resend; doubles on each further one, up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Most messages waiting at once; beyond it new messages are dropped (memory of a page is not ours). */
  maxQueued?: number;
  /**
   * Called when sendMessage throws ("Extension context invalidated"): with the messages not yet
   * acknowledged, in order, and later with each message given after that. Without it they are dropped.
   */
  onContextLost?: (unsent: unknown[]) => void;
  /** For tests: the timer. */
  setTimer?: (run: () => void, ms: number) => unknown;
}

export interface SendOptions {
  /**
   * Whether a resend is harmless. Messages that are not idempotent (Gmail's undo click retracts the
   * newest pending send, whichever it is) are sent once, in their place in the order.
   */
  resend?: boolean;
}

export interface Delivery {
  send(message: unknown, options?: SendOptions): void;
  /** Messages not yet acknowledged (the one in flight included). */
  pending(): number;
  /**
   * Stops for good and returns the messages not yet acknowledged, the one in flight included (its
   * answer, if one still comes, is ignored). Later messages go to onContextLost, or are dropped.
   */
  close(): unknown[];
}

interface Queued {
  message: unknown;
  resend: boolean;
  attempts: number;
}

/**
 * Settled outcome of one try: answered (committed or refused for good), not known to have arrived,
 * or unreachable for good (the extension was reloaded or updated under the page).
 */
type Outcome = 'done' | 'retry' | 'lost';

const outcomeOf = (answer: unknown): Outcome =>
  typeof answer === 'object' && answer !== null && typeof (answer as { ok?: unknown }).ok === 'boolean' ? 'done' : 'retry';

export function createDelivery(runtime: () => DeliveryRuntime | undefined, options: DeliveryOptions = {}): Delivery {
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelay = options.baseDelayMs ?? 200;
  const maxDelay = options.maxDelayMs ?? 5000;
  const maxQueued = options.maxQueued ?? 500;
  const setTimer = options.setTimer ?? ((run: () => void, ms: number) => setTimeout(run, ms));
  const onContextLost = options.onContextLost;
  const queue: Queued[] = [];
  let busy = false;
  let lost = false;

  const attempt = (item: Queued): Promise<Outcome> => {
    item.attempts += 1;
    let answer: Promise<unknown> | undefined;
    try {
      answer = runtime()?.sendMessage(item.message);
    } catch {
      // "Extension context invalidated": reloaded or updated under the page, never coming back.
      return Promise.resolve(onContextLost ? 'lost' : 'done');
    }
    return answer ? Promise.resolve(answer).then(outcomeOf, () => 'retry' as const) : Promise.resolve('retry');
  };

  const next = (): void => {
    const item = queue[0];
    if (!item) {
      busy = false;
      return;
    }
    busy = true;
    void attempt(item).then((outcome) => {
      // Closed meanwhile: the queue, this item included, was handed out.
      if (lost) return;
      if (outcome === 'lost') {
        lost = true;
        busy = false;
        onContextLost?.(queue.splice(0).map((queued) => queued.message));
        return;
      }
      if (outcome === 'retry' && item.resend && item.attempts < maxAttempts) {
        setTimer(next, Math.min(maxDelay, baseDelay * 2 ** (item.attempts - 1)));
        return;
      }
      queue.shift();
      next();
    });
  };

  return {
    send(message, sendOptions = {}) {
      if (lost) {
        onContextLost?.([message]);
        return;
      }
      if (queue.length >= maxQueued) return;
      queue.push({ message, resend: sendOptions.resend ?? true, attempts: 0 });
      if (!busy) next();
    },
    pending: () => queue.length,
    close() {
      lost = true;
      busy = false;
      return queue.splice(0).map((queued) => queued.message);
    },
  };
}
