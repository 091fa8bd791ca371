import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { entryFromForm } from '../../../lib/entry-form';
import { parseMoney } from '../../../lib/format/money';
import { speak } from '../ui/locale';

beforeEach(() => speak('en'));

/**
 * Money properties (issue 21.1, 27.1): for every locale we ship × currency (sign or ISO code, before
 * or after) × grouping, formatting then parsing gives the same amount and currency; a currency named
 * in the amount is used or refused, never stored under the field's; amounts over the bound are
 * refused. Each one failed on the old parser; the counterexamples it printed are kept below.
 */

const LOCALES = ['en', 'ru'] as const;
const CURRENCIES = ['USD', 'EUR', 'GBP', 'RUB', 'JPY', 'CNY', 'KZT', 'UAH', 'CHF', 'INR'] as const;
/** The bound, written out here rather than imported: the test states the rule, not the code's constant. */
const TRILLION = 1_000_000_000_000;

const digitsOf = (currency: string) =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

/** An amount a currency can hold: whole minor units up to the bound. */
const amountIn = (currency: string) =>
  fc
    .integer({ min: 0, max: TRILLION })
    .chain((whole) =>
      digitsOf(currency) === 0 || whole === TRILLION
        ? fc.constant(whole)
        : fc.integer({ min: 0, max: 99 }).map((cents) => Number(`${whole}.${String(cents).padStart(2, '0')}`)),
    );

type Written = { text: string; currency: string; amount: number; locale: string };

/** The number as the locale prints it, grouped or not, then the currency as a sign or a code, before or after, spaced or not. */
const written: fc.Arbitrary<Written> = fc
  .record({
    locale: fc.constantFrom(...LOCALES),
    currency: fc.constantFrom(...CURRENCIES),
    grouping: fc.boolean(),
    display: fc.constantFrom('symbol', 'code', 'lowerCode', 'intl'),
    before: fc.boolean(),
    space: fc.boolean(),
  })
  .chain((shape) => amountIn(shape.currency).map((amount) => ({ ...shape, amount })))
  .map(({ locale, currency, grouping, display, before, space, amount }) => {
    const digits = Number.isInteger(amount) ? 0 : 2;
    if (display === 'intl') {
      // What the app itself prints (its own placement and no-break spaces).
      const text = new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
        useGrouping: grouping,
      }).format(amount);
      return { text, currency, amount, locale };
    }
    const number = new Intl.NumberFormat(locale, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      useGrouping: grouping,
    }).format(amount);
    const sign = new Intl.NumberFormat(locale, { style: 'currency', currency }).formatToParts(1).find((p) => p.type === 'currency')!.value;
    const token = display === 'symbol' ? sign : display === 'code' ? currency : currency.toLowerCase();
    const gap = space ? ' ' : '';
    return { text: before ? `${token}${gap}${number}` : `${number}${gap}${token}`, currency, amount, locale };
  });

const form = (amount: string, currency: string) => ({ kind: 'deal' as const, amount, currency, units: '', note: '', when: '' });
const context = (locale: string) => ({ locale, timeZone: 'UTC', now: Date.parse('2026-06-01T12:00:00Z') });

describe('money: what is written is what is stored', () => {
  it('formatting then parsing gives the same amount and currency (every locale × currency × sign or code × before or after × grouping)', () => {
    fc.assert(
      fc.property(written, ({ text, currency, amount, locale }) => {
        const reading = parseMoney(text, locale);
        expect(reading).toEqual({ ok: true, amount, currency });
      }),
      { numRuns: 300 },
    );
  });

  it('a currency named in the amount other than the field is used or refused, never stored under the field', () => {
    const otherField = written.chain((w) =>
      fc.constantFrom(...CURRENCIES.filter((c) => c !== w.currency)).map((field) => ({ ...w, field })),
    );
    fc.assert(
      fc.property(otherField, ({ text, currency, locale, field }) => {
        const result = entryFromForm(form(text, field), context(locale));
        if (result.ok) expect(result.entry.currency).toBe(currency);
        else expect(result.problems.amount).toBeTruthy();
      }),
      { numRuns: 200 },
    );
  });

  it('amounts over a trillion are refused, however they are written', () => {
    const huge = fc.bigInt({ min: BigInt(TRILLION) + 1n, max: 10n ** 25n });
    fc.assert(
      fc.property(
        huge,
        fc.constantFrom(...LOCALES),
        fc.boolean(),
        fc.constantFrom('', ' $', ' ₽', ' EUR'),
        (value, locale, grouping, sign) => {
          const text = `${new Intl.NumberFormat(locale, { useGrouping: grouping }).format(value)}${sign}`;
          expect(parseMoney(text, locale).ok).toBe(false);
          const result = entryFromForm(form(text, 'USD'), context(locale));
          expect(result.ok).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('one separator followed by three digits is ambiguous unless the locale groups with it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 999 }),
        fc.integer({ min: 0, max: 999 }),
        fc.constantFrom(',', '.'),
        fc.constantFrom(...LOCALES),
        (head, tail, mark, locale) => {
          const text = `${head}${mark}${String(tail).padStart(3, '0')}`;
          const reading = parseMoney(text, locale);
          if (locale === 'en' && mark === ',') expect(reading).toEqual({ ok: true, amount: head * 1000 + tail });
          else
            expect(reading).toEqual({
              ok: false,
              problem: {
                kind: 'ambiguous',
                asThousands: head * 1000 + tail,
                asDecimal: Number(`${head}.${String(tail).padStart(3, '0')}`),
              },
            });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('"k", "тыс.", "m", "млн" multiply exactly, in the locale\'s own decimals', () => {
    const word = fc.constantFrom(
      ['k', 3],
      ['K', 3],
      ['тыс.', 3],
      [' тыс.', 3],
      ['m', 6],
      [' млн', 6],
      ['млн', 6],
      [' млрд', 9],
    ) as fc.Arbitrary<[string, number]>;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 999 }),
        fc.integer({ min: 0, max: 99 }),
        word,
        fc.constantFrom(...LOCALES),
        (whole, hundredths, [suffix, power], locale) => {
          const decimal = locale === 'ru' ? ',' : '.';
          const text = hundredths === 0 ? `${whole}${suffix}` : `${whole}${decimal}${String(hundredths).padStart(2, '0')}${suffix}`;
          const expected = ((BigInt(whole) * 100n + BigInt(hundredths)) * 10n ** BigInt(power)) / 100n;
          expect(parseMoney(text, locale)).toEqual({ ok: true, amount: Number(expected) });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('money: the counterexamples fast-check printed on the old parser', () => {
  // Round trip: [{"text":"0$","currency":"USD","amount":0,"locale":"en"}]: the sign was dropped.
  it('"0$" in English is 0 US dollars', () => {
    expect(parseMoney('0$', 'en')).toEqual({ ok: true, amount: 0, currency: 'USD' });
  });
  // Another currency: [{"text":"0$","currency":"USD","amount":0,"locale":"en","field":"EUR"}]: stored as EUR.
  it('"0$" with the currency field at EUR is stored in US dollars', () => {
    const result = entryFromForm(form('0$', 'EUR'), context('en'));
    expect(result.ok && result.entry.currency).toBe('USD');
  });
  // Bound: [1000000000001n,"en",false,""]: accepted.
  it('"1000000000001" is refused as over the bound', () => {
    expect(parseMoney('1000000000001', 'en')).toEqual({ ok: false, problem: { kind: 'tooBig' } });
    expect(entryFromForm(form('1000000000001', 'USD'), context('en')).ok).toBe(false);
  });
  // Ambiguity: [1,0,".","en"]: "1.000" was read as 1.
  it('"1.000" in English is ambiguous, not 1', () => {
    expect(parseMoney('1.000', 'en')).toEqual({ ok: false, problem: { kind: 'ambiguous', asThousands: 1000, asDecimal: 1 } });
  });
  // Multipliers: [1,0,["k",3],"en"]: "1k" was read as 1.
  it('"1k" is a thousand', () => {
    expect(parseMoney('1k', 'en')).toEqual({ ok: true, amount: 1000 });
  });
});

describe('money: the issue’s own examples', () => {
  it.each([
    ['€5,000', 'en', 5000, 'EUR'],
    ['5000 EUR', 'en', 5000, 'EUR'],
    ['£300', 'en', 300, 'GBP'],
    ['5k', 'en', 5000, undefined],
    ['12 500 ₽', 'ru', 12500, 'RUB'],
    ['150 000 ₽', 'ru', 150000, 'RUB'],
    ['1,5 млн', 'ru', 1_500_000, undefined],
    ['1,5 млн ₽', 'ru', 1_500_000, 'RUB'],
    ['150 000 руб.', 'ru', 150000, 'RUB'],
    ['150 000 р.', 'ru', 150000, 'RUB'],
    ['300 тыс. руб.', 'ru', 300000, 'RUB'],
    ['1.5m USD', 'en', 1_500_000, 'USD'],
  ])('%s in %s is %d %s', (text, locale, amount, currency) => {
    expect(parseMoney(text, locale)).toEqual(currency ? { ok: true, amount, currency } : { ok: true, amount });
  });

  it.each([
    ['12,500', 'ru'],
    ['12.500', 'ru'],
    ['9999999999999999999999', 'en'],
    ['$5 EUR', 'en'],
    ['5 abc', 'en'],
    ['12.555', 'en'],
  ])('%s in %s is refused', (text, locale) => {
    expect(parseMoney(text, locale).ok).toBe(false);
  });
});
