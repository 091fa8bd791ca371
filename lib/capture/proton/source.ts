import { defineSource } from '../define-source';
import { page } from './rules';

export const protonSource = defineSource({
  id: 'proton',
  kind: 'page',
  page,
  mail: true,
  channels: [
    {
      id: 'proton',
      name: { en: 'Proton Mail', ru: 'Proton Mail' },
      undoneIn: { en: 'Undone in Proton Mail', ru: 'Отменено в Proton Mail' },
      on: true,
    },
  ],
});
