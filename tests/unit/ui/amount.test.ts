import { describe, expect, it } from 'vitest';
import { formatAmount, formatMeasure, parseAmount } from '../../../components/amount';

describe('parseAmount reads amounts as people write them in their language', () => {
  it('English: commas group thousands, a dot ends the whole part', () => {
    expect(parseAmount('12,500', 'en')).toBe(12500);
    expect(parseAmount('12,500.50', 'en')).toBe(12500.5);
    expect(parseAmount('1,250,000', 'en-US')).toBe(1250000);
    expect(parseAmount('12500.5', 'en')).toBe(12500.5);
    expect(parseAmount('$12,500', 'en')).toBe(12500);
    expect(parseAmount(' 900 ', 'en')).toBe(900);
  });

  it('English: refuses what is not a plain amount rather than guessing', () => {
    for (const text of ['12,50', '1,2,3', 'abc', '', '-5', '12.5.0', '1 2']) expect(parseAmount(text, 'en'), text).toBeUndefined();
  });

  it('Russian: spaces (plain, no-break, narrow no-break) group thousands, a comma or a dot ends the whole part', () => {
    expect(parseAmount('150 000', 'ru')).toBe(150000);
    expect(parseAmount('150\u00a0000,50', 'ru')).toBe(150000.5);
    expect(parseAmount('150\u202f000', 'ru')).toBe(150000);
    expect(parseAmount('150000,5', 'ru')).toBe(150000.5);
    expect(parseAmount('150.5', 'ru')).toBe(150.5);
    expect(parseAmount('150 000 ₽', 'ru')).toBe(150000);
    // What the app prints, it reads back.
    expect(parseAmount(new Intl.NumberFormat('ru').format(1234567.25), 'ru')).toBe(1234567.25);
    expect(parseAmount('15 00', 'ru')).toBeUndefined();
  });

  it('German-style grouping with dots', () => {
    expect(parseAmount('12.500,50', 'de')).toBe(12500.5);
  });
});

describe('formatAmount and formatMeasure', () => {
  it('shows the currency sign, cents only when there are any', () => {
    expect(formatAmount(12500, 'USD', 'en')).toBe('$12,500');
    expect(formatAmount(12500.5, 'USD', 'en')).toBe('$12,500.50');
    expect(formatAmount(150000, 'RUB', 'ru').replace(/\s/g, ' ')).toBe('150 000 ₽');
  });

  it('revenue quotas in whole units of their currency; counts as numbers', () => {
    expect(formatMeasure(4090.909, 'sum', 'USD', 'en')).toBe('$4,091');
    expect(formatMeasure(4090.909, 'sum', undefined, 'en')).toBe('4,091');
    expect(formatMeasure(2.54, 'count', undefined, 'en', 1)).toBe('2.5');
  });
});
