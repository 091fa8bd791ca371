/**
 * What happens to a relay when the extension is reloaded or updated under an open page.
 *
 * Chrome does not inject content scripts into open tabs again, and the old relay stays in the
 * page, orphaned: its code still runs and still hears the tap (the page-world tap stays installed
 * and keeps dispatching), but every runtime call throws. The background injects a new relay
 * (lib/background/reinject.ts); Chrome gives it a fresh isolated world, so it cannot see the old
 * relay's variables (measured: a global set in the isolated world before a reload reads undefined
 * after it). What the two share is the page's DOM. So:
 *
 * - each relay, once listening, dispatches RELAY_READY_EVENT on `window`;
 * - an orphaned relay that hears it retires (stops listening) and dispatches the observations it
 *   held (those the old background never acknowledged, and those the tap reported after the
 *   reload) again as tap events, which the new relay validates and sends like any other. These are
 *   the same strings the tap already dispatched on the same channel (lib/tap/channel.ts), so the
 *   page learns nothing it was not shown before; nothing is written to page storage. The
 *   background de-duplicates, so an observation handed over that the old background did commit is
 *   recorded once.
 *
 * Dependency-free: bundled into the relay.
 */
import { TAP_EVENT } from './channel';

export const RELAY_READY_EVENT = 'quota-radar:relay-ready';

/** Put on the isolated world's window by the relay that runs there. */
const RELAY_MARK = Symbol.for('quota-radar.relay');

export interface RelayMark {
  /** Whether that relay's extension context still works. */
  alive(): boolean;
}

/**
 * Marks this isolated world as served by a relay, unless a relay whose context still works already
 * serves it (the background injects the relay into open tabs, which may already have one).
 */
export function claimWorld(win: Window, mark: RelayMark): boolean {
  const marked = win as Window & { [RELAY_MARK]?: RelayMark };
  const current = marked[RELAY_MARK];
  if (current?.alive()) return false;
  try {
    Object.defineProperty(win, RELAY_MARK, { value: mark, configurable: true });
  } catch {
    // a frozen window: run anyway
  }
  return true;
}

/** Most observations an orphaned relay keeps for its successor; beyond them the oldest go. */
export const MAX_HELD = 200;

export interface Succession {
  /** Keeps an observation (its JSON) that the background never acknowledged. */
  hold(observationJson: string): void;
  held(): number;
  /** Tells an orphaned relay in this page that a relay with a live context now listens. */
  announce(): void;
}

/**
 * The orphan's side: `isAlive` says whether this relay's context still works; `retire` removes
 * this relay's listeners (called before handing over, so that it does not hear its own hand-over)
 * and returns the observations (JSON) still waiting in its delivery queue: one in flight when the
 * extension went, or waiting for a resend, is not held yet when a new relay comes quickly.
 */
export function createSuccession(win: Window, isAlive: () => boolean, retire: () => string[]): Succession {
  const held: string[] = [];
  const dispatch = win.dispatchEvent.bind(win);
  const Custom = (win as Window & typeof globalThis).CustomEvent;
  let retired = false;

  const onSuccessor = () => {
    // A live relay ignores it (the page can dispatch the same event; so could a second injection).
    if (retired || isAlive()) return;
    win.removeEventListener(RELAY_READY_EVENT, onSuccessor);
    const queued = retire();
    retired = true;
    for (const detail of [...held.splice(0), ...queued]) {
      try {
        dispatch(new Custom(TAP_EVENT, { detail }));
      } catch {
        // never throw into the page
      }
    }
  };
  win.addEventListener(RELAY_READY_EVENT, onSuccessor);

  return {
    hold(observationJson) {
      if (retired) return;
      if (held.length >= MAX_HELD) held.shift();
      held.push(observationJson);
    },
    held: () => held.length,
    announce() {
      dispatch(new Custom(RELAY_READY_EVENT));
    },
  };
}
