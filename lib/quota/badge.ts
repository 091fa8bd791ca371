import type { Settings } from '../settings';
import { PACE_COLORS } from './pace-colors';
import type { Pace, ProgressReport } from './progress';

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

/** What the toolbar badge shows: the user's choice of number, coloured by the worst pace. */
export function badgeFor(report: ProgressReport, mode: Settings['badge']): Badge {
  const pace = worstPace(report);
  if (mode === 'off' || !pace) return { text: '', color: PACE_COLORS.on_track, title: '' };
  const counting = report.quotas.filter((q) => q.measure !== 'sum');
  let text: string;
  if (mode === 'remaining_today') {
    const remaining = counting.reduce((sum, q) => sum + Math.ceil(q.neededToday - 1e-9), 0);
    text = remaining > 999 ? '999+' : String(remaining);
  } else {
    const ratios = report.quotas.filter((q) => q.expectedByNow > 0).map((q) => q.done / q.expectedByNow);
    const percent = ratios.length ? Math.round(Math.min(...ratios) * 100) : 100;
    text = percent > 999 ? '999%' : `${percent}%`;
  }
  const title = report.quotas.map((q) => `${q.name}: ${Math.round(q.done)}/${q.target}`).join('\n');
  return { text, color: PACE_COLORS[pace], title };
}
