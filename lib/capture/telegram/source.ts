import { defineSource } from '../define-source';
import { page } from './rules';

// Messengers mix work and private chats: off until the rep turns them on (issue 12).
export const telegramSource = defineSource({
  id: 'telegram',
  kind: 'page',
  page,
  ruFirst: true,
  channels: [
    {
      id: 'telegram',
      name: { en: 'Telegram', ru: 'Telegram' },
      on: false,
      chats: {
        prefix: 'tg',
        // Telegram's groups and channels have negative ids.
        isGroup: (peerId: string) => peerId.startsWith('-'),
        words: {
          person: { en: 'Telegram chat', ru: 'личный чат Telegram' },
          group: { en: 'Telegram group or channel', ru: 'группа или канал Telegram' },
        },
      },
    },
  ],
});
