import { isCountedAt } from '../activity';
import type { Quota } from '../settings';
import { type EngineActivity, type InternalSettings, quotaExclusion } from './measure';

/**
 * Why an activity does not count now:
 * - retracted: undone or deleted (by the rep here or on the page);
 * - pending: inside its undo window, or a scheduled send not yet due;
 * - internal: it went only to colleagues and every quota of its kind leaves such activities out;
 * - no_signal: every quota of its kind counts only people who engaged first (issue 15, point 4), and
 *   its person had not (or only colleagues, for the quotas that leave them out).
 * (A deal without an amount is still a deal: it shows as activity, only revenue quotas skip it.)
 */
export type NotCountedReason = 'retracted' | 'pending' | 'internal' | 'no_signal';

export interface Counting {
  /** The quotas that count it (before unique-recipient de-duplication). Empty when no quota asks for its kind. */
  quotaIds: string[];
  /** Null when it counts: for at least one quota, or as activity when no quota asks for its kind. */
  reason: NotCountedReason | null;
}

/**
 * The one rule of what counts, used by every surface (popup "Today", pending list, badge, History,
 * reports), so that none of them can disagree with the quotas' own numbers.
 */
export function countingOf(
  activity: EngineActivity,
  quotas: readonly Quota[],
  settings: InternalSettings,
  now: number,
  /** Judge a pending activity as it will be once confirmed (the pending list's "will count"). */
  asConfirmed = false,
): Counting {
  const ofKind = quotas.filter((q) => q.kinds.includes(activity.kind));
  const exclusions = ofKind.map((q) => quotaExclusion(activity, q, settings));
  const quotaIds = ofKind.filter((_, i) => exclusions[i] === null).map((q) => q.id);
  if (activity.status === 'retracted') return { quotaIds: [], reason: 'retracted' };
  if (!asConfirmed && !isCountedAt(activity, now)) return { quotaIds: [], reason: 'pending' };
  if (ofKind.length > 0 && exclusions.every((e) => e === 'internal')) return { quotaIds, reason: 'internal' };
  if (ofKind.length > 0 && exclusions.every((e) => e === 'internal' || e === 'no_signal')) return { quotaIds, reason: 'no_signal' };
  return { quotaIds, reason: null };
}

/** Whether an activity counts now on the surfaces that show activity by kind (today, reports). */
export function countsNow(activity: EngineActivity, quotas: readonly Quota[], settings: InternalSettings, now: number): boolean {
  return countingOf(activity, quotas, settings, now).reason === null;
}
