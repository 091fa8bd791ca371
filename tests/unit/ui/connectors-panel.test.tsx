// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { QuotasEditor } from '../../../components/QuotasEditor';
import { RecentCalls } from '../../../components/RecentCalls';
import { ConnectorsPanel } from '../../../components/settings/ConnectorsPanel';
import { UnsavedChangesProvider } from '../../../components/unsavedChanges';
import { API_SOURCE_IDS } from '../../../lib/capture/api-sources';
import type { ConnectorStatus, ConnectorsOverview } from '../../../lib/messages';
import { defaultQuotas } from '../../../lib/settings';
import { speak } from './locale';

const send = vi.hoisted(() => vi.fn());
vi.mock('../../../lib/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lib/messaging')>()),
  send,
}));

const AT = Date.parse('2026-01-14T17:00:00Z');
const off = (id: ConnectorStatus['id']): ConnectorStatus => ({ id, connected: false, fields: [], recorded: 0 });

let overview: ConnectorsOverview;
const requested: unknown[] = [];

beforeEach(() => {
  speak('en');
  requested.length = 0;
  overview = { connectors: API_SOURCE_IDS.map(off), phoneLinks: { enabled: false } };
  fakeBrowser.permissions.request = (async (p: unknown) => {
    requested.push(p);
    return true;
  }) as typeof fakeBrowser.permissions.request;
  send.mockReset();
  send.mockImplementation(async (request: { type: string; id?: string }) => {
    if (request.type === 'connectors/status') return overview;
    if (request.type === 'connectors/connect')
      return { ok: false, error: { kind: 'wrong_key', message: 'Unauthorized', status: 401, at: AT }, status: off('aircall') };
    throw new Error(`unexpected ${request.type}`);
  });
});
afterEach(cleanup);

describe('Phone systems and calendars', () => {
  it('shows a connected source masked, with its last fetch and its error in plain words', async () => {
    overview.connectors[0] = {
      id: 'aircall',
      connected: true,
      account: 'rep@seller.example',
      fields: [
        { name: 'apiId', secret: false, value: 'api_id_123' },
        { name: 'apiToken', secret: true, value: 'api_…' },
        { name: 'lines', secret: false, value: 'rep@seller.example' },
      ],
      lastSuccessAt: AT,
      lastError: { kind: 'rate_limited', message: 'Too Many Requests', retryAfterMs: 60_000, at: AT },
      recorded: 12,
    };
    render(<ConnectorsPanel timeZone="UTC" />);
    expect((await screen.findByTestId('connector-aircall-apiToken')).textContent).toBe('api_…');
    expect(screen.getByTestId('connector-aircall-status').textContent).toContain('Recorded so far: 12.');
    expect(screen.getByTestId('connector-aircall-error').textContent).toMatch(/^Too many requests: next try at /);
    // The secret never reaches the page whole.
    expect(document.body.textContent).not.toContain('api_token');
  });

  it("asks for the vendor's API host only, in the click, then connects; a refused key is said so", async () => {
    render(<ConnectorsPanel timeZone="UTC" />);
    fireEvent.change(await screen.findByTestId('connector-aircall-input-apiId'), { target: { value: 'id' } });
    fireEvent.change(screen.getByTestId('connector-aircall-input-apiToken'), { target: { value: 'token' } });
    fireEvent.change(screen.getByTestId('connector-aircall-input-lines'), { target: { value: 'rep@seller.example' } });
    expect(screen.getByTestId('connector-aircall-input-apiToken').getAttribute('type')).toBe('password');
    await act(async () => {
      fireEvent.click(screen.getByTestId('connector-aircall-connect'));
    });
    expect(requested).toEqual([{ origins: ['https://api.aircall.io/*'] }]);
    expect(send).toHaveBeenCalledWith({
      type: 'connectors/connect',
      id: 'aircall',
      input: { apiId: 'id', apiToken: 'token', lines: 'rep@seller.example' },
    });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('The key was not accepted.'));
  });

  it('turning phone links on asks for the sites first', async () => {
    send.mockImplementation(async (request: { type: string; setting?: unknown }) => {
      if (request.type === 'connectors/status') return overview;
      if (request.type === 'phone-links/set') return request.setting;
      throw new Error(`unexpected ${request.type}`);
    });
    render(<ConnectorsPanel timeZone="UTC" />);
    await act(async () => {
      fireEvent.click(await screen.findByTestId('phone-links-toggle'));
    });
    expect(requested).toEqual([{ origins: ['https://*/*', 'http://*/*'], permissions: [] }]);
    expect(send).toHaveBeenCalledWith({ type: 'phone-links/set', setting: { enabled: true } });
  });
});

describe('recent calls in the popup', () => {
  it('marks an outcome in one click, with the minutes typed as the talk time', async () => {
    const call = {
      id: 'c1',
      kind: 'call',
      channel: 'phone',
      occurredAt: AT,
      account: 'me',
      recipients: [{ phone: '+14155550123', role: 'to' }],
      subtype: 'attempt',
      dedupeKey: 'phone-link:+14155550123:1',
      status: 'counted',
      detection: { method: 'page-request', source: 'phone-link' },
      createdAt: AT,
      updatedAt: AT,
    };
    send.mockImplementation(async (request: { type: string }) => {
      if (request.type === 'calls/recent') return [call];
      if (request.type === 'activity/set-outcome') return { ...call, outcome: 'connected' };
      throw new Error(`unexpected ${request.type}`);
    });
    render(<RecentCalls timeZone="UTC" />);
    fireEvent.change(await screen.findByTestId('call-minutes'), { target: { value: '2.5' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('outcome-connected'));
    });
    expect(send).toHaveBeenCalledWith({ type: 'activity/set-outcome', id: 'c1', outcome: 'connected', durationSec: 150 });
  });

  it('a call the phone system already reported as unanswered shows its outcome, with no buttons to change it', async () => {
    speak('ru');
    const base = {
      kind: 'call',
      occurredAt: AT,
      account: 'me',
      recipients: [{ phone: '+79123456789', role: 'to' }],
      status: 'counted',
      createdAt: AT,
      updatedAt: AT,
    };
    const zadarma = {
      ...base,
      id: 'z1',
      channel: 'zadarma',
      outcome: 'no_answer',
      dedupeKey: 'zadarma:1',
      detection: { method: 'api', source: 'zadarma' },
    };
    const mango = { ...base, id: 'm1', channel: 'mango', dedupeKey: 'mango:1', detection: { method: 'api', source: 'mango' } };
    send.mockImplementation(async (request: { type: string }) => {
      if (request.type === 'calls/recent') return [zadarma, mango];
      throw new Error(`unexpected ${request.type}`);
    });
    render(<RecentCalls timeZone="UTC" />);
    const [known, open] = await screen.findAllByTestId('recent-call');
    expect(within(known!).queryByTestId('outcome-no_answer')).toBeNull();
    expect(within(known!).getByTestId('outcome-known').textContent).toBe('Не ответили');
    // A phone-system call without an outcome still asks.
    expect(within(open!).getByTestId('outcome-no_answer')).toBeTruthy();
  });
});

describe('quota form', () => {
  it('offers "connected calls only" for call quotas and saves it', async () => {
    send.mockImplementation(async (request: { type: string; quotas?: unknown }) => request.quotas);
    render(
      <UnsavedChangesProvider>
        <QuotasEditor initial={defaultQuotas()} onSaved={() => undefined} />
      </UnsavedChangesProvider>,
    );
    const select = screen.getAllByTestId('quota-calls-count')[0]!;
    fireEvent.change(select, { target: { value: 'connected' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('save-quotas'));
    });
    const saved = send.mock.calls.at(-1)![0] as { quotas: { kinds: string[]; callsCount?: string }[] };
    expect(saved.quotas.find((q) => q.kinds.includes('call'))?.callsCount).toBe('connected');
    expect(saved.quotas.filter((q) => !q.kinds.includes('call')).every((q) => q.callsCount === undefined)).toBe(true);
  });
});
