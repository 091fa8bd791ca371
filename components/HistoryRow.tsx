import { memo } from 'react';
import type { Activity } from '@/lib/activity';
import { formatNumber, t, tCount, uiLocale } from '@/lib/i18n';
import type { CustomKind } from '@/lib/kinds';
import type { Request } from '@/lib/messages';
import { countingOf } from '@/lib/quota/counting';
import type { Quota, Settings } from '@/lib/settings';
import { idLabel, personOf, quotaNames, signalsText, statusText, subtypeText } from './activityWords';
import { formatAmount } from './amount';
import { formatShortDateTime } from './format';
import { kindLabel } from './kindLabels';

interface RowProps {
  activity: Activity;
  quotas: Quota[];
  settings?: Settings;
  timeZone: string;
  customKinds: readonly CustomKind[];
  /** Undone on this page (its restore is offered elsewhere). */
  undone: boolean;
  act: (request: Request) => Promise<void>;
  edit: (id: string) => void;
}

/**
 * One History row. Memoized on what it shows (the activity's id, version and status, and the page's
 * settings, never the callbacks): a page asked again after a capture renders only its new and
 * changed rows, and the options page shares its renderer with the open popup.
 */
export const HistoryRow = memo(
  function HistoryRow({ activity: a, quotas, settings, timeZone, customKinds, undone, act, edit }: RowProps) {
    const counting = settings ? countingOf(a, quotas, settings, Date.now()) : undefined;
    return (
      <tr className={`status-${a.status}`} data-testid="history-row" data-id={a.id}>
        <td className="when">{formatShortDateTime(a.occurredAt, timeZone)}</td>
        <td>
          <strong>{kindLabel(a.kind, customKinds)}</strong>
          {a.subtype && <span className="muted"> · {subtypeText(a.subtype)}</span>}
          {(a.subject || a.note) && <div className="muted clip">{a.subject ?? a.note}</div>}
          {a.amount !== undefined && <div>{formatAmount(a.amount, a.currency, uiLocale())}</div>}
          {a.signals?.length ? (
            <div className="muted" data-testid="row-signal">
              {signalsText(a)}
            </div>
          ) : null}
          {a.units !== undefined && <div data-testid="history-units">{tCount('unitsCount', a.units, formatNumber(a.units))}</div>}
        </td>
        <td className="clip">
          <People activity={a} />
        </td>
        <td>
          <Why activity={a} />
        </td>
        <td data-testid="row-status">
          {statusText(
            a,
            counting ? counting.reason : a.status === 'pending' ? 'pending' : null,
            undone,
            quotaNames(counting?.leftOutBySignal ?? [], quotas),
          )}
        </td>
        <td className="row-actions">
          {a.status === 'retracted' && undone ? null : a.status === 'retracted' ? (
            <button type="button" className="secondary small" onClick={() => void act({ type: 'activity/restore', id: a.id })}>
              {t('restore')}
            </button>
          ) : (
            <button
              type="button"
              className="secondary small"
              onClick={() => void act({ type: 'activity/retract', id: a.id })}
              data-testid="row-delete"
            >
              {t('delete')}
            </button>
          )}
          {a.channel === 'manual' && (
            <button type="button" className="secondary small" onClick={() => edit(a.id)} data-testid="row-edit">
              {t('edit')}
            </button>
          )}
        </td>
      </tr>
    );
  },
  (before, after) =>
    before.activity.id === after.activity.id &&
    before.activity.updatedAt === after.activity.updatedAt &&
    before.activity.status === after.activity.status &&
    before.undone === after.undone &&
    before.quotas === after.quotas &&
    before.settings === after.settings &&
    before.timeZone === after.timeZone &&
    before.customKinds === after.customKinds,
);

/** Who it went to: names or addresses, a LinkedIn profile as a link (never its raw id). */
function People({ activity }: { activity: Activity }) {
  if (activity.recipients.length === 0) return <>—</>;
  return (
    <>
      {activity.recipients.map((r, i) => {
        const person = personOf(r);
        return (
          <span key={i}>
            {i > 0 && ', '}
            {person.href ? (
              <a href={person.href} target="_blank" rel="noreferrer">
                {person.text}
              </a>
            ) : (
              person.text
            )}
          </span>
        );
      })}
    </>
  );
}

/** Why it counted: where it was seen, how, and the provider's ids that prove it. */
function Why({ activity }: { activity: Activity }) {
  const { detection } = activity;
  const ids = Object.entries(detection.ids ?? {});
  return (
    <details className="why">
      <summary>
        {t(`channel_${activity.channel}`)} · {t(`method_${detection.method.replace('-', '_')}`)}
      </summary>
      <dl>
        {detection.source && (
          <>
            <dt>{t('whySource')}</dt>
            <dd title={detection.source}>{t('whySourceRequest', t(`channel_${activity.channel}`))}</dd>
          </>
        )}
        <dt>{t('whyAccount')}</dt>
        <dd>{activity.account}</dd>
        {ids.map(([key, value]) => (
          <div key={key}>
            <dt>{idLabel(key)}</dt>
            <dd>{/Kind$/.test(key) ? subtypeText(value) : <code className="clip">{value}</code>}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
