import { useState } from 'react';
import { browser } from 'wxt/browser';
import { QuotaCard } from '@/components/QuotaCard';
import { useProgress } from '@/components/useProgress';
import { formatNumber, t, uiLocale } from '@/lib/i18n';
import { send } from '@/lib/messaging';
import type { ManualEntry } from '@/lib/messages';

const LOGGABLE: ManualEntry['kind'][] = ['call', 'meeting', 'opportunity'];

export function App() {
  const { report, error, refresh } = useProgress();
  const [status, setStatus] = useState<string>();

  async function log(kind: ManualEntry['kind']) {
    try {
      await send({ type: 'activity/log', entry: { kind } });
      setStatus(t('logged', t(`kind_${kind}`)));
    } catch (e) {
      setStatus(e instanceof Error ? e.message : String(e));
    }
    await refresh();
  }

  async function undo() {
    const undone = await send({ type: 'activity/undo-last' }).catch(() => null);
    setStatus(undone ? t('undone', t(`kind_${undone.kind}`)) : t('nothingToUndo'));
    await refresh();
  }

  const today = report
    ? Object.entries(report.today)
        .map(([kind, n]) => `${t(`kind_${kind}`)}: ${formatNumber(n)}`)
        .join(' · ')
    : '';

  return (
    <main className="popup">
      <header>
        <h1>{t('extName')}</h1>
        <time>{new Intl.DateTimeFormat(uiLocale(), { weekday: 'short', day: 'numeric', month: 'short' }).format(new Date())}</time>
      </header>
      {error && <p role="alert" className="error">{error}</p>}
      {!report && !error && <p>{t('loading')}</p>}
      {report && (
        <>
          <div className="quotas" data-testid="quotas">
            {report.quotas.map((q) => (
              <QuotaCard key={q.quotaId} progress={q} />
            ))}
          </div>
          <p className="today" data-testid="today">
            <strong>{t('today')}:</strong> {today || t('nothingYet')}
          </p>
          <p className="streak" data-testid="streak">
            {t('streakDays', String(report.streak))}
          </p>
          {report.pending.length > 0 && (
            <p className="pending" data-testid="pending-all">
              {t('pendingCaptures', String(report.pending.length))}
            </p>
          )}
        </>
      )}
      <div className="actions">
        {LOGGABLE.map((kind) => (
          <button key={kind} type="button" onClick={() => void log(kind)} data-testid={`log-${kind}`}>
            + {t(`kind_${kind}`)}
          </button>
        ))}
        <button type="button" className="secondary" onClick={() => void undo()} data-testid="undo">
          {t('undoLast')}
        </button>
      </div>
      <p className="status" role="status" aria-live="polite" data-testid="status">
        {status}
      </p>
      <footer>
        <button type="button" className="link" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('openOptions')}
        </button>
      </footer>
    </main>
  );
}
