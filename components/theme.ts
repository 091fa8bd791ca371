import { type ActivityKind, isBuiltInKind } from '@/lib/activity';

export { installTheme, KIND_COLORS, kindColorVariable } from './theme-colors';

/** The rep's own kinds take one of these, by a hash of the id: stable across pages and sessions. */
export const CUSTOM_KIND_COLORS = ['#d97706', '#7c3aed', '#0891b2', '#be123c', '#4d7c0f', '#c026d3', '#1d4ed8', '#b45309'] as const;

/** A chart element's class and inline style for a kind: built-in kinds by class, custom ones by colour. */
export function kindPaint(kind: ActivityKind): { className: string; style?: Record<string, string> } {
  if (isBuiltInKind(kind)) return { className: `kind-${kind}` };
  let hash = 0;
  for (const ch of kind) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return { className: 'kind-custom', style: { '--kind-custom': CUSTOM_KIND_COLORS[hash % CUSTOM_KIND_COLORS.length]! } };
}
