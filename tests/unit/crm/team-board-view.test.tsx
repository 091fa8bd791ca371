// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { TeamBoard } from '../../../components/TeamBoard';
import { boardRows } from '../../../components/team-board/teamWords';
import { computeTeamBoard, type TeamBoardResult, type TeamStatus } from '../../../lib/crm/team-board';
import type { CrmDescriptor } from '../../../lib/crm/types';
import { defaultSettings, type Quota } from '../../../lib/settings';
import { speak } from '../ui/locale';

const send = vi.hoisted(() => vi.fn());
vi.mock('../../../lib/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lib/messaging')>()),
  send,
}));
const descriptor = vi.hoisted(
  () =>
    ({
      id: 'pipedrive',
      label: 'Pipedrive',
      origins: () => ['https://api.pipedrive.com/*', 'https://acme.pipedrive.com/*'],
      allOrigins: [],
      minRequestIntervalMs: 0,
      createClient: () => {
        throw new Error('not in the page');
      },
    }) as CrmDescriptor,
);
vi.mock('../../../lib/crm/team-board', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lib/crm/team-board')>()),
  crmDescriptor: (id: string) => (id === 'pipedrive' ? descriptor : undefined),
}));

const NOW = Date.parse('2026-01-14T12:00:00-05:00');
const settings = defaultSettings('America/New_York');
const calls: Quota = { id: 'calls', name: 'Calls', kinds: ['call'], target: 22, period: 'month', measure: 'count', excludeInternal: false };
const board = computeTeamBoard({
  users: [
    { id: '7', name: 'Ann Lee', email: 'ann@seller.example' },
    { id: '8', name: 'Bob Roy' },
  ],
  pages: [
    [
      { id: 'a', ownerId: '7', kind: 'call', occurredAt: Date.parse('2026-01-05T10:00:00-05:00') },
      { id: 'b', ownerId: '7', kind: 'call', occurredAt: Date.parse('2026-01-06T10:00:00-05:00') },
      { id: 'c', ownerId: '8', kind: 'call', occurredAt: Date.parse('2026-01-07T10:00:00-05:00') },
    ],
  ],
  quotas: [calls],
  settings,
  now: NOW,
  period: 'this_month',
});

const connected: TeamStatus = {
  connected: true,
  available: ['pipedrive'],
  crm: 'pipedrive',
  account: { account: 'acme', userId: '1', userName: 'Mia Boss' },
  fields: [{ name: 'token', value: 'pd-0…', secret: true }],
  connectedAt: NOW,
};
let status: TeamStatus;
let boardAnswer: TeamBoardResult;
const requested: unknown[] = [];

beforeEach(() => {
  speak('en');
  status = connected;
  boardAnswer = { ok: true, board };
  requested.length = 0;
  fakeBrowser.permissions.request = (async (p: unknown) => {
    requested.push(p);
    return true;
  }) as typeof fakeBrowser.permissions.request;
  send.mockReset();
  send.mockImplementation(async (request: { type: string }) => {
    if (request.type === 'team/status') return status;
    if (request.type === 'team/board') return boardAnswer;
    if (request.type === 'team/connect')
      return { ok: false, error: { kind: 'missing_scope', message: 'users:read', at: NOW }, status: { ...status, connected: false } };
    throw new Error(`unexpected ${request.type}`);
  });
});
afterEach(cleanup);

describe('Options → Team', () => {
  it('shows each rep’s done / target with pace and projection, the team total, and the token masked', async () => {
    render(<TeamBoard timeZone="America/New_York" />);
    const rows = await screen.findAllByTestId('team-rep');
    // No tracking start known for either: each says so, and a note under the table says what that means.
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual([
      'Ann Leeann@seller.exampleStart of tracking not known',
      'Bob RoyStart of tracking not known',
    ]);
    expect(screen.getByTestId('team-tracking-note').textContent).toContain('whole period');
    const ann = within(rows[0]!).getByTestId('team-cell');
    expect(ann.textContent).toContain('2 / 22');
    // 2 by 9.375 of 22 working days, where pace says 9.4: the engine's "at risk".
    expect(ann.dataset.pace).toBe('at_risk');
    expect(ann.querySelector('.pace-at_risk')?.textContent).toBe('At risk');
    expect(ann.textContent).toContain('projected 5');
    expect(screen.getByTestId('team-total-cell').textContent).toContain('3 / 44');
    expect(screen.getByTestId('team-field-token').textContent).toContain('pd-0…');
    expect(screen.getByTestId('team-connection').textContent).toContain('Connected to Pipedrive: acme, as Mia Boss.');
  });

  it('a long read: its progress while it runs, then what it cost, what a refresh cannot see, and the "updated" bound; a rep change reuses it', async () => {
    let answer: (result: TeamBoardResult) => void = () => undefined;
    status = { ...connected, reading: { running: true, pages: 57, records: 11_400, step: 0, steps: 2, startedAt: NOW, resumed: 1 } };
    send.mockImplementation(async (request: { type: string }) => {
      if (request.type === 'team/status') return status;
      if (request.type === 'team/reps') return status;
      if (request.type === 'team/board') return new Promise<TeamBoardResult>((resolve) => (answer = resolve));
      throw new Error(`unexpected ${request.type}`);
    });
    render(<TeamBoard timeZone="UTC" />);
    const progress = await screen.findByTestId('team-reading');
    expect(progress.textContent).toBe(
      'Reading from Pipedrive: 57 pages, 11,400 records so far (query 1 of 2). Taken up again where the browser stopped it.',
    );
    const fullAt = Date.parse('2026-01-14T09:00:00Z');
    const read = {
      whole: 0,
      changes: 1,
      pages: 1,
      records: 3,
      reused: false,
      resumed: 0,
      readAt: NOW,
      fullAt,
      wholeAgainAt: fullAt + 86_400_000,
      alwaysWhole: false,
    };
    answer({ ok: true, board: { ...board, read, updatedWithinMs: 3 * 86_400_000 } });
    expect((await screen.findByTestId('team-read-cost')).textContent).toBe(
      'Only what changed since the last read was asked of Pipedrive: 1 pages, 3 records.',
    );
    expect(screen.queryByTestId('team-reading')).toBeNull();
    expect(screen.getByTestId('team-read-deletions').textContent).toContain('until the next whole read, at 1/15/26, 9:00 AM');
    expect(screen.getByTestId('team-updated-within').textContent).toBe(
      "Pipedrive's list filters only by when a record was last changed: records of this period changed more than 3 days after it ended are not read.",
    );
    // Choosing reps asks for the board from what was read; "Read all again" asks for it whole.
    fireEvent.click(within(screen.getByTestId('team-reps')).getAllByRole('checkbox')[1]!);
    await waitFor(() => expect(send).toHaveBeenCalledWith({ type: 'team/board', period: 'this_month', reuse: true }));
    answer({ ok: true, board: { ...board, read } });
    fireEvent.click(await screen.findByTestId('team-read-whole'));
    await waitFor(() => expect(send).toHaveBeenCalledWith({ type: 'team/board', period: 'this_month', whole: true }));
  });

  it('a board request the stopped worker never answered is asked again, and the next worker answers', async () => {
    let asked = 0;
    send.mockImplementation(async (request: { type: string }) => {
      if (request.type === 'team/status') return status;
      if (request.type === 'team/board') {
        asked += 1;
        if (asked <= 2) throw new Error('The message port closed before a response was received.');
        return boardAnswer;
      }
      throw new Error(`unexpected ${request.type}`);
    });
    render(<TeamBoard timeZone="UTC" />);
    expect(await screen.findAllByTestId('team-rep', {}, { timeout: 8_000 })).toHaveLength(2);
    expect(asked).toBe(3);
  }, 15_000);

  it('says when the CRM asked to wait, in words, with the time', async () => {
    boardAnswer = {
      ok: false,
      error: { kind: 'rate_limited', message: 'Too Many Requests', at: NOW, retryAt: Date.parse('2026-01-14T17:05:00Z') },
    };
    render(<TeamBoard timeZone="UTC" />);
    const error = await screen.findByTestId('team-error');
    expect(error.textContent).toBe('Pipedrive asked to slow down: the board is read again at 1/14/26, 5:05 PM.');
    expect((screen.getByTestId('team-csv') as HTMLButtonElement).disabled).toBe(true);
  });

  it('connects: the fields of the chosen CRM, its origins asked in the click, the CRM’s refusal in words', async () => {
    status = { connected: false, available: ['pipedrive'], fields: [] };
    render(<TeamBoard timeZone="UTC" />);
    const token = await screen.findByTestId('team-input-token');
    fireEvent.change(token, { target: { value: 'short' } });
    fireEvent.click(screen.getByTestId('team-connect-button'));
    expect((await screen.findByTestId('team-connect-error')).textContent).toBe('API token: at least 10 characters');
    expect(requested).toEqual([]);

    fireEvent.change(token, { target: { value: '0123456789abcdef' } });
    fireEvent.change(screen.getByTestId('team-input-companyDomain'), { target: { value: 'acme' } });
    fireEvent.click(screen.getByTestId('team-connect-button'));
    await waitFor(() =>
      expect(screen.getByTestId('team-connect-error').textContent).toBe(
        'The Pipedrive token lacks a permission the board needs: users:read.',
      ),
    );
    expect(requested).toEqual([{ origins: ['https://api.pipedrive.com/*', 'https://acme.pipedrive.com/*'] }]);
    expect(send).toHaveBeenCalledWith({
      type: 'team/connect',
      credentials: { crm: 'pipedrive', token: '0123456789abcdef', companyDomain: 'acme' },
    });
  });

  it('names what the CRM does not let the board read, and the quotas it leaves short (issue 26)', async () => {
    status = { ...connected, crm: 'bitrix24', available: ['bitrix24'] };
    boardAnswer = {
      ok: true,
      board: { ...board, notRead: [{ id: 'bitrix24_timeline_comments', kinds: ['message', 'note'], quotaIds: ['calls'] }] },
    };
    render(<TeamBoard timeZone="UTC" />);
    const note = await screen.findByTestId('team-not-read');
    expect(note.dataset.gap).toBe('bitrix24_timeline_comments');
    expect(note.textContent).toContain('Not on the board: messages and notes from Bitrix24');
    expect(note.textContent).toContain('These quotas count them and show less than was done: Calls.');
  });

  it('says nothing of the kind when the board read everything', async () => {
    render(<TeamBoard timeZone="UTC" />);
    await screen.findAllByTestId('team-rep');
    expect(screen.queryByTestId('team-not-read')).toBeNull();
  });

  it('says so when no CRM can be read in this build', async () => {
    status = { connected: false, available: [], fields: [] };
    render(<TeamBoard timeZone="UTC" />);
    expect((await screen.findByTestId('team-no-client')).textContent).toBe('This build cannot read any CRM yet.');
  });

  it('speaks Russian', async () => {
    speak('ru');
    render(<TeamBoard timeZone="UTC" />);
    expect((await screen.findByTestId('team-total')).textContent).toContain('Команда');
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Команда');
  });
});

describe('the board as CSV rows', () => {
  it('has a row per rep and the team, with done, target, pace and projection per quota', () => {
    speak('en');
    const rows = boardRows(board, 'This month');
    expect(rows[2]).toEqual(['Rep', 'Calls: Done', 'Calls: Target', 'Calls: Pace', 'Calls: Projection']);
    expect(rows.slice(3)).toEqual([
      ['Ann Lee', '2', '22', 'At risk', String(Math.round(board.reps[0]!.cells[0]!.projection! * 100) / 100)],
      ['Bob Roy', '1', '22', 'At risk', String(Math.round(board.reps[1]!.cells[0]!.projection! * 100) / 100)],
      ['Team', '3', '44', 'At risk', String(Math.round(board.total[0]!.projection! * 100) / 100)],
    ]);
  });
});
