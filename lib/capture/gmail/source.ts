import { defineSource } from '../define-source';
import { page } from './rules';

export const gmailSource = defineSource({
  id: 'gmail',
  kind: 'page',
  page,
  mail: true,
  channels: [{ id: 'gmail', name: { en: 'Gmail', ru: 'Gmail' }, undoneIn: { en: 'Undone in Gmail', ru: 'Отменено в Gmail' }, on: true }],
});
