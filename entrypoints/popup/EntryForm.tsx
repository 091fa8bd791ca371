import { useId, useState } from 'react';
import { entryKinds, kindLabel } from '@/components/kindLabels';
import { type SignalTag, SignalTagField, signalOfTag } from '@/components/SignalTagField';
import { type EntryField, entryFromForm } from '@/lib/entry-form';
import { FUTURE_MARGIN_MS } from '@/lib/entry-limits';
import { callingCodeOf } from '@/lib/format/contact';
import { parseMoney } from '@/lib/format/money';
import { toZonedInput } from '@/lib/format/zoned-time';
import { formatNumber, t, uiLocale } from '@/lib/i18n';
import { type CustomKind, carriesUnits } from '@/lib/kinds';
import type { ManualEntry, ManualKind } from '@/lib/messages';

/**
 * Logging with details: the kind, an amount (deals, new customers and opportunities) read in the UI's
 * language with its currency ("1,5 млн ₽", "€5,000", "5k"), units sold (deals and new customers),
 * the contact (email, phone, LinkedIn or VK profile), a note, and when it happened ("yesterday
 * 4 pm" is an earlier time, not a later entry). The form is read by lib/entry-form.ts, as History's
 * edit row is: the same rules and messages.
 */
export function EntryForm({
  initialKind,
  customKinds,
  currency: defaultCurrency,
  timeZone,
  onSubmit,
  onCancel,
}: {
  initialKind: ManualKind;
  customKinds: readonly CustomKind[];
  currency: string;
  timeZone: string;
  onSubmit: (entry: ManualEntry) => Promise<void>;
  onCancel: () => void;
}) {
  const [kind, setKind] = useState(initialKind);
  const [amount, setAmount] = useState('');
  const [units, setUnits] = useState('');
  const [currency, setCurrency] = useState(defaultCurrency);
  const [contact, setContact] = useState('');
  const [note, setNote] = useState('');
  const [signalTag, setSignalTag] = useState<SignalTag>({ kind: '', topic: '' });
  const [when, setWhen] = useState('');
  const [problems, setProblems] = useState<Partial<Record<EntryField, string>>>({});
  const baseId = useId();
  const withUnits = carriesUnits(kind);
  const withAmount = withUnits || kind === 'opportunity';
  const locale = uiLocale();
  const field = (name: EntryField) =>
    problems[name] ? { 'aria-invalid': true as const, 'aria-describedby': `${baseId}-${name}` } : { 'aria-invalid': false as const };
  const problem = (name: EntryField) =>
    problems[name] && (
      <span id={`${baseId}-${name}`} className="field-error" role="alert" data-testid={`problem-${name}`}>
        {problems[name]}
      </span>
    );

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const calling = callingCodeOf(locale);
    const result = entryFromForm(
      { kind, amount: withAmount ? amount : '', currency, units: withUnits ? units : '', contact, note, when },
      { locale, timeZone, now: Date.now(), ...(calling ? { defaultCallingCode: calling } : {}) },
    );
    if (!result.ok) {
      setProblems(result.problems);
      return;
    }
    setProblems({});
    // Absent keys, not undefined ones, for the message to the background.
    const { amount: value, currency: code, ...rest } = result.entry;
    const entry: ManualEntry = { ...rest, ...(value !== undefined ? { amount: value, currency: code } : {}) };
    const signal = signalOfTag(signalTag);
    if (signal) entry.signal = signal;
    void onSubmit(entry);
  }

  /** A currency named in the amount shows in the currency field at once: what will be stored is what is seen. */
  function showNamedCurrency() {
    const reading = parseMoney(amount, locale);
    if (reading.ok && reading.currency) setCurrency(reading.currency);
  }

  return (
    <form
      id="deal-form"
      className="deal-form"
      onSubmit={submit}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      data-testid="deal-form"
      noValidate
    >
      {!(initialKind === 'deal' || initialKind === 'new_customer') && (
        <label>
          {t('filterKind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as ManualKind)} data-testid="entry-kind">
            {entryKinds(customKinds).map((k) => (
              <option key={k} value={k}>
                {kindLabel(k, customKinds)}
              </option>
            ))}
          </select>
        </label>
      )}
      {withAmount && (
        <>
          <label>
            {t('dealAmount')}
            <input
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              onBlur={showNamedCurrency}
              // biome-ignore lint/a11y/noAutofocus: the deal form opens on the rep's click, to type the amount
              autoFocus
              placeholder={formatNumber(12500)}
              data-testid="deal-amount"
              {...field('amount')}
            />
          </label>
          <label>
            {t('dealCurrency')}
            <input
              value={currency}
              maxLength={3}
              size={4}
              onChange={(e) => setCurrency(e.target.value)}
              data-testid="deal-currency"
              {...field('currency')}
            />
          </label>
          {withUnits && (
            <label>
              {t('dealUnits')}
              <input
                inputMode="numeric"
                value={units}
                size={5}
                onChange={(e) => setUnits(e.target.value)}
                placeholder="0"
                data-testid="deal-units"
                {...field('units')}
              />
            </label>
          )}
          {problem('amount')}
          {problem('currency')}
          {problem('units')}
        </>
      )}
      <label className="grow">
        {t('entryContact')}
        <input
          value={contact}
          maxLength={300}
          onChange={(e) => setContact(e.target.value)}
          placeholder={t('entryContactHint')}
          data-testid="entry-contact"
          {...field('contact')}
        />
      </label>
      {problem('contact')}
      <SignalTagField value={signalTag} onChange={setSignalTag} />
      <label className="grow">
        {t('dealNote')}
        <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} data-testid="deal-note" />
      </label>
      <label className="grow">
        {t('entryWhen')}
        <input
          type="datetime-local"
          value={when}
          max={toZonedInput(Date.now() + FUTURE_MARGIN_MS, timeZone)}
          onChange={(e) => setWhen(e.target.value)}
          data-testid="entry-when"
          {...field('when')}
        />
      </label>
      {problem('when')}
      <div className="form-actions">
        <button type="submit" data-testid="deal-save">
          {kind === 'deal' ? t('logDeal') : kind === 'new_customer' ? t('logNewCustomer') : t('logEntry')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
