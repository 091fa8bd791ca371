import { browser } from 'wxt/browser';

/** A translated string from _locales; the key itself if missing (so a gap is visible, not blank). */
export function t(key: string, substitutions?: string | string[]): string {
  const getMessage = browser.i18n.getMessage as (key: string, substitutions?: string | string[]) => string;
  return getMessage(key, substitutions) || key;
}

/** The UI language the browser chose for the extension, for Intl formatting. */
export function uiLocale(): string {
  try {
    // Dates and numbers must match the language of the words. The messages name their own language
    // ("locale"), because getUILanguage() and @@ui_locale can disagree with the messages shown
    // (Chromium started with --lang=ru shows Russian messages but reports en-US).
    const words = browser.i18n.getMessage('locale');
    const ui = browser.i18n.getUILanguage() || 'en';
    if (!words) return ui;
    return ui.toLowerCase().startsWith(words.toLowerCase()) ? ui : words;
  } catch {
    return 'en';
  }
}

/** Declares the page's language as the words shown (`<html lang>`): screen readers, hyphenation and spelling follow it. */
export function declarePageLanguage(doc: Document = document): void {
  doc.documentElement.lang = uiLocale();
}

export function formatNumber(value: number, maximumFractionDigits = 0): string {
  return new Intl.NumberFormat(uiLocale(), { maximumFractionDigits }).format(value);
}

/** Plural categories in the order a counted message lists its forms (a language uses those it has). */
const PLURAL_ORDER: readonly Intl.LDMLPluralRule[] = ['zero', 'one', 'two', 'few', 'many', 'other'];

/**
 * A message about `count` things, in the right plural form: the message lists one form per plural
 * category of its language, separated by "||", in the order zero, one, two, few, many, other
 * (English "$1 activity||$1 activities"; Russian "$1 действие||$1 действия||$1 действий||$1 действия").
 * A message with one form is used as it is.
 */
export function tCount(key: string, count: number, substitutions?: string | string[]): string {
  const forms = t(key, substitutions).split('||');
  if (forms.length === 1) return forms[0]!;
  const rules = new Intl.PluralRules(uiLocale());
  const categories = PLURAL_ORDER.filter((c) => rules.resolvedOptions().pluralCategories.includes(c));
  return forms[categories.indexOf(rules.select(count))] ?? forms[forms.length - 1]!;
}
