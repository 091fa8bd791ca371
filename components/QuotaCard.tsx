import { formatNumber, t } from '@/lib/i18n';
import type { InviteGuard, QuotaProgress } from '@/lib/quota/progress';

/** One quota: a bar with a marker where pace says the rep should be, the pace in words, what is left. */
export function QuotaCard({ progress, inviteGuard }: { progress: QuotaProgress; inviteGuard?: InviteGuard }) {
  const { done, target, expectedByNow, pace, met } = progress;
  const scale = Math.max(target, done, 1);
  const donePercent = Math.min(100, (done / scale) * 100);
  const pacePercent = Math.min(100, (expectedByNow / scale) * 100);
  const paceLabel = met ? t('paceMet') : t(`pace_${pace}`);
  const digits = progress.measure === 'sum' ? 2 : 0;
  const expected = t('expectedByNow', formatNumber(expectedByNow, digits));
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
        aria-label={progress.name}
        aria-valuemin={0}
        aria-valuemax={target}
        aria-valuenow={done}
        aria-valuetext={`${t('progressAria', [formatNumber(done, digits), formatNumber(target, digits), paceLabel])}; ${expected}`}
      >
        <div className={`bar-fill fill-${pace}`} style={{ width: `${donePercent}%` }} />
        <div className="bar-pace" style={{ left: `calc(${pacePercent}% - 1px)` }} title={expected} />
      </div>
      <div className="quota-foot">
        <span className={`pace pace-${met ? 'met' : pace}`} data-testid="pace">
          <span aria-hidden="true">{met ? '✓' : pace === 'ahead' || pace === 'on_track' ? '●' : '▲'} </span>
          {paceLabel}
        </span>
        <span data-testid="remaining">
          {met
            ? t('targetReached')
            : t('remainingNeeded', [formatNumber(progress.remaining, digits), formatNumber(progress.neededPerRemainingWorkingDay, 1)])}
        </span>
      </div>
      {!met && <div className="quota-sub muted">{expected}</div>}
      {progress.pending > 0 && (
        <div className="pending" data-testid="pending">
          {t('pendingCount', String(progress.pending))}
        </div>
      )}
      {inviteGuard && (
        <div className={`invite-guard level-${inviteGuard.level}`} data-testid="invite-guard" data-level={inviteGuard.level}>
          {t('inviteGuard', [formatNumber(inviteGuard.sentThisWeek), formatNumber(inviteGuard.limit)])}
          {inviteGuard.level !== 'ok' && ` — ${t(`inviteGuard_${inviteGuard.level}`)}`}
        </div>
      )}
    </section>
  );
}
