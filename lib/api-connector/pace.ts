import type { ApiRequest } from './http';

/**
 * A vendor's published request limit: at most `limit` requests of a kind in any `windowMs`
 * (Zadarma: 3 a minute to the statistics methods). A source declares its limits; the background
 * paces every request it sends for that source by them.
 */
export interface RateLimit {
  /** Names the kind of request in the stored log ("statistics"). */
  name: string;
  limit: number;
  windowMs: number;
  applies(request: ApiRequest): boolean;
}

/** When requests of one kind were sent, by limit name (epoch ms). */
export type PaceLog = Record<string, readonly number[]>;

/**
 * The earliest moment, not before `now`, at which one more request keeps every window of `windowMs`
 * at `limit` or fewer: `limit` requests back, plus the window. Sending each request no earlier than
 * this keeps s[i + limit] >= s[i] + windowMs, so no half-open window of that length holds more.
 */
export function nextSlot(sent: readonly number[], limit: Pick<RateLimit, 'limit' | 'windowMs'>, now: number): number {
  const recent = sent.filter((t) => t > now - limit.windowMs).sort((a, b) => a - b);
  if (recent.length < limit.limit) return now;
  return Math.max(now, (recent[recent.length - limit.limit] as number) + limit.windowMs);
}

/** The earliest moment a request may go under all the limits that apply to it. */
export function slotFor(request: ApiRequest, limits: readonly RateLimit[], log: PaceLog, now: number): number {
  let slot = now;
  for (const limit of limits) if (limit.applies(request)) slot = Math.max(slot, nextSlot(log[limit.name] ?? [], limit, now));
  return slot;
}

/** The log with a request sent at `at` added, keeping only what can still matter. */
export function recordSent(request: ApiRequest, limits: readonly RateLimit[], log: PaceLog, at: number): PaceLog {
  const next: Record<string, readonly number[]> = {};
  for (const limit of limits) {
    const kept = (log[limit.name] ?? []).filter((t) => t > at - limit.windowMs);
    next[limit.name] = limit.applies(request) ? [...kept, at] : kept;
  }
  return next;
}
