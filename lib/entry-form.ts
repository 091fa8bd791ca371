import { CURRENCY_CODE, Units } from './activity';
import { AMOUNT_MAX, occurredAtProblem } from './entry-limits';
import { contactOf } from './format/contact';
import { parseMoney } from './format/money';
import { fromZonedInput } from './format/zoned-time';
import { formatNumber, t } from './i18n';
import { carriesUnits } from './kinds';
import type { ManualEntry, ManualKind } from './messages';

/**
 * One reading of a manual entry's form for the popup and History's edit row (issue 21.1, 21.8):
 * the same amount parser, currency rule, date limits, units and contact rules, and the same
 * messages, whichever form the rep typed into.
 */

export type EntryField = 'amount' | 'currency' | 'units' | 'contact' | 'when';

export interface EntryFormFields {
  kind: ManualKind;
  /** As typed; empty for none. */
  amount: string;
  /** The currency field: a three-letter code (a currency named in the amount wins over it). */
  currency: string;
  units: string;
  contact?: string;
  note: string;
  /** datetime-local text in `timeZone`; empty means now unless `whenRequired`. */
  when: string;
}

export interface EntryFormContext {
  locale: string;
  timeZone: string;
  now: number;
  /** History's edit keeps a date: an emptied one is a mistake, not "now". */
  whenRequired?: boolean;
  /** The calling code of national phone numbers ("8 912 …" in Russia). */
  defaultCallingCode?: string;
}

export type EntryFormResult =
  | { ok: true; entry: ManualEntry & { amount: number | undefined; currency: string | undefined } }
  | { ok: false; problems: Partial<Record<EntryField, string>> };

/** The amount's problem in words, naming what was typed where that helps ("12,500" could be 12 500 or 12,5). */
function amountMessage(text: string, locale: string): string | undefined {
  const reading = parseMoney(text, locale);
  if (reading.ok) return undefined;
  const { problem } = reading;
  switch (problem.kind) {
    case 'ambiguous':
      return t('amountAmbiguous', [
        text.trim(),
        formatNumber(problem.asThousands),
        new Intl.NumberFormat(locale, { minimumFractionDigits: 2 }).format(problem.asDecimal),
      ]);
    case 'tooBig':
      return t('amountTooBig', formatNumber(AMOUNT_MAX));
    case 'twoCurrencies':
      return t('amountTwoCurrencies');
    case 'notAmount':
      return t('badAmountExample', formatNumber(12500.5, 2));
  }
}

export function entryFromForm(form: EntryFormFields, context: EntryFormContext): EntryFormResult {
  const { locale, timeZone, now } = context;
  const problems: Partial<Record<EntryField, string>> = {};
  let amount: number | undefined;
  let currency: string | undefined;
  if (form.amount.trim() !== '') {
    const reading = parseMoney(form.amount, locale);
    const field = form.currency.trim().toUpperCase();
    if (!reading.ok) problems.amount = amountMessage(form.amount, locale);
    else {
      amount = reading.amount;
      // A currency named in the amount is what the rep meant, whatever the field says.
      if (reading.currency) currency = reading.currency;
      else if (CURRENCY_CODE.test(field)) currency = field;
      else if (field !== '') problems.currency = t('badCurrency');
    }
  }
  let units: number | undefined;
  if (carriesUnits(form.kind) && form.units.trim() !== '') {
    const parsed = Units.safeParse(Number(form.units.trim()));
    if (!/^\d+$/.test(form.units.trim()) || !parsed.success) problems.units = t('badUnits');
    else units = parsed.data;
  }
  const contact = form.contact?.trim() ? contactOf(form.contact, context) : undefined;
  if (form.contact?.trim() && !contact) problems.contact = t('badContact');
  let occurredAt: number | undefined;
  if (form.when !== '' || context.whenRequired) {
    const at = fromZonedInput(form.when, timeZone);
    const problem = at === undefined ? undefined : occurredAtProblem(at, now);
    if (at === undefined) problems.when = t('badDate');
    // Shown beside the date field, so without the field's name.
    else if (problem?.rule === 'future') problems.when = t('issueFuture');
    else if (problem?.rule === 'tooEarly') problems.when = t('issueTooEarly', formatShortDate(problem.earliest, locale, timeZone));
    else occurredAt = at;
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const note = form.note.trim();
  return {
    ok: true,
    entry: {
      kind: form.kind,
      amount,
      currency,
      ...(units !== undefined ? { units } : {}),
      ...(occurredAt !== undefined ? { occurredAt } : {}),
      ...(note ? { note } : {}),
      ...(contact ? { recipient: contact } : {}),
    },
  };
}

function formatShortDate(at: number, locale: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(at);
  } catch {
    return new Date(at).toISOString().slice(0, 10);
  }
}
