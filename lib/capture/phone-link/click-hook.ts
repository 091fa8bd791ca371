/**
 * Phone links clicked on a page: the rep starts a call from a `tel:`, `callto:` or `sip:` link.
 *
 * Runs in the page (an isolated-world content script on the sites the rep allowed), so it is
 * tiny and dependency-free, and it never throws into the page or changes what the click does: one
 * capture-phase listener on the document (it sees the click before the page can stop it), nothing
 * else. Only clicks the browser itself reports (`isTrusted`) count, so a page cannot inflate the
 * rep's calls by clicking its own links from script.
 */

export const PHONE_LINK_SELECTOR = 'a[href^="tel:" i], a[href^="callto:" i], a[href^="sip:" i], a[href^="sips:" i]';

/** One click on a phone link, as the page saw it. Parsed by `PhoneLinkClick` (detect.ts) on arrival. */
export interface PhoneLinkClickFact {
  href: string;
  pageHost: string;
  /** Epoch ms. */
  at: number;
}

export interface PhoneLinkHookOptions {
  /** Removes the listener when aborted (the content script's context invalidation). */
  signal?: AbortSignal;
  now?: () => number;
  /** Tests dispatch untrusted events; the extension never turns this off. */
  acceptUntrusted?: boolean;
}

/** The phone link a click landed in, looking through open shadow roots, or undefined. */
function phoneLinkOf(event: Event): HTMLAnchorElement | undefined {
  const path = typeof event.composedPath === 'function' ? event.composedPath() : [event.target];
  for (const node of path) {
    // Nodes of other frames or realms fail `instanceof`; a duck check on `matches` is enough here.
    const element = node as Partial<Element> | null;
    if (element && typeof element.matches === 'function' && element.matches(PHONE_LINK_SELECTOR)) {
      return element as unknown as HTMLAnchorElement;
    }
  }
  return undefined;
}

/**
 * Listens for phone-link clicks on `doc` and reports each through `report`. Returns a function that
 * removes the listener.
 */
export function installPhoneLinkHook(
  doc: Document,
  report: (click: PhoneLinkClickFact) => void,
  options: PhoneLinkHookOptions = {},
): () => void {
  const now = options.now ?? Date.now;
  const onClick = (event: Event) => {
    try {
      if (!event.isTrusted && !options.acceptUntrusted) return;
      // Primary-button clicks and keyboard activation (button 0); a middle click opens no dialler.
      if (event instanceof MouseEvent && event.button !== 0) return;
      const link = phoneLinkOf(event);
      if (!link) return;
      const href = (link.getAttribute('href') ?? '').trim();
      if (!href) return;
      report({ href: href.slice(0, 2000), pageHost: doc.location?.hostname ?? '', at: now() });
    } catch {
      // Never break the page's own click handling.
    }
  };
  doc.addEventListener('click', onClick, { capture: true, signal: options.signal });
  return () => doc.removeEventListener('click', onClick, { capture: true });
}
