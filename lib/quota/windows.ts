import type { ActivityKind } from '../activity';
import type { Quota } from '../settings';
import { type Interval, periodContaining, previousPeriod } from './calendar';
import type { EngineActivity } from './measure';
import type { EngineSettings } from './progress-types';

/** Which activities the engine needs to read: each quota's window, the streak's look-back, meetings by booking. */

/**
 * The span of time whose activities the engine needs: the previous and current period of every quota
 * (the streak may reach back into the previous period), the current week (invite guard) and today.
 */
export function requiredWindow(quotas: readonly Quota[], settings: EngineSettings, now: number): Interval {
  let start = periodContaining(now, 'week', settings).start;
  let end = periodContaining(now, 'week', settings).end;
  for (const quota of quotas) {
    const window = quotaWindow(quota, settings, now);
    start = Math.min(start, window.start);
    end = Math.max(end, countsMeetingsByBooking(quota) ? window.end + BOOKING_HORIZON_MS : window.end);
  }
  return { start, end };
}

/**
 * A quota counting meetings by when they were booked needs the meetings booked in its window, which
 * take place up to this long after it (the store reads by when they take place).
 */
export const BOOKING_HORIZON_MS = 366 * 86_400_000;

/** Whether a quota counts meetings when they are booked rather than when they are held. */
export function countsMeetingsByBooking(quota: Pick<Quota, 'kinds' | 'meetingsBy'>): boolean {
  return quota.meetingsBy === 'booked' && quota.kinds.includes('meeting');
}

/**
 * The activities as a booked-meetings quota sees them: each meeting placed at its booking time
 * (`bookedAt`, or when it takes place if that is unknown), still in time order.
 */
export function placedByBooking(activities: readonly EngineActivity[]): EngineActivity[] {
  return activities
    .map((a) => (a.kind === 'meeting' && a.bookedAt !== undefined && a.bookedAt !== a.occurredAt ? { ...a, occurredAt: a.bookedAt } : a))
    .sort((a, b) => a.occurredAt - b.occurredAt);
}

/** How far back a streak may reach: the previous period, and at least this many days. */
const STREAK_LOOKBACK_DAYS = 31;

/** The start of the earliest whole period the streak may look at. */
export function streakLookbackStart(quota: Quota, settings: EngineSettings, now: number): number {
  const monthAgo = periodContaining(now - STREAK_LOOKBACK_DAYS * 86_400_000, 'day', settings).start;
  let start = previousPeriod(now, quota.period, settings).start;
  for (;;) {
    const before = periodContaining(start - 1, quota.period, settings);
    if (before.start < monthAgo) return start;
    start = before.start;
  }
}

/** The span one quota needs: its streak look-back through the end of its current period. */
export function quotaWindow(quota: Quota, settings: EngineSettings, now: number): Interval {
  return { start: streakLookbackStart(quota, settings, now), end: periodContaining(now, quota.period, settings).end };
}

/**
 * What the engine reads, per kind: from the start of the streak's look-back to the end of the current
 * period, for every quota counting that kind, and this week's
 * invitations (the weekly guard). A quarterly quota's window no longer widens the monthly ones'.
 */
export function requiredRanges(
  quotas: readonly Quota[],
  settings: EngineSettings,
  now: number,
): { kind: ActivityKind; start: number; end: number }[] {
  const byKind = new Map<ActivityKind, Interval>();
  const widen = (kind: ActivityKind, span: Interval) => {
    const known = byKind.get(kind);
    // Every span contains now, so the union of a kind's spans is one interval.
    byKind.set(kind, known ? { start: Math.min(known.start, span.start), end: Math.max(known.end, span.end) } : span);
  };
  for (const quota of quotas) {
    const span = quotaWindow(quota, settings, now);
    for (const kind of quota.kinds) widen(kind, span);
    if (countsMeetingsByBooking(quota)) widen('meeting', { start: span.start, end: span.end + BOOKING_HORIZON_MS });
  }
  widen('linkedin_invite', periodContaining(now, 'week', settings));
  return [...byKind].map(([kind, { start, end }]) => ({ kind, start, end }));
}
