import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { mappingText } from '../../../components/Reports';
import { mailProviders } from '../../../components/SetupBanner';
import { credentialsProblem } from '../../../components/settings/CrmPanel';
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
    // Russian: Mail.ru and Yandex first.
    expect(mailProviders()).toBe('Почта Mail.ru, Яндекс Почта, Gmail, Outlook, Yahoo Mail, Proton Mail и Zoho Mail');
  });
});

describe('words of forms and reports', () => {
  afterEach(() => fakeBrowser.reset());

  it('a bad Bitrix24 webhook is named as the form names it, with what fits, in either language', () => {
    for (const language of ['en', 'ru'] as const) {
      speak(language);
      for (const webhookUrl of ['not a url', 'https://example.com/x']) {
        const problem = credentialsProblem('bitrix24', { webhookUrl });
        expect(problem).toBe(`${tCount('crmField_bitrix24_webhookUrl', 1)}: ${tCount('issueWebhookUrl', 1)}`);
        expect(problem).not.toContain('webhookUrl');
      }
    }
    expect(credentialsProblem('bitrix24', { webhookUrl: 'https://acme.bitrix24.ru/rest/1/abc123def456/' })).toBeUndefined();
  });

  it('says "250 в неделю" (not «за неделя») for every period', () => {
    speak('ru');
    const mapping = (period: 'day' | 'week' | 'month' | 'quarter' | 'year') => ({
      measure: 'count' as const,
      mapping: { perPeriod: 250, period, periods: 4, wholePeriods: true, trackedFrom: null },
    });
    expect(['day', 'week', 'month', 'quarter', 'year'].map((p) => mappingText(mapping(p as 'week')))).toEqual([
      '4 × 250 в день',
      '4 × 250 в неделю',
      '4 × 250 в месяц',
      '4 × 250 в квартал',
      '4 × 250 в год',
    ]);
  });

  it('one Russian word for an opportunity: «сделка в работе», never «возможность»', () => {
    const ru = catalogue('ru');
    expect(Object.keys(ru).filter((key) => /возможност/i.test(ru[key]!.message))).toEqual([]);
    expect(ru.kind_opportunity!.message).toBe('Сделка в работе');
  });
});
