import type { PageHook } from '../page-hook';

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
