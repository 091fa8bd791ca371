import type { ReactNode } from 'react';
import type { OutboxError } from '@/lib/crm/outbox';
import type { CrmId } from '@/lib/crm/types';
import { t } from '@/lib/i18n';
import { CrmConnectResult, type CrmStatus } from '@/lib/messages';
import { send } from '@/lib/messaging';
import { SalesforceSignIn } from './SalesforceSignIn';

/**
 * The slot for a CRM the rep signs in to (OAuth) rather than pasting a token: its sign-in component,
 * drawn by the connect form in place of the fields and the Connect button (ConnectionForm's `oauth`
 * input), connecting the rep's sync (crm/connect). Salesforce today (PKCE through the browser's
 * sign-in window); the team board fills the same slot with its own connect (team-board/ConnectForm).
 */
export function crmSignIn(
  crm: CrmId,
  status: CrmStatus,
  describe: (error: OutboxError) => string,
  onSignedIn: () => void,
): ReactNode | undefined {
  if (crm !== 'salesforce') return undefined;
  const connect = async (input: Record<string, string>) => {
    const result = CrmConnectResult.parse(await send({ type: 'crm/connect', crm, input }));
    const text = result.ok
      ? t('crmConnectedAs', [result.status.account ?? status.label, result.status.userName || '—'])
      : result.error
        ? describe(result.error)
        : t('crmNotConnected');
    return { ok: result.ok, text, ...(result.checks ? { checks: result.checks } : {}) };
  };
  return <SalesforceSignIn describe={describe} connect={(input) => connect({ ...input })} onChanged={onSignedIn} />;
}
