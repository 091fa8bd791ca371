import { defineSource } from '../define-source';

/** Polled by the background (api.ts); off until the rep connects it, so on as a channel. */
export const ringcentralSource = defineSource({
  id: 'ringcentral',
  kind: 'api',
  captures: 'call',
  origin: 'https://platform.ringcentral.com/*',
  pollMinutes: 15,
  channels: [{ id: 'ringcentral', name: { en: 'RingCentral', ru: 'RingCentral' }, on: true }],
});
