import { SIGNAL_KINDS, type SignalKind } from '@/lib/activity';
import { t } from '@/lib/i18n';

export interface SignalTag {
  kind: SignalKind | '';
  topic: string;
}

/**
 * Signals to act on (issue 15, point 4): on a manual entry, the rep can say the person engaged with
 * them first (commented, reacted, mentioned) and on which topic, for the sources that cannot tell.
 */
export function SignalTagField({ value, onChange }: { value: SignalTag; onChange: (value: SignalTag) => void }) {
  return (
    <>
      <label className="grow">
        {t('signalEngagedFirst')}
        <select
          value={value.kind}
          onChange={(e) => onChange({ ...value, kind: e.target.value as SignalTag['kind'] })}
          data-testid="entry-signal"
        >
          <option value="">{t('signalNone')}</option>
          {SIGNAL_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`signal_${kind}`)}
            </option>
          ))}
        </select>
      </label>
      {value.kind && (
        <label className="grow">
          {t('quotaSignalTopic')}
          <input
            value={value.topic}
            maxLength={60}
            placeholder={t('quotaSignalAnyTopic')}
            onChange={(e) => onChange({ ...value, topic: e.target.value })}
            data-testid="entry-signal-topic"
          />
        </label>
      )}
    </>
  );
}

/** The entry's `signal` field, or none. */
export function signalOfTag(tag: SignalTag): { kind: SignalKind; topic?: string } | undefined {
  if (!tag.kind) return undefined;
  return tag.topic.trim() ? { kind: tag.kind, topic: tag.topic.trim() } : { kind: tag.kind };
}
