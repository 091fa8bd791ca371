import { useEffect, useState } from 'react';
import { DataSection } from '@/components/DataSection';
import { History } from '@/components/History';
import { QuotasEditor } from '@/components/QuotasEditor';
import { Reports } from '@/components/Reports';
import { SettingsForm } from '@/components/SettingsForm';
import { SetupBanner } from '@/components/SetupBanner';
import { t } from '@/lib/i18n';
import { send } from '@/lib/messaging';
import type { ProtocolMap } from '@/lib/messages';

const SECTIONS = ['quotas', 'calendar', 'capture', 'privacy', 'history', 'reports', 'data'] as const;

export function App() {
  const [data, setData] = useState<ProtocolMap['settings/get']>();
  const [error, setError] = useState<string>();
  // History and reports re-read after an import or a delete elsewhere on the page.
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    send({ type: 'settings/get' }).then(setData, (e: unknown) => setError(String(e)));
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
              <a href={`#${s}`}>{t(`section_${s}`)}</a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="options">
        <h1>{t('optionsTitle')}</h1>
        {error && <p role="alert" className="error">{error}</p>}
        {data && (
          <>
            <SetupBanner />
            <QuotasEditor initial={data.quotas} onSaved={(quotas) => setData({ ...data, quotas })} />
            <SettingsForm initial={data.settings} accounts={data.accounts} onSaved={(settings) => setData({ ...data, settings })} />
            <History quotas={data.quotas} generation={generation} />
            <Reports generation={generation} />
            <DataSection onChanged={() => setGeneration((g) => g + 1)} />
          </>
        )}
      </main>
    </div>
  );
}
