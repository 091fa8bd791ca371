import type { PageWorldHook } from './page-hook';
import type { SourceId } from './sources';
import { telegramPageWorldHook } from './telegram/page-world-hook';
import { TELEGRAM_EVENT_HOST } from './telegram/rules';
import { whatsappPageWorldHook } from './whatsapp/page-world-hook';
import { WHATSAPP_HOST } from './whatsapp/rules';

/**
 * The sources that need the page's own world (its globals) rather than its requests, one line
 * each, with the page hosts they run on (the registry test holds these equal to the source's pages
 * in sources.ts). Their own MAIN-world content script (entrypoints/page-world-hooks.content.ts)
 * runs them on those pages only, so the tap injected into every other watched page never carries
 * them; and this file does not import sources.ts, so that script carries no other source's rules.
 */
export interface PageWorldHookEntry {
  pages: readonly string[];
  hook: PageWorldHook;
}

export const PAGE_WORLD_HOOKS: { readonly [Id in SourceId]?: PageWorldHookEntry } = {
  telegram: { pages: [TELEGRAM_EVENT_HOST], hook: telegramPageWorldHook },
  whatsapp: { pages: [WHATSAPP_HOST], hook: whatsappPageWorldHook },
};

const ENTRIES: readonly PageWorldHookEntry[] = Object.values(PAGE_WORLD_HOOKS);

/** Match patterns of the pages some page-world hook runs on (that script's `matches`). */
export const PAGE_WORLD_HOOK_PAGES: string[] = [...new Set(ENTRIES.flatMap((entry) => entry.pages))].map((host) => `https://${host}/*`);

/** The page-world hooks that run on pages of `host`. */
export function pageWorldHooksFor(host: string): PageWorldHook[] {
  return ENTRIES.filter((entry) => entry.pages.includes(host)).map((entry) => entry.hook);
}
