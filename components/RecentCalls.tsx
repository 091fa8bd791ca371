import { useState } from 'react';
import type { Activity, CallOutcome } from '@/lib/activity';
import { t } from '@/lib/i18n';
import { send } from '@/lib/messaging';
import { errorText } from './errorText';
import { formatShortDateTime } from './format';
import { useBackgroundVersion } from './useBackgroundChanges';
import { useRequest } from './useRequest';

/** The outcomes a rep marks by hand; busy and failed come from phone systems only. */
const ONE_CLICK_OUTCOMES: CallOutcome[] = ['connected', 'no_answer', 'voicemail', 'wrong_number'];

/**
 * Whether the phone system itself said how the call ended (Zadarma, Mango, Aircall, RingCentral read
 * through their API): its outcome is a fact, shown, not a question with buttons.
 */
export function outcomeFromPhoneSystem(call: Pick<Activity, 'outcome' | 'detection'>): boolean {
  return call.outcome !== undefined && call.detection.method === 'api';
}

/** Who a call went to, as far as it is known. */
function callee(call: Activity): string {
  const to = call.recipients[0];
  return to?.phone ?? to?.name ?? to?.address ?? call.detection.ids?.number ?? '—';
}

/**
 * The latest calls with one-click outcomes: an attempt from a phone link stays an attempt until the
 * rep says how it ended (a connected-calls quota counts it only then); a talk time is optional.
 */
export function RecentCalls({ timeZone }: { timeZone: string | undefined }) {
  const version = useBackgroundVersion();
  const calls = useRequest(() => send({ type: 'calls/recent', limit: 5 }), [version]);
  const [minutes, setMinutes] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const list = calls.data ?? [];
  if (list.length === 0) return null;

  async function mark(call: Activity, outcome: CallOutcome | null) {
    const typed = Number((minutes[call.id] ?? '').replace(',', '.'));
    const durationSec = outcome === 'connected' && typed > 0 ? Math.min(86_400, Math.round(typed * 60)) : undefined;
    try {
      await send({ type: 'activity/set-outcome', id: call.id, outcome, ...(durationSec !== undefined ? { durationSec } : {}) });
      setError(undefined);
      calls.reload();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <section className="recent-calls" aria-labelledby="recent-calls-title" data-testid="recent-calls">
      <h2 id="recent-calls-title">{t('recentCallsTitle')}</h2>
      <ul>
        {list.map((call) => (
          <li key={call.id} data-testid="recent-call" data-outcome={call.outcome ?? ''}>
            <span className="callee">{callee(call)}</span>{' '}
            <span className="hint">
              {t(`channel_${call.channel}`)} · {formatShortDateTime(call.occurredAt, timeZone)}
            </span>
            {outcomeFromPhoneSystem(call) ? (
              <div className="chips" data-testid="outcome-known">
                <span className="chip selected">{t(`outcome_${call.outcome}`)}</span>
              </div>
            ) : (
              <div className="chips" role="group" aria-label={t('callOutcome')}>
                {ONE_CLICK_OUTCOMES.map((outcome) => (
                  <button
                    key={outcome}
                    type="button"
                    className={call.outcome === outcome ? 'chip selected' : 'chip'}
                    aria-pressed={call.outcome === outcome}
                    onClick={() => void mark(call, call.outcome === outcome ? null : outcome)}
                    data-testid={`outcome-${outcome}`}
                  >
                    {t(`outcome_${outcome}`)}
                  </button>
                ))}
                {call.outcome && !ONE_CLICK_OUTCOMES.includes(call.outcome) && (
                  <span className="chip selected">{t(`outcome_${call.outcome}`)}</span>
                )}
              </div>
            )}
            {call.channel === 'phone' && (
              <label className="inline hint">
                {t('callMinutes')}
                <input
                  inputMode="decimal"
                  size={4}
                  value={minutes[call.id] ?? (call.durationSec ? String(Math.round(call.durationSec / 6) / 10) : '')}
                  onChange={(e) => setMinutes({ ...minutes, [call.id]: e.target.value })}
                  data-testid="call-minutes"
                />
              </label>
            )}
          </li>
        ))}
      </ul>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
