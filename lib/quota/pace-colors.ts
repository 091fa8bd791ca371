import type { Pace } from './progress';

/**
 * The one set of pace colours: the toolbar badge's background (white text on it) and, through
 * CSS variables set from these constants (components/theme.ts), the bars, charts and pace words
 * of the popup and options page. Change a colour here and every surface follows.
 */
export const PACE_COLORS: Readonly<Record<Pace, string>> = {
  ahead: '#15803d',
  on_track: '#2563eb',
  behind: '#d97706',
  at_risk: '#dc2626',
};

/** The CSS custom property that carries a pace colour, e.g. `--pace-at_risk`. */
export const paceColorVariable = (pace: Pace) => `--pace-${pace}`;
