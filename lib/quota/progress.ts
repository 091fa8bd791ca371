import { type ActivityKind, isCountedAt } from '../activity';
import type { Quota } from '../settings';
import { daysOf, periodContaining, previousPeriod } from './calendar';
import { clockFields } from './clock-fields';
import { countingOf } from './counting';
import { createAccumulator, type EngineActivity } from './measure';
import { inviteGuardOf } from './pace';
import { countedOfKinds, measurePeriod, periodDays, streakIn } from './period-days';
import type { EngineSettings, InviteGuard, ProgressReport, QuotaProgress } from './progress-types';
import { targetOver } from './targets';
import { countsMeetingsByBooking, placedByBooking, streakLookbackStart } from './windows';

/**
 * The quota engine's one pure computation: progress at a moment (periods, pace, projection,
 * streaks) and a kept report brought to now. Its parts: progress-types.ts (what it reports),
 * windows.ts (what it reads), period-days.ts (a period's days and streak), clock-fields.ts and
 * pace.ts (what moves with the clock). This module is their public face: importers use it.
 */
export type { EngineActivity } from './measure';
export { neededPerWorkingDay, paceOf } from './pace';
export type { EngineSettings, InviteGuard, Pace, ProgressReport, QuotaProgress } from './progress-types';
export { BOOKING_HORIZON_MS, countsMeetingsByBooking, placedByBooking, quotaWindow, requiredRanges, requiredWindow } from './windows';

function quotaProgress(
  quota: Quota,
  counted: readonly EngineActivity[],
  pendingActivities: readonly EngineActivity[],
  settings: EngineSettings,
  now: number,
  guard: InviteGuard,
  trackingStart: number | undefined,
): QuotaProgress {
  const interval = periodContaining(now, quota.period, settings);
  // A period that began before tracking did is pro-rated from the moment tracking started.
  const started = trackingStart !== undefined && trackingStart > interval.start ? trackingStart : undefined;
  const current = periodDays(interval, settings, started);
  const done = measurePeriod(current, counted, quota, settings);
  // The same mapping as Reports': no working time in the period asks for nothing, a part of one at least 1.
  const periodTarget = targetOver(quota, interval, settings, started).target;
  const { fields, effectiveTarget, todayIndex } = clockFields(quota, done, current, settings, now, guard, periodTarget, started);

  // The streak walks back period by period until a working day ended behind pace.
  const currentStreak = streakIn(current, effectiveTarget, now, done >= fields.expectedByEndOfToday);
  let streak = currentStreak.days;
  let broken = currentStreak.broken;
  const lookbackStart = streakLookbackStart(quota, settings, now);
  let earlier = previousPeriod(now, quota.period, settings);
  // Periods that ended before tracking started asked nothing of the rep.
  while (!broken && earlier.start >= lookbackStart && (trackingStart === undefined || earlier.end > trackingStart)) {
    const period = periodDays(earlier, settings, trackingStart !== undefined && trackingStart > earlier.start ? trackingStart : undefined);
    measurePeriod(period, counted, quota, settings);
    const result = streakIn(period, targetOver(quota, earlier, settings, trackingStart).target, now, true);
    streak += result.days;
    broken = result.broken;
    earlier = periodContaining(earlier.start - 1, quota.period, settings);
  }

  // Pending captures this quota will count once confirmed (an email only to colleagues never will).
  const pendingCounter = createAccumulator(quota, settings);
  const pending = pendingActivities.filter(
    (a) => a.occurredAt >= current.interval.start && a.occurredAt < current.interval.end && pendingCounter.add(a) > 0,
  ).length;
  return {
    quotaId: quota.id,
    name: quota.name,
    measure: quota.measure,
    period: current.interval,
    done,
    pending,
    target: periodTarget,
    fullTarget: quota.target,
    asked: current.totalWorking > 0,
    ...(quota.currency ? { currency: quota.currency } : {}),
    trackedFrom: started ?? null,
    percent: periodTarget > 0 ? (done / periodTarget) * 100 : 0,
    met: current.totalWorking > 0 && done >= periodTarget,
    doneToday: todayIndex >= 0 ? current.added[todayIndex]! : 0,
    streak,
    ...fields,
  };
}

/**
 * Until when a report computed at `report.at` stays exact but for its clock fields, provided nothing
 * is written meanwhile: the end of its day (today's counts, periods, the streak) or the first pending
 * capture falling due (it then counts), whichever comes first.
 */
export function progressValidUntil(report: ProgressReport, settings: EngineSettings): number {
  let until = periodContaining(report.at, 'day', settings).end;
  for (const p of report.pending) if (p.confirmAt !== null && p.confirmAt > report.at) until = Math.min(until, p.confirmAt);
  return until;
}

/**
 * A report computed earlier brought to `now` without reading activities: what was done stays, the
 * fields that move with the clock alone are recomputed. Exact (equal to computeProgress at `now`)
 * while nothing was written, the quotas and settings are the same and `now` is before
 * progressValidUntil(report); undefined when the report does not fit the quotas or the day.
 */
export function progressAt(
  report: ProgressReport,
  quotas: readonly Quota[],
  settings: EngineSettings,
  now: number,
): ProgressReport | undefined {
  if (now < report.at || now >= progressValidUntil(report, settings) || quotas.length !== report.quotas.length) return undefined;
  const progress: QuotaProgress[] = [];
  for (const [i, quota] of quotas.entries()) {
    const before = report.quotas[i]!;
    const interval = periodContaining(now, quota.period, settings);
    if (before.quotaId !== quota.id || before.period.start !== interval.start || before.period.end !== interval.end) return undefined;
    const started = before.trackedFrom ?? undefined;
    const current = periodDays(interval, settings, started);
    progress.push({
      ...before,
      ...clockFields(quota, before.done, current, settings, now, report.inviteGuard, before.target, started).fields,
    });
  }
  return { ...report, at: now, quotas: progress };
}

function firstRecipientLabel(activity: EngineActivity): string | null {
  const first = activity.recipients[0];
  return first ? (first.name ?? first.address ?? first.profileId ?? null) : null;
}

/**
 * Quota progress at `now`. Pure: `activities` must cover `requiredRanges(...)` (or, more widely,
 * `requiredWindow(...)` for the quotas' kinds) and today for all kinds; anything outside is ignored.
 */
export function computeProgress(input: {
  quotas: readonly Quota[];
  settings: EngineSettings;
  now: number;
  activities: readonly EngineActivity[];
  /** When tracking started (install, or the first imported activity if earlier): nothing before it was asked for. */
  trackingStart?: number;
}): ProgressReport {
  const { quotas, settings, now, trackingStart } = input;
  const sorted = [...input.activities].sort((a, b) => a.occurredAt - b.occurredAt);
  const counted = sorted.filter((a) => isCountedAt(a, now));
  const pendingActivities = sorted.filter((a) => a.status === 'pending' && !isCountedAt(a, now));
  const guard = inviteGuardOf(sorted, settings, now);
  const ofKinds = countedOfKinds(counted);
  const pendingByBooking = quotas.some(countsMeetingsByBooking) ? placedByBooking(pendingActivities) : pendingActivities;
  const progress = quotas.map((q) =>
    countsMeetingsByBooking(q)
      ? quotaProgress(q, placedByBooking(ofKinds(q.kinds)), pendingByBooking, settings, now, guard, trackingStart)
      : quotaProgress(q, ofKinds(q.kinds), pendingActivities, settings, now, guard, trackingStart),
  );

  const todayInterval = periodContaining(now, 'day', settings);
  const today: Partial<Record<ActivityKind, number>> = {};
  // The same rule as the quotas': an email only to colleagues is not today's outreach.
  for (const a of counted) {
    if (a.occurredAt < todayInterval.start || a.occurredAt >= todayInterval.end) continue;
    if (countingOf(a, quotas, settings, now).reason === null) today[a.kind] = (today[a.kind] ?? 0) + 1;
  }
  // Listed pending captures are those some quota will count, as the cards' pending counts are.
  const willCount = pendingActivities.filter((a) => countingOf(a, quotas, settings, now, true).reason === null);
  return {
    at: now,
    quotas: progress,
    today,
    workingToday: daysOf(todayInterval, settings)[0]?.working ?? false,
    pending: willCount.map((a) => ({
      id: a.id,
      kind: a.kind,
      channel: a.channel,
      confirmAt: a.confirmAt ?? null,
      occurredAt: a.occurredAt,
      to: firstRecipientLabel(a),
    })),
    streak: progress.length > 0 ? Math.min(...progress.map((p) => p.streak)) : 0,
    inviteGuard: guard,
  };
}
