import { periodContaining } from './calendar';
import type { EngineActivity } from './measure';
import type { EngineSettings, InviteGuard, Pace } from './progress-types';

/** Pace in words, what each remaining day needs, and LinkedIn's weekly invitation guard. */

const AHEAD_RATIO = 1.1;
const ON_TRACK_RATIO = 0.9;
/** Behind becomes at risk when the rest of the period needs this much more than the planned daily rate. */
const AT_RISK_EFFORT = 1.5;

const INVITE_NEAR_SHARE = 0.8;

export function inviteGuardOf(activities: readonly EngineActivity[], settings: EngineSettings, now: number): InviteGuard {
  const week = periodContaining(now, 'week', settings);
  let sent = 0;
  for (const a of activities) {
    if (a.kind === 'linkedin_invite' && a.status !== 'retracted' && a.occurredAt >= week.start && a.occurredAt < week.end) {
      sent += 1;
    }
  }
  const limit = settings.linkedinWeeklyInviteLimit;
  const level = sent >= limit ? 'reached' : sent >= limit * INVITE_NEAR_SHARE ? 'near' : 'ok';
  return { sentThisWeek: sent, limit, remainingThisWeek: Math.max(0, limit - sent), level };
}

/** Today's unfinished part counts as a day: "per remaining working day" is what a rep can act on. */
export function neededPerWorkingDay(remaining: number, remainingDays: number): number {
  return remainingDays > 0 ? remaining / Math.ceil(remainingDays - 1e-9) : remaining;
}

/** Pace in words; shared by progress and the manager's report so the two always agree. */
export function paceOf(done: number, target: number, expected: number, needed: number, planned: number, remainingDays: number): Pace {
  if (done >= target) return 'ahead';
  if (remainingDays <= 0) return 'at_risk';
  // Less than one short of where pace says is not behind: "expected by now: 0" must not read as behind.
  if (expected - done < 1) return expected > 0 && done / expected >= AHEAD_RATIO && done > expected ? 'ahead' : 'on_track';
  const ratio = expected > 0 ? done / expected : 1;
  if (ratio >= AHEAD_RATIO && done > expected) return 'ahead';
  if (ratio >= ON_TRACK_RATIO) return 'on_track';
  if (planned > 0 && needed > planned * AT_RISK_EFFORT) return 'at_risk';
  return 'behind';
}
