// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { crmErrorText } from '../../../../components/settings/CrmPanel';
import { crmSignIn } from '../../../../components/settings/crmSignIn';
import { ConnectForm } from '../../../../components/team-board/ConnectForm';
import type { CrmStatus } from '../../../../lib/messages';
import { createFakeSalesforce, type FakeSalesforce, SF_CLIENT_ID, SF_DOMAIN } from '../../../fakes/crm/salesforce/fake-salesforce';
import { speak } from '../../ui/locale';

/**
 * The Salesforce sign-in as the rep (Options → CRM's slot) and the manager (the team board's connect
 * form, the same slot) use it, the browser's sign-in window answered by the fake org: the click asks
 * for `identity` and the My Domain host, signs in with PKCE, and hands the tokens to the surface's
 * connect (crm/connect, team/connect). Chromium's real auth window: tests/e2e/salesforce.spec.ts.
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

/** Options → CRM's sign-in slot for Salesforce, as CrmConnection draws it. */
const repSlot = () =>
  crmSignIn(
    'salesforce',
    off,
    (e) => crmErrorText(e, 'Salesforce', 'UTC'),
    () => undefined,
  ) as ReactElement;
const fill = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe('Options → CRM → Salesforce', () => {
  it('signs in with the fake org and connects with the tokens it gave; says whether the external-id field is there', async () => {
    render(repSlot());
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
    render(repSlot());
    fill('crm-salesforce-input-myDomain', 'https://login.salesforce.com');
    fill('crm-salesforce-input-clientId', SF_CLIENT_ID);
    fireEvent.click(screen.getByTestId('crm-salesforce-connect'));
    await waitFor(() => expect(screen.getByTestId('crm-salesforce-message').textContent).toContain('My Domain URL'));
    expect(requested).toEqual([]);
  });

  it('the manager signs the team board in through the same slot: team/connect gets the signed-in credentials', async () => {
    send.mockImplementation(async (request: { type: string }) =>
      request.type === 'team/connect'
        ? {
            ok: true,
            status: {
              connected: true,
              available: ['salesforce'],
              crm: 'salesforce',
              fields: [],
              account: { account: 'acme', userId: org.fake!.me, userName: 'Rita Rep' },
            },
          }
        : undefined,
    );
    let connected = 0;
    render(<ConnectForm available={['hubspot', 'salesforce']} timeZone="UTC" onConnected={() => (connected += 1)} />);
    // HubSpot first: pasted fields; Salesforce: no token fields, the sign-in instead.
    expect(screen.getByTestId('team-connect-button')).toBeTruthy();
    fireEvent.change(screen.getByTestId('team-crm'), { target: { value: 'salesforce' } });
    expect(screen.queryByTestId('team-input-accessToken')).toBeNull();
    expect(screen.queryByTestId('team-connect-button')).toBeNull();
    fill('team-salesforce-input-myDomain', 'acme');
    fill('team-salesforce-input-clientId', SF_CLIENT_ID);
    fireEvent.click(screen.getByTestId('team-salesforce-connect'));
    await waitFor(() => expect(connected).toBe(1), { timeout: 5000 });
    expect(requested).toEqual([{ permissions: ['identity'], origins: [`${SF_DOMAIN}/*`] }]);
    const [{ credentials }] = send.mock.calls.find(([r]) => r.type === 'team/connect')!;
    expect(credentials).toMatchObject({ crm: 'salesforce', myDomain: SF_DOMAIN, clientId: SF_CLIENT_ID });
    expect(org.fake!.isRefreshTokenLive(credentials.refreshToken)).toBe(true);
    expect(send.mock.calls.some(([r]) => r.type === 'crm/connect')).toBe(false);
  });

  it('the board says the org refused the sign-in in its words, and connects nothing', async () => {
    render(<ConnectForm available={['salesforce']} timeZone="UTC" onConnected={() => undefined} />);
    fill('team-salesforce-input-myDomain', 'acme');
    fill('team-salesforce-input-clientId', `${SF_CLIENT_ID.slice(0, -1)}X`);
    fireEvent.click(screen.getByTestId('team-salesforce-connect'));
    await waitFor(() => expect(screen.getByTestId('team-salesforce-message').textContent).toMatch(/consumer key|Salesforce/), {
      timeout: 5000,
    });
    expect(send).not.toHaveBeenCalled();
  });

  it('an expired sign-in reads "sign in again", in English and Russian', () => {
    const error = { kind: 'expired_key' as const, message: 'invalid_grant', at: 0 };
    expect(crmErrorText(error, 'Salesforce', 'UTC')).toContain('sign in with Salesforce again');
    speak('ru');
    expect(crmErrorText(error, 'Salesforce', 'UTC')).toContain('войдите через Salesforce ещё раз');
  });
});
