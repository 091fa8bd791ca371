import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fakeBrowser } from 'wxt/testing';
import { withSourceMessages } from '../../../lib/capture/source-words';

export type Catalogue = Record<string, { message: string }>;

/** A language's messages as the built extension has them: the locale file and the sources' words (wxt.config.ts adds them at build). */
export function catalogue(language: 'en' | 'ru'): Catalogue {
  const file = JSON.parse(readFileSync(path.resolve(__dirname, `../../../public/_locales/${language}/messages.json`), 'utf8')) as Catalogue;
  return withSourceMessages(language, file);
}

/**
 * Makes the fake browser speak a real language from public/_locales, substituting $1…$9 as the
 * browser does, so that a test reads what a rep would read.
 */
export function speak(language: 'en' | 'ru'): void {
  const messages = catalogue(language);
  fakeBrowser.i18n.getMessage = ((key: string, substitutions?: string | string[]) => {
    const entry = messages[key];
    if (!entry) return '';
    const subs = ([] as string[]).concat(substitutions ?? []);
    return entry.message.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
  }) as typeof fakeBrowser.i18n.getMessage;
  fakeBrowser.i18n.getUILanguage = () => (language === 'en' ? 'en-US' : 'ru');
}
