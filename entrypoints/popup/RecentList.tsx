import { describeActivity, quotaNames, recipientsText, statusText, subtypeText } from '@/components/activityWords';
import { formatAmount } from '@/components/amount';
import { formatShortDateTime } from '@/components/format';
import { kindLabel } from '@/components/kindLabels';
import { useBackgroundVersion } from '@/components/useBackgroundChanges';
import { useRequest } from '@/components/useRequest';
import type { Activity } from '@/lib/activity';
import { formatNumber, t, tCount, uiLocale } from '@/lib/i18n';
import type { CustomKind } from '@/lib/kinds';
import { send } from '@/lib/messaging';
import { countingOf } from '@/lib/quota/counting';
import type { Quota, Settings } from '@/lib/settings';

/** How many of the latest activities the popup lists, to check what was captured. */
const RECENT_COUNT = 5;

/**
 * The last few activities, captured or logged, with where they came from: the rep can see what was
 * captured and remove a wrong one (it stays in History as deleted, and can be restored there).
 */
export function RecentList({
  quotas,
  settings,
  customKinds,
  onRemoved,
}: {
  quotas: Quota[];
  settings: Settings;
  customKinds: readonly CustomKind[];
  onRemoved: (activity: Activity) => void;
}) {
  const changes = useBackgroundVersion();
  const { data, reload } = useRequest(
    () => send({ type: 'activity/list', filter: { statuses: ['counted', 'pending'] }, offset: 0, limit: RECENT_COUNT, withTotal: false }),
    [changes],
  );
  if (!data || data.items.length === 0) return null;
  const now = Date.now();
  return (
    <section className="recent" aria-labelledby="recent-title">
      <h2 id="recent-title">{t('recentTitle')}</h2>
      <ul data-testid="recent">
        {data.items.map((a) => {
          const who = recipientsText(a);
          const counting = countingOf(a, quotas, settings, now);
          return (
            <li key={a.id} data-testid="recent-item" data-id={a.id}>
              <span className="recent-what">
                <strong>{kindLabel(a.kind, customKinds)}</strong>
                {/* A deal says how much ("Deal · $12,500"), as History does. */}
                {a.amount !== undefined && <span data-testid="recent-amount"> · {formatAmount(a.amount, a.currency, uiLocale())}</span>}
                {a.units !== undefined && <span> · {tCount('unitsCount', a.units, formatNumber(a.units))}</span>}
                {a.subtype && <span className="muted"> · {subtypeText(a.subtype)}</span>}
                {who && <> — {who}</>}
              </span>
              <span className="recent-meta muted">
                {t(`channel_${a.channel}`)} · {formatShortDateTime(a.occurredAt, settings.timeZone)} ·{' '}
                {statusText(a, counting.reason, false, quotaNames(counting.leftOutBySignal, quotas))}
              </span>
              <button
                type="button"
                className="link small"
                aria-label={t('removeNamed', describeActivity(a, customKinds))}
                onClick={async () => {
                  const removed = await send({ type: 'activity/retract', id: a.id }).catch(() => null);
                  if (removed) onRemoved(removed);
                  reload();
                }}
                data-testid="recent-remove"
              >
                {t('remove')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
