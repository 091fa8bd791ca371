import { useId, useState } from 'react';
import { ACTIVITY_KINDS } from '@/lib/activity';
import { t } from '@/lib/i18n';
import { send } from '@/lib/messaging';
import { SIGNAL_CARRYING_KINDS } from '@/lib/quota/signals';
import { Measure, PeriodUnit, type Quota, QuotasToSave } from '@/lib/settings';
import { FieldError } from './FieldError';
import { errorAttributes } from './fieldErrors';
import { kindLabel, selectableKinds, useCustomKinds } from './kindLabels';
import { QuotaSignalField } from './QuotaSignalField';
import { UnsavedMark, useUnsavedFlag } from './unsavedChanges';
import { useValidatedSave } from './useValidatedSave';

/** Quotas as the form holds them: the target as typed, so a bad value can be shown, not lost. */
type Draft = Omit<Quota, 'target'> & { target: string };

const toDraft = (q: Quota): Draft => ({ ...q, target: String(q.target) });
/**
 * A currency only means something for sum quotas; an empty one means "any currency". How calls and
 * meetings count only means something for quotas that count them; the defaults are left absent.
 */
const fromDraft = ({ currency, callsCount, meetingsBy, signal, ...d }: Draft) => ({
  ...d,
  target: d.target.trim() === '' ? Number.NaN : Number(d.target),
  ...(d.measure === 'sum' && currency?.trim() ? { currency: currency.trim().toUpperCase() } : {}),
  ...(d.kinds.includes('call') && callsCount === 'connected' ? { callsCount } : {}),
  ...(d.kinds.includes('meeting') && meetingsBy === 'booked' ? { meetingsBy } : {}),
  ...(signal && d.kinds.some((kind) => SIGNAL_CARRYING_KINDS.includes(kind))
    ? { signal: { kinds: signal.kinds, ...(signal.topic?.trim() ? { topic: signal.topic.trim() } : {}) } }
    : {}),
});

export function QuotasEditor({
  initial,
  onSaved,
  topics = [],
}: {
  initial: Quota[];
  onSaved: (q: Quota[]) => void;
  /** The rep's topic labels, offered by the signal filter. */
  topics?: readonly string[];
}) {
  const id = useId();
  const customKinds = useCustomKinds();
  const [drafts, setDrafts] = useState<Draft[]>(() => initial.map(toDraft));
  // What was last saved, to tell whether the form holds edits that a reload would lose.
  const [savedDrafts, setSavedDrafts] = useState<Draft[]>(drafts);
  const { errors, status, submit } = useValidatedSave(QuotasToSave, async (quotas) => {
    const saved = await send({ type: 'quotas/save', quotas });
    onSaved(saved);
    setSavedDrafts(drafts);
  });
  const dirty = JSON.stringify(drafts) !== JSON.stringify(savedDrafts);
  useUnsavedFlag('quotas', dirty);
  const errorId = (index: number, field: string) => `${id}-${index}-${field}`;
  const fieldError = (index: number, field: string) => errors[`${index}.${field}`];

  const update = (index: number, patch: Partial<Draft>) => setDrafts((all) => all.map((d, i) => (i === index ? { ...d, ...patch } : d)));
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
            <input
              value={draft.name}
              onChange={(e) => update(index, { name: e.target.value })}
              {...errorAttributes(errorId(index, 'name'), fieldError(index, 'name'))}
              data-testid="quota-name"
            />
            <FieldError id={errorId(index, 'name')} message={fieldError(index, 'name')} />
          </label>
          <label>
            {t('quotaTarget')}
            <input
              inputMode="decimal"
              value={draft.target}
              onChange={(e) => update(index, { target: e.target.value })}
              {...errorAttributes(errorId(index, 'target'), fieldError(index, 'target'))}
              data-testid="quota-target"
            />
            <FieldError id={errorId(index, 'target')} message={fieldError(index, 'target')} />
          </label>
          <label>
            {t('quotaPeriod')}
            <select
              value={draft.period}
              onChange={(e) => update(index, { period: e.target.value as Quota['period'] })}
              data-testid="quota-period"
            >
              {PeriodUnit.options.map((p) => (
                <option key={p} value={p}>
                  {t(`period_${p}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('quotaMeasure')}
            <select value={draft.measure} onChange={(e) => update(index, { measure: e.target.value as Quota['measure'] })}>
              {Measure.options.map((m) => (
                <option key={m} value={m}>
                  {t(`measure_${m}`)}
                </option>
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
                {...errorAttributes(errorId(index, 'currency'), fieldError(index, 'currency'))}
                data-testid="quota-currency"
              />
              <FieldError id={errorId(index, 'currency')} message={fieldError(index, 'currency')} />
            </label>
          )}
          <div
            className="kinds"
            role="group"
            aria-label={t('quotaKinds')}
            {...(fieldError(index, 'kinds') ? { 'aria-describedby': errorId(index, 'kinds') } : {})}
          >
            {/* The rep's own kinds like any other; a hidden one stays selectable where it is counted. */}
            {selectableKinds(ACTIVITY_KINDS, customKinds, draft.kinds).map((kind) => (
              <label key={kind} className="inline">
                <input
                  type="checkbox"
                  data-kind={kind}
                  checked={draft.kinds.includes(kind)}
                  onChange={(e) =>
                    update(index, { kinds: e.target.checked ? [...draft.kinds, kind] : draft.kinds.filter((k) => k !== kind) })
                  }
                />
                {kindLabel(kind, customKinds)}
              </label>
            ))}
            <FieldError id={errorId(index, 'kinds')} message={fieldError(index, 'kinds')} />
          </div>
          {draft.kinds.includes('call') && (
            <label>
              {t('quotaCallsCount')}
              <select
                value={draft.callsCount ?? 'attempts'}
                onChange={(e) => update(index, { callsCount: e.target.value as Quota['callsCount'] })}
                data-testid="quota-calls-count"
              >
                <option value="attempts">{t('callsCount_attempts')}</option>
                <option value="connected">{t('callsCount_connected')}</option>
              </select>
            </label>
          )}
          {draft.kinds.includes('meeting') && (
            <label>
              {t('quotaMeetingsBy')}
              <select
                value={draft.meetingsBy ?? 'held'}
                onChange={(e) => update(index, { meetingsBy: e.target.value as Quota['meetingsBy'] })}
                data-testid="quota-meetings-by"
              >
                <option value="held">{t('meetingsBy_held')}</option>
                <option value="booked">{t('meetingsBy_booked')}</option>
              </select>
            </label>
          )}
          <label className="inline">
            <input type="checkbox" checked={draft.excludeInternal} onChange={(e) => update(index, { excludeInternal: e.target.checked })} />
            {t('excludeInternal')}
          </label>
          {draft.kinds.some((kind) => SIGNAL_CARRYING_KINDS.includes(kind)) && (
            <QuotaSignalField
              signal={draft.signal}
              topics={topics}
              onChange={(signal) => update(index, { signal })}
              error={fieldError(index, 'signal.kinds') ?? fieldError(index, 'signal.topic')}
            />
          )}
          <div className="row-actions">
            <button type="button" className="secondary" disabled={index === 0} onClick={() => move(index, -1)} aria-label={t('moveUp')}>
              ↑
            </button>
            <button
              type="button"
              className="secondary"
              disabled={index === drafts.length - 1}
              onClick={() => move(index, 1)}
              aria-label={t('moveDown')}
            >
              ↓
            </button>
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
              {
                id: crypto.randomUUID(),
                name: '',
                kinds: ['call'],
                target: '10',
                period: 'week',
                measure: 'count',
                excludeInternal: false,
              },
            ])
          }
        >
          {t('addQuota')}
        </button>
        <button type="button" onClick={() => void save()} data-testid="save-quotas">
          {t('save')}
        </button>
        <UnsavedMark dirty={dirty} section="quotas" />
        <span role="status" data-testid="quotas-status">
          {status}
        </span>
      </div>
    </section>
  );
}
