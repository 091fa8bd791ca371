import { useEffect, useState } from 'react';
import { DataSection } from '@/components/DataSection';
import { History } from '@/components/History';
import { KindsEditor } from '@/components/KindsEditor';
import { QuotasEditor } from '@/components/QuotasEditor';
import { Reports } from '@/components/Reports';
import { SetupBanner } from '@/components/SetupBanner';
import { CalendarSettings } from '@/components/settings/CalendarSettings';
import { CaptureSettings } from '@/components/settings/CaptureSettings';
import { CrmPanel } from '@/components/settings/CrmPanel';
import { NotificationSettings } from '@/components/settings/NotificationSettings';
import { PrivacySettings } from '@/components/settings/PrivacySettings';
import { TopicsSettings } from '@/components/settings/TopicsSettings';
import { TeamBoard } from '@/components/TeamBoard';
import { UnsavedChangesProvider, useUnsavedSections } from '@/components/unsavedChanges';
import { useRequest } from '@/components/useRequest';
import { t } from '@/lib/i18n';
import { send } from '@/lib/messaging';
import type { Quota, Settings } from '@/lib/settings';

export const SECTIONS = [
  'quotas',
  'kinds',
  'topics',
  'calendar',
  'capture',
  'privacy',
  'crm',
  'notifications',
  'history',
  'reports',
  'team',
  'data',
] as const;

export function App() {
  return (
    <UnsavedChangesProvider>
      <OptionsPage />
    </UnsavedChangesProvider>
  );
}

function OptionsPage() {
  // Read once: each form keeps its own draft; what a form saves comes back through onSaved.
  const { data, error } = useRequest(() => send({ type: 'settings/get' }), []);
  const [saved, setSaved] = useSavedState(data);
  const unsaved = useUnsavedSections();
  const quotasSaved = (quotas: Quota[]) => setSaved((s) => s && { ...s, quotas });
  const settingsSaved = (settings: Settings) => setSaved((s) => s && { ...s, settings });

  useEffect(() => {
    // Ask once for storage that the browser will not evict under pressure.
    void navigator.storage?.persist?.();
  }, []);

  return (
    <div className="layout">
      <nav className="side-nav" aria-label={t('sectionsNav')}>
        <p className="brand">{t('extName')}</p>
        <ul>
          {SECTIONS.map((s) => (
            <li key={s}>
              <a href={`#${s}`}>
                {t(`section_${s}`)}
                {unsaved.has(s) && (
                  <span className="unsaved" title={t('unsavedChanges')}>
                    {' '}
                    ●<span className="visually-hidden">{t('unsavedChanges')}</span>
                  </span>
                )}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="options">
        <h1>{t('optionsTitle')}</h1>
        {error && !data && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {data && saved && (
          <>
            <SetupBanner />
            <QuotasEditor
              initial={data.quotas}
              onSaved={quotasSaved}
              topics={(saved.settings.engagementTopics ?? []).map((topic) => topic.label)}
            />
            <KindsEditor />
            <TopicsSettings initial={data.settings} onSaved={settingsSaved} />
            <CalendarSettings initial={data.settings} onSaved={settingsSaved} trackingStart={data.trackingStart} />
            <CaptureSettings initial={data.settings} accounts={data.accounts} onSaved={settingsSaved} />
            <PrivacySettings initial={data.settings} onSaved={settingsSaved} />
            <CrmPanel timeZone={saved.settings.timeZone} />
            <NotificationSettings initial={data.settings} onSaved={settingsSaved} />
            <History quotas={saved.quotas} timeZone={saved.settings.timeZone} settings={saved.settings} />
            <Reports />
            <TeamBoard timeZone={saved.settings.timeZone} />
            <DataSection />
          </>
        )}
      </main>
    </div>
  );
}

/** The settings and quotas as last saved: History filters by the saved quotas in the saved zone. */
function useSavedState(loaded: { settings: Settings; quotas: Quota[] } | undefined) {
  const [saved, setSaved] = useState<{ settings: Settings; quotas: Quota[] }>();
  useEffect(() => {
    if (loaded) setSaved({ settings: loaded.settings, quotas: loaded.quotas });
  }, [loaded]);
  return [saved, setSaved] as const;
}
