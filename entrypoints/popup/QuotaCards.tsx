import { QuotaCard } from '@/components/QuotaCard';
import { formatNumber, t } from '@/lib/i18n';
import type { ProgressReport } from '@/lib/quota/progress';
import type { Quota } from '@/lib/settings';

/** The quota cards, the invitation guard beside the LinkedIn quota (or alone below them). */
export function QuotaCards({
  report,
  quotas,
  updating,
}: {
  report: ProgressReport;
  quotas: readonly Quota[] | undefined;
  updating: boolean;
}) {
  const social = socialIndex(report, quotas);
  return (
    <>
      <div className="quotas" data-testid={updating ? 'kept-quotas' : 'quotas'} aria-busy={updating}>
        {report.quotas.length === 0 && <p className="muted">{t('noQuotas')}</p>}
        {report.quotas.map((q, i) => (
          <QuotaCard key={q.quotaId} progress={q} inviteGuard={i === social ? report.inviteGuard : undefined} />
        ))}
      </div>
      {social < 0 && report.inviteGuard.sentThisWeek > 0 && (
        <p className={`invite-guard level-${report.inviteGuard.level}`} data-testid="invite-guard" data-level={report.inviteGuard.level}>
          {t('inviteGuard', [formatNumber(report.inviteGuard.sentThisWeek), formatNumber(report.inviteGuard.limit)])}
        </p>
      )}
    </>
  );
}

/**
 * The invitation guard goes next to the first quota that counts LinkedIn invitations, whatever the
 * rep named or numbered it; with no such quota it stands alone below the cards.
 */
function socialIndex(report: ProgressReport, quotas: readonly Quota[] | undefined): number {
  const countsInvites = new Set((quotas ?? []).filter((q) => q.kinds.includes('linkedin_invite')).map((q) => q.id));
  return report.quotas.findIndex((q) => countsInvites.has(q.quotaId));
}
