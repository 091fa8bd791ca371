import { useEffect, useRef, useState } from 'react';
import type { ActivityKind } from '@/lib/activity';
import { toCsv } from '@/lib/csv';
import { formatNumber, t, tCount, uiLocale } from '@/lib/i18n';
import type { CustomKind } from '@/lib/kinds';
import type { ProtocolMap } from '@/lib/messages';
import { send } from '@/lib/messaging';
import type { Conversion, ReportPeriod, ReportQuota, WonSummary } from '@/lib/quota/report';
import { wholeUp } from '@/lib/quota/targets';
import { formatAmount, formatMeasure } from './amount';
import { AchievementChart, StackedBars } from './charts';
import { download } from './download';
import { formatDate } from './format';
import { kindLabel, useCustomKinds } from './kindLabels';
import { PeriodSelect } from './PeriodSelect';
import { useBackgroundChanges } from './useBackgroundChanges';
import { useRequest } from './useRequest';

/** The report is asked again once changes have paused this long (a capture's own updates go first)... */
const QUIET_MS = 1000;
/** ...or, while captures keep flowing, this long after the first change not yet in it. */
const LATEST_MS = 5000;

/**
 * A number that goes up once the background's changes pause for QUIET_MS (with every change up to
 * then in), or LATEST_MS after the first change not shown yet, never at once: while captures flow
 * the worker computes the report, and this page renders it, once per LATEST_MS at most; the open
 * popup (which shares this page's renderer) and History are answered first.
 */
function useLaterBackgroundVersion(): number {
  const [version, setVersion] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const firstPending = useRef<number>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  useBackgroundChanges((catchingUp) => {
    const bump = () => {
      timer.current = undefined;
      firstPending.current = undefined;
      setVersion((v) => v + 1);
    };
    clearTimeout(timer.current);
    // Shown again after changes made while hidden: nothing else is waiting, so at once.
    if (catchingUp) return bump();
    const now = Date.now();
    firstPending.current ??= now;
    timer.current = setTimeout(bump, Math.max(0, Math.min(QUIET_MS, firstPending.current + LATEST_MS - now)));
  });
  return version;
}

type Data = ProtocolMap['report/get'];

/** The report as rows for a spreadsheet (every cell formula-safe via toCsv). */
export function reportRows(data: Data, customKinds: readonly CustomKind[] = []): string[][] {
  const { report } = data;
  const rows: string[][] = [[t('reportPeriod'), formatDate(report.interval.start), formatDate(report.interval.end - 1)], []];
  rows.push([t('colQuota'), t('colDone'), t('colTarget'), t('colExpected'), t('colPace'), t('colTargetBasis')]);
  for (const q of report.quotas) {
    rows.push([
      q.name,
      String(round(q.done)),
      q.asked ? String(Math.round(q.target)) : '',
      q.asked ? String(wholeUp(q.expectedByNow)) : '',
      paceWord(q),
      mappingText(q),
    ]);
  }
  rows.push([], [t('colKind'), t('colCount')]);
  for (const [kind, n] of Object.entries(report.byKind)) rows.push([kindLabel(kind, customKinds), String(n)]);
  rows.push([], [t('wonTitle'), t('colSales'), t('colRevenue'), t('colUnits')]);
  rows.push(['', String(report.won.sales), revenueText(report.won), String(report.won.units)]);
  rows.push([], [t('conversion'), String(report.conversion.perOpportunity === null ? '' : round(report.conversion.perOpportunity))]);
  rows.push([t('conversionOpportunities'), conversionText(report.conversion, customKinds)]);
  rows.push([t('conversionDeals'), dealsText(report.conversion)]);
  rows.push([t('conversionRuleTitle'), t('conversionRule')]);
  const kinds = [...new Set(report.byDay.flatMap((d) => Object.keys(d.counts)))] as ActivityKind[];
  rows.push([], [t('colDay'), ...kinds.map((k) => kindLabel(k, customKinds))]);
  for (const d of report.byDay) rows.push([d.key, ...kinds.map((k) => String(d.counts[k] ?? 0))]);
  return rows;
}
const round = (n: number) => Math.round(n * 100) / 100;

/**
 * How a quota's own target became this period's: "3 × 120 a month", "120 a month × 5 of 21 working
 * days", "since 12 Jan". Empty when the report's period is the quota's own.
 */
export function mappingText(q: Pick<ReportQuota, 'mapping' | 'measure' | 'currency'>): string {
  const { perPeriod, period, periods, wholePeriods, trackedFrom } = q.mapping;
  const per = t(`perPeriod_${period}`, formatMeasure(perPeriod, q.measure, q.currency, uiLocale()));
  const parts: string[] = [];
  if (wholePeriods && Math.abs(periods - 1) > 1e-9) parts.push(t('mappingWhole', [formatNumber(periods), per]));
  else if (!wholePeriods) parts.push(t('mappingShare', [per, formatNumber(periods * 100, 0)]));
  if (trackedFrom !== null) parts.push(t('mappingSince', formatDate(trackedFrom)));
  return parts.join('; ');
}

/** Won revenue per currency: "$42,000 + €3,000"; a dash when nothing was won with an amount. */
export function revenueText(won: WonSummary): string {
  if (!won.revenue.length) return '—';
  return won.revenue.map((r) => formatAmount(r.amount, r.currency ?? undefined, uiLocale())).join(' + ');
}

/**
 * "Email: 200 + Call: 150 + Social touch: 50 → opportunities: 30; activities per opportunity: 13.3
 * (7.5 %)" (kind names as the UI shows them, no plurals to get wrong in Russian); without
 * opportunities, how many activities there were.
 */
export function conversionText(c: Conversion, customKinds: readonly CustomKind[] = []): string {
  const parts = (Object.entries(c.outreach ?? {}) as [ActivityKind, number][])
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${kindLabel(kind, customKinds)}: ${formatNumber(n)}`);
  const outreach = parts.length ? parts.join(' + ') : formatNumber(0);
  if (c.perOpportunity === null || c.opportunityRate === null)
    return t('conversionNoOpportunities', [outreach, formatNumber(c.activities)]);
  return t('conversionLine', [
    outreach,
    formatNumber(c.opportunities),
    formatNumber(c.perOpportunity, 1),
    formatNumber(c.opportunityRate * 100, 1),
  ]);
}

/** "Opportunities: 30 → deals: 6; opportunities per deal: 5 (20 %)". */
export function dealsText(c: Conversion): string {
  if (c.dealRate === null || c.perDeal === null) return t('conversionNoDeals', [formatNumber(c.opportunities), formatNumber(c.deals)]);
  return t('conversionDealsLine', [
    formatNumber(c.opportunities),
    formatNumber(c.deals),
    formatNumber(c.perDeal, 1),
    formatNumber(c.dealRate * 100, 1),
  ]);
}

export function Reports() {
  const customKinds = useCustomKinds();
  const [period, setPeriod] = useState<ReportPeriod>('this_month');
  const [range, setRange] = useState<30 | 90>(30);
  const changes = useLaterBackgroundVersion();
  // Only the answer for the period now chosen is shown: a slower answer for an earlier choice is dropped.
  const { data: answer, error } = useRequest(async () => ({ period, ...(await send({ type: 'report/get', period })) }), [period, changes], {
    inTransition: true,
  });
  // While the new period loads, the old one's numbers are not shown under the new name.
  const data: Data | undefined = answer?.period === period ? answer : undefined;

  const report = data?.report;
  return (
    <section id="reports" aria-labelledby="reports-title" className="reports" data-period={data ? period : undefined}>
      <h2 id="reports-title">{t('section_reports')}</h2>
      <div className="actions no-print">
        <PeriodSelect value={period} onChange={setPeriod} testId="report-period" />
        <button type="button" onClick={() => window.print()}>
          {t('print')}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!data}
          onClick={() =>
            data && download(`quota-radar-report-${period}.csv`, toCsv([], reportRows(data, customKinds)), 'text/csv;charset=utf-8')
          }
          data-testid="report-csv"
        >
          {t('downloadCsv')}
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!data && !error && <p className="hint">{t('loading')}</p>}
      {report && data && (
        <>
          <p className="print-only">
            <strong>{t('extName')}</strong> — {t(`report_${period}`)}
          </p>
          <p className="hint">
            {formatDate(report.interval.start)} – {formatDate(report.interval.end - 1)}
          </p>
          <p className="hint" data-testid="report-targets-hint">
            {t('reportTargetsHint')}
          </p>
          <table className="report-table" data-testid="report-quotas">
            <thead>
              <tr>
                <th scope="col">{t('colQuota')}</th>
                <th scope="col">{t('colDone')}</th>
                <th scope="col">{t('colTarget')}</th>
                <th scope="col">{t('colExpected')}</th>
                <th scope="col">{t('colPace')}</th>
              </tr>
            </thead>
            <tbody>
              {report.quotas.map((q) => {
                const show = (value: number) => formatMeasure(value, q.measure, q.currency, uiLocale());
                const basis = mappingText(q);
                return (
                  <tr key={q.quotaId} data-quota={q.quotaId}>
                    <th scope="row">{q.name}</th>
                    <td>{show(q.done)}</td>
                    <td data-testid="report-target">
                      {q.asked ? show(q.target) : '—'}
                      {basis && (
                        <div className="hint small" data-testid="report-target-basis">
                          {basis}
                        </div>
                      )}
                    </td>
                    <td data-testid="report-expected">{q.asked ? show(wholeUp(q.expectedByNow)) : '—'}</td>
                    <td className={`pace-${!q.asked ? 'none' : q.met ? 'met' : q.pace}`}>{paceWord(q)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="report-grid">
            <div>
              <h3>{t('byKind')}</h3>
              {Object.keys(report.byKind).length === 0 ? (
                <p className="hint">{t('nothingYet')}</p>
              ) : (
                <ul className="chips">
                  {(Object.entries(report.byKind) as [ActivityKind, number][]).map(([k, n]) => (
                    <li key={k}>
                      {kindLabel(k, customKinds)}: {formatNumber(n)}
                    </li>
                  ))}
                </ul>
              )}
            </div>
            {report.won && (
              <div>
                <h3>{t('wonTitle')}</h3>
                <dl className="won" data-testid="report-won">
                  <dt>{t('colSales')}</dt>
                  <dd data-testid="won-sales">{formatNumber(report.won.sales)}</dd>
                  <dt>{t('colRevenue')}</dt>
                  <dd data-testid="won-revenue">{revenueText(report.won)}</dd>
                  <dt>{t('colUnits')}</dt>
                  <dd data-testid="won-units">{formatNumber(report.won.units)}</dd>
                </dl>
              </div>
            )}
            <div>
              <h3>{t('conversion')}</h3>
              <p data-testid="conversion">
                {report.conversion.perOpportunity === null
                  ? t('conversionNone', formatNumber(report.conversion.activities))
                  : t('conversionValue', [
                      formatNumber(report.conversion.perOpportunity, 1),
                      formatNumber(report.conversion.opportunities),
                    ])}
              </p>
              <p data-testid="conversion-opportunities">{conversionText(report.conversion, customKinds)}</p>
              <p data-testid="conversion-deals">{dealsText(report.conversion)}</p>
              <p className="hint small" data-testid="conversion-rule">
                {t('conversionRule')}
              </p>
            </div>
          </div>
          <StackedBars days={report.byDay} title={t('chartByDay')} customKinds={customKinds} />
          <div className="actions no-print" role="group" aria-label={t('chartRange')}>
            <button type="button" className={range === 30 ? '' : 'secondary'} aria-pressed={range === 30} onClick={() => setRange(30)}>
              {tCount('lastDays', 30, formatNumber(30))}
            </button>
            <button type="button" className={range === 90 ? '' : 'secondary'} aria-pressed={range === 90} onClick={() => setRange(90)}>
              {tCount('lastDays', 90, formatNumber(90))}
            </button>
          </div>
          <StackedBars
            days={data.last90.slice(-range)}
            title={tCount('chartLastDays', range, formatNumber(range))}
            customKinds={customKinds}
          />
          <h3>{t('achievementTitle')}</h3>
          <div className="history-charts">
            {data.history.map((h) => (
              <AchievementChart key={h.quotaId} history={h} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}

/** A period before tracking started is neither met nor missed. */
function paceWord(q: ReportQuota): string {
  if (!q.tracked) return t('reportNotTracked');
  if (!q.asked) return t('paceNotAsked');
  return q.met ? t('paceMet') : t(`pace_${q.pace}`);
}
