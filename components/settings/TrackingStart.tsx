import { useId, useState } from 'react';
import { toZonedInput, zonedDayStart } from '@/lib/format/zoned-time';
import { t } from '@/lib/i18n';
import { send } from '@/lib/messaging';
import { errorText } from '../errorText';
import { FieldError } from '../FieldError';
import { errorAttributes } from '../fieldErrors';
import { formatDate } from '../format';

/**
 * When counting started: set at install, so that a fresh install is not "at risk" for the days
 * before it existed. A rep whose manager counts whole months moves it back to the first.
 */
export function TrackingStart({ since: initial, timeZone }: { since: number; timeZone: string }) {
  const id = useId();
  const [since, setSince] = useState(initial);
  const [day, setDay] = useState(toZonedInput(initial, timeZone).slice(0, 10));
  const [problem, setProblem] = useState<string>();
  const [status, setStatus] = useState<string>();

  async function save() {
    const start = zonedDayStart(day, timeZone);
    if (start === undefined) return setProblem(t('issueWithField', [t('trackingStartLabel'), t('issueDate')]));
    if (start > Date.now()) return setProblem(t('issueWithField', [t('trackingStartLabel'), t('issueFuture')]));
    try {
      setSince(await send({ type: 'tracking/set', since: start }));
      setProblem(undefined);
      setStatus(t('saved'));
    } catch (e) {
      setProblem(errorText(e));
    }
  }

  return (
    <div className="tracking-start" data-testid="tracking-start">
      <p className="hint">{t('trackingStartHint', formatDate(since))}</p>
      <label>
        {t('trackingStartLabel')}
        <input
          type="date"
          value={day}
          onChange={(e) => {
            setDay(e.target.value);
            setStatus(undefined);
          }}
          {...errorAttributes(`${id}-since`, problem)}
          data-testid="tracking-start-day"
        />
        <FieldError id={`${id}-since`} message={problem} />
      </label>
      <button type="button" className="secondary" onClick={() => void save()} data-testid="tracking-start-save">
        {t('trackingStartSave')}
      </button>{' '}
      <span role="status">{status}</span>
    </div>
  );
}
