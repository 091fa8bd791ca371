// Over 300 lines: the engine's one pure computation (periods, pace, projection, streaks, the kept
// progress brought to now); its parts share private period helpers that would otherwise be exported.
import { type Activity, type ActivityKind, isCountedAt } from '../activity';
import type { Quota, Settings } from '../settings';
import { type CalendarDay, daysOf, type Interval, periodContaining, previousPeriod } from './calendar';
import { countingOf } from './counting';
import { createAccumulator, type EngineActivity } from './measure';
import { targetOver, trackedElapsed, trackedShare, wholeUp } from './targets';

export type { EngineActivity } from './measure';

export type Pace = 'ahead' | 'on_track' | 'behind' | 'at_risk';

export interface QuotaProgress {
  quotaId: string;
  name: string;
  measure: Quota['measure'];
  period: Interval;
  done: number;
  /** Captures still inside their undo window or not yet due: not in `done`. */
  pending: number;
  /** What this period asks for: the quota's target, pro-rated when tracking started inside the period. */
  target: number;
  /** The quota's target as the rep set it (for a whole period). */
  fullTarget: number;
  /**
   * The period has working time since tracking started, so it asks for something (`target` ≥ 1). False
   * when it has none (installed after its last working hour, a week of holidays): nothing is asked, met
   * or missed, and the card says so instead of "0 / 0 ✓ Target met".
   */
  asked: boolean;
  /** A revenue quota's currency (its amounts are shown with its sign). */
  currency?: string;
  /** When tracking started, if inside this period (the target and pace count only working time since then). */
  trackedFrom: number | null;
  remaining: number;
  /** done / target × 100, not capped at 100. */
  percent: number;
  /** Where pace says the rep should be now, pro-rated over working days (and hours of today). */
  expectedByNow: number;
  /** What on pace means by the end of today. */
  expectedByEndOfToday: number;
  pace: Pace;
  met: boolean;
  /** Done at the end of the period if the rate so far continues; null until half a working day has passed. */
  projection: number | null;
  neededPerRemainingWorkingDay: number;
  /**
   * How many more are needed today to be on pace by tonight, in whole units: max(0, ⌈expected by end of
   * today − done⌉) on a working day of a period with working time left, else 0. The card and the badge
   * both show this number (issue 21, points 5 and 6).
   */
  neededToday: number;
  doneToday: number;
  workingDays: { total: number; elapsed: number; remaining: number };
  /** Consecutive working days, back from today, that ended on pace (today counts once it is on pace). */
  streak: number;
  /** The LinkedIn weekly invitation limit lowered what this quota asks for. */
  limitedByInviteCap: boolean;
}

export interface InviteGuard {
  sentThisWeek: number;
  limit: number;
  remainingThisWeek: number;
  level: 'ok' | 'near' | 'reached';
}

export interface ProgressReport {
  at: number;
  quotas: QuotaProgress[];
  /** Counted activities today, by kind. */
  today: Partial<Record<ActivityKind, number>>;
  pending: {
    id: string;
    kind: ActivityKind;
    channel: Activity['channel'];
    confirmAt: number | null;
    occurredAt: number;
    /** Who it went to, for "Email to ann@… — pending": the first recipient's name, address or profile id. */
    to: string | null;
  }[];
  /** Working days in a row on which every quota was on pace. */
  streak: number;
  inviteGuard: InviteGuard;
  /** Today is a working day (on a day off nothing is asked, and the badge stays quiet). */
  workingToday: boolean;
}

export type EngineSettings = Pick<
  Settings,
  | 'timeZone'
  | 'weekStartsOn'
  | 'workingDays'
  | 'nonWorkingDates'
  | 'workdayStartHour'
  | 'workdayEndHour'
  | 'internalDomains'
  | 'senderDomainIsInternal'
  | 'linkedinWeeklyInviteLimit'
>;

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
function streakLookbackStart(quota: Quota, settings: EngineSettings, now: number): number {
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

const AHEAD_RATIO = 1.1;
const ON_TRACK_RATIO = 0.9;
/** Behind becomes at risk when the rest of the period needs this much more than the planned daily rate. */
const AT_RISK_EFFORT = 1.5;

const INVITE_NEAR_SHARE = 0.8;

function inviteGuardOf(activities: readonly EngineActivity[], settings: EngineSettings, now: number): InviteGuard {
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

interface PeriodDays {
  interval: Interval;
  days: readonly CalendarDay[];
  /** Per day: how much of it there was to work once tracking started (0 on days off and before). */
  shares: readonly number[];
  /** Working days to count in the period: the sum of `shares`. */
  totalWorking: number;
  /** Per day (same index as `days`): what that day added to the measure. */
  added: number[];
}

function periodDays(interval: Interval, settings: EngineSettings, trackingStart: number | undefined): PeriodDays {
  const days = daysOf(interval, settings);
  const shares = days.map((d) => trackedShare(d, trackingStart));
  return { interval, days, shares, totalWorking: shares.reduce((a, b) => a + b, 0), added: days.map(() => 0) };
}

function dayIndexOf(days: readonly CalendarDay[], at: number): number {
  // Binary search: days are sorted and contiguous.
  let lo = 0;
  let hi = days.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const day = days[mid]!;
    if (at < day.start) hi = mid - 1;
    else if (at >= day.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * Counted activities of some kinds, still in time order: each quota walks only its own kinds.
 * (Several quotas often share a set of kinds, hence the memo.)
 */
function countedOfKinds(counted: readonly EngineActivity[]): (kinds: readonly ActivityKind[]) => readonly EngineActivity[] {
  const memo = new Map<string, readonly EngineActivity[]>();
  return (kinds) => {
    const key = [...new Set(kinds)].sort().join('+');
    let list = memo.get(key);
    if (!list) {
      const wanted = new Set(kinds);
      list = counted.filter((a) => wanted.has(a.kind));
      memo.set(key, list);
    }
    return list;
  };
}

/** The index of the first activity at or after `at` in a list sorted by time. */
function firstAtOrAfter(sorted: readonly EngineActivity[], at: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.occurredAt < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function measurePeriod(period: PeriodDays, activities: readonly EngineActivity[], quota: Quota, settings: EngineSettings): number {
  const accumulator = createAccumulator(quota, settings);
  const kinds = new Set(quota.kinds);
  let total = 0;
  let d = 0;
  // Activities are in time order: visit only the period's slice, not every activity for every quota.
  for (let i = firstAtOrAfter(activities, period.interval.start); i < activities.length; i += 1) {
    const activity = activities[i]!;
    if (activity.occurredAt >= period.interval.end) break;
    if (!kinds.has(activity.kind)) continue;
    const value = accumulator.add(activity);
    if (value === 0) continue;
    total += value;
    // Days are contiguous and activities sorted: the day only moves forward.
    while (d < period.days.length && activity.occurredAt >= period.days[d]!.end) d += 1;
    if (d < period.days.length) period.added[d]! += value;
  }
  return total;
}

/** Whether each past day of a period ended on pace, newest first, stopping at the first miss. */
function streakIn(period: PeriodDays, target: number, now: number, countToday: boolean): { days: number; broken: boolean } {
  let cumulative = 0;
  let workingSoFar = 0;
  const onPace: boolean[] = [];
  for (const [i, day] of period.days.entries()) {
    if (day.start > now) break;
    cumulative += period.added[i]!;
    // Days off, and days before tracking started, neither make nor break a streak.
    if (period.shares[i]! === 0) continue;
    workingSoFar += period.shares[i]!;
    const isToday = now < day.end;
    if (isToday && !countToday) break;
    const expected = period.totalWorking > 0 ? (target * workingSoFar) / period.totalWorking : 0;
    onPace.push(cumulative >= expected);
  }
  let days = 0;
  for (let i = onPace.length - 1; i >= 0; i -= 1) {
    if (!onPace[i]) return { days, broken: true };
    days += 1;
  }
  return { days, broken: false };
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

/** The part of a quota's progress that moves with the clock alone (given what was done). */
type ClockFields = Pick<
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
function clockFields(
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
