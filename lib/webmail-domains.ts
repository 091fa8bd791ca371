// Its own module: the settings schema refuses these as internal domains and the quota engine reads
// them too; kept apart so that neither imports the other.

/**
 * Free mail providers: a sender's own domain there says nothing about who is a colleague, and as an
 * internal domain it would stop every prospect there from counting (the settings refuse them).
 */
export const WEBMAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'ymail.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'yandex.ru',
  'mail.ru',
  'gmx.com',
  'yandex.com',
  'ya.ru',
  'bk.ru',
  'inbox.ru',
  'list.ru',
  'rambler.ru',
  'gmx.de',
  'web.de',
  'zoho.com',
  'hey.com',
]);

export function isWebmailDomain(domain: string): boolean {
  return WEBMAIL_DOMAINS.has(domain.trim().toLowerCase());
}
