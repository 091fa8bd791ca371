import { tapFilter } from '@/lib/capture/tap-filter';
import { MAIL_AND_MESSENGER_SOURCES } from '@/lib/capture/tap-group-mail-and-messengers';
import { runTap } from '@/lib/tap/run-tap';

const { matches, isWatched } = tapFilter(MAIL_AND_MESSENGER_SOURCES);

/**
 * Page world, before the page's own scripts, on webmail and messenger pages: the fetch/XHR tap with
 * those sources' rules only (LinkedIn has its own bundle, tap-linkedin.content.ts). Imports rules,
 * never a detector.
 */
export default defineContentScript({
  matches,
  world: 'MAIN',
  runAt: 'document_start',
  allFrames: true,
  main() {
    runTap(isWatched);
  },
});
