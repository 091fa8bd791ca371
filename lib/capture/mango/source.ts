import { defineSource } from '../define-source';

/** Polled by the background (api.ts); off until the rep connects it, so on as a channel. */
export const mangoSource = defineSource({
  id: 'mango',
  kind: 'api',
  captures: 'call',
  origin: 'https://app.mango-office.ru/*',
  pollMinutes: 15,
  channels: [{ id: 'mango', name: { en: 'Mango Office', ru: 'Mango Office' }, on: true }],
});
