import type { CrmClient, CrmCredentials, CrmDescriptor, CrmSend } from '../types';
import { createBitrix24Client } from './client';
import { parseWebhookUrl } from './rest';

export { createBitrix24Client, ORIGINATOR_ID, RECORD_TYPE } from './client';
export { type Bitrix24Webhook, parseWebhookUrl } from './rest';

/**
 * Bitrix24's cloud portals live under its regional domains: the 18 zones Bitrix24's own code maps
 * (bitrix24-core, Bitrix\Landing\Help::$domains: ru by kz ua com de es com.br pl fr cn in eu com.tr
 * it id vn jp), and the newer regional sites .uk, .mx, .co, .ae, .md and .uz (wildcard DNS answered
 * by Bitrix24, as a public portal-domain list probes them; to be confirmed). A cloud portal on its
 * own domain, and every self-hosted ("on-premise") portal, answers at a host no list can name.
 *
 * Such a portal is asked for at connect like any other, exactly its own origin: the manifest's
 * optional host permissions hold every https site (SELF_HOSTED_PORTALS, as phone links already
 * need), so `permissions.request` can grant that one host, and the rep sees its name in the
 * browser's prompt. `isCloudPortal` lets the connect form say which kind of portal it is.
 */
export const BITRIX24_CLOUD_DOMAINS = [
  'bitrix24.ru',
  'bitrix24.by',
  'bitrix24.kz',
  'bitrix24.ua',
  'bitrix24.com',
  'bitrix24.de',
  'bitrix24.es',
  'bitrix24.com.br',
  'bitrix24.pl',
  'bitrix24.fr',
  'bitrix24.cn',
  'bitrix24.in',
  'bitrix24.eu',
  'bitrix24.com.tr',
  'bitrix24.it',
  'bitrix24.id',
  'bitrix24.vn',
  'bitrix24.jp',
  'bitrix24.uk',
  'bitrix24.mx',
  'bitrix24.co',
  'bitrix24.ae',
  'bitrix24.md',
  'bitrix24.uz',
] as const;

/** Every https host, for self-hosted and own-domain portals: each grant is still the one portal the rep names. */
export const SELF_HOSTED_PORTALS = 'https://*/*';

/** Whether a portal host is a Bitrix24 cloud portal (one of its regional domains). */
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
  allOrigins: [...BITRIX24_CLOUD_DOMAINS.map((domain) => `https://*.${domain}/*`), SELF_HOSTED_PORTALS],
  // 2 requests a second drain the leaky bucket as fast as it fills (limits.md, plans other than Enterprise).
  minRequestIntervalMs: 500,
  createClient: (credentials: CrmCredentials, send: CrmSend, now: () => number): CrmClient =>
    createBitrix24Client(webhookOf(credentials), send, now),
};
