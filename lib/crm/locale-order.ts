import { crmLanguageOf } from './record-words';
import type { CrmId } from './types';

/** The CRMs a team in this language most likely uses, first (the Russian market: Bitrix24, amoCRM). */
const FIRST_FOR: Record<'en' | 'ru', readonly CrmId[]> = {
  en: ['hubspot', 'pipedrive'],
  ru: ['bitrix24', 'amocrm'],
};

/** The CRMs in the order the connect form offers them for this UI locale; none dropped, none added. */
export function crmsInLocaleOrder<T extends { id: CrmId }>(crms: readonly T[], locale: string): T[] {
  const first = FIRST_FOR[crmLanguageOf(locale)];
  const rank = (id: CrmId) => {
    const at = first.indexOf(id);
    return at === -1 ? first.length : at;
  };
  return crms
    .map((crm, index) => ({ crm, index }))
    .sort((a, b) => rank(a.crm.id) - rank(b.crm.id) || a.index - b.index)
    .map(({ crm }) => crm);
}
