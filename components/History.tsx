import { useCallback, useEffect, useState } from 'react';
import { ACTIVITY_KINDS, type Activity, type ActivityKind, CHANNELS, type Channel } from '@/lib/activity';
import { formatNumber, t } from '@/lib/i18n';
import { send } from '@/lib/messaging';
import { ManualEntry } from '@/lib/messages';
import type { Quota } from '@/lib/settings';
import { dayStart, formatShortDateTime, formatMoney, fromLocalInput, recipientsLabel, toLocalInput } from './format';

const PAGE_SIZE = 50;
const MANUAL_KINDS = ManualEntry.shape.kind.options;

interface Filters {
  kind: string;
  channel: string;
  quota: string;
  from: string;
  to: string;
  search: string;
}
const NO_FILTERS: Filters = { kind: '', channel: '', quota: '', from: '', to: '', search: '' };

/** The list filter the background understands, from what the form holds. */
export function listFilterOf(filters: Filters, quotas: readonly Quota[]) {
  let kinds: ActivityKind[] | undefined = filters.kind ? [filters.kind as ActivityKind] : undefined;
  const quota = quotas.find((q) => q.id === filters.quota);
  if (quota) kinds = kinds ? kinds.filter((k) => quota.kinds.includes(k)) : [...quota.kinds];
  const from = dayStart(filters.from);
  const toDay = dayStart(filters.to);
  return {
    ...(kinds ? { kinds } : {}),
    ...(filters.channel ? { channels: [filters.channel as Channel] } : {}),
    ...(from !== undefined ? { from } : {}),
    // The "to" date is inclusive: up to the start of the next day.
    ...(toDay !== undefined ? { to: new Date(toDay).setDate(new Date(toDay).getDate() + 1) } : {}),
    ...(filters.search.trim() ? { search: filters.search.trim() } : {}),
  };
}

export function History({ quotas, generation }: { quotas: Quota[]; generation: number }) {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [page, setPage] = useState(0);
  const [data, setData] = useState<{ items: Activity[]; total: number }>();
  const [error, setError] = useState<string>();
  const [editing, setEditing] = useState<string>();
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    setBusy(true);
    try {
      const kinds = listFilterOf(filters, quotas).kinds;
      // A quota filter that excludes the chosen kind matches nothing.
      setData(
        kinds && kinds.length === 0
          ? { items: [], total: 0 }
          : await send({ type: 'activity/list', filter: listFilterOf(filters, quotas), offset: page * PAGE_SIZE, limit: PAGE_SIZE }),
      );
      setError(undefined);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }, [filters, page, quotas]);

  useEffect(() => {
    // Typing in the search box waits for a pause.
    const timer = setTimeout(() => void load(), 200);
    return () => clearTimeout(timer);
  }, [load, generation]);

  const setFilter = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(0);
  };

  async function act(request: Parameters<typeof send>[0]) {
    try {
      await send(request);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
    await load();
  }

  const total = data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <section id="history" aria-labelledby="history-title">
      <h2 id="history-title">{t('section_history')}</h2>
      <div className="filters" role="search">
        <label>
          {t('filterKind')}
          <select value={filters.kind} onChange={(e) => setFilter({ kind: e.target.value })} data-testid="filter-kind">
            <option value="">{t('all')}</option>
            {ACTIVITY_KINDS.map((k) => <option key={k} value={k}>{t(`kind_${k}`)}</option>)}
          </select>
        </label>
        <label>
          {t('filterChannel')}
          <select value={filters.channel} onChange={(e) => setFilter({ channel: e.target.value })} data-testid="filter-channel">
            <option value="">{t('all')}</option>
            {CHANNELS.map((c) => <option key={c} value={c}>{t(`channel_${c}`)}</option>)}
          </select>
        </label>
        <label>
          {t('filterQuota')}
          <select value={filters.quota} onChange={(e) => setFilter({ quota: e.target.value })} data-testid="filter-quota">
            <option value="">{t('all')}</option>
            {quotas.map((q) => <option key={q.id} value={q.id}>{q.name}</option>)}
          </select>
        </label>
        <label>
          {t('filterFrom')}
          <input type="date" value={filters.from} onChange={(e) => setFilter({ from: e.target.value })} data-testid="filter-from" />
        </label>
        <label>
          {t('filterTo')}
          <input type="date" value={filters.to} onChange={(e) => setFilter({ to: e.target.value })} data-testid="filter-to" />
        </label>
        <label className="grow">
          {t('filterSearch')}
          <input type="search" value={filters.search} placeholder={t('filterSearchHint')} onChange={(e) => setFilter({ search: e.target.value })} data-testid="filter-search" />
        </label>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      <p className="hint" aria-live="polite" data-testid="history-count">
        {busy && !data ? t('loading') : t('historyCount', formatNumber(total))}
      </p>
      {data && data.items.length > 0 && (
        <div className="table-wrap">
          <table className="history" data-testid="history-table">
            <thead>
              <tr>
                <th scope="col">{t('colWhen')}</th>
                <th scope="col">{t('colWhat')}</th>
                <th scope="col">{t('colWho')}</th>
                <th scope="col">{t('colWhy')}</th>
                <th scope="col">{t('colStatus')}</th>
                <th scope="col"><span className="visually-hidden">{t('colActions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((a) =>
                editing === a.id ? (
                  <EditRow key={a.id} activity={a} onDone={async (patch) => {
                    setEditing(undefined);
                    if (patch) await act({ type: 'activity/update', id: a.id, patch });
                  }} />
                ) : (
                  <tr key={a.id} className={`status-${a.status}`} data-testid="history-row" data-id={a.id}>
                    <td className="when">{formatShortDateTime(a.occurredAt)}</td>
                    <td>
                      <strong>{t(`kind_${a.kind}`)}</strong>
                      {a.subtype && <span className="muted"> · {a.subtype}</span>}
                      {(a.subject || a.note) && <div className="muted clip">{a.subject ?? a.note}</div>}
                      {a.amount !== undefined && <div>{formatMoney(a.amount, a.currency)}</div>}
                    </td>
                    <td className="clip">{recipientsLabel(a) || '—'}</td>
                    <td>
                      <Why activity={a} />
                    </td>
                    <td data-testid="row-status">{t(`status_${a.status}`)}</td>
                    <td className="row-actions">
                      {a.status === 'retracted' ? (
                        <button type="button" className="secondary small" onClick={() => void act({ type: 'activity/restore', id: a.id })}>
                          {t('restore')}
                        </button>
                      ) : (
                        <button type="button" className="secondary small" onClick={() => void act({ type: 'activity/retract', id: a.id })} data-testid="row-delete">
                          {t('delete')}
                        </button>
                      )}
                      {a.channel === 'manual' && (
                        <button type="button" className="secondary small" onClick={() => setEditing(a.id)} data-testid="row-edit">
                          {t('edit')}
                        </button>
                      )}
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
      <div className="pager">
        <button type="button" className="secondary" disabled={page === 0} onClick={() => setPage((p) => p - 1)}>
          ← {t('previous')}
        </button>
        <span>{t('pageOf', [formatNumber(page + 1), formatNumber(pages)])}</span>
        <button type="button" className="secondary" disabled={page + 1 >= pages} onClick={() => setPage((p) => p + 1)} data-testid="next-page">
          {t('next')} →
        </button>
      </div>
    </section>
  );
}

/** Why it counted: where it was seen, how, and the provider's ids that prove it. */
function Why({ activity }: { activity: Activity }) {
  const { detection } = activity;
  const ids = Object.entries(detection.ids ?? {});
  return (
    <details className="why">
      <summary>
        {t(`channel_${activity.channel}`)} · {t(`method_${detection.method.replace('-', '_')}`)}
      </summary>
      <dl>
        {detection.source && (
          <>
            <dt>{t('whySource')}</dt>
            <dd><code>{detection.source}</code></dd>
          </>
        )}
        <dt>{t('whyAccount')}</dt>
        <dd>{activity.account}</dd>
        {ids.map(([key, value]) => (
          <div key={key}>
            <dt>{key}</dt>
            <dd><code className="clip">{value}</code></dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

function EditRow({ activity, onDone }: { activity: Activity; onDone: (patch?: Partial<ManualEntry>) => Promise<void> }) {
  const [kind, setKind] = useState(activity.kind);
  const [when, setWhen] = useState(toLocalInput(activity.occurredAt));
  const [note, setNote] = useState(activity.note ?? '');
  const [amount, setAmount] = useState(activity.amount === undefined ? '' : String(activity.amount));
  const [currency, setCurrency] = useState(activity.currency ?? '');
  const [problem, setProblem] = useState<string>();

  function save() {
    const candidate = {
      kind,
      occurredAt: fromLocalInput(when),
      note: note.trim() || undefined,
      amount: amount.trim() === '' ? undefined : Number(amount.replace(',', '.')),
      currency: currency.trim() ? currency.trim().toUpperCase() : undefined,
    };
    const parsed = ManualEntry.partial().safeParse(candidate);
    if (!parsed.success || candidate.occurredAt === undefined) {
      const issue = parsed.success ? undefined : parsed.error.issues[0];
      setProblem(issue ? `${issue.path.join('.')}: ${issue.message}` : t('badDate'));
      return;
    }
    void onDone(parsed.data);
  }

  return (
    <tr className="editing" data-testid="edit-row">
      <td colSpan={6}>
        <div className="edit-form">
          <label>
            {t('filterKind')}
            <select value={kind} onChange={(e) => setKind(e.target.value as Activity['kind'])}>
              {MANUAL_KINDS.map((k) => <option key={k} value={k}>{t(`kind_${k}`)}</option>)}
            </select>
          </label>
          <label>
            {t('colWhen')}
            <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />
          </label>
          <label className="grow">
            {t('dealNote')}
            <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} data-testid="edit-note" />
          </label>
          <label>
            {t('dealAmount')}
            <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} size={8} />
          </label>
          <label>
            {t('dealCurrency')}
            <input value={currency} maxLength={3} size={4} onChange={(e) => setCurrency(e.target.value)} />
          </label>
          <button type="button" onClick={save} data-testid="edit-save">{t('save')}</button>
          <button type="button" className="secondary" onClick={() => void onDone()}>{t('cancel')}</button>
          {problem && <span className="field-error" role="alert">{problem}</span>}
        </div>
      </td>
    </tr>
  );
}
