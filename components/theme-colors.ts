import type { BuiltInKind } from '@/lib/activity';
import { PACE_COLORS, paceColorVariable } from '@/lib/quota/pace-colors';
import type { Pace } from '@/lib/quota/progress';
import './theme.css';

// Apart from theme.ts: the popup installs the theme before its first frame, and this module must not
// bring lib/activity's schemas (zod) into that first script; types only.

/** One colour per activity kind for charts and legends, readable on light and dark backgrounds. */
export const KIND_COLORS: Readonly<Record<BuiltInKind, string>> = {
  email: '#3b82f6',
  linkedin_message: '#0ea5e9',
  linkedin_invite: '#14b8a6',
  inmail: '#8b5cf6',
  social_touch: '#a855f7',
  call: '#f59e0b',
  meeting: '#ef4444',
  opportunity: '#22c55e',
  deal: '#15803d',
  messenger_message: '#06b6d4',
  work_report: '#64748b',
  demo: '#ec4899',
  new_customer: '#84cc16',
};

export const kindColorVariable = (kind: BuiltInKind) => `--kind-${kind}`;

/**
 * Sets the colours that come from TypeScript (the badge's pace colours, the chart's kind colours)
 * as CSS variables on the page's root, so that theme.css and the badge cannot drift apart.
 * Called once by each page's entry before it renders.
 */
export function installTheme(root: HTMLElement = document.documentElement): void {
  for (const [pace, colour] of Object.entries(PACE_COLORS) as [Pace, string][]) root.style.setProperty(paceColorVariable(pace), colour);
  for (const [kind, colour] of Object.entries(KIND_COLORS) as [BuiltInKind, string][])
    root.style.setProperty(kindColorVariable(kind), colour);
}
