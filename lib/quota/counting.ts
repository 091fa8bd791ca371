import { isCountedAt } from '../activity';
import type { Quota } from '../settings';
import { type EngineActivity, type InternalSettings, quotaExclusion } from './measure';

/**
 * Why an activity does not count now:
 * - retracted: undone or deleted (by the rep here or on the page);
 * - pending: inside its undo window, or a scheduled send not yet due;
 * - internal: it went only to colleagues and every quota of its kind leaves such activities out.
 * A quota's signal filter ("only people who engaged first", issue 15, point 4) is that quota's choice,
 * not a verdict on the activity: it leaves the activity out of that quota only, and the activity still
 * counts as activity everywhere else (History, Reports by kind, the other quotas; issue 27, point 4).
 * (A deal without an amount is still a deal: it shows as activity, only revenue quotas skip it.)
 */
export type NotCountedReason = 'retracted' | 'pending' | 'internal';

export interface Counting {
  /** The quotas that count it (before unique-recipient de-duplication). Empty when no quota asks for its kind. */
  quotaIds: string[];
  /** Null when it counts: for at least one quota, or as activity when no quota asks for its kind. */
  reason: NotCountedReason | null;
  /** The quotas of its kind whose signal filter leaves it out (its person had not engaged first). */
  leftOutBySignal: string[];
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
  const leftOutBySignal = ofKind.filter((_, i) => exclusions[i] === 'no_signal').map((q) => q.id);
  if (activity.status === 'retracted') return { quotaIds: [], reason: 'retracted', leftOutBySignal: [] };
  if (!asConfirmed && !isCountedAt(activity, now)) return { quotaIds: [], reason: 'pending', leftOutBySignal };
  // Only colleagues, for every quota that judged who it went to (a signal filter judges something else).
  const judged = exclusions.filter((e) => e !== 'no_signal');
  if (judged.length > 0 && judged.every((e) => e === 'internal')) return { quotaIds, reason: 'internal', leftOutBySignal };
  return { quotaIds, reason: null, leftOutBySignal };
}

/** Whether an activity counts now on the surfaces that show activity by kind (today, reports). */
export function countsNow(activity: EngineActivity, quotas: readonly Quota[], settings: InternalSettings, now: number): boolean {
  return countingOf(activity, quotas, settings, now).reason === null;
}

/**
 * `countsNow` with each kind's quotas found once: the same rule over the many activities of a
 * report (hundreds of thousands at a year), without the per-activity lists `countingOf` builds.
 */
export function countsNowRule(quotas: readonly Quota[], settings: InternalSettings, now: number): (activity: EngineActivity) => boolean {
  const byKind = new Map<string, readonly Quota[]>();
  return (activity) => {
    if (!isCountedAt(activity, now)) return false;
    let ofKind = byKind.get(activity.kind);
    if (!ofKind) byKind.set(activity.kind, (ofKind = quotas.filter((q) => q.kinds.includes(activity.kind))));
    // Left out only when every quota that judged who it went to found colleagues only (as countingOf).
    let judged = 0;
    for (const quota of ofKind) {
      const exclusion = quotaExclusion(activity, quota, settings);
      if (exclusion === 'no_signal') continue;
      if (exclusion !== 'internal') return true;
      judged += 1;
    }
    return judged === 0;
  };
}
