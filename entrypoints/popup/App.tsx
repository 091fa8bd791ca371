import { useEffect, useId, useState } from 'react';
import { browser } from 'wxt/browser';
import { QuotaCard } from '@/components/QuotaCard';
import { TabStatus } from '@/components/TabStatus';
import { errorText } from '@/components/errorText';
import { formatShortDateTime } from '@/components/format';
import { useBackgroundVersion } from '@/components/useBackgroundChanges';
import { useProgress } from '@/components/useProgress';
import type { EarlyProgress } from '@/lib/kept-progress';
import { useRequest } from '@/components/useRequest';
import type { ActivityKind } from '@/lib/activity';
import { formatNumber, t, uiLocale } from '@/lib/i18n';
import { send, sendUntilAnswered } from '@/lib/messaging';
import type { ManualEntry } from '@/lib/messages';
import type { ProgressReport } from '@/lib/quota/progress';
import type { Quota } from '@/lib/settings';

const ONE_CLICK: ManualEntry['kind'][] = ['call', 'meeting', 'opportunity'];
const CURRENCY = /^[A-Z]{3}$/;
export const NUMBERS_MARK = 'quota-radar:numbers-shown';

export function App({ early }: { early?: EarlyProgress } = {}) {
  const { report, updating, error, refresh } = useProgress(early);
  // The quotas' kinds say which card the invitation guard belongs to; the settings' zone says what
  // "today" is (the engine's day, not the browser's).
  const config = useRequest(() => send({ type: 'settings/get' }), [useBackgroundVersion()]).data;
  const quotas = config?.quotas;
  const zone = config?.settings.timeZone;
  const [status, setStatus] = useState<string>();
  const [dealOpen, setDealOpen] = useState(false);

  // Marks the first frame that shows the current numbers (not the kept ones); `npm run bench` reads
  // it (time since the popup opened).
  useEffect(() => {
    if (report && !updating && performance.getEntriesByName(NUMBERS_MARK).length === 0) {
      requestAnimationFrame(() => performance.mark(NUMBERS_MARK));
    }
  }, [report, updating]);

  async function log(entry: ManualEntry): Promise<boolean> {
    try {
      // One id per click: if the worker stops mid-write, the resend records the entry once.
      await sendUntilAnswered({ type: 'activity/log', entry, requestId: crypto.randomUUID() });
      setStatus(t('logged', t(`kind_${entry.kind}`)));
      return true;
    } catch (e) {
      setStatus(errorText(e));
      return false;
    } finally {
      refresh();
    }
  }

  async function undo() {
    const undone = await send({ type: 'activity/undo-last' }).catch(() => null);
    setStatus(undone ? t('undone', t(`kind_${undone.kind}`)) : t('nothingToUndo'));
    refresh();
  }

  return (
    <main className="popup">
      <header>
        <h1>{t('extName')}</h1>
        <time>{new Intl.DateTimeFormat(uiLocale(), { weekday: 'short', day: 'numeric', month: 'short', ...(zone ? { timeZone: zone } : {}) }).format(new Date())}</time>
      </header>
      <TabStatus />
      {error && <p role="alert" className="error">{error}</p>}
      {!report && !error && <p>{t('loading')}</p>}
      {updating && (
        <p className="muted updating" role="status" data-testid="progress-updating">
          {t('progressUpdating')}
        </p>
      )}
      {report && (
        <>
          <div className="quotas" data-testid={updating ? 'kept-quotas' : 'quotas'} aria-busy={updating}>
            {report.quotas.length === 0 && <p className="muted">{t('noQuotas')}</p>}
            {report.quotas.map((q, i) => (
              <QuotaCard key={q.quotaId} progress={q} inviteGuard={i === socialIndex(report, quotas) ? report.inviteGuard : undefined} />
            ))}
          </div>
          {socialIndex(report, quotas) < 0 && report.inviteGuard.sentThisWeek > 0 && (
            <p className={`invite-guard level-${report.inviteGuard.level}`} data-testid="invite-guard" data-level={report.inviteGuard.level}>
              {t('inviteGuard', [formatNumber(report.inviteGuard.sentThisWeek), formatNumber(report.inviteGuard.limit)])}
            </p>
          )}
          <Today report={report} />
          <p className="streak" data-testid="streak">
            {report.streak > 0 ? t('streakDays', formatNumber(report.streak)) : t('streakNone')}
          </p>
          <PendingList pending={report.pending} timeZone={zone} />
        </>
      )}
      <div className="actions" role="group" aria-label={t('logTitle')}>
        {ONE_CLICK.map((kind) => (
          <button key={kind} type="button" onClick={() => void log({ kind })} data-testid={`log-${kind}`}>
            + {t(`kind_${kind}`)}
          </button>
        ))}
        <button type="button" onClick={() => setDealOpen((o) => !o)} aria-expanded={dealOpen} aria-controls="deal-form" data-testid="log-deal">
          + {t('kind_deal')}…
        </button>
        <button type="button" className="secondary" onClick={() => void undo()} data-testid="undo">
          {t('undoLast')}
        </button>
      </div>
      {dealOpen && (
        <DealForm
          onCancel={() => setDealOpen(false)}
          onSubmit={async (entry) => {
            if (await log(entry)) setDealOpen(false);
          }}
        />
      )}
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

/**
 * The invitation guard goes next to the first quota that counts LinkedIn invitations, whatever the
 * rep named or numbered it; with no such quota it stands alone below the cards.
 */
function socialIndex(report: ProgressReport, quotas: readonly Quota[] | undefined): number {
  const countsInvites = new Set((quotas ?? []).filter((q) => q.kinds.includes('linkedin_invite')).map((q) => q.id));
  return report.quotas.findIndex((q) => countsInvites.has(q.quotaId));
}

function Today({ report }: { report: ProgressReport }) {
  const entries = Object.entries(report.today) as [ActivityKind, number][];
  return (
    <div className="today" data-testid="today">
      <strong>{t('today')}:</strong>{' '}
      {entries.length === 0 ? (
        t('nothingYet')
      ) : (
        <ul className="chips">
          {entries.map(([kind, n]) => (
            <li key={kind}>
              {t(`kind_${kind}`)}: {formatNumber(n)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function PendingList({ pending, timeZone }: { pending: ProgressReport['pending']; timeZone: string | undefined }) {
  // Counts down without asking the background again.
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (pending.length === 0) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [pending.length]);
  if (pending.length === 0) return null;
  return (
    <ul className="pending-list" data-testid="pending-all" aria-label={t('pendingTitle')}>
      {pending.map((p) => {
        const what = p.to ? t('kindTo', [t(`kind_${p.kind}`), p.to]) : t(`kind_${p.kind}`);
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

function DealForm({ onSubmit, onCancel }: { onSubmit: (entry: ManualEntry) => Promise<void>; onCancel: () => void }) {
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('USD');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string>();
  const problemId = useId();
  // Which field the problem is about, so that only that field points at it.
  const described = (message: string) => (problem === message ? { 'aria-invalid': true as const, 'aria-describedby': problemId } : { 'aria-invalid': false as const });

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const entry: ManualEntry = { kind: 'deal' };
    if (amount.trim() !== '') {
      const value = Number(amount.replace(',', '.'));
      if (!Number.isFinite(value) || value < 0) return setProblem(t('badAmount'));
      const code = currency.trim().toUpperCase();
      if (!CURRENCY.test(code)) return setProblem(t('badCurrency'));
      entry.amount = value;
      entry.currency = code;
    }
    if (note.trim()) entry.note = note.trim();
    setProblem(undefined);
    void onSubmit(entry);
  }

  return (
    <form id="deal-form" className="deal-form" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onCancel()} data-testid="deal-form">
      <label>
        {t('dealAmount')}
        <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} autoFocus data-testid="deal-amount" {...described(t('badAmount'))} />
      </label>
      <label>
        {t('dealCurrency')}
        <input value={currency} maxLength={3} size={4} onChange={(e) => setCurrency(e.target.value)} data-testid="deal-currency" {...described(t('badCurrency'))} />
      </label>
      <label className="grow">
        {t('dealNote')}
        <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} data-testid="deal-note" />
      </label>
      {problem && <span id={problemId} className="field-error" role="alert">{problem}</span>}
      <div className="form-actions">
        <button type="submit" data-testid="deal-save">{t('logDeal')}</button>
        <button type="button" className="secondary" onClick={onCancel}>{t('cancel')}</button>
      </div>
    </form>
  );
}
