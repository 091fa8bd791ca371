import type { ReactNode } from 'react';
import type { OutboxError } from '@/lib/crm/outbox';
import type { CrmId } from '@/lib/crm/types';
import type { CrmStatus } from '@/lib/messages';
import { SalesforceSignIn } from './SalesforceSignIn';

/**
 * The slot for a CRM the rep signs in to (OAuth) rather than pasting a token: its sign-in component,
 * drawn by the connect form in place of the fields and the Connect button (ConnectionForm's `oauth`
 * input). Salesforce today (PKCE through the browser's sign-in window).
 */
export function crmSignIn(
  crm: CrmId,
  status: CrmStatus,
  describe: (error: OutboxError) => string,
  onSignedIn: () => void,
): ReactNode | undefined {
  if (crm === 'salesforce') return <SalesforceSignIn status={status} describe={describe} onChanged={onSignedIn} />;
  return undefined;
}
