import { useEffect, useState } from 'react';
import { z } from 'zod';

/**
 * The options page shows one section at a time; the URL's hash names it (options.html#history),
 * so a link can open a section, a reload keeps it and the browser's back and forward move between
 * the sections visited. The order is the side navigation's.
 */
export const SECTION_IDS = [
  'quotas',
  'kinds',
  'topics',
  'calendar',
  'capture',
  'privacy',
  'crm',
  'notifications',
  'history',
  'reports',
  'team',
  'data',
] as const;

export type SectionId = (typeof SECTION_IDS)[number];

/** Shown when the URL names none: a fresh install's welcome opens here, on the quotas to confirm. */
export const DEFAULT_SECTION: SectionId = 'quotas';

const SectionHash = z
  .string()
  .transform((hash) => hash.replace(/^#/, ''))
  .pipe(z.enum(SECTION_IDS));

/** The section a URL hash names ("#history"), or undefined for none or anything else. */
export function sectionFromHash(hash: string): SectionId | undefined {
  const parsed = SectionHash.safeParse(hash);
  return parsed.success ? parsed.data : undefined;
}

/** The hash that opens a section, for links: `#history`. */
export const sectionHref = (id: SectionId): string => `#${id}`;

/**
 * The section the URL names now, following the hash as it changes (a link, back, forward). A
 * hash that names no section (an anchor inside the current one) keeps the section shown.
 */
export function useSectionRoute(): SectionId {
  const [section, setSection] = useState<SectionId>(() => sectionFromHash(window.location.hash) ?? DEFAULT_SECTION);
  useEffect(() => {
    const follow = () => {
      const named = sectionFromHash(window.location.hash);
      // An empty hash (back to the page as first opened) is the default section.
      if (named) setSection(named);
      else if (window.location.hash === '' || window.location.hash === '#') setSection(DEFAULT_SECTION);
    };
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return section;
}
