import type { ApiAnswer, ApiRequest, ConnectorError } from '../api-connector/http';
import { type PaceLog, type RateLimit, recordSent, slotFor } from '../api-connector/pace';

/** A service's network: one request, its answer or why there is none (a connector's and a CRM's alike). */
export type Send = (request: ApiRequest) => Promise<ApiAnswer | { error: ConnectorError }>;

/** Where the send times are kept: across workers, so that a new worker does not forget the last minute. */
export interface PaceStore<Id extends string = string> {
  read(id: Id): Promise<PaceLog | undefined>;
  write(id: Id, log: PaceLog): Promise<void>;
}

/** A wait longer than this is not slept through (a service worker may not live that long): the poll stops. */
export const MAX_PACE_WAIT_MS = 15_000;

export interface PacerOptions<Id extends string = string> {
  store: PaceStore<Id>;
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
  maxWaitMs?: number;
}

/**
 * Pacing by published windows (a phone system's "N requests a minute"). Keeps each source's requests within the limits its vendor publishes (`ApiSource.rateLimits`): a
 * request waits for its slot when that is near, and is not sent at all when it is far, answering a
 * `rate_limited` error with the wait instead, so that the poll stops and goes on after it. A source's
 * requests go through one queue, so that connect, test and poll never race for the same slot.
 */
export class WindowPacer<Id extends string = string> {
  private readonly queues = new Map<Id, Promise<unknown>>();

  constructor(private readonly options: PacerOptions<Id>) {}

  send(id: Id, vendor: string, limits: readonly RateLimit[] | undefined, send: Send): Send {
    if (!limits?.length) return send;
    return (request) => {
      const run = (this.queues.get(id) ?? Promise.resolve()).then(() => this.paced(id, vendor, limits, send, request));
      this.queues.set(
        id,
        run.catch(() => undefined),
      );
      return run;
    };
  }

  private async paced(id: Id, vendor: string, limits: readonly RateLimit[], send: Send, request: ApiRequest) {
    const { store, clock, sleep } = this.options;
    const maxWaitMs = this.options.maxWaitMs ?? MAX_PACE_WAIT_MS;
    const log = (await store.read(id)) ?? {};
    // A sleep may end early (a test's, or a timer clamped by the browser): look again until the slot has come.
    for (let tries = 0; ; tries += 1) {
      const now = clock();
      const slot = slotFor(request, limits, log, now);
      if (slot <= now) {
        await store.write(id, recordSent(request, limits, log, now));
        return send(request);
      }
      const limit = limits.find((l) => l.applies(request) && slotFor(request, [l], log, now) === slot) ?? limits[0]!;
      if (slot - now > maxWaitMs || tries >= 3) {
        return {
          error: {
            kind: 'rate_limited' as const,
            message: `${vendor} allows ${limit.limit} ${limit.name} requests in ${Math.round(limit.windowMs / 1000)} s: the rest is read after the wait`,
            retryAfterMs: slot - now,
          },
        };
      }
      await sleep(slot - now);
    }
  }
}

/**
 * Pacing by the least time between two requests (a CRM's documented pace): requests through one
 * pacer go one after another, each at least `minIntervalMs` after the one before, whichever of the
 * pacer's clients sent it (the CRM counts the account, not the client).
 */
export class IntervalPacer {
  private nextAt = Number.NEGATIVE_INFINITY;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly clock: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  send(send: Send, minIntervalMs: number): Send {
    return (request) => {
      const run = this.queue.then(async () => {
        const wait = this.nextAt - this.clock();
        if (wait > 0) await this.sleep(wait);
        this.nextAt = this.clock() + minIntervalMs;
        return send(request);
      });
      this.queue = run.catch(() => undefined);
      return run;
    };
  }
}

/** A send of its own kept `minIntervalMs` apart (one CRM run). */
export const spacedSend = (send: Send, minIntervalMs: number, clock: () => number, sleep: (ms: number) => Promise<void>): Send =>
  new IntervalPacer(clock, sleep).send(send, minIntervalMs);

/** Waits in a service worker: a timer. */
export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
