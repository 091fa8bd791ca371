import { defineSource } from '../define-source';
import { page } from './rules';

// Messengers mix work and private chats: off until the rep turns them on (issue 25).
export const whatsappSource = defineSource({
  id: 'whatsapp',
  kind: 'page',
  page,
  channels: [{ id: 'whatsapp', name: { en: 'WhatsApp', ru: 'WhatsApp' }, on: false }],
});
