// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { DataSection } from '../../../components/DataSection';
import { listFilterOf } from '../../../components/History';
import { QuotaCard } from '../../../components/QuotaCard';
import { activitiesToCsv } from '../../../lib/csv';
import type { QuotaProgress } from '../../../lib/quota/progress';
import { defaultQuotas } from '../../../lib/settings';
import { aManualCall, anActivity } from '../../builders/activity';

const send = vi.hoisted(() => vi.fn());
vi.mock('../../../lib/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lib/messaging')>()),
  send,
}));

beforeEach(() => {
  // The fake browser has no i18n: show "key|substitutions" so that tests see what was asked for.
  fakeBrowser.i18n.getMessage = ((key: string, subs?: string | string[]) =>
    key === 'locale' ? 'en' : [key, ...([] as string[]).concat(subs ?? [])].join('|')) as typeof fakeBrowser.i18n.getMessage;
  fakeBrowser.i18n.getUILanguage = () => 'en-US';
  send.mockReset();
});
afterEach(cleanup);

describe('listFilterOf', () => {
  const quotas = defaultQuotas();
  const none = { kind: '', channel: '', quota: '', from: '', to: '', search: '' };

  it('turns a quota into its kinds, and intersects it with a chosen kind', () => {
    expect(listFilterOf({ ...none, quota: 'social' }, quotas, 'UTC')).toEqual({
      kinds: ['linkedin_message', 'linkedin_invite', 'inmail', 'social_touch', 'messenger_message'],
    });
    expect(listFilterOf({ ...none, quota: 'social', kind: 'inmail' }, quotas, 'UTC')).toEqual({ kinds: ['inmail'] });
    expect(listFilterOf({ ...none, quota: 'calls', kind: 'email' }, quotas, 'UTC')).toEqual({ kinds: [] });
  });

  it('reads the days in the settings time zone (not the machine zone), the last day inclusive, and trims the search', () => {
    // Tokyo is UTC+9 all year: its 5 January starts at 15:00 UTC on the 4th, whatever zone runs the test.
    const filter = listFilterOf(
      { ...none, from: '2026-01-05', to: '2026-01-06', search: '  ann ', channel: 'gmail' },
      quotas,
      'Asia/Tokyo',
    );
    expect(filter).toEqual({
      channels: ['gmail'],
      from: Date.UTC(2026, 0, 4, 15),
      to: Date.UTC(2026, 0, 6, 15),
      search: 'ann',
    });
    // New York's 8 March 2026 has 23 hours (DST starts): the inclusive end is the 9th's midnight there.
    expect(listFilterOf({ ...none, from: '2026-03-08', to: '2026-03-08' }, quotas, 'America/New_York')).toEqual({
      from: Date.UTC(2026, 2, 8, 5),
      to: Date.UTC(2026, 2, 9, 4),
    });
    expect(listFilterOf({ ...none, from: 'garbage', to: '2026-02-30' }, quotas, 'UTC')).toEqual({});
  });
});

describe('QuotaCard', () => {
  const progress = {
    quotaId: 'calls',
    name: 'Calls',
    measure: 'count',
    done: 30,
    target: 150,
    remaining: 120,
    expectedByNow: 60,
    pace: 'behind',
    met: false,
    pending: 2,
    neededPerRemainingWorkingDay: 8,
    neededToday: 5,
    asked: true,
    trackedFrom: null,
    workingDays: { total: 22, elapsed: 9, remaining: 13 },
  } as QuotaProgress;

  it('exposes progress and pace to screen readers and puts the pace marker where pace says', () => {
    render(<QuotaCard progress={progress} inviteGuard={{ sentThisWeek: 85, limit: 100, remainingThisWeek: 15, level: 'near' }} />);
    const bar = screen.getByRole('progressbar', { name: 'Calls' });
    expect(bar.getAttribute('aria-valuenow')).toBe('30');
    expect(bar.getAttribute('aria-valuetext')).toBe('progressAria|30|150|pace_behind; expectedByNow|60');
    expect((bar.querySelector('.bar-pace') as HTMLElement).style.left).toBe('calc(40% - 1px)');
    expect((bar.querySelector('.bar-fill') as HTMLElement).style.width).toBe('20%');
    expect(screen.getByTestId('remaining').textContent).toBe('remainingNeeded|120|8');
    expect(screen.getByTestId('invite-guard').dataset.level).toBe('near');
    expect(screen.getByTestId('invite-guard').textContent).toContain('inviteGuard_near');
  });

  it('shows no LinkedIn invitation guard to a rep with no invitation seen this week', () => {
    render(<QuotaCard progress={progress} inviteGuard={{ sentThisWeek: 0, limit: 100, remainingThisWeek: 100, level: 'ok' }} />);
    expect(screen.queryByTestId('invite-guard')).toBeNull();
  });

  it('says the target is met instead of what is left', () => {
    render(<QuotaCard progress={{ ...progress, done: 160, remaining: 0, met: true, pace: 'ahead' }} />);
    expect(screen.getByTestId('pace').textContent).toContain('paceMet');
    expect(screen.getByTestId('remaining').textContent).toBe('targetReached');
    expect(screen.queryByTestId('invite-guard')).toBeNull();
  });
});

describe('DataSection import', () => {
  const choose = async (name: string, text: string) => {
    const input = screen.getByTestId('import-file') as HTMLInputElement;
    // A real (jsdom) File: the component reads its bytes, as the options page does.
    const file = new File([text], name);
    await act(async () => {
      fireEvent.change(input, { target: { files: [file] } });
    });
  };

  it('refuses a bad file naming the row and field, and sends nothing', async () => {
    render(<DataSection />);
    const csv = activitiesToCsv([aManualCall(), aManualCall({ occurredAt: 5 })]).replace(
      /,call,manual,counted,(?=[^\n]*$)/,
      ',call,fax,counted,',
    );
    await choose('bad.csv', csv);
    // Worded by the UI (which row, which column, what is wrong), not the parser's English.
    expect((await screen.findByTestId('import-error')).textContent).toBe('importRefused|bad.csv|importRowColumn|2|channel|issueChoice');
    expect(screen.queryByTestId('import-preview')).toBeNull();
    expect(send).not.toHaveBeenCalled();
  });

  it('previews a good file and imports it only on confirmation', async () => {
    send.mockResolvedValue({ trackingStart: Date.UTC(2025, 0, 1) });
    render(<DataSection />);
    const activities = [aManualCall({ occurredAt: Date.UTC(2026, 0, 5, 12) }), anActivity({ occurredAt: Date.UTC(2026, 0, 9, 12) })];
    await choose('good.json', JSON.stringify(activities));
    expect((await screen.findByTestId('import-preview')).textContent).toContain('importPreview|2|good.json');
    expect(screen.getByTestId('import-preview').textContent).toContain('importRange|Jan 5, 2026|Jan 9, 2026kind_call: 1kind_email: 1');
    // Nothing older than "Counting since": no setting would change, none is mentioned.
    expect(screen.queryByTestId('import-tracking-start')).toBeNull();
    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith({ type: 'settings/get' });
    // In chunks (no message may exceed 64 MiB): start, the rows, finish.
    send.mockImplementation(async (request: { type: string }) => {
      if (request.type === 'activity/import-start') return { importId: 'import-1' };
      if (request.type === 'activity/import-rows') return { written: 2 };
      if (request.type === 'activity/import-finish') return { added: 2, updated: 0, skipped: 0 };
      throw new Error(`unexpected ${request.type}`);
    });
    await act(async () => {
      fireEvent.click(screen.getByTestId('import-confirm'));
    });
    expect(send.mock.calls.map(([request]) => request)).toEqual([
      { type: 'settings/get' },
      { type: 'activity/import-start', total: 2 },
      { type: 'activity/import-rows', importId: 'import-1', offset: 0, activities },
      { type: 'activity/import-finish', importId: 'import-1' },
    ]);
    expect(screen.getByTestId('data-status').textContent).toBe('imported|2|0|0');
    expect(screen.queryByTestId('import-progress')).toBeNull();
  });

  it('says an older file would move "Counting since", keeps it unless the rep chooses to move it', async () => {
    const since = Date.UTC(2026, 11, 6, 12);
    const older = [aManualCall({ occurredAt: Date.UTC(2026, 10, 1, 12) })];
    for (const move of [false, true]) {
      send.mockReset();
      send.mockResolvedValue({ trackingStart: since });
      const { unmount } = render(<DataSection />);
      await choose('older.json', JSON.stringify(older));
      expect((await screen.findByTestId('import-tracking-start')).textContent).toContain(
        'importTrackingStartChange|Nov 1, 2026|Dec 6, 2026',
      );
      expect((screen.getByTestId('import-tracking-keep') as HTMLInputElement).checked).toBe(true);
      if (move) fireEvent.click(screen.getByTestId('import-tracking-move'));
      send.mockImplementation(async (request: { type: string }) => {
        if (request.type === 'activity/import-start') return { importId: 'import-1' };
        if (request.type === 'activity/import-rows') return { written: 1 };
        return { added: 1, updated: 0, skipped: 0 };
      });
      await act(async () => {
        fireEvent.click(screen.getByTestId('import-confirm'));
      });
      // The rep's choice travels with the chunked import's start; the rows follow in chunks.
      expect(send).toHaveBeenCalledWith({ type: 'activity/import-start', total: 1, moveTrackingStart: move });
      expect(send).toHaveBeenCalledWith({ type: 'activity/import-rows', importId: 'import-1', offset: 0, activities: older });
      unmount();
    }
  });
});
