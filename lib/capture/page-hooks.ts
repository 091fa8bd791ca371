import { pickByFolder } from './by-folder';
import type { PageHook, PageHookEntry } from './page-hook';

/**
 * The sources that need something from the page itself: each folder's page-hook.ts exporting a
 * `relayHook` (Gmail's undo-send clicks). The relay runs them on their pages. Apart from the tap
 * bundles, which never carry them; a hook names its own pages so that the relay carries no
 * descriptor (words, settings) of any source.
 */
const found = pickByFolder(
  import.meta.glob<Record<string, unknown>>('./*/page-hook.ts', { eager: true }),
  (value, _folder, name): value is PageHookEntry => name === 'relayHook' && typeof value === 'object' && value !== null,
);

export const PAGE_HOOKS: Readonly<Record<string, PageHookEntry>> = Object.fromEntries(found);

/** The page hooks of the sources that watch `host`. */
export function pageHooksFor(host: string): PageHook[] {
  return Object.values(PAGE_HOOKS)
    .filter((entry) => entry.pages.includes(host))
    .map((entry) => entry.hook);
}
