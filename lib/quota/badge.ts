import type { Settings } from '../settings';
import { PACE_COLORS } from './pace-colors';
import type { Pace, ProgressReport, QuotaProgress } from './progress';
import { wholeUp } from './targets';

export interface Badge {
  text: string;
  color: string;
  /** Shown as the toolbar button's tooltip. */
  title: string;
}

// The colours live with the CSS's in one module; re-exported for the badge's callers.
export { PACE_COLORS };

const PACE_ORDER: Pace[] = ['at_risk', 'behind', 'on_track', 'ahead'];

export function worstPace(report: ProgressReport): Pace | undefined {
  return PACE_ORDER.find((pace) => report.quotas.some((q) => q.pace === pace));
}

/** The badge's tooltip in the UI's language (the background passes translated wording). */
export interface BadgeWords {
  /** "Calls: 5 more today to stay on pace (12 of 150 this period)". */
  neededToday(name: string, needed: number, done: number, target: number): string;
  /** "Calls: at 66% of where pace says it should be now". */
  percentOfPace(name: string, percent: number): string;
  /** Every counting quota is on pace for today. */
  allOnPace(): string;
  /** A day off: nothing is asked today. */
  dayOff(): string;
}

export const ENGLISH_BADGE_WORDS: BadgeWords = {
  neededToday: (name, needed, done, target) => `${name}: ${needed} more today to stay on pace (${done} of ${target} this period)`,
  percentOfPace: (name, percent) => `${name}: at ${percent}% of where pace says it should be now`,
  allOnPace: () => 'Every quota is on pace for today',
  dayOff: () => 'Day off: nothing is asked today',
};

/** The card's "more today": the engine's whole number (0 on a day off or with no working days left). */
const neededOf = (q: QuotaProgress) => Math.max(0, wholeUp(q.neededToday));
const ratioOf = (q: QuotaProgress) => (q.expectedByNow > 0 ? q.done / q.expectedByNow : Infinity);

/**
 * The quota the badge speaks for: the one furthest behind pace (the lowest done / expected by now),
 * among those counting activities (a revenue quota's need is an amount, not a number of actions).
 */
export function focusQuota(report: ProgressReport, mode: Settings['badge']): QuotaProgress | undefined {
  const candidates = report.quotas.filter(
    (q) => q.asked && !q.met && (mode === 'percent_of_pace' ? q.expectedByNow > 0 : q.measure !== 'sum'),
  );
  let focus: QuotaProgress | undefined;
  for (const q of candidates) {
    if (!focus) focus = q;
    else if (ratioOf(q) < ratioOf(focus) || (ratioOf(q) === ratioOf(focus) && neededOf(q) > neededOf(focus))) focus = q;
  }
  return focus;
}

/**
 * What the toolbar badge shows: one number that is on screen too (the most-behind quota's "needed
 * today", or its percent of pace), named in the tooltip, coloured by the worst pace; quiet on a day off.
 */
export function badgeFor(report: ProgressReport, mode: Settings['badge'], words: BadgeWords = ENGLISH_BADGE_WORDS): Badge {
  const pace = worstPace(report);
  if (mode === 'off' || !pace) return { text: '', color: PACE_COLORS.on_track, title: '' };
  if (!report.workingToday) return { text: '', color: PACE_COLORS.on_track, title: words.dayOff() };
  const focus = focusQuota(report, mode);
  if (!focus) return { text: mode === 'percent_of_pace' ? '100%' : '0', color: PACE_COLORS[pace], title: words.allOnPace() };
  if (mode === 'remaining_today') {
    const needed = neededOf(focus);
    return {
      text: needed > 999 ? '999+' : String(needed),
      color: PACE_COLORS[pace],
      title: needed === 0 ? words.allOnPace() : words.neededToday(focus.name, needed, Math.round(focus.done), focus.target),
    };
  }
  const percent = Math.round(ratioOf(focus) * 100);
  return { text: percent > 999 ? '999%' : `${percent}%`, color: PACE_COLORS[pace], title: words.percentOfPace(focus.name, percent) };
}
