import type { ApiRequest } from '../api-connector/http';
import { type PaceLog, type RateLimit, recordSent, slotFor } from '../api-connector/pace';
import type { ApiSourceId } from '../capture/api-sources';
import type { Send } from '../capture/define-api-source';

/** Where the send times are kept: across workers, so that a new worker does not forget the last minute. */
export interface PaceStore {
  read(id: ApiSourceId): Promise<PaceLog | undefined>;
  write(id: ApiSourceId, log: PaceLog): Promise<void>;
}

/** A wait longer than this is not slept through (a service worker may not live that long): the poll stops. */
export const MAX_PACE_WAIT_MS = 15_000;

export interface PacerOptions {
  store: PaceStore;
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
  maxWaitMs?: number;
}

/**
 * Keeps each source's requests within the limits its vendor publishes (`ApiSource.rateLimits`): a
 * request waits for its slot when that is near, and is not sent at all when it is far, answering a
 * `rate_limited` error with the wait instead, so that the poll stops and goes on after it. A source's
 * requests go through one queue, so that connect, test and poll never race for the same slot.
 */
export class ConnectorPacer {
  private readonly queues = new Map<ApiSourceId, Promise<unknown>>();

  constructor(private readonly options: PacerOptions) {}

  send(id: ApiSourceId, vendor: string, limits: readonly RateLimit[] | undefined, send: Send): Send {
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

  private async paced(id: ApiSourceId, vendor: string, limits: readonly RateLimit[], send: Send, request: ApiRequest) {
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
