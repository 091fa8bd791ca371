import { defineSource } from '../define-source';

/** Polled by the background (api.ts); off until the rep connects it, so on as a channel. */
export const zadarmaSource = defineSource({
  id: 'zadarma',
  kind: 'api',
  captures: 'call',
  origin: 'https://api.zadarma.com/*',
  pollMinutes: 15,
  channels: [{ id: 'zadarma', name: { en: 'Zadarma', ru: 'Zadarma' }, on: true }],
});
