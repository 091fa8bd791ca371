import type { CaptureSource } from './capture-source';
import { page } from './linkedin/rules';

/**
 * LinkedIn's page side, in its own tap bundle (entrypoints/tap-linkedin.content.ts): its rules are
 * the longest of all, and a page gets only the rules of the sources that watch it, so neither
 * bundle grows past the tap's budget (under 8 kB in the page world) as sources are added. The
 * main group (tap-group-mail-and-messengers.ts) leaves out every source with a bundle of its own.
 */
export const LINKEDIN_SOURCES: Readonly<Record<string, CaptureSource>> = { linkedin: page };
