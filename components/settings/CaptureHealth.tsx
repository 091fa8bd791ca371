import { formatNumber, t, tCount } from '@/lib/i18n';
import { send } from '@/lib/messaging';
import { formatShortDateTime } from '../format';
import { useBackgroundVersion } from '../useBackgroundChanges';
import { useRequest } from '../useRequest';

/** A source's name as the rep knows it: its channel's label where there is one. */
function sourceName(source: string): string {
  const label = t(`channel_${source}`);
  return label === `channel_${source}` ? source : label;
}

/**
 * Requests a capture source watches but did not understand (a site changed its format). Shown so
 * that the rep notices the day it happens, not at the end of the month.
 */
export function CaptureHealth({ timeZone }: { timeZone: string }) {
  const version = useBackgroundVersion();
  const failures = useRequest(() => send({ type: 'capture/failures' }), [version]);
  const rows = Object.entries(failures.data ?? {}).sort(([, a], [, b]) => b.lastAt - a.lastAt);
  return (
    <div className="capture-health" data-testid="capture-health" aria-live="polite">
      <h3>{t('captureHealthTitle')}</h3>
      {rows.length === 0 ? (
        <p className="hint">{t('captureHealthNone')}</p>
      ) : (
        <>
          <ul>
            {rows.map(([source, f]) => (
              <li key={source} className="warning" data-testid={`capture-failure-${source}`}>
                {tCount('captureHealthLine', f.count, [sourceName(source), formatNumber(f.count), formatShortDateTime(f.since, timeZone)])}{' '}
                <span className="hint">{t(f.reason === 'threw' ? 'captureHealthThrew' : 'captureHealthInvalid')}</span>
              </li>
            ))}
          </ul>
          <button
            type="button"
            onClick={() => {
              void send({ type: 'capture/failures-clear' }).then(failures.reload);
            }}
          >
            {t('captureHealthClear')}
          </button>
        </>
      )}
    </div>
  );
}
