import { defineSource } from '../define-source';
import { page } from './rules';

export const yahooSource = defineSource({
  id: 'yahoo',
  kind: 'page',
  page,
  mail: true,
  channels: [
    {
      id: 'yahoo',
      name: { en: 'Yahoo Mail', ru: 'Yahoo Mail' },
      undoneIn: { en: 'Undone in Yahoo Mail', ru: 'Отменено в Yahoo Mail' },
      on: true,
    },
  ],
});
