import type { CaptureSource } from './capture-source';

/**
 * The main tap bundle's sources (entrypoints/tap.content.ts): every folder's rules.ts `page`, less
 * those of sources with a tap bundle of their own (tap-group-linkedin.ts). Rules only: a new page
 * source joins this bundle by its folder alone; one that would take it past 8 kB gets its own
 * group and entrypoint instead, and its rules.ts is left out here.
 */
// Keyed by path (./<source>/rules.ts): the tap needs the values only, and this bundle stays a few bytes smaller.
export const MAIL_AND_MESSENGER_SOURCES: Readonly<Record<string, CaptureSource>> = import.meta.glob<CaptureSource>(
  ['./*/rules.ts', '!./linkedin/rules.ts'],
  { eager: true, import: 'page' },
);
