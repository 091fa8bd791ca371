// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { History } from '../../../components/History';
import { Reports } from '../../../components/Reports';
import { useBackgroundVersion } from '../../../components/useBackgroundChanges';
import type { ProtocolMap } from '../../../lib/messages';
import type { ReportPeriod } from '../../../lib/quota/report';
import { defaultQuotas } from '../../../lib/settings';
import { aManualCall } from '../../builders/activity';
import { speak } from './locale';

const send = vi.hoisted(() => vi.fn());
vi.mock('../../../lib/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lib/messaging')>()),
  send,
}));

// The machine's own zone must not matter: run these in a zone unlike any the tests name.
const machineZone = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'America/Los_Angeles';
});
afterAll(() => {
  process.env.TZ = machineZone;
});
beforeEach(() => {
  speak('en');
  send.mockReset();
});
afterEach(cleanup);

/** A promise with its resolve in hand, to answer requests in the order a test chooses. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A report whose only quota is named after the period it answers for. */
function reportFor(period: ReportPeriod): ProtocolMap['report/get'] {
  return {
    report: {
      interval: { start: Date.UTC(2026, 0, 1), end: Date.UTC(2026, 1, 1) },
      quotas: [
        {
          quotaId: 'q',
          name: `quota for ${period}`,
          measure: 'count',
          done: 1,
          target: 2,
          expectedByNow: 1,
          pace: 'on_track',
          met: false,
          mapping: { perPeriod: 2, period: 'month', periods: 1, wholePeriods: true, trackedFrom: null },
          tracked: true,
        },
      ],
      byKind: {},
      conversion: { perOpportunity: null, activities: 0, opportunities: 0 },
      byDay: [],
    },
    last90: [],
    history: [],
  } as unknown as ProtocolMap['report/get'];
}

describe('Reports', () => {
  it('shows the period chosen last even when an earlier choice answers later', async () => {
    const answers = new Map<ReportPeriod, ReturnType<typeof deferred<ProtocolMap['report/get']>>>();
    send.mockImplementation((request: { type: string; period: ReportPeriod }) => {
      const answer = deferred<ProtocolMap['report/get']>();
      answers.set(request.period, answer);
      return answer.promise;
    });
    render(<Reports />);
    const select = screen.getByTestId('report-period');
    fireEvent.change(select, { target: { value: 'last_week' } });
    fireEvent.change(select, { target: { value: 'last_quarter' } });
    // The newest choice answers first, then the two older ones, slowest last.
    await act(async () => answers.get('last_quarter')!.resolve(reportFor('last_quarter')));
    await act(async () => answers.get('last_week')!.resolve(reportFor('last_week')));
    await act(async () => answers.get('this_month')!.resolve(reportFor('this_month')));
    const table = screen.getByTestId('report-quotas');
    expect(table.textContent).toContain('quota for last_quarter');
    expect(table.textContent).not.toContain('last_week');
    expect(table.textContent).not.toContain('this_month');
  });

  it("does not show the old period's numbers under a new period's name while it loads", async () => {
    const later = deferred<ProtocolMap['report/get']>();
    send.mockImplementation((request: { period: ReportPeriod }) =>
      request.period === 'this_month' ? Promise.resolve(reportFor('this_month')) : later.promise,
    );
    render(<Reports />);
    expect((await screen.findByTestId('report-quotas')).textContent).toContain('quota for this_month');
    fireEvent.change(screen.getByTestId('report-period'), { target: { value: 'last_month' } });
    expect(screen.queryByTestId('report-quotas')).toBeNull();
    await act(async () => later.resolve(reportFor('last_month')));
    expect(screen.getByTestId('report-quotas').textContent).toContain('quota for last_month');
  });
});

describe('useBackgroundVersion', () => {
  function Probe() {
    return <output data-testid="version">{useBackgroundVersion()}</output>;
  }

  it("counts the background's change broadcasts and nothing else", async () => {
    render(<Probe />);
    await act(async () => {
      await fakeBrowser.runtime.onMessage.trigger({ type: 'progress/changed' }, {});
      await fakeBrowser.runtime.onMessage.trigger({ type: 'progress/get' }, {});
      await fakeBrowser.runtime.onMessage.trigger({ type: 'progress/changed' }, {});
    });
    expect(screen.getByTestId('version').textContent).toBe('2');
  });

  it('reloads History when the background says something changed', async () => {
    send.mockResolvedValue({ items: [], total: 0 });
    render(<History quotas={defaultQuotas()} timeZone="UTC" />);
    await waitFor(() => expect(send).toHaveBeenCalledTimes(1));
    await act(async () => {
      await fakeBrowser.runtime.onMessage.trigger({ type: 'progress/changed' }, {});
    });
    await waitFor(() => expect(send).toHaveBeenCalledTimes(2));
  });

  it('asks for a later page after the last row shown (keyset), and for the first again going back', async () => {
    const page = (from: number) =>
      Array.from({ length: 50 }, (_, i) => aManualCall({ id: `c-${from + i}`, occurredAt: Date.UTC(2026, 0, 5) - (from + i) * 60_000 }));
    send.mockImplementation(async (request: { type: string; after?: { id: string } }) =>
      request.type === 'activity/list' ? { items: page(request.after ? 50 : 0), total: 120, undoneOnPage: [] } : [],
    );
    // The pages (the count is asked apart, one row).
    const lists = () => send.mock.calls.map(([request]) => request).filter((r) => r.type === 'activity/list' && r.limit === 50);
    render(<History quotas={defaultQuotas()} timeZone="UTC" />);
    // A loaded machine renders 50 rows slowly (as a transition): a condition, waited for up to 10 s.
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(50), { timeout: 10_000 });
    fireEvent.click(screen.getByTestId('next-page'));
    await waitFor(() => expect(lists()).toHaveLength(2), { timeout: 10_000 });
    const last = page(0).at(-1)!;
    expect(lists()[1]).toMatchObject({ offset: 0, limit: 50, after: { occurredAt: last.occurredAt, id: last.id } });
    fireEvent.click(screen.getByText(/Previous/));
    await waitFor(() => expect(lists()).toHaveLength(3), { timeout: 10_000 });
    expect(lists()[2]).not.toHaveProperty('after');
  });
});

describe('Reports after a change', () => {
  it("asks again a second later, not at once (a capture's own updates go first)", async () => {
    send.mockImplementation((request: { type: string }) =>
      request.type === 'report/get' ? new Promise(() => undefined) : Promise.resolve([]),
    );
    const reports = () => send.mock.calls.filter(([request]) => request.type === 'report/get').length;
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      render(<Reports />);
      await vi.waitFor(() => expect(reports()).toBe(1));
      await act(async () => {
        await fakeBrowser.runtime.onMessage.trigger({ type: 'progress/changed' }, {});
      });
      await act(async () => {
        await vi.advanceTimersByTimeAsync(500);
      });
      expect(reports()).toBe(1);
      await act(async () => {
        await vi.advanceTimersByTimeAsync(600);
      });
      await vi.waitFor(() => expect(reports()).toBe(2));
    } finally {
      vi.useRealTimers();
    }
  });

  it('while captures keep coming, asks once they pause, or five seconds after the first not in it', async () => {
    send.mockImplementation((request: { type: string }) =>
      request.type === 'report/get' ? new Promise(() => undefined) : Promise.resolve([]),
    );
    const reports = () => send.mock.calls.filter(([request]) => request.type === 'report/get').length;
    const changeThenWait = async (ms: number) => {
      await act(async () => {
        await fakeBrowser.runtime.onMessage.trigger({ type: 'progress/changed' }, {});
      });
      await act(async () => {
        await vi.advanceTimersByTimeAsync(ms);
      });
    };
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      render(<Reports />);
      await vi.waitFor(() => expect(reports()).toBe(1));
      // A capture every 700 ms: no pause of a second, so one report after about five seconds.
      for (let i = 0; i < 8; i += 1) await changeThenWait(700);
      expect(reports()).toBe(2);
      // Then a pause: asked a second after the last change.
      await changeThenWait(900);
      expect(reports()).toBe(2);
      await act(async () => {
        await vi.advanceTimersByTimeAsync(200);
      });
      await vi.waitFor(() => expect(reports()).toBe(3));
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('History in the settings time zone', () => {
  // 00:30 UTC on 5 January is 09:30 in Tokyo and still 4 January, 16:30, on this machine.
  const call = aManualCall({ occurredAt: Date.UTC(2026, 0, 5, 0, 30), note: 'ACME' });

  beforeEach(() => {
    send.mockImplementation(async (request: { type: string }) => {
      if (request.type === 'activity/list') return { items: [call], total: 1 };
      if (request.type === 'activity/update') return call;
      throw new Error(`unexpected ${request.type}`);
    });
  });

  it('lists and edits times as the wall clock of the settings zone', async () => {
    render(<History quotas={defaultQuotas()} timeZone="Asia/Tokyo" />);
    const row = await screen.findByTestId('history-row');
    expect(row.querySelector('.when')!.textContent).toBe('1/5/26, 9:30 AM');

    fireEvent.click(screen.getByTestId('row-edit'));
    const when = screen.getByTestId('edit-when') as HTMLInputElement;
    expect(when.value).toBe('2026-01-05T09:30');
    fireEvent.change(when, { target: { value: '2026-01-06T08:15' } });
    fireEvent.change(screen.getByTestId('edit-note'), { target: { value: 'ACME, second call' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('edit-save'));
    });
    expect(send).toHaveBeenCalledWith({
      type: 'activity/update',
      id: call.id,
      patch: { kind: 'call', occurredAt: Date.UTC(2026, 0, 5, 23, 15), note: 'ACME, second call' },
    });
  });

  it('filters from the start of the chosen day in the settings zone', async () => {
    render(<History quotas={defaultQuotas()} timeZone="Asia/Tokyo" />);
    await screen.findByTestId('history-row');
    fireEvent.change(screen.getByTestId('filter-from'), { target: { value: '2026-01-05' } });
    await waitFor(() =>
      expect(send).toHaveBeenCalledWith({
        type: 'activity/list',
        filter: { from: Date.UTC(2026, 0, 4, 15) },
        offset: 0,
        limit: 50,
        // The page does not wait for the count: that is asked apart.
        withTotal: false,
      }),
    );
  });

  it('says a range that ends before it starts is wrong instead of asking for it', async () => {
    render(<History quotas={defaultQuotas()} timeZone="Asia/Tokyo" />);
    await screen.findByTestId('history-row');
    const calls = send.mock.calls.length;
    fireEvent.change(screen.getByTestId('filter-from'), { target: { value: '2026-02-10' } });
    fireEvent.change(screen.getByTestId('filter-to'), { target: { value: '2026-02-01' } });
    const from = screen.getByTestId('filter-from');
    const message = await screen.findByText('The “from” date is after the “to” date.');
    expect(from.getAttribute('aria-describedby')).toBe(message.id);
    await new Promise((r) => setTimeout(r, 300));
    expect(send.mock.calls.slice(calls).filter(([r]) => (r as { filter?: { to?: number } }).filter?.to !== undefined)).toEqual([]);
  });
});
