import { pageHostsOfSource } from '../capture-source';
import type { PageHook, PageHookEntry } from '../page-hook';
import { page } from './rules';

/**
 * Reports clicks on Gmail's undo-send link: a cross-check for the draft save that follows an
 * undo (the background retracts the pending send; see gmail/detect.ts). Capture phase, so a
 * handler of the page that stops the event cannot hide it.
 */
export const gmailPageHook: PageHook = ({ document, send }) => {
  document.addEventListener(
    'click',
    (event) => {
      const target = event.target;
      if (target instanceof Element && target.closest('#link_undo')) {
        send({ type: 'capture/undo-clicked', provider: 'gmail', at: Date.now() });
      }
    },
    true,
  );
};

/** Run by the relay on Gmail's pages (page-hooks.ts finds it here by name). */
export const relayHook: PageHookEntry = { pages: pageHostsOfSource(page), hook: gmailPageHook };
