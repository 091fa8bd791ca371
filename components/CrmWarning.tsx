import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';
import { CrmHealth } from '@/lib/messages';
import { onBroadcast, send } from '@/lib/messaging';
import { useRequest } from './useRequest';

/** A number that goes up each time the background says a CRM changed (connected, synced, removed). */
export function useCrmVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => onBroadcast('crm/changed', () => setVersion((v) => v + 1)), []);
  return version;
}

/**
 * The popup's one line when a connected CRM's sync has been failing for over an hour, with a link to
 * Options → CRM. Nothing at all otherwise (and no CRM code in the popup: one small request).
 */
export function CrmWarning() {
  const version = useCrmVersion();
  const { data } = useRequest(async () => CrmHealth.parse(await send({ type: 'crm/health' })), [version]);
  const failing = data?.failing ?? [];
  if (!failing.length) return null;
  return (
    <p className="warning crm-warning" role="status" data-testid="crm-warning">
      {t('crmWarning', failing.map((f) => f.label).join(', '))}{' '}
      <button type="button" className="link" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/options.html#crm') })}>
        {t('crmWarningOpen')}
      </button>
    </p>
  );
}
