import type { CaptureSource } from './capture-source';
import { linkedinRules } from './linkedin/rules';

/**
 * LinkedIn's page side, in its own tap bundle (entrypoints/tap-linkedin.content.ts): its rules are
 * the longest of all, and a page gets only the rules of the sources that watch it, so neither
 * bundle grows past the tap's budget (under 8 kB in the page world) as sources are added.
 */
export const LINKEDIN_SOURCES = {
  linkedin: { rules: linkedinRules },
} as const satisfies Record<string, CaptureSource>;
