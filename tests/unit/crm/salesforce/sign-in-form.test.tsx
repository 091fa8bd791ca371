// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { crmErrorText } from '../../../../components/settings/CrmPanel';
import { SalesforceSignIn } from '../../../../components/settings/SalesforceSignIn';
import type { CrmStatus } from '../../../../lib/messages';
import { createFakeSalesforce, type FakeSalesforce, SF_CLIENT_ID, SF_DOMAIN } from '../../../fakes/crm/salesforce/fake-salesforce';
import { speak } from '../../ui/locale';

/**
 * The Salesforce form as the rep uses it, the browser's sign-in window answered by the fake org:
 * the click asks for `identity` and the My Domain host, signs in with PKCE, and hands the tokens to
 * the background's connect. (What Chromium's real auth window does with a routed host is for a
 * browser test; see the report.)
 */

const send = vi.hoisted(() => vi.fn());
vi.mock('../../../../lib/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../../lib/messaging')>()),
  send,
}));
const org = vi.hoisted(() => ({ fake: undefined as FakeSalesforce | undefined }));
vi.mock('../../../../lib/api-connector/http', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../../lib/api-connector/http')>()),
  fetchAnswer: (request: Parameters<FakeSalesforce['send']>[0]) => org.fake!.send(request),
}));

const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
const counts = { synced: 0, waiting: 0, failed: 0, retracted: 0 };
const off: CrmStatus = { id: 'salesforce', label: 'Salesforce', connected: false, fields: [], counts, failures: [] };
const requested: unknown[] = [];

beforeEach(() => {
  speak('en');
  org.fake = createFakeSalesforce(() => 0);
  requested.length = 0;
  const holder = fakeBrowser as unknown as { identity?: unknown };
  delete holder.identity;
  // As in Chrome: the identity API appears once the permission is granted.
  fakeBrowser.permissions.request = (async (p: unknown) => {
    requested.push(p);
    holder.identity = { launchWebAuthFlow: org.fake!.launchWebAuthFlow, getRedirectURL: () => REDIRECT };
    return true;
  }) as typeof fakeBrowser.permissions.request;
  send.mockReset();
  send.mockImplementation(async (request: { type: string; input: Record<string, string> }) => ({
    ok: true,
    status: { ...off, connected: true, account: 'acme.my.salesforce.com', userName: 'Rita Rep' },
    checks: [{ what: 'salesforce_externalId', ok: false, words: 'salesforceNoExternalId', subs: ['QuotaRadar_Id__c'] }],
    request,
  }));
});
afterEach(cleanup);

const fill = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe('Options → CRM → Salesforce', () => {
  it('signs in with the fake org and connects with the tokens it gave; says whether the external-id field is there', async () => {
    render(<SalesforceSignIn status={off} describe={(e) => crmErrorText(e, 'Salesforce', 'UTC')} onChanged={() => undefined} />);
    // Before the grant, Chrome's form of the callback URL for this extension.
    expect(screen.getByTestId('crm-salesforce-redirect').textContent).toMatch(/https:\/\/.+\.chromiumapp\.org\//);
    fill('crm-salesforce-input-myDomain', 'acme.lightning.force.com');
    fill('crm-salesforce-input-clientId', SF_CLIENT_ID);
    fireEvent.click(screen.getByTestId('crm-salesforce-connect'));
    await waitFor(() => expect(screen.getByTestId('crm-salesforce-message').textContent).toContain('Rita Rep'), { timeout: 5000 });
    expect(requested).toEqual([{ permissions: ['identity'], origins: [`${SF_DOMAIN}/*`] }]);
    const connect = send.mock.calls.find(([r]) => r.type === 'crm/connect')![0];
    expect(connect.input.myDomain).toBe(SF_DOMAIN);
    expect(org.fake!.isRefreshTokenLive(connect.input.refreshToken)).toBe(true);
    expect(screen.getByTestId('crm-salesforce-checks').textContent).toContain('QuotaRadar_Id__c');
  });

  it('refuses a host that is not a My Domain before asking anything', async () => {
    render(<SalesforceSignIn status={off} describe={(e) => crmErrorText(e, 'Salesforce', 'UTC')} onChanged={() => undefined} />);
    fill('crm-salesforce-input-myDomain', 'https://login.salesforce.com');
    fill('crm-salesforce-input-clientId', SF_CLIENT_ID);
    fireEvent.click(screen.getByTestId('crm-salesforce-connect'));
    await waitFor(() => expect(screen.getByTestId('crm-salesforce-message').textContent).toContain('My Domain URL'));
    expect(requested).toEqual([]);
  });

  it('an expired sign-in reads "sign in again", in English and Russian', () => {
    const error = { kind: 'expired_key' as const, message: 'invalid_grant', at: 0 };
    expect(crmErrorText(error, 'Salesforce', 'UTC')).toContain('sign in with Salesforce again');
    speak('ru');
    expect(crmErrorText(error, 'Salesforce', 'UTC')).toContain('войдите через Salesforce ещё раз');
  });
});
