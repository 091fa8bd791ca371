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
