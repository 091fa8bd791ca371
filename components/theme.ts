import { type ActivityKind, type BuiltInKind, isBuiltInKind } from '@/lib/activity';
import { PACE_COLORS, paceColorVariable } from '@/lib/quota/pace-colors';
import type { Pace } from '@/lib/quota/progress';
import './theme.css';

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

/** The rep's own kinds take one of these, by a hash of the id: stable across pages and sessions. */
export const CUSTOM_KIND_COLORS = ['#d97706', '#7c3aed', '#0891b2', '#be123c', '#4d7c0f', '#c026d3', '#1d4ed8', '#b45309'] as const;

export const kindColorVariable = (kind: BuiltInKind) => `--kind-${kind}`;

/** A chart element's class and inline style for a kind: built-in kinds by class, custom ones by colour. */
export function kindPaint(kind: ActivityKind): { className: string; style?: Record<string, string> } {
  if (isBuiltInKind(kind)) return { className: `kind-${kind}` };
  let hash = 0;
  for (const ch of kind) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return { className: 'kind-custom', style: { '--kind-custom': CUSTOM_KIND_COLORS[hash % CUSTOM_KIND_COLORS.length]! } };
}

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
