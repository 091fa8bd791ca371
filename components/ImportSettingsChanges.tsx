import { t } from '@/lib/i18n';
import type { ImportSettingsChange } from '@/lib/import-changes';
import { formatDate } from './format';

/**
 * What an import would change beyond its activities, in its preview (issue 21, point 7): the rep
 * confirms each change or keeps what is set. Keeping is chosen until the rep says otherwise.
 */
export function ImportSettingsChanges({
  changes,
  moveTrackingStart,
  onMoveTrackingStart,
}: {
  changes: readonly ImportSettingsChange[];
  moveTrackingStart: boolean;
  onMoveTrackingStart: (move: boolean) => void;
}) {
  const tracking = changes.find((change) => change.setting === 'trackingStart');
  if (!tracking) return null;
  const [from, to] = [formatDate(tracking.from), formatDate(tracking.to)];
  return (
    <fieldset className="import-changes" data-testid="import-tracking-start">
      <legend>{t('importTrackingStartChange', [to, from])}</legend>
      <label className="inline">
        <input
          type="radio"
          name="import-tracking-start"
          checked={!moveTrackingStart}
          onChange={() => onMoveTrackingStart(false)}
          data-testid="import-tracking-keep"
        />
        {t('importTrackingStartKeep', from)}
      </label>
      <label className="inline">
        <input
          type="radio"
          name="import-tracking-start"
          checked={moveTrackingStart}
          onChange={() => onMoveTrackingStart(true)}
          data-testid="import-tracking-move"
        />
        {t('importTrackingStartMove', to)}
      </label>
    </fieldset>
  );
}
