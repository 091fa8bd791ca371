import { useEffect, useState } from 'react';
import { SetupBanner } from '@/components/SetupBanner';
import { UnsavedChangesProvider } from '@/components/unsavedChanges';
import { useRequest } from '@/components/useRequest';
import { t } from '@/lib/i18n';
import { send } from '@/lib/messaging';
import type { Quota, Settings } from '@/lib/settings';
import { SectionViews } from './SectionViews';
import { SideNav } from './SideNav';
import { type OptionsData, type SavedState, SECTION_VIEWS, useSectionRoute } from './sections';

export function App() {
  return (
    <UnsavedChangesProvider>
      <OptionsPage />
    </UnsavedChangesProvider>
  );
}

/** The side navigation and the one section the URL names (entrypoints/options/sections/). */
function OptionsPage() {
  // Read once: each form keeps its own draft; what a form saves comes back through onSaved.
  const { data, error } = useRequest(() => send({ type: 'settings/get' }), []);
  const [saved, setSaved] = useSavedState(data);
  const section = useSectionRoute();
  const onQuotasSaved = (quotas: Quota[]) => setSaved((s) => s && { ...s, quotas });
  const onSettingsSaved = (settings: Settings) => setSaved((s) => s && { ...s, settings });

  useEffect(() => {
    // Ask once for storage that the browser will not evict under pressure.
    void navigator.storage?.persist?.();
  }, []);

  return (
    <div className="layout">
      <SideNav current={section} />
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
            <SectionViews
              current={section}
              render={(id) => {
                const View = SECTION_VIEWS[id];
                return <View loaded={data} saved={saved} onQuotasSaved={onQuotasSaved} onSettingsSaved={onSettingsSaved} />;
              }}
            />
          </>
        )}
      </main>
    </div>
  );
}

/** The settings and quotas as last saved: a section opened later, and History's filters, start from them. */
function useSavedState(loaded: OptionsData | undefined) {
  const [saved, setSaved] = useState<SavedState>();
  useEffect(() => {
    if (loaded) setSaved({ settings: loaded.settings, quotas: loaded.quotas });
  }, [loaded]);
  return [saved, setSaved] as const;
}
