import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { describeActivity, quotaNames, recipientsText, statusText, subtypeText } from '@/components/activityWords';
import { formatAmount } from '@/components/amount';
import { CrmWarning } from '@/components/CrmWarning';
import { errorText } from '@/components/errorText';
import { formatShortDateTime } from '@/components/format';
import { kindLabel, useCustomKinds } from '@/components/kindLabels';
import { QuotaCard } from '@/components/QuotaCard';
import { RecentCalls } from '@/components/RecentCalls';
import { TabStatus } from '@/components/TabStatus';
import { useBackgroundVersion } from '@/components/useBackgroundChanges';
import { useProgress } from '@/components/useProgress';
import { useRequest } from '@/components/useRequest';
import type { Activity, ActivityKind } from '@/lib/activity';
import { localCurrency } from '@/lib/format/money';
import { formatNumber, t, tCount, uiLocale } from '@/lib/i18n';
import type { EarlyProgress } from '@/lib/kept-progress';
import type { CustomKind } from '@/lib/kinds';
import type { ManualEntry, ManualKind } from '@/lib/messages';
import { send, sendUntilAnswered } from '@/lib/messaging';
import { countingOf } from '@/lib/quota/counting';
import type { ProgressReport } from '@/lib/quota/progress';
import type { Quota, Settings } from '@/lib/settings';
import { EntryForm } from './EntryForm';

/** Logged in one click; deals and new customers open the form (amount and units). */
const ONE_CLICK: ManualKind[] = ['call', 'meeting', 'opportunity', 'demo', 'work_report'];
/** Sales: the form opens for them, asking amount and units. */
const SALE_KINDS = ['deal', 'new_customer'] as const;
/** How many of the latest activities the popup lists, to check what was captured. */
const RECENT_COUNT = 5;
export const NUMBERS_MARK = 'quota-radar:numbers-shown';

export function App({ early }: { early?: EarlyProgress } = {}) {
  const { report, updating, error, refresh } = useProgress(early);
  // The quotas' kinds say which card the invitation guard belongs to; the settings' zone says what
  // "today" is (the engine's day, not the browser's).
  const config = useRequest(() => send({ type: 'settings/get' }), [useBackgroundVersion()]).data;
  const quotas = config?.quotas;
  const zone = config?.settings.timeZone;
  const [status, setStatus] = useState<string>();
  /** The entry form, open for a kind (the deal and new customer buttons open it for a sale). */
  const [entryKind, setEntryKind] = useState<ManualKind>();
  const customKinds = useCustomKinds();
  // The rep's own kinds marked for the popup, unless hidden (or removed).
  const customButtons = customKinds.filter((k) => k.oneClick && !k.hidden && !k.archived);
  const isSale = (kind: ManualKind | undefined) => kind === 'deal' || kind === 'new_customer';
  // A deal is in the currency of the rep's last one, else the revenue quota's, else their locale's
  // (roubles in Russian): never a fixed USD the rep has to notice and change.
  const lastSale = useRequest(
    () =>
      send({
        type: 'activity/list',
        filter: { channels: ['manual'], kinds: ['deal', 'new_customer', 'opportunity'], statuses: ['counted', 'pending'] },
        offset: 0,
        limit: 20,
        // No total: the read stops at the page (or a bounded look back), whatever the history's size.
        withTotal: false,
      }),
    [useBackgroundVersion()],
  ).data?.items.find((a) => a.currency !== undefined);
  const currency = lastSale?.currency ?? quotas?.find((q) => q.measure === 'sum' && q.currency)?.currency ?? localCurrency(uiLocale());

  // Opening the popup fetches the connected phone systems' and calendars' news (the background debounces it).
  useEffect(() => {
    void send({ type: 'connectors/poll', reason: 'popup' }).catch(() => undefined);
  }, []);

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
      const logged = await sendUntilAnswered({ type: 'activity/log', entry, requestId: crypto.randomUUID() });
      // "Logged: Deal — $12,500": the amount as it will count, so a misread is seen at once.
      setStatus(t('logged', describeActivity(logged, customKinds)));
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
    setStatus(undone ? t('undone', describeActivity(undone, customKinds)) : t('nothingToUndo'));
    refresh();
  }

  return (
    <main className="popup" data-testid="popup">
      <header>
        <h1>{t('extName')}</h1>
        <time>
          {new Intl.DateTimeFormat(uiLocale(), {
            weekday: 'short',
            day: 'numeric',
            month: 'short',
            ...(zone ? { timeZone: zone } : {}),
          }).format(new Date())}
        </time>
      </header>
      <TabStatus />
      <CrmWarning />
      {/* Everything that grows with the quotas scrolls; the log buttons below stay in sight (a popup is at most 600 px tall). */}
      <div className="scroll" data-testid="popup-scroll">
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
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
              <p
                className={`invite-guard level-${report.inviteGuard.level}`}
                data-testid="invite-guard"
                data-level={report.inviteGuard.level}
              >
                {t('inviteGuard', [formatNumber(report.inviteGuard.sentThisWeek), formatNumber(report.inviteGuard.limit)])}
              </p>
            )}
            <Today report={report} customKinds={customKinds} />
            <p className="streak" data-testid="streak">
              {report.streak > 0 ? t('streakDays', formatNumber(report.streak)) : t('streakNone')}
            </p>
            <PendingList pending={report.pending} timeZone={zone} onDue={refresh} customKinds={customKinds} />
            <RecentCalls timeZone={zone} />
          </>
        )}
        {config && (
          <RecentList
            quotas={config.quotas}
            settings={config.settings}
            customKinds={customKinds}
            onRemoved={(a) => {
              setStatus(t('removed', describeActivity(a, customKinds)));
              refresh();
            }}
          />
        )}
      </div>
      <div className="sticky">
        <div className="actions" role="group" aria-label={t('logTitle')}>
          {ONE_CLICK.map((kind) => (
            <button key={kind} type="button" onClick={() => void log({ kind })} data-testid={`log-${kind}`}>
              + {t(`kind_${kind}`)}
            </button>
          ))}
          {customButtons.map((kind) => (
            <button key={kind.id} type="button" onClick={() => void log({ kind: kind.id })} data-testid={`log-${kind.id}`}>
              + {kindLabel(kind.id, customKinds)}
            </button>
          ))}
          {SALE_KINDS.map((kind) => (
            <button
              key={kind}
              type="button"
              onClick={() => setEntryKind((k) => (k === kind ? undefined : kind))}
              aria-expanded={entryKind === kind}
              aria-controls="deal-form"
              data-testid={`log-${kind}`}
            >
              + {t(`kind_${kind}`)}…
            </button>
          ))}
          <button
            type="button"
            className="secondary"
            onClick={() => setEntryKind((k) => (k && !isSale(k) ? undefined : 'call'))}
            aria-expanded={entryKind !== undefined && !isSale(entryKind)}
            aria-controls="deal-form"
            data-testid="log-details"
          >
            {t('logWithDetails')}
          </button>
          <button type="button" className="secondary" onClick={() => void undo()} data-testid="undo">
            {t('undoLast')}
          </button>
        </div>
        {entryKind && (
          <EntryForm
            key={isSale(entryKind) ? entryKind : 'details'}
            initialKind={entryKind}
            customKinds={customKinds}
            currency={currency}
            timeZone={zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone}
            onCancel={() => setEntryKind(undefined)}
            onSubmit={async (entry) => {
              if (await log(entry)) setEntryKind(undefined);
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
      </div>
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

function Today({ report, customKinds }: { report: ProgressReport; customKinds: readonly CustomKind[] }) {
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
              {kindLabel(kind, customKinds)}: {formatNumber(n)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function PendingList({
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

/**
 * The last few activities, captured or logged, with where they came from: the rep can see what was
 * captured and remove a wrong one (it stays in History as deleted, and can be restored there).
 */
function RecentList({
  quotas,
  settings,
  customKinds,
  onRemoved,
}: {
  quotas: Quota[];
  settings: Settings;
  customKinds: readonly CustomKind[];
  onRemoved: (activity: Activity) => void;
}) {
  const changes = useBackgroundVersion();
  const { data, reload } = useRequest(
    () => send({ type: 'activity/list', filter: { statuses: ['counted', 'pending'] }, offset: 0, limit: RECENT_COUNT, withTotal: false }),
    [changes],
  );
  if (!data || data.items.length === 0) return null;
  const now = Date.now();
  return (
    <section className="recent" aria-labelledby="recent-title">
      <h2 id="recent-title">{t('recentTitle')}</h2>
      <ul data-testid="recent">
        {data.items.map((a) => {
          const who = recipientsText(a);
          const counting = countingOf(a, quotas, settings, now);
          return (
            <li key={a.id} data-testid="recent-item" data-id={a.id}>
              <span className="recent-what">
                <strong>{kindLabel(a.kind, customKinds)}</strong>
                {/* A deal says how much ("Deal · $12,500"), as History does. */}
                {a.amount !== undefined && <span data-testid="recent-amount"> · {formatAmount(a.amount, a.currency, uiLocale())}</span>}
                {a.units !== undefined && <span> · {tCount('unitsCount', a.units, formatNumber(a.units))}</span>}
                {a.subtype && <span className="muted"> · {subtypeText(a.subtype)}</span>}
                {who && <> — {who}</>}
              </span>
              <span className="recent-meta muted">
                {t(`channel_${a.channel}`)} · {formatShortDateTime(a.occurredAt, settings.timeZone)} ·{' '}
                {statusText(a, counting.reason, false, quotaNames(counting.leftOutBySignal, quotas))}
              </span>
              <button
                type="button"
                className="link small"
                aria-label={t('removeNamed', describeActivity(a, customKinds))}
                onClick={async () => {
                  const removed = await send({ type: 'activity/retract', id: a.id }).catch(() => null);
                  if (removed) onRemoved(removed);
                  reload();
                }}
                data-testid="recent-remove"
              >
                {t('remove')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
