import { defineSource } from '../define-source';

/** Polled by the background (api.ts); off until the rep connects it, so on as a channel. */
export const calendlySource = defineSource({
  id: 'calendly',
  kind: 'api',
  captures: 'meeting',
  origin: 'https://api.calendly.com/*',
  pollMinutes: 15,
  channels: [{ id: 'calendly', name: { en: 'Calendly', ru: 'Calendly' }, on: true }],
});
