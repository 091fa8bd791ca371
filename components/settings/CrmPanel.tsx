import { useState } from 'react';
import { crmsInLocaleOrder } from '@/lib/crm/locale-order';
import { availableCrms } from '@/lib/crm/registry';
import type { CrmId } from '@/lib/crm/types';
import { t, uiLocale } from '@/lib/i18n';
import { CrmOverview } from '@/lib/messages';
import { send } from '@/lib/messaging';
import { useCrmVersion } from '../CrmWarning';
import { useRequest } from '../useRequest';
import { CrmConnection } from './CrmConnection';

// The CRM's words live beside it (crmWords.ts); tests and other sections take them from here too.
export { credentialsProblem, crmErrorText } from './crmWords';

/**
 * Options → CRM: connect a CRM (its API host asked for in the click, the token checked, then kept in
 * this browser only and shown masked), what is sent to it, and how the sync stands: synced, waiting,
 * failed with the reason, the last success, Retry.
 */
export function CrmPanel({ timeZone }: { timeZone: string }) {
  const version = useCrmVersion();
  const overview = useRequest(async () => CrmOverview.parse(await send({ type: 'crm/status' })), [version]);
  const crms = crmsInLocaleOrder(availableCrms(), uiLocale());
  const connected = overview.data?.crms.find((c) => c.connected);
  const [picked, setPicked] = useState<CrmId>();
  const chosen = picked ?? connected?.id ?? crms[0]?.id;
  const status = overview.data?.crms.find((c) => c.id === chosen);
  return (
    <section id="crm" aria-labelledby="crm-title" data-testid="crm">
      <h2 id="crm-title">{t('crmTitle')}</h2>
      <p className="hint">{t('crmIntro')}</p>
      <fieldset className="crm-pick">
        <legend>{t('crmPick')}</legend>
        {crms.map((d) => {
          const s = overview.data?.crms.find((c) => c.id === d.id);
          return (
            <label key={d.id} className="inline">
              <input type="radio" name="crm" checked={chosen === d.id} onChange={() => setPicked(d.id)} data-testid={`crm-pick-${d.id}`} />
              {d.label}
              {s?.connected ? ` (${t('crmConnectedShort')})` : ''}
            </label>
          );
        })}
      </fieldset>
      {overview.error && (
        <p role="alert" className="error">
          {overview.error}
        </p>
      )}
      {chosen && status && <CrmConnection key={chosen} crm={chosen} status={status} timeZone={timeZone} onChanged={overview.reload} />}
    </section>
  );
}
