import { type ActivityKind, BUILT_IN_KINDS } from '@/lib/activity';
import { formatNumber, t, tCount, uiLocale } from '@/lib/i18n';
import type { CustomKind } from '@/lib/kinds';
import type { DayCounts, QuotaHistory } from '@/lib/quota/report';
import { formatMeasure } from './amount';
import { kindLabel } from './kindLabels';
import { kindPaint } from './theme';

const dayLabel = (start: number) => new Intl.DateTimeFormat(uiLocale(), { day: 'numeric', month: 'short' }).format(start);

/** Activities per day as stacked bars by kind. Plain SVG: no chart library in the bundle. */
export function StackedBars({ days, title, customKinds = [] }: { days: DayCounts[]; title: string; customKinds?: readonly CustomKind[] }) {
  // Built-in kinds in their fixed order, then the rep's own as they appear.
  const present = new Set(days.flatMap((d) => Object.keys(d.counts) as ActivityKind[]));
  const kinds: ActivityKind[] = [
    ...BUILT_IN_KINDS.filter((k) => present.has(k)),
    ...[...present].filter((k) => !(BUILT_IN_KINDS as readonly string[]).includes(k)),
  ].filter((k) => days.some((d) => d.counts[k]));
  const totals = days.map((d) => (Object.values(d.counts) as (number | undefined)[]).reduce<number>((s, n) => s + (n ?? 0), 0));
  // An even top keeps the middle grid line on a whole number.
  const highest = Math.max(1, ...totals);
  const max = 2 * Math.ceil(highest / 2);
  const width = 720;
  const height = 180;
  const left = 32;
  const bottom = 20;
  const plotH = height - bottom - 6;
  const step = (width - left) / Math.max(1, days.length);
  const barW = Math.max(1, step * 0.75);
  const labelEvery = Math.ceil(days.length / 8);
  const sum = totals.reduce((s, n) => s + n, 0);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={tCount('chartSummary', sum, [title, formatNumber(sum), formatNumber(highest)])}
      >
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={left} x2={width} y1={6 + plotH * (1 - f)} y2={6 + plotH * (1 - f)} className="grid" />
            <text x={left - 4} y={10 + plotH * (1 - f)} className="axis" textAnchor="end">
              {formatNumber(max * f)}
            </text>
          </g>
        ))}
        {days.map((d, i) => {
          let y = 6 + plotH;
          return (
            <g key={d.key}>
              <title>{`${dayLabel(d.start)}: ${formatNumber(totals[i]!)}`}</title>
              {kinds.map((k) => {
                const n = d.counts[k] ?? 0;
                if (!n) return null;
                const h = (n / max) * plotH;
                y -= h;
                return <rect key={k} x={left + i * step} y={y} width={barW} height={h} {...kindPaint(k)} />;
              })}
              {i % labelEvery === 0 && (
                <text x={left + i * step + barW / 2} y={height - 4} className="axis" textAnchor="middle">
                  {dayLabel(d.start)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <Legend kinds={kinds} customKinds={customKinds} />
    </figure>
  );
}

export function Legend({ kinds, customKinds = [] }: { kinds: ActivityKind[]; customKinds?: readonly CustomKind[] }) {
  return (
    <ul className="legend">
      {kinds.map((k) => {
        const paint = kindPaint(k);
        return (
          <li key={k}>
            <span className={`swatch ${paint.className}`} style={paint.style} aria-hidden="true" />
            {kindLabel(k, customKinds)}
          </li>
        );
      })}
    </ul>
  );
}

const DAY = 86_400_000;
/**
 * Short enough to fit under a bar: weeks by their first day, longer periods by month and the full
 * year ("Nov 2026": "Nov 26" reads as a date).
 */
const periodLabel = (start: number, end: number) =>
  new Intl.DateTimeFormat(
    uiLocale(),
    end - start < 20 * DAY ? { day: 'numeric', month: 'short' } : { month: 'short', year: 'numeric' },
  ).format(start);

/** A quota's past periods: a bar per period against the target line, met or missed by how much. */
export function AchievementChart({ history }: { history: QuotaHistory }) {
  const width = 360;
  const height = 150;
  const top = 16;
  const bottom = 20;
  const plotH = height - top - bottom;
  const show = (value: number) => formatMeasure(value, history.measure, history.currency, uiLocale());
  const maxRatio = Math.max(1.2, ...history.periods.map((p) => (p.target > 0 ? p.done / p.target : 0)));
  const targetY = top + plotH * (1 - 1 / maxRatio);
  const step = width / Math.max(1, history.periods.length);
  const summary = history.periods
    .map((p) => `${periodLabel(p.start, p.end)}: ${show(p.done)}/${show(p.target)} ${p.met ? t('met') : t('missed')}`)
    .join('; ');
  // No past period since counting started: say so instead of an empty box (issue 21, point 13).
  if (history.periods.length === 0)
    return (
      <figure className="chart small" data-testid="achievement-empty">
        <figcaption>{history.name}</figcaption>
        <p className="hint">{t('achievementEmpty')}</p>
      </figure>
    );
  return (
    <figure className="chart small">
      <figcaption>{history.name}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${history.name}: ${summary}`}>
        {history.periods.map((p, i) => {
          const ratio = p.target > 0 ? p.done / p.target : 0;
          const h = (ratio / maxRatio) * plotH;
          const x = i * step + step * 0.15;
          const diff = `${p.difference >= 0 ? '+' : '−'}${show(Math.abs(p.difference))}`;
          return (
            <g key={p.start}>
              <rect x={x} y={top + plotH - h} width={step * 0.7} height={Math.max(h, 1)} className={p.met ? 'met' : 'missed'} />
              <text x={x + step * 0.35} y={top + plotH - h - 3} className="axis" textAnchor="middle">
                {diff}
              </text>
              <text x={x + step * 0.35} y={height - 4} className="axis" textAnchor="middle">
                {periodLabel(p.start, p.end)}
              </text>
            </g>
          );
        })}
        <line x1={0} x2={width} y1={targetY} y2={targetY} className="target-line" />
      </svg>
    </figure>
  );
}
