import type { CaptureSource } from '../capture-source';
import type { WatchRule } from '../watch-rules';

/**
 * Zoho Mail's data centres (mail.zoho.<domain>, and mail.zohocloud.ca): the same web client on
 * each. Written as the domains: these rules are bundled into every watched page.
 */
const ZOHO_DOMAINS = 'com eu in com.au jp com.cn sa ca'.split(' ');
export const ZOHO_MAIL_HOSTS: readonly string[] = [...ZOHO_DOMAINS.map((domain) => `mail.zoho.${domain}`), 'mail.zohocloud.ca'];

/** The web client's compose endpoint (`send.do`; `sendMail.do` in newer builds, unverified). */
export const ZOHO_SEND_PATH = /^\/zm\/(send|sendMail)\.do$/;

export const zohoRules: readonly WatchRule[] = [{ hosts: ZOHO_MAIL_HOSTS, path: ZOHO_SEND_PATH, methods: ['POST'] }];

/** The page side (what the tap bundles, the relay and the manifest read): rules only, no detector. */
export const page: CaptureSource = { rules: zohoRules };
