import { defineSource } from '../define-source';
import { page } from './rules';

// Sales Navigator sends are their own channel: the rep can switch them off apart from LinkedIn.
export const linkedinSource = defineSource({
  id: 'linkedin',
  kind: 'page',
  page,
  channels: [
    { id: 'linkedin', name: { en: 'LinkedIn', ru: 'LinkedIn' }, on: true },
    { id: 'sales_navigator', name: { en: 'Sales Navigator', ru: 'Sales Navigator' }, on: true },
  ],
});
