import { tapFilter } from '@/lib/capture/tap-filter';
import { LINKEDIN_SOURCES } from '@/lib/capture/tap-group-linkedin';
import { runTap } from '@/lib/tap/run-tap';

const { matches, isWatched } = tapFilter(LINKEDIN_SOURCES);

/** Page world, before the page's own scripts, on LinkedIn: the fetch/XHR tap with LinkedIn's rules only. */
export default defineContentScript({
  matches,
  world: 'MAIN',
  runAt: 'document_start',
  allFrames: true,
  main() {
    runTap(isWatched);
  },
});
