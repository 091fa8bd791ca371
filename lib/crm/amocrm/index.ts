import type { CrmClient, CrmCredentials, CrmDescriptor, CrmSend } from '../types';
import { createAmoClient } from './client';

export { CALL_STATUS, createAmoClient, NOTE_RECORD_TYPE, SOURCE } from './client';

/** amoCRM's Russian and international clouds, and Kommo (the same product's international brand). */
export const AMOCRM_DOMAINS = ['amocrm.ru', 'amocrm.com', 'kommo.com'] as const;

export const AMOCRM: CrmDescriptor = {
  id: 'amocrm',
  label: 'amoCRM / Kommo',
  origins: (credentials?: CrmCredentials) => (credentials?.crm === 'amocrm' ? [`https://${credentials.domain}/*`] : []),
  allOrigins: AMOCRM_DOMAINS.map((domain) => `https://*.${domain}/*`),
  // 7 requests a second per account (amocrm.ru/developers/content/api/recommendations); repeated 429s get the IP blocked.
  minRequestIntervalMs: 150,
  createClient: (credentials: CrmCredentials, send: CrmSend, now: () => number): CrmClient => {
    if (credentials.crm !== 'amocrm') throw new Error(`amoCRM client given ${credentials.crm} credentials`);
    return createAmoClient(credentials.domain, credentials.token, send, now);
  },
};
