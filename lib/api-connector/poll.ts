import type { ApiAnswer, ApiRequest, ConnectorError, PageResult } from './http';

/**
 * One connector's paging, bound to its credentials and window: what to send for a cursor, and how
 * to read the answer. Each vendor's `pager(...)` builds one; `collectPages` runs it.
 */
export interface Pager<T, C> {
  request(cursor: C | undefined): ApiRequest | Promise<ApiRequest>;
  parse(answer: ApiAnswer, cursor: C | undefined): PageResult<T, C>;
}

export interface CollectOptions<C = unknown> {
  /** Where to start: a previous run's `resumeFrom`, or the first page when absent. */
  from?: C;
  /** Sends a request; the background passes `fetchAnswer`. */
  send(request: ApiRequest): Promise<ApiAnswer | { error: ConnectorError }>;
  /** At most this many requests in one run (the next alarm goes on). */
  maxPages?: number;
  /** A page that asks to wait longer than this ends the run, to be resumed from `resumeFrom`. */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface Collected<T, C> {
  /** Items of every page read; valid even when a later page failed. */
  items: T[];
  requests: number;
  /** True when the last page was reached: only then may the poll's `since` move on. */
  complete: boolean;
  error?: ConnectorError;
  /** Where to go on next time, when the run stopped early (page cap or a long wait). */
  resumeFrom?: C;
  /** When the vendor asked to wait, how long (rate limit or a report being prepared). */
  retryAfterMs?: number;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Reads pages until the last one, a failure, the page cap or a wait longer than allowed. */
export async function collectPages<T, C>(pager: Pager<T, C>, options: CollectOptions<C>): Promise<Collected<T, C>> {
  const maxPages = options.maxPages ?? 20;
  const maxWaitMs = options.maxWaitMs ?? 15_000;
  const sleep = options.sleep ?? wait;
  const items: T[] = [];
  let cursor: C | undefined = options.from;
  for (let requests = 1; requests <= maxPages; requests += 1) {
    const answer = await options.send(await pager.request(cursor));
    if ('error' in answer)
      return { items, requests, complete: false, error: answer.error, ...(cursor !== undefined ? { resumeFrom: cursor } : {}) };
    const page = pager.parse(answer, cursor);
    if (!page.ok) {
      return {
        items,
        requests,
        complete: false,
        error: page.error,
        ...(cursor !== undefined ? { resumeFrom: cursor } : {}),
        ...(page.error.retryAfterMs !== undefined ? { retryAfterMs: page.error.retryAfterMs } : {}),
      };
    }
    items.push(...page.items);
    if (page.next === undefined) return { items, requests, complete: true };
    cursor = page.next;
    if (page.retryAfterMs !== undefined) {
      if (page.retryAfterMs > maxWaitMs) return { items, requests, complete: false, resumeFrom: cursor, retryAfterMs: page.retryAfterMs };
      await sleep(page.retryAfterMs);
    }
  }
  return { items, requests: maxPages, complete: false, ...(cursor !== undefined ? { resumeFrom: cursor } : {}) };
}
