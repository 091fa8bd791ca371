import { defineSource } from '../define-source';

/** Polled by the background (api.ts); off until the rep connects it, so on as a channel. */
export const aircallSource = defineSource({
  id: 'aircall',
  kind: 'api',
  captures: 'call',
  origin: 'https://api.aircall.io/*',
  pollMinutes: 15,
  channels: [{ id: 'aircall', name: { en: 'Aircall', ru: 'Aircall' }, on: true }],
});
