import { formatNumber, t } from '@/lib/i18n';
import { PACE_COLORS } from '@/lib/quota/badge';
import type { QuotaProgress } from '@/lib/quota/progress';

export function QuotaCard({ progress }: { progress: QuotaProgress }) {
  const { done, target, expectedByNow, pace, met } = progress;
  const scale = Math.max(target, done, 1);
  const donePercent = Math.min(100, (done / scale) * 100);
  const pacePercent = Math.min(100, (expectedByNow / scale) * 100);
  const paceLabel = met ? t('paceMet') : t(`pace_${pace}`);
  const digits = progress.measure === 'sum' ? 2 : 0;
  return (
    <section className="quota" data-quota={progress.quotaId} data-pace={pace} aria-label={progress.name}>
      <div className="quota-head">
        <h2>{progress.name}</h2>
        <span className="quota-numbers" data-testid="done-target">
          {formatNumber(done, digits)} / {formatNumber(target, digits)}
        </span>
      </div>
      <div
        className="bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={target}
        aria-valuenow={done}
        aria-valuetext={t('progressAria', [formatNumber(done, digits), formatNumber(target, digits), paceLabel])}
      >
        <div className="bar-fill" style={{ width: `${donePercent}%`, background: PACE_COLORS[pace] }} />
        <div className="bar-pace" style={{ left: `${pacePercent}%` }} title={t('expectedByNow', formatNumber(expectedByNow))} />
      </div>
      <div className="quota-foot">
        <span className="pace" style={{ color: PACE_COLORS[pace] }} data-testid="pace">
          {paceLabel}
        </span>
        <span data-testid="remaining">
          {met
            ? t('targetReached')
            : t('remainingNeeded', [formatNumber(progress.remaining, digits), formatNumber(progress.neededPerRemainingWorkingDay, 1)])}
        </span>
      </div>
      {progress.pending > 0 && (
        <div className="pending" data-testid="pending">
          {t('pendingCount', String(progress.pending))}
        </div>
      )}
    </section>
  );
}
