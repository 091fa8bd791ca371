import { kindLabel } from '@/components/kindLabels';
import type { ActivityKind } from '@/lib/activity';
import { formatNumber, t } from '@/lib/i18n';
import type { CustomKind } from '@/lib/kinds';
import type { ProgressReport } from '@/lib/quota/progress';

/** Today's counts by kind, as chips ("Call: 3"). */
export function Today({ report, customKinds }: { report: ProgressReport; customKinds: readonly CustomKind[] }) {
  const entries = Object.entries(report.today) as [ActivityKind, number][];
  return (
    <div className="today" data-testid="today">
      <strong>{t('today')}:</strong>{' '}
      {entries.length === 0 ? (
        t('nothingYet')
      ) : (
        <ul className="chips">
          {entries.map(([kind, n]) => (
            <li key={kind}>
              {kindLabel(kind, customKinds)}: {formatNumber(n)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
