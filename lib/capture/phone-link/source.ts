import { defineSource } from '../define-source';

/**
 * Phone links: a click on a tel:, callto: or sip: link on a site the rep allowed (click-hook.ts,
 * run by entrypoints/phone-link.content.ts, registered at run time), made a call attempt by detect.ts.
 */
export const phoneLinkSource = defineSource({
  id: 'phone-link',
  kind: 'hook',
  message: 'phone-link/clicked',
  // Any site the rep works in: asked for, never granted at install.
  origins: ['https://*/*', 'http://*/*'],
  // `scripting` (registering its content script) is held from install: the background re-injects
  // the capture scripts into open tabs with it.
  permissions: [],
  contentScript: { id: 'phone-link', js: 'content-scripts/phone-link.js' },
  channels: [
    {
      id: 'phone',
      name: { en: 'Phone links', ru: 'Ссылки на телефон' },
      inRecord: { en: 'phone link', ru: 'ссылка на телефон' },
      on: true,
    },
  ],
});
