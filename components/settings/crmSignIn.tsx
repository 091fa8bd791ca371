import type { ReactNode } from 'react';
import type { CrmId } from '@/lib/crm/types';

/**
 * The slot for a CRM the rep signs in to (OAuth) rather than pasting a token: its sign-in component,
 * drawn by the connect form in place of the fields and the Connect button (ConnectionForm's `oauth`
 * input). None today; Salesforce's goes here, e.g.
 * `if (crm === 'salesforce') return <SalesforceSignIn onSignedIn={onChanged} />;`
 */
export function crmSignIn(_crm: CrmId, _onSignedIn: () => void): ReactNode | undefined {
  return undefined;
}
