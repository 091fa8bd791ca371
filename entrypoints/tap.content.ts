import { isWatched } from '@/lib/capture/sources';
import { TAP_EVENT } from '@/lib/tap/channel';
import { installTap } from '@/lib/tap/install-tap';
import { TAPPED_HOSTS } from '@/lib/watched-hosts';

/**
 * Page world, before the page's own scripts: wraps fetch/XHR and hands each request some source's
 * rules watch to the relay (isolated world) as a CustomEvent; see lib/tap/channel.ts for why not
 * postMessage. Imports the sources' rules only (lib/capture/sources.ts), never a detector.
 */
export default defineContentScript({
  matches: TAPPED_HOSTS,
  world: 'MAIN',
  runAt: 'document_start',
  allFrames: true,
  main() {
    // Our own references: the page may replace these globals later.
    const dispatch = window.dispatchEvent.bind(window);
    const Custom = CustomEvent;
    const stringify = JSON.stringify;
    installTap(window, isWatched, (observation) => {
      dispatch(new Custom(TAP_EVENT, { detail: stringify(observation) }));
    });
  },
});
