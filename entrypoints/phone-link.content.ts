import { installPhoneLinkHook, type PhoneLinkClickFact } from '@/lib/capture/phone-link/click-hook';

/** The one runtime call this script needs. */
interface Runtime {
  sendMessage(message: unknown): Promise<unknown> | undefined;
}

/**
 * Phone links: registered by the background at run time (`scripting.registerContentScripts`) for
 * the sites the rep allowed when turning phone links on, never in the manifest. Reports each
 * trusted click on a tel:, callto: or sip: link; the background validates it (zod) and records a
 * call attempt. No matches here: WXT would otherwise add them to the install-time host permissions.
 */
export default defineContentScript({
  registration: 'runtime',
  matches: [],
  runAt: 'document_start',
  allFrames: true,
  main(ctx) {
    // The runtime API directly, not wxt/browser (its polyfill would triple this script's size).
    const g = globalThis as { chrome?: { runtime?: Runtime }; browser?: { runtime?: Runtime } };
    const send = (click: PhoneLinkClickFact) => {
      try {
        (g.chrome?.runtime ?? g.browser?.runtime)?.sendMessage({ type: 'phone-link/clicked', click })?.catch(() => {});
      } catch {
        // The extension was reloaded under the page.
      }
    };
    installPhoneLinkHook(document, send, { signal: ctx.signal });
  },
});
