import { defineSource } from '../define-source';
import { page } from './rules';

export const yandexSource = defineSource({
  id: 'yandex',
  kind: 'page',
  page,
  mail: true,
  ruFirst: true,
  channels: [
    {
      id: 'yandex',
      name: { en: 'Yandex Mail', ru: 'Яндекс Почта' },
      undoneIn: { en: 'Undone in Yandex Mail', ru: 'Отменено в Яндекс Почте' },
      on: true,
    },
  ],
});
