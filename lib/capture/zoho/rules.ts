import type { WatchRule } from '../watchlist';

/** Zoho Mail's data centres: the same web client on each. */
export const ZOHO_MAIL_HOSTS: readonly string[] = [
  'mail.zoho.com',
  'mail.zoho.eu',
  'mail.zoho.in',
  'mail.zoho.com.au',
  'mail.zoho.jp',
  'mail.zoho.com.cn',
  'mail.zoho.sa',
  'mail.zoho.ca',
  'mail.zohocloud.ca',
];

/** The web client's compose endpoint (`send.do`; `sendMail.do` in newer builds, unverified). */
export const ZOHO_SEND_PATH = /^\/zm\/(send|sendMail)\.do$/;

export const RULES: readonly WatchRule[] = [{ hosts: ZOHO_MAIL_HOSTS, path: ZOHO_SEND_PATH, methods: ['POST'] }];
