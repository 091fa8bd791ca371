import { AMOUNT_MAX } from '../entry-limits';
import type { Measure } from '../settings';

/**
 * Money as people type and read it in their language (issue 21.1, issue 27.1): "$12,500.50",
 * "150 000 ₽", "1,5 млн руб.", "5k EUR". An amount is read as what the rep meant, currency
 * included, or refused with the reason; it is never guessed.
 *
 * - A currency may stand before or after the number, as a sign ("€", "₽", "CN¥"), an ISO code in
 *   any case ("eur") or a word ("руб.", "р.", "евро").
 * - "k"/"тыс." multiply by a thousand, "m"/"mln"/"млн" by a million, "bn"/"млрд" by a billion.
 * - Grouping must be real grouping in threes (spaces, commas or dots). With one separator followed
 *   by exactly three digits ("12,500", "12.500") the reading is ambiguous (twelve thousand five
 *   hundred, or twelve and a half?) unless the locale groups with that very character (English
 *   commas, German dots): then it is grouping.
 * - At most two decimals after a multiplier is applied (cents); at most AMOUNT_MAX.
 */

/** Spaces a number may be grouped with: space, no-break, narrow no-break, thin and figure spaces. */
const SPACES = /[\s\u00a0\u202f\u2009\u2007]/g;

export type MoneyProblem =
  /** Not an amount at all ("abc", "-5", "12,50" in English, "1 2"). */
  | { kind: 'notAmount' }
  /** "12,500" in Russian: thousands or a decimal? Both readings, to say them back. */
  | { kind: 'ambiguous'; asThousands: number; asDecimal: number }
  | { kind: 'tooBig' }
  /** Two different currencies named ("$5 EUR"). */
  | { kind: 'twoCurrencies' };

export type MoneyReading = { ok: true; amount: number; currency?: string } | { ok: false; problem: MoneyProblem };

/** Words and signs beyond ISO codes, matched case-insensitively. "$" is the US dollar, "¥" the yen, "р." the rouble. */
const CURRENCY_WORDS: Record<string, string> = {
  $: 'USD',
  us$: 'USD',
  'долл.': 'USD',
  долл: 'USD',
  '€': 'EUR',
  евро: 'EUR',
  '£': 'GBP',
  '₽': 'RUB',
  'руб.': 'RUB',
  руб: 'RUB',
  'р.': 'RUB',
  р: 'RUB',
  рублей: 'RUB',
  рубля: 'RUB',
  рубль: 'RUB',
  '¥': 'JPY',
  'cn¥': 'CNY',
  '₸': 'KZT',
  '₴': 'UAH',
  '₹': 'INR',
  ca$: 'CAD',
  a$: 'AUD',
};

/** Multipliers in both languages we ship; a trailing dot is optional ("тыс" or "тыс."). */
const MULTIPLIERS: Record<string, number> = {
  k: 3,
  тыс: 3,
  т: 3,
  m: 6,
  mn: 6,
  mln: 6,
  млн: 6,
  bn: 9,
  млрд: 9,
};

const ISO_CODES: ReadonlySet<string> = (() => {
  try {
    return new Set(Intl.supportedValuesOf('currency'));
  } catch {
    return new Set<string>();
  }
})();

/** The ISO code a token names, or undefined: a sign, a word, or a three-letter code Intl knows. */
export function currencyOfToken(token: string): string | undefined {
  const lower = token.toLowerCase();
  const word = CURRENCY_WORDS[lower];
  if (word) return word;
  const code = token.toUpperCase();
  return /^[A-Z]{3}$/.test(code) && (ISO_CODES.size === 0 || ISO_CODES.has(code)) ? code : undefined;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternatives = (words: readonly string[]) =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|');
// Codes are any three letters (checked after matching); signs and words as listed.
const CURRENCY = `(?:${alternatives(Object.keys(CURRENCY_WORDS))}|[a-z]{3})`;
const MULTIPLIER = `(?:${alternatives(Object.keys(MULTIPLIERS))})\\.?`;
const SHAPE = new RegExp(
  `^(?<pre>${CURRENCY})?\\s*(?<number>\\d[\\d\\s.,]*?)\\s*(?:(?<mult>${MULTIPLIER})(?![a-zа-яё]))?\\s*(?<post>${CURRENCY})?$`,
  'iu',
);

function separators(locale: string): { group: string; decimal: string } {
  let group = ',';
  let decimal = '.';
  try {
    for (const part of new Intl.NumberFormat(locale).formatToParts(12345.6)) {
      if (part.type === 'group') group = part.value;
      if (part.type === 'decimal') decimal = part.value;
    }
  } catch {
    // An unknown locale reads as English.
  }
  return { group: group.replace(SPACES, ' '), decimal };
}

/** The whole and fraction digits of a number as typed, or a problem. */
function digitsOf(compact: string, locale: string): { whole: string; fraction: string } | MoneyProblem {
  const { group: localeGroup } = separators(locale);
  const marks = [...new Set(compact.replace(/\d/g, ''))];
  const grouped = (text: string, mark: string) => new RegExp(`^\\d{1,3}(?:${escapeRegExp(mark)}\\d{3})+$`).test(text);
  if (marks.length === 0) return { whole: compact, fraction: '' };
  // Two marks: the last one ends the whole part, the other groups ("12,500.50", "12 500,50", "12.500,50").
  const last = compact.search(/[.,][^.,]*$/);
  if (marks.length === 2 && last > 0) {
    const whole = compact.slice(0, last);
    const group = marks.find((m) => m !== compact[last])!;
    if (!grouped(whole, group) || !/^\d+$/.test(compact.slice(last + 1))) return { kind: 'notAmount' };
    return { whole: whole.split(group).join(''), fraction: compact.slice(last + 1) };
  }
  if (marks.length !== 1) return { kind: 'notAmount' };
  const mark = marks[0]!;
  const parts = compact.split(mark);
  if (mark === ' ' || parts.length > 2) {
    // Spaces only ever group; a comma or dot twice groups ("1,250,000").
    return grouped(compact, mark) ? { whole: parts.join(''), fraction: '' } : { kind: 'notAmount' };
  }
  const [whole, fraction] = parts as [string, string];
  if (fraction === '') return { kind: 'notAmount' };
  if (mark === localeGroup) return grouped(compact, mark) ? { whole: whole + fraction, fraction: '' } : { kind: 'notAmount' };
  // One comma or dot that the locale does not group with: a decimal mark, unless three digits follow it.
  if (fraction.length === 3 && grouped(compact, mark) && !/^0+$/.test(whole)) {
    return { kind: 'ambiguous', asThousands: Number(whole + fraction), asDecimal: Number(`${whole}.${fraction}`) };
  }
  return { whole, fraction };
}

/** `whole.fraction × 10^shift` as an exact decimal string (1.15 млн is 1150000, not 1149999.9999999998). */
function shifted(whole: string, fraction: string, shift: number): { whole: string; fraction: string } {
  const padded = fraction.padEnd(shift, '0');
  return { whole: whole + padded.slice(0, shift), fraction: padded.slice(shift) };
}

/** The amount and, when the text names one, the currency that `text` means in `locale`. */
export function parseMoney(text: string, locale: string): MoneyReading {
  const match = SHAPE.exec(text.trim().replace(SPACES, ' '));
  if (!match?.groups) return { ok: false, problem: { kind: 'notAmount' } };
  const { pre, number, mult, post } = match.groups;
  const named = [pre, post].filter((t): t is string => t !== undefined).map(currencyOfToken);
  if (named.includes(undefined)) return { ok: false, problem: { kind: 'notAmount' } };
  const codes = [...new Set(named)] as string[];
  if (codes.length > 1) return { ok: false, problem: { kind: 'twoCurrencies' } };
  const digits = digitsOf(number!.trim(), locale);
  if ('kind' in digits) return { ok: false, problem: digits };
  const shift = mult ? MULTIPLIERS[mult.replace(/\.$/, '').toLowerCase()]! : 0;
  const exact = shifted(digits.whole, digits.fraction, shift);
  const fraction = exact.fraction.replace(/0+$/, '');
  // Cents at most: a third decimal is a typo or a misread, not money.
  if (fraction.length > 2) return { ok: false, problem: { kind: 'notAmount' } };
  const amount = Number(fraction ? `${exact.whole}.${fraction}` : exact.whole);
  if (!Number.isFinite(amount)) return { ok: false, problem: { kind: 'notAmount' } };
  if (amount > AMOUNT_MAX) return { ok: false, problem: { kind: 'tooBig' } };
  return codes.length ? { ok: true, amount, currency: codes[0] } : { ok: true, amount };
}

/** The amount in `text` read in `locale`, without its currency; undefined when it is refused. */
export function parseAmount(text: string, locale: string): number | undefined {
  const reading = parseMoney(text, locale);
  return reading.ok ? reading.amount : undefined;
}

/** The currency a rep in `locale` most likely means: the region's, else the language's, else US dollars. */
const REGION_CURRENCY: Record<string, string> = {
  US: 'USD',
  GB: 'GBP',
  RU: 'RUB',
  KZ: 'KZT',
  BY: 'BYN',
  UA: 'UAH',
  CA: 'CAD',
  AU: 'AUD',
  IN: 'INR',
};
const LANGUAGE_CURRENCY: Record<string, string> = { ru: 'RUB', en: 'USD' };
export function localCurrency(locale: string): string {
  const [language = '', region = ''] = locale.split(/[-_]/);
  return REGION_CURRENCY[region.toUpperCase()] ?? LANGUAGE_CURRENCY[language.toLowerCase()] ?? 'USD';
}

function numberFormat(locale: string, currency: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(locale, currency ? { style: 'currency', currency, ...options } : options);
  } catch {
    return new Intl.NumberFormat(locale, options);
  }
}

/** An amount with its currency sign, cents only when there are any: "$12,500", "$12,500.50", "150 000 ₽". */
export function formatAmount(value: number, currency: string | undefined, locale: string): string {
  const whole = Math.abs(value - Math.round(value)) < 0.005;
  const digits = whole ? 0 : 2;
  return numberFormat(locale, currency, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/**
 * A quota's number: a count as a whole number (or with `digits` decimals, as "2.5 a day"); an amount
 * in its currency in whole units ("$4,091 expected by now", never "4,090.91"), the way people plan money.
 */
export function formatMeasure(value: number, measure: Measure, currency: string | undefined, locale: string, digits = 0): string {
  if (measure === 'sum') return numberFormat(locale, currency, { minimumFractionDigits: 0, maximumFractionDigits: 0 }).format(value);
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
}
