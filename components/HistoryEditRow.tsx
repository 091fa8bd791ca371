import { useId, useState } from 'react';
import type { Activity } from '@/lib/activity';
import { entryFromForm } from '@/lib/entry-form';
import { formatAmount } from '@/lib/format/money';
import { toZonedInput } from '@/lib/format/zoned-time';
import { t, uiLocale } from '@/lib/i18n';
import { type CustomKind, carriesUnits } from '@/lib/kinds';
import { ManualEntry, type ManualKind } from '@/lib/messages';
import { FieldError } from './FieldError';
import { errorAttributes } from './fieldErrors';
import { entryKinds, kindLabel } from './kindLabels';
import { localizeIssue } from './localizeIssue';

/** Editing a manual entry in place: kind, time (as the wall clock in the settings' zone), note, amount, units. */
export function EditRow({
  activity,
  customKinds = [],
  timeZone,
  onDone,
}: {
  activity: Activity;
  customKinds?: readonly CustomKind[];
  timeZone: string;
  onDone: (patch?: Partial<ManualEntry>) => Promise<void>;
}) {
  const id = useId();
  const [kind, setKind] = useState(activity.kind);
  // The time as the wall clock in the settings' zone, like the list beside it and the engine.
  const [when, setWhen] = useState(toZonedInput(activity.occurredAt, timeZone));
  const [note, setNote] = useState(activity.note ?? '');
  // The amount as the UI's language writes it, so that what is shown reads back as the same amount.
  const [amount, setAmount] = useState(activity.amount === undefined ? '' : formatAmount(activity.amount, undefined, uiLocale()));
  const [currency, setCurrency] = useState(activity.currency ?? '');
  const [units, setUnits] = useState(activity.units === undefined ? '' : String(activity.units));
  const [errors, setErrors] = useState<Record<string, string>>({});

  function save() {
    // The same reading and limits as the popup's form (lib/entry-form.ts).
    const result = entryFromForm(
      // The kind is checked below by ManualEntry's own schema, as before.
      { kind: kind as ManualKind, amount, currency, units, note, when },
      { locale: uiLocale(), timeZone, now: Date.now(), whenRequired: true },
    );
    if (!result.ok) {
      setErrors(result.problems.when ? { ...result.problems, occurredAt: result.problems.when } : result.problems);
      return;
    }
    const { entry } = result;
    const candidate = {
      kind: entry.kind,
      // Units belong to sales: another kind drops them.
      units: carriesUnits(kind) ? entry.units : undefined,
      occurredAt: entry.occurredAt,
      note: entry.note,
      amount: entry.amount,
      currency: entry.amount === undefined ? (currency.trim() ? currency.trim().toUpperCase() : undefined) : entry.currency,
    };
    const schema = ManualEntry.partial();
    const parsed = schema.safeParse(candidate);
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const issue of parsed.error.issues) next[String(issue.path[0])] ??= localizeIssue(issue, schema);
      setErrors(next);
      return;
    }
    setErrors({});
    void onDone(parsed.data);
  }

  const field = (name: string) => ({ errorId: `${id}-${name}`, message: errors[name] });
  const whenField = field('occurredAt');
  const noteField = field('note');
  const amountField = field('amount');
  const currencyField = field('currency');
  return (
    <tr className="editing" data-testid="edit-row">
      <td colSpan={6}>
        <div className="edit-form">
          <label>
            {t('filterKind')}
            <select value={kind} onChange={(e) => setKind(e.target.value as Activity['kind'])} data-testid="edit-kind">
              {entryKinds(customKinds, activity.kind).map((k) => (
                <option key={k} value={k}>
                  {kindLabel(k, customKinds)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('colWhen')}
            <input
              type="datetime-local"
              value={when}
              onChange={(e) => setWhen(e.target.value)}
              {...errorAttributes(whenField.errorId, whenField.message)}
              data-testid="edit-when"
            />
            <FieldError id={whenField.errorId} message={whenField.message} />
          </label>
          <label className="grow">
            {t('dealNote')}
            <input
              value={note}
              maxLength={500}
              onChange={(e) => setNote(e.target.value)}
              {...errorAttributes(noteField.errorId, noteField.message)}
              data-testid="edit-note"
            />
            <FieldError id={noteField.errorId} message={noteField.message} />
          </label>
          <label>
            {t('dealAmount')}
            <input
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              size={8}
              {...errorAttributes(amountField.errorId, amountField.message)}
              data-testid="edit-amount"
            />
            <FieldError id={amountField.errorId} message={amountField.message} />
          </label>
          <label>
            {t('dealCurrency')}
            <input
              value={currency}
              maxLength={3}
              size={4}
              onChange={(e) => setCurrency(e.target.value)}
              {...errorAttributes(currencyField.errorId, currencyField.message)}
              data-testid="edit-currency"
            />
            <FieldError id={currencyField.errorId} message={currencyField.message} />
          </label>
          {carriesUnits(kind) && (
            <label>
              {t('dealUnits')}
              <input
                inputMode="numeric"
                value={units}
                size={5}
                onChange={(e) => setUnits(e.target.value)}
                {...errorAttributes(`${id}-units`, errors.units)}
                data-testid="edit-units"
              />
              <FieldError id={`${id}-units`} message={errors.units} />
            </label>
          )}
          <button type="button" onClick={save} data-testid="edit-save">
            {t('save')}
          </button>
          <button type="button" className="secondary" onClick={() => void onDone()}>
            {t('cancel')}
          </button>
        </div>
      </td>
    </tr>
  );
}
