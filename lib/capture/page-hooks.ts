import { gmailPageHook } from './gmail/page-hook';
import type { PageHook } from './page-hook';
import { SOURCE_IDS, type SourceId, watchesHost } from './sources';
import { telegramPageHook } from './telegram/page-hook';
import { vkPageHook } from './vk/page-hook';

/**
 * The sources that need something from the page itself, one line each; the relay runs them on
 * their sources' hosts. Apart from sources.ts so that the page-world tap never carries them.
 */
export const PAGE_HOOKS: { readonly [Id in SourceId]?: PageHook } = {
  gmail: gmailPageHook,
  vk: vkPageHook,
  telegram: telegramPageHook,
};

/** The page hooks of the sources that watch `host`. */
export function pageHooksFor(host: string): PageHook[] {
  return SOURCE_IDS.flatMap((id) => {
    const hook = PAGE_HOOKS[id];
    return hook && watchesHost(id, host) ? [hook] : [];
  });
}
