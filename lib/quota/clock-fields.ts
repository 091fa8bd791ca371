import type { Quota } from '../settings';
import { neededPerWorkingDay, paceOf } from './pace';
import { dayIndexOf, type PeriodDays } from './period-days';
import type { EngineSettings, InviteGuard, QuotaProgress } from './progress-types';
import { trackedElapsed, wholeUp } from './targets';

/** The part of a quota's progress that moves with the clock alone (given what was done). */
export type ClockFields = Pick<
  QuotaProgress,
  | 'remaining'
  | 'expectedByNow'
  | 'expectedByEndOfToday'
  | 'pace'
  | 'projection'
  | 'neededPerRemainingWorkingDay'
  | 'neededToday'
  | 'workingDays'
  | 'limitedByInviteCap'
>;

/**
 * Pace, expectations and working days at `now`, for `done` in the period whose days are given. One
 * function for the full computation and for `progressAt`, so that both always agree.
 */
export function clockFields(
  quota: Quota,
  done: number,
  current: Pick<PeriodDays, 'days' | 'totalWorking' | 'shares'>,
  settings: EngineSettings,
  now: number,
  guard: InviteGuard,
  /** The period's target, pro-rated when tracking started inside the period. */
  periodTarget: number,
  /** When tracking started, if inside this period. */
  started: number | undefined,
): { fields: ClockFields; effectiveTarget: number; todayIndex: number } {
  const todayIndex = dayIndexOf(current.days, now);
  let elapsed = 0;
  let workingThroughToday = 0;
  for (let i = 0; i < current.days.length; i += 1) {
    const day = current.days[i]!;
    if (!day.working) continue;
    if (i <= todayIndex) workingThroughToday += current.shares[i]!;
    elapsed += trackedElapsed(day, now, started);
  }
  const total = current.totalWorking;
  const remainingDays = total - elapsed;

  // A quota counting only invitations must not ask for more than LinkedIn's weekly limit allows.
  const inviteOnly = quota.kinds.every((k) => k === 'linkedin_invite') && quota.measure !== 'sum';
  const workingDaysPerWeek = Math.max(1, settings.workingDays.length);
  const maxPerDay = guard.limit / workingDaysPerWeek;
  // The cap lowers the target, but not to 0 while working time is left.
  const effectiveTarget = inviteOnly ? Math.min(periodTarget, Math.max(1, Math.floor(maxPerDay * total))) : periodTarget;
  const limitedByInviteCap = inviteOnly && effectiveTarget < periodTarget;

  const expectedByNow = total > 0 ? (effectiveTarget * elapsed) / total : 0;
  const expectedByEndOfToday = total > 0 ? (effectiveTarget * workingThroughToday) / total : 0;
  const remaining = Math.max(0, periodTarget - done);
  let needed = neededPerWorkingDay(remaining, remainingDays);
  if (inviteOnly) needed = Math.min(needed, maxPerDay, guard.remainingThisWeek);
  const planned = total > 0 ? effectiveTarget / total : 0;
  // Nothing is asked today on a day off, nor in a period with no working time left (issue 21, point 5).
  const workingToday = todayIndex >= 0 && current.shares[todayIndex]! > 0;
  const asksToday = workingToday && remainingDays > 1e-9;
  const asked = total > 0;
  return {
    effectiveTarget,
    todayIndex,
    fields: {
      remaining,
      expectedByNow,
      expectedByEndOfToday,
      // A period that asks nothing is neither ahead nor behind.
      pace: asked ? paceOf(done, effectiveTarget, expectedByNow, needed, planned, remainingDays) : 'on_track',
      projection: elapsed >= 0.5 ? done + (done / elapsed) * remainingDays : null,
      neededPerRemainingWorkingDay: needed,
      neededToday: asksToday ? Math.max(0, wholeUp(expectedByEndOfToday - done)) : 0,
      workingDays: { total, elapsed, remaining: remainingDays },
      limitedByInviteCap,
    },
  };
}
