import { defineSource } from '../define-source';
import { page } from './rules';

/** VK's peer ids from 2 000 000 000 are group chats (2 000 000 000 + the chat's number), negative ones communities. */
const VK_GROUP_CHAT_FROM = 2_000_000_000;

// Messengers mix work and private chats: off until the rep turns them on (issue 12).
export const vkSource = defineSource({
  id: 'vk',
  kind: 'page',
  page,
  ruFirst: true,
  channels: [
    {
      id: 'vk',
      name: { en: 'VK', ru: 'ВКонтакте' },
      on: false,
      chats: {
        prefix: 'vk',
        isGroup: (peerId: string) => peerId.startsWith('-') || Number(peerId) >= VK_GROUP_CHAT_FROM,
        words: {
          person: { en: 'VK chat', ru: 'личный чат ВКонтакте' },
          group: { en: 'VK group chat', ru: 'групповой чат ВКонтакте' },
        },
      },
    },
  ],
});
