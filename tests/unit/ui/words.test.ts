import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { mailProviders } from '../../../components/SetupBanner';
import { MAIL_SOURCE_IDS } from '../../../lib/capture/sources';
import { tCount } from '../../../lib/i18n';
import { catalogue, speak } from './locale';

/** Issue 21, points 11 and 15: counts in the right plural form; the banner names every webmail. */
describe('counted messages', () => {
  afterEach(() => fakeBrowser.reset());

  it('say "1 activity", "2 activities" and «1 действие», «3 действия», «5 действий», «21 действие»', () => {
    speak('en');
    expect(tCount('exported', 1, '1')).toBe('Exported 1 activity.');
    expect(tCount('exported', 2, '2')).toBe('Exported 2 activities.');
    speak('ru');
    expect([1, 3, 5, 21].map((n) => tCount('deletedAll', n, String(n)))).toEqual([
      'Удалено 1 действие',
      'Удалено 3 действия',
      'Удалено 5 действий',
      'Удалено 21 действие',
    ]);
  });

  it('every counted message has one form per plural category of its language', () => {
    const categories = {
      en: new Intl.PluralRules('en').resolvedOptions().pluralCategories,
      ru: new Intl.PluralRules('ru').resolvedOptions().pluralCategories,
    };
    for (const language of ['en', 'ru'] as const) {
      const forms = Object.entries(catalogue(language))
        .filter(([, v]) => v.message.includes('||'))
        .map(([key, v]) => [key, v.message.split('||').length] as const);
      expect(forms.length).toBeGreaterThanOrEqual(5);
      for (const [key, n] of forms) expect(n, key).toBe(categories[language].length);
    }
  });

  it('no count, in either language, comes out with a raw separator or a wrong "1 …s"', () => {
    fc.assert(
      fc.property(fc.constantFrom('en' as const, 'ru' as const), fc.nat(10_000), (language, n) => {
        speak(language);
        for (const key of ['exported', 'deletedAll', 'importPreview', 'lastDays', 'unitsCount']) {
          const text = tCount(key, n, [String(n), 'file.csv']);
          expect(text).not.toContain('||');
          if (language === 'en' && n === 1) expect(text).not.toMatch(/\b1 \w+s\b/);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('the welcome banner', () => {
  afterEach(() => fakeBrowser.reset());

  it('names every webmail the source list watches', () => {
    expect(MAIL_SOURCE_IDS).toEqual(['gmail', 'outlook', 'yahoo', 'mailru', 'yandex', 'proton', 'zoho']);
    speak('en');
    expect(mailProviders()).toBe('Gmail, Outlook, Yahoo Mail, Mail.ru, Yandex Mail, Proton Mail, and Zoho Mail');
    speak('ru');
    expect(mailProviders()).toBe('Gmail, Outlook, Yahoo Mail, Почта Mail.ru, Яндекс Почта, Proton Mail и Zoho Mail');
  });
});
