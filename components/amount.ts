import type { Measure } from '@/lib/settings';

/**
 * Amounts as people type and read them in their language: "12,500.50" in English, "150 000,50" in
 * Russian (the way the app itself prints them, with a no-break or narrow no-break space).
 */

/** Spaces a number may be grouped with: space, no-break, narrow no-break, thin and figure spaces. */
const SPACES = /[\s\u00a0\u202f\u2009\u2007]/g;

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

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The amount in `text` read in `locale`; undefined when it is not a plain non-negative amount.
 * A currency sign or code around it is allowed ("$12,500", "150 000 ₽", "12 500 RUB").
 * Grouping must be real grouping (English "12,50" is refused rather than read as 1250 or 12.5);
 * where groups are spaces, a dot is taken as the decimal point too ("150.5" in Russian).
 */
export function parseAmount(text: string, locale: string): number | undefined {
  const { group, decimal } = separators(locale);
  // Currency signs and codes at either end; whatever is left must be digits and separators.
  const bare = text
    .trim()
    .replace(/^[^\d.,]+/u, '')
    .replace(/[^\d.,]+$/u, '');
  if (bare === '' || /^-/.test(text.trim())) return undefined;
  const compact = bare.replace(SPACES, ' ');
  let integer: string;
  let fraction: string | undefined;
  if (group === ' ') {
    // "150 000,50", "150000.5": spaces group (in threes), a comma or a dot ends the whole part.
    const match = /^(\d{1,3}(?: \d{3})+|\d+)(?:[.,](\d+))?$/.exec(compact);
    if (!match) return undefined;
    integer = match[1]!.replace(/ /g, '');
    fraction = match[2];
  } else {
    const g = escapeRegExp(group);
    const d = escapeRegExp(decimal);
    // Spaces never group here: "1 2" is two numbers, not twelve.
    const match = new RegExp(`^(\\d{1,3}(?:${g}\\d{3})+|\\d+)(?:${d}(\\d+))?$`).exec(compact);
    if (!match) return undefined;
    integer = match[1]!.split(group).join('');
    fraction = match[2];
  }
  const value = Number(fraction === undefined ? integer : `${integer}.${fraction}`);
  return Number.isFinite(value) ? value : undefined;
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
