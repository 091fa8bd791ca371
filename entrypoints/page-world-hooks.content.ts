import { PAGE_WORLD_HOOK_PAGES, pageWorldHooksFor } from '@/lib/capture/page-world-hooks';
import { TAP_EVENT } from '@/lib/tap/channel';

/**
 * Page world, before the page's own scripts, on the pages of sources with a page-world hook only
 * (Telegram Web): runs those hooks, which report what they saw the tap's way (a TAP_EVENT the
 * relay validates). Its own script rather than part of the tap, so that the tap injected into
 * every other watched page stays as small as it was. Top frame only: the clients it serves do not
 * run in frames.
 */
export default defineContentScript({
  matches: PAGE_WORLD_HOOK_PAGES,
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    // Our own references: the page may replace these globals later.
    const dispatch = window.dispatchEvent.bind(window);
    const Custom = CustomEvent;
    const stringify = JSON.stringify;
    const report = (observation: unknown) => {
      try {
        dispatch(new Custom(TAP_EVENT, { detail: stringify(observation) }));
      } catch {
        // never into the page
      }
    };
    for (const hook of pageWorldHooksFor(location.hostname)) {
      try {
        hook({ window, report });
      } catch {
        // one source's hook must not stop another's
      }
    }
  },
});
