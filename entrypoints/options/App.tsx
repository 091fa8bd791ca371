import { useEffect, useState } from 'react';
import { QuotasEditor } from '@/components/QuotasEditor';
import { SettingsForm } from '@/components/SettingsForm';
import { t } from '@/lib/i18n';
import { send } from '@/lib/messaging';
import type { ProtocolMap } from '@/lib/messages';

export function App() {
  const [data, setData] = useState<ProtocolMap['settings/get']>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    send({ type: 'settings/get' }).then(setData, (e: unknown) => setError(String(e)));
    // Ask once for storage that the browser will not evict under pressure.
    void navigator.storage?.persist?.();
  }, []);

  return (
    <main className="options">
      <h1>{t('extName')}</h1>
      {error && <p role="alert" className="error">{error}</p>}
      {data && (
        <>
          <QuotasEditor initial={data.quotas} onSaved={(quotas) => setData({ ...data, quotas })} />
          <SettingsForm initial={data.settings} accounts={data.accounts} onSaved={(settings) => setData({ ...data, settings })} />
        </>
      )}
    </main>
  );
}
