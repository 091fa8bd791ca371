import type { CrmClient, CrmCredentials, CrmDescriptor, CrmSend } from '../types';
import { createBitrix24Client } from './client';
import { parseWebhookUrl } from './rest';

export { createBitrix24Client, ORIGINATOR_ID, RECORD_TYPE } from './client';
export { type Bitrix24Webhook, parseWebhookUrl } from './rest';

/**
 * Bitrix24's cloud portals live under these regional domains (bitrix24.<zone>; the sign-up sites of
 * each region). A portal with its own domain, and every self-hosted ("on-premise") portal, answers
 * at a host no list can name: see `isCloudPortal` and the README's CRM section.
 */
export const BITRIX24_CLOUD_DOMAINS = [
  'bitrix24.ru',
  'bitrix24.by',
  'bitrix24.kz',
  'bitrix24.com',
  'bitrix24.de',
  'bitrix24.eu',
  'bitrix24.es',
  'bitrix24.fr',
  'bitrix24.it',
  'bitrix24.pl',
  'bitrix24.uk',
  'bitrix24.com.br',
  'bitrix24.com.tr',
  'bitrix24.in',
  'bitrix24.id',
  'bitrix24.vn',
  'bitrix24.jp',
  'bitrix24.cn',
] as const;

/** Whether a portal host is a Bitrix24 cloud portal, i.e. covered by the manifest's optional host permissions. */
export function isCloudPortal(host: string): boolean {
  const lower = host.toLowerCase();
  return BITRIX24_CLOUD_DOMAINS.some((domain) => lower.endsWith(`.${domain}`) && /^[a-z0-9-]+$/.test(lower.slice(0, -domain.length - 1)));
}

function webhookOf(credentials: CrmCredentials) {
  if (credentials.crm !== 'bitrix24') throw new Error(`Bitrix24 client given ${credentials.crm} credentials`);
  const webhook = parseWebhookUrl(credentials.webhookUrl);
  if (!webhook) throw new Error('not a Bitrix24 incoming webhook URL (https://<portal>/rest/<user>/<code>/)');
  return webhook;
}

export const BITRIX24: CrmDescriptor = {
  id: 'bitrix24',
  label: 'Bitrix24',
  // Only the portal the webhook names: the rep grants exactly that host.
  origins: (credentials?: CrmCredentials) => {
    if (credentials?.crm !== 'bitrix24') return [];
    const webhook = parseWebhookUrl(credentials.webhookUrl);
    return webhook ? [`${webhook.origin}/*`] : [];
  },
  allOrigins: BITRIX24_CLOUD_DOMAINS.map((domain) => `https://*.${domain}/*`),
  // 2 requests a second drain the leaky bucket as fast as it fills (limits.md, plans other than Enterprise).
  minRequestIntervalMs: 500,
  createClient: (credentials: CrmCredentials, send: CrmSend): CrmClient => createBitrix24Client(webhookOf(credentials), send),
};
