import type { Activity, ActivityKind } from '../activity';
import type { Quota, Settings } from '../settings';
import type { Interval } from './calendar';

/** What the engine reports (lib/quota/progress.ts computes it): per quota, today, pending, the invite guard. */

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
