import { describe, expect, it } from 'vitest';
import { catalogue } from './locale';

/** $1…$9 and named $PLACEHOLDER$ references in a message, once each, sorted (a counted message repeats them in each plural form). */
const placeholdersOf = (message: string) => [...new Set([...message.matchAll(/\$(\d|[A-Za-z_]+\$)/g)].map((m) => m[0]))].sort();

describe('English and Russian messages', () => {
  const en = catalogue('en');
  const ru = catalogue('ru');

  it('have the same keys', () => {
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
  });

  it('use the same placeholders in each message', () => {
    const differing = Object.keys(en)
      .filter((key) => ru[key])
      .filter((key) => placeholdersOf(en[key]!.message).join() !== placeholdersOf(ru[key]!.message).join());
    expect(differing).toEqual([]);
  });

  it('are not left empty or untranslated by mistake', () => {
    const empty = Object.entries(ru)
      .filter(([, v]) => v.message.trim() === '')
      .map(([k]) => k);
    expect(empty).toEqual([]);
    // A Russian message identical to the English one is fine for symbols ("$1: $2") and product names only.
    const productNames = new Set([
      'extName',
      'kind_inmail',
      'channel_gmail',
      'channel_outlook',
      'channel_yahoo',
      'channel_linkedin',
      'channel_sales_navigator',
      'channel_proton',
      'channel_zoho',
      'channel_telegram',
      'channel_whatsapp',
      'channel_aircall',
      'channel_ringcentral',
      'channel_zadarma',
      'channel_mango',
      'channel_calendly',
      'channel_calcom',
    ]);
    const copied = Object.keys(en).filter(
      (key) =>
        !productNames.has(key) && /[A-Za-z]{4,}/.test(en[key]!.message.replace(/\$\d/g, '')) && ru[key]?.message === en[key]!.message,
    );
    expect(copied).toEqual([]);
  });
});

describe('one word for a quota in Russian (issue 14, item 11)', () => {
  it('says «план», never «квота»', async () => {
    const { readFileSync } = await import('node:fs');
    const ru = JSON.parse(readFileSync(new URL('../../../public/_locales/ru/messages.json', import.meta.url), 'utf8')) as Record<
      string,
      { message: string }
    >;
    const mixed = Object.entries(ru)
      .filter(([, v]) => /квот/i.test(v.message))
      .map(([k]) => k);
    expect(mixed).toEqual([]);
  });
});
