import { beforeEach, describe, expect, it } from 'vitest';
import { localizeImportProblem, localizeIssue } from '../../../components/localizeIssue';
import { csvToActivities, jsonToActivities } from '../../../lib/csv';
import { ManualEntry } from '../../../lib/messages';
import { defaultQuotas, defaultSettings, Quotas, Settings } from '../../../lib/settings';
import { aManualCall } from '../../builders/activity';
import { speak } from './locale';

const firstIssue = (schema: { safeParse: (v: unknown) => { error?: { issues: unknown[] } } }, value: unknown) =>
  schema.safeParse(value).error!.issues[0] as Parameters<typeof localizeIssue>[0];

describe('localizeIssue', () => {
  beforeEach(() => speak('en'));

  it('names the field and the range the schema allows', () => {
    const quotas = defaultQuotas().map((q, i) => (i === 1 ? { ...q, target: -5 } : q));
    expect(localizeIssue(firstIssue(Quotas, quotas), Quotas)).toBe('Target: must be a whole number from 1 to 1,000,000');
    const settings = { ...defaultSettings('UTC'), linkedinWeeklyInviteLimit: 2.5 };
    expect(localizeIssue(firstIssue(Settings, settings), Settings)).toBe(
      'LinkedIn weekly invitation limit: must be a whole number from 1 to 500',
    );
  });

  it('explains formats and rules in words, per field', () => {
    expect(localizeIssue(firstIssue(Settings, { ...defaultSettings('UTC'), nonWorkingDates: ['8 March'] }), Settings)).toMatch(
      /YYYY-MM-DD/,
    );
    expect(localizeIssue(firstIssue(Settings, { ...defaultSettings('UTC'), timeZone: 'Mars/Olympus' }), Settings)).toBe(
      'Time zone: unknown time zone: choose one from the list',
    );
    expect(localizeIssue(firstIssue(Settings, { ...defaultSettings('UTC'), workdayStartHour: 18, workdayEndHour: 8 }), Settings)).toMatch(
      /must end after it starts/,
    );
    expect(localizeIssue(firstIssue(ManualEntry, { kind: 'deal', currency: 'usd' }), ManualEntry)).toBe(
      'Currency: a three-letter ISO code such as USD',
    );
  });

  it('speaks Russian in the Russian UI, numbers written the Russian way', () => {
    speak('ru');
    const quotas = defaultQuotas().map((q, i) => (i === 0 ? { ...q, target: 0 } : q));
    expect(localizeIssue(firstIssue(Quotas, quotas), Quotas)).toBe('Цель: должно быть целым числом от 1 до 1\u00a0000\u00a0000');
    expect(localizeIssue(firstIssue(ManualEntry, { kind: 'deal', amount: Number.NaN }), ManualEntry)).toBe('Сумма: должно быть числом');
  });
});

describe('impossible values are refused per field, with what is allowed (issue 14, item 4)', () => {
  beforeEach(() => speak('en'));

  it('a count target is a whole number up to a million; an amount target may have cents', () => {
    for (const target of [0.5, 999_999_999]) {
      const quotas = defaultQuotas().map((q, i) => (i === 0 ? { ...q, target } : q));
      expect(localizeIssue(firstIssue(Quotas, quotas), Quotas)).toBe('Target: must be a whole number from 1 to 1,000,000');
    }
    const revenue = {
      id: 'rev',
      name: 'Revenue',
      kinds: ['deal'],
      target: 50_000.5,
      period: 'month',
      measure: 'sum',
      excludeInternal: false,
      currency: 'USD',
    };
    expect(Quotas.safeParse([revenue]).success).toBe(true);
  });

  it('a holiday must be a real date', () => {
    const issue = firstIssue(Settings, { ...defaultSettings('UTC'), nonWorkingDates: ['2026-12-25', '2026-13-45'] });
    expect(localizeIssue(issue, Settings)).toMatch(
      /^Holidays and time off.*: “2026-13-45” is not a real date \(YYYY-MM-DD, such as 2026-03-08\)$/,
    );
    expect(Settings.safeParse({ ...defaultSettings('UTC'), nonWorkingDates: ['2028-02-29'] }).success).toBe(true);
    expect(Settings.safeParse({ ...defaultSettings('UTC'), nonWorkingDates: ['2026-02-29'] }).success).toBe(false);
  });

  it('a free mail domain is refused as internal, with why (issue 14, item 3)', () => {
    const issue = firstIssue(Settings, { ...defaultSettings('UTC'), internalDomains: ['acme.com', 'gmail.com'] });
    expect(localizeIssue(issue, Settings)).toMatch(/^Internal domains.*: gmail\.com is a free mail service/);
    speak('ru');
    expect(localizeIssue(firstIssue(Settings, { ...defaultSettings('UTC'), internalDomains: ['mail.ru'] }), Settings)).toMatch(
      /mail\.ru — бесплатная почта/,
    );
  });
});

describe('localizeImportProblem', () => {
  it('says which row and which column, in the UI language', () => {
    speak('ru');
    const bad = jsonToActivities(JSON.stringify([aManualCall(), { ...aManualCall(), kind: 'fax' }]));
    expect(!bad.ok && localizeImportProblem(bad.problem)).toBe('строка 2, столбец «kind»: недопустимое значение');
    const notJson = jsonToActivities('{nope');
    expect(!notJson.ok && localizeImportProblem(notJson.problem)).toBe('файл не является корректным JSON');
    const missing = csvToActivities('dedupeKey,b\n1,2');
    expect(!missing.ok && localizeImportProblem(missing.problem)).toMatch(/^нет столбцов: id, /);
    const other = csvToActivities('Name,Email\nAnn,ann@buyer.example');
    expect(!other.ok && localizeImportProblem(other.problem)).toMatch(/^это не экспорт Quota Radar: /);
  });
});
