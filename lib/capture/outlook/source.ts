import { defineSource } from '../define-source';
import { page } from './rules';

export const outlookSource = defineSource({
  id: 'outlook',
  kind: 'page',
  page,
  mail: true,
  channels: [
    { id: 'outlook', name: { en: 'Outlook', ru: 'Outlook' }, undoneIn: { en: 'Undone in Outlook', ru: 'Отменено в Outlook' }, on: true },
  ],
});
