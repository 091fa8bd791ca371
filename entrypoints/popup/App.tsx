import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { describeActivity } from '@/components/activityWords';
import { CrmWarning } from '@/components/CrmWarning';
import { useCustomKinds } from '@/components/kindLabels';
import { RecentCalls } from '@/components/RecentCalls';
import { TabStatus } from '@/components/TabStatus';
import { useBackgroundVersion } from '@/components/useBackgroundChanges';
import { useProgress } from '@/components/useProgress';
import { useRequest } from '@/components/useRequest';
import { formatNumber, t } from '@/lib/i18n';
import type { EarlyProgress } from '@/lib/kept-progress';
import type { ManualKind } from '@/lib/messages';
import { send } from '@/lib/messaging';
import { EntryForm } from './EntryForm';
import { isSale, LogActions } from './LogActions';
import { PendingList } from './PendingList';
import { PopupHeader } from './PopupHeader';
import { QuotaCards } from './QuotaCards';
import { RecentList } from './RecentList';
import { Today } from './Today';
import { useActivityLog } from './useActivityLog';
import { useSaleCurrency } from './useSaleCurrency';

export const NUMBERS_MARK = 'quota-radar:numbers-shown';

/** The popup: progress that scrolls, the log buttons that stay in sight (a popup is at most 600 px tall). */
export function App({ early }: { early?: EarlyProgress } = {}) {
  const { report, updating, error, refresh } = useProgress(early);
  // The quotas' kinds say which card the invitation guard belongs to; the settings' zone says what
  // "today" is (the engine's day, not the browser's).
  const config = useRequest(() => send({ type: 'settings/get' }), [useBackgroundVersion()]).data;
  const zone = config?.settings.timeZone;
  /** The entry form, open for a kind (the deal and new customer buttons open it for a sale). */
  const [entryKind, setEntryKind] = useState<ManualKind>();
  const customKinds = useCustomKinds();
  const currency = useSaleCurrency(config?.quotas);
  const { status, setStatus, log, undo } = useActivityLog(customKinds, refresh);

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

  return (
    <main className="popup" data-testid="popup">
      <PopupHeader timeZone={zone} />
      <TabStatus />
      <CrmWarning />
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
            <QuotaCards report={report} quotas={config?.quotas} updating={updating} />
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
        <LogActions
          customKinds={customKinds}
          entryKind={entryKind}
          onLog={(entry) => void log(entry)}
          onOpenForm={setEntryKind}
          onUndo={() => void undo()}
        />
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
