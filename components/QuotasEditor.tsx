import { useState } from 'react';
import { ACTIVITY_KINDS } from '@/lib/activity';
import { t } from '@/lib/i18n';
import { send } from '@/lib/messaging';
import { Measure, PeriodUnit, type Quota, Quotas } from '@/lib/settings';
import { useValidatedSave } from './useValidatedSave';

/** Quotas as the form holds them: the target as typed, so a bad value can be shown, not lost. */
type Draft = Omit<Quota, 'target'> & { target: string };

const toDraft = (q: Quota): Draft => ({ ...q, target: String(q.target) });
/** A currency only means something for sum quotas; an empty one means "any currency". */
const fromDraft = ({ currency, ...d }: Draft) => ({
  ...d,
  target: d.target.trim() === '' ? Number.NaN : Number(d.target),
  ...(d.measure === 'sum' && currency?.trim() ? { currency: currency.trim().toUpperCase() } : {}),
});

export function QuotasEditor({ initial, onSaved }: { initial: Quota[]; onSaved: (q: Quota[]) => void }) {
  const [drafts, setDrafts] = useState<Draft[]>(() => initial.map(toDraft));
  const { errors, status, submit } = useValidatedSave(Quotas, async (quotas) => {
    onSaved(await send({ type: 'quotas/save', quotas }));
  });

  const update = (index: number, patch: Partial<Draft>) =>
    setDrafts((all) => all.map((d, i) => (i === index ? { ...d, ...patch } : d)));
  const move = (index: number, by: number) =>
    setDrafts((all) => {
      const next = [...all];
      const [item] = next.splice(index, 1);
      next.splice(index + by, 0, item!);
      return next;
    });

  const save = () => submit(drafts.map(fromDraft));

  return (
    <section id="quotas" aria-labelledby="quotas-title">
      <h2 id="quotas-title">{t('quotasTitle')}</h2>
      {drafts.map((draft, index) => (
        <fieldset key={draft.id} className="quota-row" data-testid={`quota-${index}`}>
          <legend>{draft.name || t('unnamedQuota')}</legend>
          <label>
            {t('quotaName')}
            <input value={draft.name} onChange={(e) => update(index, { name: e.target.value })} data-testid="quota-name" />
            <FieldError message={errors[`${index}.name`]} />
          </label>
          <label>
            {t('quotaTarget')}
            <input
              inputMode="decimal"
              value={draft.target}
              onChange={(e) => update(index, { target: e.target.value })}
              aria-invalid={Boolean(errors[`${index}.target`])}
              data-testid="quota-target"
            />
            <FieldError message={errors[`${index}.target`]} />
          </label>
          <label>
            {t('quotaPeriod')}
            <select value={draft.period} onChange={(e) => update(index, { period: e.target.value as Quota['period'] })} data-testid="quota-period">
              {PeriodUnit.options.map((p) => (
                <option key={p} value={p}>{t(`period_${p}`)}</option>
              ))}
            </select>
          </label>
          <label>
            {t('quotaMeasure')}
            <select value={draft.measure} onChange={(e) => update(index, { measure: e.target.value as Quota['measure'] })}>
              {Measure.options.map((m) => (
                <option key={m} value={m}>{t(`measure_${m}`)}</option>
              ))}
            </select>
          </label>
          {draft.measure === 'sum' && (
            <label>
              {t('quotaCurrency')}
              <input
                value={draft.currency ?? ''}
                maxLength={3}
                placeholder="USD"
                onChange={(e) => update(index, { currency: e.target.value })}
                aria-invalid={Boolean(errors[`${index}.currency`])}
                data-testid="quota-currency"
              />
              <FieldError message={errors[`${index}.currency`]} />
            </label>
          )}
          <div className="kinds" role="group" aria-label={t('quotaKinds')}>
            {ACTIVITY_KINDS.map((kind) => (
              <label key={kind} className="inline">
                <input
                  type="checkbox"
                  checked={draft.kinds.includes(kind)}
                  onChange={(e) =>
                    update(index, { kinds: e.target.checked ? [...draft.kinds, kind] : draft.kinds.filter((k) => k !== kind) })
                  }
                />
                {t(`kind_${kind}`)}
              </label>
            ))}
            <FieldError message={errors[`${index}.kinds`]} />
          </div>
          <label className="inline">
            <input type="checkbox" checked={draft.excludeInternal} onChange={(e) => update(index, { excludeInternal: e.target.checked })} />
            {t('excludeInternal')}
          </label>
          <div className="row-actions">
            <button type="button" className="secondary" disabled={index === 0} onClick={() => move(index, -1)} aria-label={t('moveUp')}>↑</button>
            <button type="button" className="secondary" disabled={index === drafts.length - 1} onClick={() => move(index, 1)} aria-label={t('moveDown')}>↓</button>
            <button type="button" className="secondary" onClick={() => setDrafts((all) => all.filter((_, i) => i !== index))}>
              {t('remove')}
            </button>
          </div>
        </fieldset>
      ))}
      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={() =>
            setDrafts((all) => [
              ...all,
              { id: crypto.randomUUID(), name: '', kinds: ['call'], target: '10', period: 'week', measure: 'count', excludeInternal: false },
            ])
          }
        >
          {t('addQuota')}
        </button>
        <button type="button" onClick={() => void save()} data-testid="save-quotas">{t('save')}</button>
        <span role="status" data-testid="quotas-status">{status}</span>
      </div>
    </section>
  );
}

export function FieldError({ message }: { message?: string }) {
  return message ? <span className="field-error" role="alert">{message}</span> : null;
}
