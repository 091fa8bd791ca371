import { folderOf } from './by-folder';
import type { PageHook, PageHookEntry } from './page-hook';

/**
 * The sources that need something from the page itself: each folder's page-hook.ts exporting a
 * `relayHook` (Gmail's undo-send clicks). The relay runs them on their pages. Apart from the tap
 * bundles, which never carry them; a hook names its own pages so that the relay carries no
 * descriptor (words, settings) of any source.
 */
const hooks = import.meta.glob<PageHookEntry>('./*/page-hook.ts', { eager: true, import: 'relayHook' });

export const PAGE_HOOKS: Readonly<Record<string, PageHookEntry>> = Object.fromEntries(
  Object.entries(hooks).map(([path, entry]) => [folderOf(path), entry]),
);

/** The page hooks of the sources that watch `host`. */
export function pageHooksFor(host: string): PageHook[] {
  return Object.values(PAGE_HOOKS)
    .filter((entry) => entry.pages.includes(host))
    .map((entry) => entry.hook);
}
