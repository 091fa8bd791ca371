import type { PageHookMessage } from '@/lib/capture/page-hook';
import { pageHooksFor } from '@/lib/capture/page-hooks';
import { RELAY_MATCHES } from '@/lib/capture/page-side';
import type { Request } from '@/lib/messages';
import { TAP_EVENT } from '@/lib/tap/channel';
import { createDelivery, type DeliveryRuntime } from '@/lib/tap/delivery';
import { noticeTexts, showOrphanNotice } from '@/lib/tap/orphan-notice';
import { isRelayPing, RELAY_PONG_TYPE } from '@/lib/tap/relay-ping';
import { claimWorld, createSuccession } from '@/lib/tap/succession';
import { isObservation } from '@/lib/tap/validate';

/** Messages this relay sends to the background, its own and its page hooks': part of the one protocol (types only, no bytes). */
export type RelayMessage = Extract<Request, { type: 'capture/observed' }> | PageHookMessage;

/** Larger details cannot be a valid observation (two 20 MB bodies plus the rest). */
const MAX_DETAIL = 41_000_000;
/** How long an orphaned relay waits for a new relay to take over before it tells the rep. */
const SUCCESSOR_GRACE_MS = 3000;
/** How often the top frame's relay checks that its context still works (one property read). */
const CONTEXT_CHECK_MS = 5000;

interface RelayRuntime extends DeliveryRuntime {
  id?: string;
  onMessage?: { addListener(listener: (message: unknown, sender: unknown, respond: (answer: unknown) => void) => void): void };
}
interface RelayChrome {
  runtime?: RelayRuntime;
  i18n?: { getMessage(key: string): string };
}

/** Observations (JSON) among undelivered messages: they wait for the next relay; an undo click does not (that relay's own hook sees the next click). */
const observationsOf = (messages: unknown[]): string[] =>
  (messages as RelayMessage[]).flatMap((m) => (m.type === 'capture/observed' ? [JSON.stringify(m.observation)] : []));

/**
 * Isolated world: passes what the page-world tap saw to the background, after a shape check
 * (the page can dispatch the same event), and runs the page hooks of the sources that watch
 * this host (lib/capture/page-hooks.ts; Gmail's reports clicks on the undo-send link).
 *
 * Across an extension update or reload (see lib/tap/succession.ts): the background injects this
 * script again into open tabs; an orphaned copy keeps what it could not deliver and hands it to the
 * new one, or, if none comes, tells the rep in the page that the tab needs a reload.
 */
export default defineContentScript({
  matches: RELAY_MATCHES,
  runAt: 'document_start',
  allFrames: true,
  main() {
    // The runtime API directly, not wxt/browser: its polyfill would triple this script's size.
    // Both Chrome's and Firefox's MV3 sendMessage return a promise.
    const g = globalThis as { chrome?: RelayChrome; browser?: RelayChrome };
    const api = () => g.chrome ?? g.browser;
    const runtime = () => api()?.runtime;
    // An orphaned content script's runtime has no id (Chrome) or throws (Firefox).
    const alive = () => {
      try {
        return Boolean(runtime()?.id);
      } catch {
        return false;
      }
    };
    // Injected again into a world whose relay still works: that one serves the page.
    if (!claimWorld(window, { alive })) return;

    const topFrame = window === window.top;
    // Read while the context works: after an update this script can no longer read them.
    const texts = topFrame ? noticeTexts((key) => api()?.i18n?.getMessage(key) ?? '') : undefined;
    let noticeTimer: ReturnType<typeof setTimeout> | undefined;
    let checkTimer: ReturnType<typeof setInterval> | undefined;
    let removeNotice: (() => void) | undefined;

    const onTapEvent = (event: Event) => {
      const detail: unknown = (event as CustomEvent).detail;
      if (typeof detail !== 'string' || detail.length > MAX_DETAIL) return;
      let observation: unknown;
      try {
        observation = JSON.parse(detail);
      } catch {
        return;
      }
      if (isObservation(observation)) send({ type: 'capture/observed', observation });
    };

    const succession = createSuccession(window, alive, () => {
      // A new relay listens now: this one stops, its note (if shown) goes, and what its delivery
      // still waits to resend goes to the new relay too.
      window.removeEventListener(TAP_EVENT, onTapEvent);
      clearTimeout(noticeTimer);
      clearInterval(checkTimer);
      removeNotice?.();
      return observationsOf(delivery.close());
    });

    /** The context died: unless a new relay takes over soon, the rep is told (top frame only). */
    const orphaned = () => {
      clearInterval(checkTimer);
      if (!texts || noticeTimer !== undefined) return;
      noticeTimer = setTimeout(() => {
        removeNotice = showOrphanNotice(document, texts, () => location.reload());
      }, SUCCESSOR_GRACE_MS);
    };

    // Kept until the background says it committed it, and sent again if the worker stopped first.
    const delivery = createDelivery(runtime, {
      onContextLost(unsent) {
        for (const observation of observationsOf(unsent)) succession.hold(observation);
        orphaned();
      },
    });
    // An observation is de-duplicated by the background; an undo click is not, so it goes once.
    const send = (message: RelayMessage) => delivery.send(message, { resend: message.type === 'capture/observed' });

    window.addEventListener(TAP_EVENT, onTapEvent);

    // The popup asks whether this tab's capture still reaches the background.
    try {
      runtime()?.onMessage?.addListener((message, _sender, respond) => {
        if (isRelayPing(message)) respond({ type: RELAY_PONG_TYPE });
      });
    } catch {
      // no messaging here: the popup will say the tab needs a reload
    }

    for (const pageHook of pageHooksFor(location.hostname)) {
      try {
        pageHook({ document, send });
      } catch {
        // a source's hook must not stop the relay or the other hooks
      }
    }

    // An orphaned relay from before an update, if any, hands over what it kept.
    succession.announce();
    if (topFrame) {
      checkTimer = setInterval(() => {
        if (!alive()) orphaned();
      }, CONTEXT_CHECK_MS);
    }
  },
});
