import { useEffect, useState } from 'react';
import { formatShortDateTime } from '@/components/format';
import { kindLabel } from '@/components/kindLabels';
import { formatNumber, t } from '@/lib/i18n';
import type { CustomKind } from '@/lib/kinds';
import type { ProgressReport } from '@/lib/quota/progress';

/** Activities still in their undo window (or scheduled), each with when it will count. */
export function PendingList({
  pending,
  timeZone,
  onDue,
  customKinds,
}: {
  pending: ProgressReport['pending'];
  timeZone: string | undefined;
  onDue: () => void;
  customKinds: readonly CustomKind[];
}) {
  // Counts down without asking the background again.
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (pending.length === 0) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [pending.length]);
  // When an undo window ends the numbers change: read them again then (the background confirms at that moment too).
  const nextDue = Math.min(...pending.map((p) => p.confirmAt ?? Infinity));
  useEffect(() => {
    if (!Number.isFinite(nextDue) || nextDue - Date.now() > 10 * 60_000) return;
    const timer = setTimeout(onDue, Math.max(0, nextDue - Date.now()) + 300);
    return () => clearTimeout(timer);
  }, [nextDue, onDue]);
  if (pending.length === 0) return null;
  return (
    <ul className="pending-list" data-testid="pending-all" aria-label={t('pendingTitle')}>
      {pending.map((p) => {
        const kind = kindLabel(p.kind, customKinds);
        const what = p.to ? t('kindTo', [kind, p.to]) : kind;
        const seconds = p.confirmAt === null ? null : Math.max(0, Math.ceil((p.confirmAt - now) / 1000));
        const when =
          seconds === null
            ? t('pendingScheduled', formatShortDateTime(p.occurredAt, timeZone))
            : seconds > 90
              ? t('pendingCountsAt', formatShortDateTime(p.confirmAt!, timeZone))
              : t('pendingCountsIn', formatNumber(seconds));
        return (
          <li key={p.id}>
            {what} — {when}
          </li>
        );
      })}
    </ul>
  );
}
