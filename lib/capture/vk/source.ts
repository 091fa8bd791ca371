import { defineSource } from '../define-source';
import { page } from './rules';

// Messengers mix work and private chats: off until the rep turns them on (issue 12).
export const vkSource = defineSource({
  id: 'vk',
  kind: 'page',
  page,
  ruFirst: true,
  channels: [{ id: 'vk', name: { en: 'VK', ru: 'ВКонтакте' }, on: false }],
});
