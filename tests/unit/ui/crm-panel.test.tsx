// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { CrmWarning } from '../../../components/CrmWarning';
import { CrmPanel, crmErrorText } from '../../../components/settings/CrmPanel';
import { defaultCrmSyncSettings } from '../../../lib/crm/outbox';
import type { CrmStatus } from '../../../lib/messages';
import { speak } from './locale';

const send = vi.hoisted(() => vi.fn());
vi.mock('../../../lib/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lib/messaging')>()),
  send,
}));

const AT = Date.parse('2026-01-14T17:00:00Z');
const counts = { synced: 0, waiting: 0, failed: 0, retracted: 0 };
const off: CrmStatus = { id: 'hubspot', label: 'HubSpot', connected: false, fields: [], counts, failures: [] };
const on: CrmStatus = {
  ...off,
  connected: true,
  account: 'HubSpot 62515',
  userName: 'Robin Rep',
  fields: [{ name: 'token', secret: true, value: 'pat-…' }],
  settings: defaultCrmSyncSettings(AT),
  counts: { synced: 12, waiting: 3, failed: 1, retracted: 2 },
  lastSuccessAt: AT,
  lastError: { kind: 'network', message: 'Failed to fetch', at: AT },
  failures: [
    { activityId: 'a1', error: { kind: 'rejected', message: 'Property values were not valid', status: 400, at: AT }, gaveUp: true },
  ],
};

const requested: unknown[] = [];
let status: CrmStatus;

beforeEach(() => {
  speak('en');
  requested.length = 0;
  status = off;
  fakeBrowser.permissions.request = (async (p: unknown) => {
    requested.push(p);
    return true;
  }) as typeof fakeBrowser.permissions.request;
  send.mockReset();
  send.mockImplementation(async (request: { type: string }) => {
    if (request.type === 'crm/status') return { crms: [status] };
    if (request.type === 'crm/connect')
      return { ok: false, error: { kind: 'missing_scope', message: 'crm.objects.owners.read', status: 403, at: AT }, status: off };
    if (request.type === 'crm/health') return { failing: [{ id: 'hubspot', label: 'HubSpot', since: AT }] };
    throw new Error(`unexpected ${request.type}`);
  });
});
afterEach(cleanup);

describe('Options → CRM', () => {
  it('names what is wrong in words, in English and Russian', () => {
    expect(crmErrorText({ kind: 'wrong_key', message: 'x', at: AT }, 'HubSpot', 'UTC')).toBe(
      'HubSpot did not accept the token: check it and paste it again.',
    );
    expect(crmErrorText({ kind: 'missing_scope', message: 'crm.objects.owners.read', at: AT }, 'HubSpot', 'UTC')).toContain(
      'lacks a permission: crm.objects.owners.read',
    );
    expect(crmErrorText({ kind: 'wrong_domain', message: 'x', at: AT }, 'amoCRM', 'UTC')).toBe(
      'amoCRM does not know this account domain: check it.',
    );
    expect(crmErrorText({ kind: 'network', message: 'x', at: AT }, 'HubSpot', 'UTC')).toContain('No connection to HubSpot');
    speak('ru');
    expect(crmErrorText({ kind: 'wrong_key', message: 'x', at: AT }, 'HubSpot', 'UTC')).toBe(
      'HubSpot не приняла токен: проверьте его и вставьте снова.',
    );
  });

  it('connects with the form’s fields, asking for the CRM host in the click, and shows a refusal in words', async () => {
    render(<CrmPanel timeZone="UTC" />);
    fireEvent.change(await screen.findByTestId('crm-hubspot-input-token'), { target: { value: 'pat-na1-abc-def-123' } });
    fireEvent.change(screen.getByTestId('crm-hubspot-input-ownerEmail'), { target: { value: 'rep@seller.example' } });
    fireEvent.click(screen.getByTestId('crm-hubspot-connect'));
    expect(await screen.findByText(/lacks a permission: crm\.objects\.owners\.read/)).toBeTruthy();
    expect(requested).toEqual([{ origins: ['https://api.hubapi.com/*'] }]);
    expect(send).toHaveBeenCalledWith({
      type: 'crm/connect',
      crm: 'hubspot',
      input: { token: 'pat-na1-abc-def-123', ownerEmail: 'rep@seller.example' },
    });
  });

  it('says before Connect when a Bitrix24 webhook is on a self-hosted portal, and that only its host is asked for', async () => {
    status = { ...off, id: 'bitrix24', label: 'Bitrix24' };
    render(<CrmPanel timeZone="UTC" />);
    fireEvent.click(await screen.findByTestId('crm-pick-bitrix24'));
    const webhook = await screen.findByTestId('crm-bitrix24-input-webhookUrl');
    fireEvent.change(webhook, { target: { value: 'https://acme.bitrix24.ru/rest/1/q1w2e3r4t5y6/' } });
    expect(screen.queryByTestId('crm-bitrix24-self-hosted')).toBeNull();
    expect(screen.getByText(/Only https:\/\/acme\.bitrix24\.ru is asked for/)).toBeTruthy();
    fireEvent.change(webhook, { target: { value: 'https://crm.acme.example/rest/1/q1w2e3r4t5y6/' } });
    expect(screen.getByTestId('crm-bitrix24-self-hosted').textContent).toContain(
      'crm.acme.example is a self-hosted or own-domain Bitrix24 portal',
    );
    // Only that host is asked for (the manifest's every-site optional pattern lets the browser grant it).
    expect(screen.getByText(/Only https:\/\/crm\.acme\.example is asked for/)).toBeTruthy();
  });

  it('shows a connection masked, its figures, its last error and failed records, with Retry', async () => {
    status = on;
    render(<CrmPanel timeZone="UTC" />);
    expect((await screen.findByTestId('crm-hubspot-token')).textContent).toBe('pat-…');
    expect(screen.getByTestId('crm-hubspot-counts').textContent).toBe('Synced: 12 · waiting: 3 · failed: 1 · taken back: 2');
    expect(screen.getByTestId('crm-hubspot-error').textContent).toContain('No connection to HubSpot');
    expect(screen.getByTestId('crm-hubspot-failures').textContent).toContain(
      'HubSpot refused the record: Property values were not valid (stopped trying',
    );
    expect((screen.getByTestId('crm-hubspot-retry') as HTMLButtonElement).disabled).toBe(false);
    expect((screen.getByTestId('crm-hubspot-subjects') as HTMLInputElement).checked).toBe(false);
  });
});

describe('popup', () => {
  it('warns in one line when a CRM has been failing for over an hour', async () => {
    render(<CrmWarning />);
    await waitFor(() =>
      expect(screen.getByTestId('crm-warning').textContent).toContain('Sync to HubSpot has been failing for over an hour.'),
    );
  });

  it('says nothing otherwise', async () => {
    send.mockImplementation(async () => ({ failing: [] }));
    const { container } = render(<CrmWarning />);
    await waitFor(() => expect(send).toHaveBeenCalled());
    expect(container.textContent).toBe('');
  });
});
