import { defineSource } from '../define-source';
import { page } from './rules';

export const mailruSource = defineSource({
  id: 'mailru',
  kind: 'page',
  page,
  mail: true,
  ruFirst: true,
  channels: [
    {
      id: 'mailru',
      name: { en: 'Mail.ru', ru: 'Почта Mail.ru' },
      inRecord: { en: 'Mail.ru', ru: 'Mail.ru' },
      undoneIn: { en: 'Undone in Mail.ru', ru: 'Отменено в Почте Mail.ru' },
      on: true,
    },
  ],
});
