import { defineSource } from '../define-source';

/** Polled by the background (api.ts); off until the rep connects it, so on as a channel. */
export const calcomSource = defineSource({
  id: 'calcom',
  kind: 'api',
  captures: 'meeting',
  origin: 'https://api.cal.com/*',
  pollMinutes: 15,
  channels: [{ id: 'calcom', name: { en: 'Cal.com', ru: 'Cal.com' }, on: true }],
});
