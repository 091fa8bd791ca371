import { useId } from 'react';
import { SIGNAL_KINDS } from '@/lib/activity';
import { t } from '@/lib/i18n';
import type { QuotaSignal } from '@/lib/settings';
import { FieldError } from './FieldError';

/**
 * Signals to act on (issue 15, point 4): a quota's "only people who engaged with me first" filter —
 * which ways of engaging count, and on which of the rep's topics (Options → Topics you post about).
 * Turned on, it starts with "commented"; the topic is any unless one is chosen.
 */
export function QuotaSignalField({
  signal,
  topics,
  onChange,
  error,
}: {
  signal: QuotaSignal | undefined;
  /** The rep's topic labels, offered in the list; another label can still be typed. */
  topics: readonly string[];
  onChange: (signal: QuotaSignal | undefined) => void;
  error?: string | undefined;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className="quota-signal" data-testid="quota-signal">
      <label className="inline">
        <input
          type="checkbox"
          checked={signal !== undefined}
          onChange={(e) => onChange(e.target.checked ? { kinds: ['commented'] } : undefined)}
          data-testid="quota-signal-on"
        />
        {t('quotaSignal')}
      </label>
      {signal && (
        <>
          <p className="muted">{t('quotaSignalHint')}</p>
          <div role="group" aria-label={t('quotaSignal')} {...(error ? { 'aria-describedby': errorId } : {})}>
            {SIGNAL_KINDS.map((kind) => (
              <label key={kind} className="inline">
                <input
                  type="checkbox"
                  checked={signal.kinds.includes(kind)}
                  onChange={(e) =>
                    onChange({ ...signal, kinds: e.target.checked ? [...signal.kinds, kind] : signal.kinds.filter((k) => k !== kind) })
                  }
                  data-testid={`quota-signal-${kind}`}
                />
                {t(`signal_${kind}`)}
              </label>
            ))}
            <FieldError id={errorId} message={error} />
          </div>
          <label>
            {t('quotaSignalTopic')}
            <input
              list={`${id}-topics`}
              value={signal.topic ?? ''}
              placeholder={t('quotaSignalAnyTopic')}
              maxLength={60}
              onChange={(e) => {
                const { topic: _previous, ...rest } = signal;
                onChange(e.target.value.trim() ? { ...rest, topic: e.target.value } : rest);
              }}
              data-testid="quota-signal-topic"
            />
            <datalist id={`${id}-topics`}>
              {topics.map((topic) => (
                <option key={topic} value={topic} />
              ))}
            </datalist>
          </label>
        </>
      )}
    </div>
  );
}
