import { defineSource } from '../define-source';

/** Polled by the background (api.ts); off until the rep connects it, so on as a channel. */
export const icsSource = defineSource({
  id: 'ics',
  kind: 'api',
  captures: 'meeting',
  // Any calendar host: the one asked for is the pasted feed's own (api.ts `originOf`).
  origin: 'https://*/*',
  pollMinutes: 15,
  channels: [
    {
      id: 'ics',
      name: { en: 'Calendar (iCal address)', ru: 'Календарь (адрес iCal)' },
      inRecord: { en: 'calendar feed', ru: 'календарь по ссылке' },
      on: true,
    },
  ],
});
