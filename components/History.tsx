import { useId, useState } from 'react';
import { ACTIVITY_KINDS, type Activity, type ActivityKind, CHANNELS, type Channel } from '@/lib/activity';
import { formatNumber, t } from '@/lib/i18n';
import { send } from '@/lib/messaging';
import type { Quota, Settings } from '@/lib/settings';
import { errorText } from './errorText';
import { FieldError } from './FieldError';
import { errorAttributes } from './fieldErrors';
import { EditRow } from './HistoryEditRow';
import { HistoryRow } from './HistoryRow';
import { kindLabel, selectableKinds, useCustomKinds } from './kindLabels';
import { useBackgroundVersion } from './useBackgroundChanges';
import { useRequest } from './useRequest';
import { zonedDayEnd, zonedDayStart } from './zonedTime';

/** A burst of captures re-asks for the page a few times a second at most, with its last capture in. */
const CHANGES_EVERY_MS = 250;

const PAGE_SIZE = 50;

interface Filters {
  kind: string;
  channel: string;
  quota: string;
  from: string;
  to: string;
  search: string;
}
const NO_FILTERS: Filters = { kind: '', channel: '', quota: '', from: '', to: '', search: '' };

/**
 * The list filter the background understands, from what the form holds. Days are read in the
 * settings' time zone, the zone the quota engine counts in: "from Monday" is Monday there.
 */
export function listFilterOf(filters: Filters, quotas: readonly Quota[], timeZone: string) {
  let kinds: ActivityKind[] | undefined = filters.kind ? [filters.kind as ActivityKind] : undefined;
  const quota = quotas.find((q) => q.id === filters.quota);
  if (quota) kinds = kinds ? kinds.filter((k) => quota.kinds.includes(k)) : [...quota.kinds];
  const from = zonedDayStart(filters.from, timeZone);
  // The "to" date is inclusive: up to the start of the next day.
  const to = zonedDayEnd(filters.to, timeZone);
  return {
    ...(kinds ? { kinds } : {}),
    ...(filters.channel ? { channels: [filters.channel as Channel] } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(filters.search.trim() ? { search: filters.search.trim() } : {}),
  };
}

const NOTHING: { items: Activity[]; total: number; undoneOnPage: string[] } = { items: [], total: 0, undoneOnPage: [] };

/** Pass `settings` so that each row says whether it counts by the quotas' own rule (and why not). */
export function History({ quotas, timeZone, settings }: { quotas: Quota[]; timeZone: string; settings?: Settings }) {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  // Keyset paging: where each page shown so far starts (after the last row of the one before), so a
  // later page is an index range read from that row, never a skip over every row before it.
  const [starts, setStarts] = useState<({ occurredAt: number; id: string } | undefined)[]>([undefined]);
  const page = starts.length - 1;
  const after = starts[page];
  const [actionError, setActionError] = useState<string>();
  const [editing, setEditing] = useState<string>();
  const baseId = useId();
  // A capture, an import or a delete elsewhere changes the list: ask again when the background says so.
  const changes = useBackgroundVersion(CHANGES_EVERY_MS);
  const customKinds = useCustomKinds();

  const filter = listFilterOf(filters, quotas, timeZone);
  const badRange = filter.from !== undefined && filter.to !== undefined && filter.from >= filter.to;
  // A quota filter that excludes the chosen kind, or a range that ends before it starts, matches nothing.
  const nothing = (filter.kinds && filter.kinds.length === 0) || badRange;
  // What the indexes can count is counted apart, so that the page shows without waiting for the
  // count (a first count walks the whole index range: seconds at a million rows); the rest is
  // counted by the page's own read.
  const countable = !filter.channels && !filter.search;
  const { data, error, loading, reload } = useRequest(
    async () => {
      if (nothing) return NOTHING;
      return send({
        type: 'activity/list',
        filter,
        offset: 0,
        limit: PAGE_SIZE,
        ...(after ? { after } : {}),
        ...(countable ? { withTotal: false } : {}),
      });
    },
    [JSON.stringify(filter), JSON.stringify(after), changes],
    // Typing in the search box waits for a pause; the answer renders in slices (see useRequest).
    { delayMs: 200, inTransition: true },
  );
  const counted = useRequest(
    async () => (nothing ? 0 : countable ? (await send({ type: 'activity/list', filter, offset: 0, limit: 1 })).total : undefined),
    [JSON.stringify(filter), changes],
    { delayMs: 200, inTransition: true },
  );

  const setFilter = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setStarts([undefined]);
  };

  async function act(request: Parameters<typeof send>[0]) {
    try {
      await send(request);
      setActionError(undefined);
    } catch (e) {
      setActionError(errorText(e));
    }
    reload();
  }

  const total = countable ? counted.data : data?.total;
  const undoneOnPage = new Set(data?.undoneOnPage ?? []);
  const busy = loading;
  const rangeErrorId = `${baseId}-range`;
  // Until the count comes: this page, and one more if this one is full.
  const pages = total !== undefined ? Math.max(1, Math.ceil(total / PAGE_SIZE)) : page + ((data?.items.length ?? 0) >= PAGE_SIZE ? 2 : 1);
  return (
    <section id="history" aria-labelledby="history-title">
      <h2 id="history-title">{t('section_history')}</h2>
      <div className="filters" role="search">
        <label>
          {t('filterKind')}
          <select value={filters.kind} onChange={(e) => setFilter({ kind: e.target.value })} data-testid="filter-kind">
            <option value="">{t('all')}</option>
            {/* Archived kinds too: their activities are kept, and the rep may look for them. */}
            {selectableKinds(
              ACTIVITY_KINDS,
              customKinds,
              customKinds.filter((k) => k.archived).map((k) => k.id),
            ).map((k) => (
              <option key={k} value={k}>
                {kindLabel(k, customKinds)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('filterChannel')}
          <select value={filters.channel} onChange={(e) => setFilter({ channel: e.target.value })} data-testid="filter-channel">
            <option value="">{t('all')}</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`channel_${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('filterQuota')}
          <select value={filters.quota} onChange={(e) => setFilter({ quota: e.target.value })} data-testid="filter-quota">
            <option value="">{t('all')}</option>
            {quotas.map((q) => (
              <option key={q.id} value={q.id}>
                {q.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('filterFrom')}
          <input
            type="date"
            value={filters.from}
            onChange={(e) => setFilter({ from: e.target.value })}
            {...errorAttributes(rangeErrorId, badRange ? t('historyBadRange') : undefined)}
            data-testid="filter-from"
          />
        </label>
        <label>
          {t('filterTo')}
          <input
            type="date"
            value={filters.to}
            onChange={(e) => setFilter({ to: e.target.value })}
            {...errorAttributes(rangeErrorId, badRange ? t('historyBadRange') : undefined)}
            data-testid="filter-to"
          />
        </label>
        <label className="grow">
          {t('filterSearch')}
          <input
            type="search"
            value={filters.search}
            placeholder={t('filterSearchHint')}
            onChange={(e) => setFilter({ search: e.target.value })}
            data-testid="filter-search"
          />
        </label>
      </div>
      <FieldError id={rangeErrorId} message={badRange ? t('historyBadRange') : undefined} />
      {(actionError ?? error ?? counted.error) && (
        <p role="alert" className="error">
          {actionError ?? error ?? counted.error}
        </p>
      )}
      <p className="hint" aria-live="polite" data-testid="history-count">
        {(busy && !data) || total === undefined ? t('loading') : t('historyCount', formatNumber(total))}
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
                <th scope="col">
                  <span className="visually-hidden">{t('colActions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((a) =>
                editing === a.id ? (
                  <EditRow
                    key={a.id}
                    activity={a}
                    customKinds={customKinds}
                    timeZone={timeZone}
                    onDone={async (patch) => {
                      setEditing(undefined);
                      if (patch) await act({ type: 'activity/update', id: a.id, patch });
                    }}
                  />
                ) : (
                  <HistoryRow
                    key={a.id}
                    activity={a}
                    quotas={quotas}
                    settings={settings}
                    timeZone={timeZone}
                    customKinds={customKinds}
                    undone={undoneOnPage.has(a.id)}
                    act={act}
                    edit={setEditing}
                  />
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
      <div className="pager">
        <button
          type="button"
          className="secondary"
          disabled={page === 0}
          onClick={() => setStarts((s) => (s.length > 1 ? s.slice(0, -1) : s))}
        >
          ← {t('previous')}
        </button>
        <span>{t('pageOf', [formatNumber(page + 1), formatNumber(pages)])}</span>
        <button
          type="button"
          className="secondary"
          disabled={page + 1 >= pages || (data?.items.length ?? 0) < PAGE_SIZE}
          onClick={() => {
            const last = data?.items.at(-1);
            if (last) setStarts((s) => [...s, { occurredAt: last.occurredAt, id: last.id }]);
          }}
          data-testid="next-page"
        >
          {t('next')} →
        </button>
      </div>
    </section>
  );
}
