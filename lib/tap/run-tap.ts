import { TAP_EVENT } from './channel';
import { type IsWatched, installTap } from './install-tap';

/**
 * A tap bundle's page-world body: wraps fetch/XHR and hands each request its filter watches to the
 * relay (isolated world) as a CustomEvent; see channel.ts for why not postMessage. One body for
 * every bundle (tap.content.ts, tap-linkedin.content.ts); each brings only its own sources' rules.
 */
export function runTap(isWatched: IsWatched): void {
  // Our own references: the page may replace these globals later.
  const dispatch = window.dispatchEvent.bind(window);
  const Custom = CustomEvent;
  const stringify = JSON.stringify;
  installTap(window, isWatched, (observation) => {
    dispatch(new Custom(TAP_EVENT, { detail: stringify(observation) }));
  });
}
