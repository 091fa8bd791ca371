import { folderOf } from './by-folder';
import type { PageWorldHook, PageWorldHookEntry } from './page-hook';

export type { PageWorldHookEntry } from './page-hook';

/**
 * The sources that need the page's own world (its globals) rather than its requests: each folder's
 * page-world-hook.ts exporting `pageWorld`, with the page hosts it runs on (the registry test holds
 * these equal to the source's pages). Their own MAIN-world content script
 * (entrypoints/page-world-hooks.content.ts) runs them on those pages only, so the tap injected into
 * every other watched page never carries them; and this file reads no descriptor, so that script
 * carries no other source's rules or words.
 */
const hooks = import.meta.glob<PageWorldHookEntry>('./*/page-world-hook.ts', { eager: true, import: 'pageWorld' });

export const PAGE_WORLD_HOOKS: Readonly<Record<string, PageWorldHookEntry>> = Object.fromEntries(
  Object.entries(hooks).map(([path, entry]) => [folderOf(path), entry]),
);

const ENTRIES: readonly PageWorldHookEntry[] = Object.values(PAGE_WORLD_HOOKS);

/** Match patterns of the pages some page-world hook runs on (that script's `matches`). */
export const PAGE_WORLD_HOOK_PAGES: string[] = [...new Set(ENTRIES.flatMap((entry) => entry.pages))].map((host) => `https://${host}/*`);

/** The page-world hooks that run on pages of `host`. */
export function pageWorldHooksFor(host: string): PageWorldHook[] {
  return ENTRIES.filter((entry) => entry.pages.includes(host)).map((entry) => entry.hook);
}
