import type { PageHookMessage } from '@/lib/capture/page-hook';
import { pageHooksFor } from '@/lib/capture/page-hooks';
import type { Request } from '@/lib/messages';
import { TAP_EVENT } from '@/lib/tap/channel';
import { type DeliveryRuntime, createDelivery } from '@/lib/tap/delivery';
import { isObservation } from '@/lib/tap/validate';
import { WATCHED_HOSTS } from '@/lib/watched-hosts';

/** Messages this relay sends to the background, its own and its page hooks': part of the one protocol (types only, no bytes). */
export type RelayMessage = Extract<Request, { type: 'capture/observed' }> | PageHookMessage;

/** Larger details cannot be a valid observation (two 20 MB bodies plus the rest). */
const MAX_DETAIL = 41_000_000;

/**
 * Isolated world: passes what the page-world tap saw to the background, after a shape check
 * (the page can dispatch the same event), and runs the page hooks of the sources that watch
 * this host (lib/capture/page-hooks.ts; Gmail's reports clicks on the undo-send link).
 */
export default defineContentScript({
  matches: WATCHED_HOSTS,
  runAt: 'document_start',
  allFrames: true,
  main() {
    // The runtime API directly, not wxt/browser: its polyfill would triple this script's size.
    // Both Chrome's and Firefox's MV3 sendMessage return a promise.
    const g = globalThis as { chrome?: { runtime?: DeliveryRuntime }; browser?: { runtime?: DeliveryRuntime } };
    // Kept until the background says it committed it, and sent again if the worker stopped first.
    const delivery = createDelivery(() => g.chrome?.runtime ?? g.browser?.runtime);
    // An observation is de-duplicated by the background; an undo click is not, so it goes once.
    const send = (message: RelayMessage) => delivery.send(message, { resend: message.type === 'capture/observed' });

    window.addEventListener(TAP_EVENT, (event) => {
      const detail: unknown = (event as CustomEvent).detail;
      if (typeof detail !== 'string' || detail.length > MAX_DETAIL) return;
      let observation: unknown;
      try {
        observation = JSON.parse(detail);
      } catch {
        return;
      }
      if (isObservation(observation)) send({ type: 'capture/observed', observation });
    });

    for (const pageHook of pageHooksFor(location.hostname)) {
      try {
        pageHook({ document, send });
      } catch {
        // a source's hook must not stop the relay or the other hooks
      }
    }
  },
});
