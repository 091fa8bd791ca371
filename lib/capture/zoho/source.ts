import { defineSource } from '../define-source';
import { page } from './rules';

export const zohoSource = defineSource({
  id: 'zoho',
  kind: 'page',
  page,
  mail: true,
  channels: [
    {
      id: 'zoho',
      name: { en: 'Zoho Mail', ru: 'Zoho Mail' },
      undoneIn: { en: 'Undone in Zoho Mail', ru: 'Отменено в Zoho Mail' },
      on: true,
    },
  ],
});
