import { formatNumber, t, uiLocale } from '@/lib/i18n';
import type { InviteGuard, QuotaProgress } from '@/lib/quota/progress';
import { wholeUp } from '@/lib/quota/targets';
import { formatMeasure } from './amount';
import { formatDate } from './format';

/**
 * One quota: a bar with a marker where pace says the rep should be, the pace in words, what is left.
 * Its "more today" is the engine's `neededToday`, the badge's number too; "expected by now" is rounded
 * up as that number is (`wholeUp`), so the two never read 37 and 38 (issue 21, points 5 and 6).
 */
export function QuotaCard({ progress, inviteGuard }: { progress: QuotaProgress; inviteGuard?: InviteGuard }) {
  const { done, target, expectedByNow, pace, met, asked } = progress;
  const scale = Math.max(target, done, 1);
  const donePercent = Math.min(100, (done / scale) * 100);
  const pacePercent = Math.min(100, (expectedByNow / scale) * 100);
  const paceLabel = !asked ? t('paceNotAsked') : met ? t('paceMet') : t(`pace_${pace}`);
  const locale = uiLocale();
  // Counts in whole numbers, amounts in whole units of the quota's currency ("$4,091", not "4,090.91").
  const show = (value: number, digits = 0) => formatMeasure(value, progress.measure, progress.currency, locale, digits);
  const expected = t('expectedByNow', show(wholeUp(expectedByNow)));
  const noDaysLeft = progress.workingDays.remaining <= 1e-9;
  return (
    <section className="quota" data-quota={progress.quotaId} data-pace={pace} aria-label={progress.name}>
      <div className="quota-head">
        <h2>{progress.name}</h2>
        <span className="quota-numbers" data-testid="done-target">
          {show(done)} / {asked ? show(target) : '—'}
        </span>
      </div>
      <div
        className="bar"
        role="progressbar"
        aria-label={progress.name}
        aria-valuemin={0}
        aria-valuemax={target}
        aria-valuenow={done}
        aria-valuetext={`${t('progressAria', [show(done), show(target), paceLabel])}; ${expected}`}
      >
        <div className={`bar-fill fill-${pace}`} style={{ width: `${donePercent}%` }} />
        <div className="bar-pace" style={{ left: `calc(${pacePercent}% - 1px)` }} title={expected} />
      </div>
      <div className="quota-foot">
        <span className={`pace pace-${!asked ? 'none' : met ? 'met' : pace}`} data-testid="pace">
          <span aria-hidden="true">{!asked ? '○' : met ? '✓' : pace === 'ahead' || pace === 'on_track' ? '●' : '▲'} </span>
          {paceLabel}
        </span>
        <span data-testid="remaining">
          {!asked
            ? progress.trackedFrom !== null
              ? t('notAskedSinceStart', formatDate(progress.trackedFrom))
              : t('notAskedNoWorkingDays')
            : met
              ? t('targetReached')
              : noDaysLeft
                ? t('remainingNoWorkingDays', show(progress.remaining))
                : t('remainingNeeded', [show(progress.remaining), show(progress.neededPerRemainingWorkingDay, 1)])}
        </span>
      </div>
      {asked && !met && <div className="quota-sub muted">{expected}</div>}
      {asked && !met && progress.measure !== 'sum' && progress.neededToday >= 1 && (
        // The badge shows this number for the quota furthest behind: the two must read the same.
        <div className="quota-sub muted" data-testid="needed-today">
          {t('neededTodayLine', show(progress.neededToday))}
        </div>
      )}
      {asked && progress.trackedFrom !== null && (
        <div className="quota-sub muted" data-testid="tracked-from">
          {t('trackedFrom', [formatDate(progress.trackedFrom), show(progress.fullTarget)])}
        </div>
      )}
      {progress.pending > 0 && (
        <div className="pending" data-testid="pending">
          {t('pendingCount', String(progress.pending))}
        </div>
      )}
      {/* Only once LinkedIn invitations were seen: "0 of 100 invitations" means nothing to a rep who never uses LinkedIn. */}
      {inviteGuard && inviteGuard.sentThisWeek > 0 && (
        <div className={`invite-guard level-${inviteGuard.level}`} data-testid="invite-guard" data-level={inviteGuard.level}>
          {t('inviteGuard', [formatNumber(inviteGuard.sentThisWeek), formatNumber(inviteGuard.limit)])}
          {inviteGuard.level !== 'ok' && ` — ${t(`inviteGuard_${inviteGuard.level}`)}`}
        </div>
      )}
    </section>
  );
}
