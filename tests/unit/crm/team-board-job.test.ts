import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QuotaRadarService } from '../../../lib/background';
import { OFFLINE_PLATFORM } from '../../../lib/background/connectors';
import { MAX_BOARD_PAGES } from '../../../lib/background/team-board';
import type { TeamBoardResult } from '../../../lib/crm/team-board';
import type { CrmClient, CrmCredentials, CrmDescriptor, CrmError, CrmId, CrmSend, CrmTeamActivity, CrmUser } from '../../../lib/crm/types';
import { defaultSettings, type Quota } from '../../../lib/settings';
import { ActivityStore } from '../../../lib/store';
import { ok, refused, WED_NOON } from '../service/harness';

/**
 * The background's team board job over a fake CRM client: connecting (the token checked, kept only
 * when accepted, shown masked), paging, de-duplication, the CRM's pace, and a rate limit answered
 * with when to try again rather than by asking the CRM again.
 */

const ORIGIN = 'https://api.pipedrive.com/*';
const TOKEN = 'pd-0123456789abcdef';
const credentials: CrmCredentials = { crm: 'pipedrive', token: TOKEN, companyDomain: 'acme' };
const calls: Quota = { id: 'calls', name: 'Calls', kinds: ['call'], target: 22, period: 'month', measure: 'count', excludeInternal: false };
const emails: Quota = {
  id: 'emails',
  name: 'Emails',
  kinds: ['email'],
  target: 44,
  period: 'month',
  measure: 'count',
  excludeInternal: false,
};

/** A CRM in memory: its users, its records served two a page, and failures queued per method. */
class FakeBackend {
  users: CrmUser[] = [
    { id: '7', name: 'Ann Lee', email: 'ann@seller.example' },
    { id: '8', name: 'Bob Roy', email: 'bob@seller.example' },
  ];
  records: CrmTeamActivity[] = [];
  readonly failures: Partial<Record<'test' | 'listUsers' | 'listActivities', CrmError[]>> = {};
  /** Every call, with the clock's time: what reached the CRM. */
  readonly calls: { method: string; at: number; cursor?: string }[] = [];
  /** Pages served so far repeat their last record on the next page (a list that shifted while paging). */
  overlap = false;

  constructor(private readonly clock: () => number) {}

  private fail(method: 'test' | 'listUsers' | 'listActivities'): CrmError | undefined {
    return this.failures[method]?.shift();
  }

  /** A client that sends one request through `send` per call (so the job's pacing applies), answered from memory. */
  client(send: CrmSend): CrmClient {
    const request = (path: string) => send({ url: `https://api.pipedrive.com/v1/${path}`, method: 'GET', headers: {} });
    const unused = async () => ({ ok: false as const, error: { kind: 'rejected' as const, message: 'not used by the board' } });
    return {
      crm: 'pipedrive',
      test: async () => {
        await request('test');
        this.calls.push({ method: 'test', at: this.clock() });
        const error = this.fail('test');
        return error ? { ok: false, error } : { ok: true, value: { account: 'acme', userId: '1', userName: 'Mia Boss' } };
      },
      listUsers: async () => {
        await request('listUsers');
        this.calls.push({ method: 'listUsers', at: this.clock() });
        const error = this.fail('listUsers');
        return error ? { ok: false, error } : { ok: true, value: this.users };
      },
      listActivities: async (range, cursor) => {
        await request('activities');
        this.calls.push({ method: 'listActivities', at: this.clock(), ...(cursor ? { cursor } : {}) });
        const error = this.fail('listActivities');
        if (error) return { ok: false, error };
        const inRange = this.records.filter((r) => r.occurredAt >= range.from && r.occurredAt < range.to);
        const start = cursor ? Number(cursor) : 0;
        const from = this.overlap && start > 0 ? start - 1 : start;
        const items = inRange.slice(from, start + 2);
        const next = start + 2 < inRange.length ? String(start + 2) : undefined;
        return { ok: true, value: { items, ...(next ? { next } : {}) } };
      },
      findContact: unused,
      createContact: unused,
      findRecord: unused,
      createRecord: unused,
      retractRecord: unused,
    };
  }
}

let now = WED_NOON;
let store: ActivityStore;
let backend: FakeBackend;
let granted: boolean;
let removed: string[][];
let waits: number[];
let service: QuotaRadarService;

const descriptor: CrmDescriptor = {
  id: 'pipedrive',
  label: 'Pipedrive',
  origins: () => [ORIGIN],
  allOrigins: [ORIGIN],
  minRequestIntervalMs: 250,
  createClient: (_credentials, send) => backend.client(send),
};

beforeEach(async () => {
  now = WED_NOON;
  store = await ActivityStore.open(`team-board-${crypto.randomUUID()}`);
  await store.writeKv('settings', defaultSettings('America/New_York'));
  await store.writeKv('quotas', [calls, emails]);
  backend = new FakeBackend(() => now);
  granted = true;
  removed = [];
  waits = [];
  service = new QuotaRadarService(store, () => now, {
    platform: {
      ...OFFLINE_PLATFORM,
      send: async () => ({ status: 200, headers: {}, body: '{}' }),
      hasOrigins: async () => granted,
      removeOrigins: async (origins) => void removed.push([...origins]),
    },
    teamBoard: {
      descriptor: (id: CrmId) => (id === 'pipedrive' ? descriptor : undefined),
      available: () => ['pipedrive'],
      // The CRM's pace is kept by waiting: here the fake clock moves instead.
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    },
  });
});
afterEach(() => store.close());

const at = (iso: string) => Date.parse(iso);
function aRecord(id: string, ownerId: string, kind: CrmTeamActivity['kind'], iso: string): CrmTeamActivity {
  return { id, ownerId, kind, occurredAt: at(iso) };
}

async function board(period: 'this_month' | 'last_month' = 'this_month'): Promise<TeamBoardResult> {
  return ok(service, { type: 'team/board', period });
}

describe('connecting the manager’s CRM', () => {
  it('keeps an accepted token in this database only and shows it masked', async () => {
    const result = await ok(service, { type: 'team/connect', credentials });
    expect(result.ok).toBe(true);
    expect(result.status).toMatchObject({
      connected: true,
      crm: 'pipedrive',
      account: { account: 'acme', userName: 'Mia Boss' },
      fields: [
        { name: 'token', value: 'pd-0…', secret: true },
        { name: 'companyDomain', value: 'acme', secret: false },
      ],
      connectedAt: WED_NOON,
    });
    expect(JSON.stringify(await ok(service, { type: 'team/status' }))).not.toContain(TOKEN);
    expect((await store.readKv('teamBoard'))?.credentials).toEqual(credentials);
    // Never part of an export.
    expect(JSON.stringify(await ok(service, { type: 'activity/export' }))).not.toContain(TOKEN);
    expect(backend.calls.map((c) => c.method)).toEqual(['test', 'listUsers']);
  });

  it('names a bad token or a missing scope, and keeps nothing', async () => {
    backend.failures.test = [{ kind: 'wrong_key', message: 'unauthorized', status: 401 }];
    const bad = await ok(service, { type: 'team/connect', credentials });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'wrong_key', status: 401, at: WED_NOON }, status: { connected: false } });

    backend.failures.listUsers = [{ kind: 'missing_scope', message: 'users:read' }];
    const scope = await ok(service, { type: 'team/connect', credentials });
    expect(scope).toMatchObject({ ok: false, error: { kind: 'missing_scope', message: 'users:read' } });
    expect(await store.readKv('teamBoard')).toBeUndefined();
  });

  it('asks nothing of the CRM before its origin is granted', async () => {
    granted = false;
    const result = await ok(service, { type: 'team/connect', credentials });
    expect(result).toMatchObject({ ok: false, error: { kind: 'no_permission', message: ORIGIN } });
    expect(backend.calls).toEqual([]);
  });

  it('says when this build has no client for the CRM', async () => {
    const result = await ok(service, { type: 'team/connect', credentials: { crm: 'hubspot', token: 'pat-na1-0123456789' } });
    expect(result).toMatchObject({ ok: false, error: { kind: 'unsupported', message: 'hubspot' } });
  });

  it('refuses credentials that are not a CRM’s', async () => {
    expect(await refused(service, { type: 'team/connect', credentials: { crm: 'amocrm', token: 'x' } })).toMatch(/^invalid message/);
  });

  it('forgets the token on disconnect and gives the origin back, unless the rep’s own sync still needs it', async () => {
    await ok(service, { type: 'team/connect', credentials });
    const status = await ok(service, { type: 'team/disconnect' });
    expect(status).toMatchObject({ connected: false, fields: [] });
    expect(await store.readKv('teamBoard')).toBeUndefined();
    expect(removed).toEqual([[ORIGIN]]);
    expect(await board()).toMatchObject({ ok: false, error: { kind: 'not_connected' } });

    // The rep syncs to the same Pipedrive (Options → CRM): its host stays granted.
    await store.writeKv('crm:pipedrive', { credentials, account: 'acme', userId: '1', userName: 'Mia Boss', connectedAt: WED_NOON });
    await ok(service, { type: 'team/connect', credentials });
    await ok(service, { type: 'team/disconnect' });
    expect(removed).toEqual([[ORIGIN]]);
    expect(await store.readKv('teamBoard')).toBeUndefined();
  });
});

describe('reading the board', () => {
  beforeEach(async () => {
    await ok(service, { type: 'team/connect', credentials });
    backend.calls.length = 0;
    backend.records = [
      aRecord('c1', '7', 'call', '2026-01-05T10:00:00-05:00'),
      aRecord('c2', '7', 'call', '2026-01-06T10:00:00-05:00'),
      aRecord('e1', '7', 'email', '2026-01-07T10:00:00-05:00'),
      aRecord('c3', '8', 'call', '2026-01-08T10:00:00-05:00'),
      aRecord('e2', '8', 'email', '2026-01-09T10:00:00-05:00'),
      aRecord('e3', '8', 'email', '2026-01-12T10:00:00-05:00'),
      aRecord('e4', '9', 'email', '2026-01-13T10:00:00-05:00'),
      aRecord('old', '7', 'call', '2025-12-15T10:00:00-05:00'),
    ];
  });

  it('reads every page once, each record once, at the CRM’s pace', async () => {
    backend.overlap = true;
    const result = await board();
    if (!result.ok) throw new Error(result.error.message);
    const { board: b } = result;
    expect(b.reps.map((r) => [r.user.name, ...r.cells.map((c) => `${c.done}/${c.target}`)])).toEqual([
      ['Ann Lee', '2/22', '1/44'],
      ['Bob Roy', '1/22', '2/44'],
    ]);
    expect(b.total.map((c) => `${c.done}/${c.target}`)).toEqual(['3/44', '3/88']);
    // Seven records of January on four pages, each page but the first repeating the one before it.
    expect(b.records).toEqual({ distinct: 7, repeated: 3, notOnBoard: 1 });
    expect(backend.calls.map((c) => c.cursor ?? c.method)).toEqual(['listUsers', 'listActivities', '2', '4', '6']);
    const gaps = backend.calls.slice(1).map((c, i) => c.at - backend.calls[i]!.at);
    expect(gaps.every((gap) => gap >= descriptor.minRequestIntervalMs)).toBe(true);
    expect(waits.length).toBeGreaterThan(0);
  });

  it('a read stopped at the page cap, or by a cursor given twice, is shown as cut off, never as complete', async () => {
    // Two records a page: the cap's worth of pages and one record more.
    backend.records = Array.from({ length: MAX_BOARD_PAGES * 2 + 1 }, (_, i) =>
      aRecord(`c${i}`, '7', 'call', new Date(at('2026-01-05T10:00:00-05:00') + i * 1000).toISOString()),
    );
    const capped = await board();
    if (!capped.ok) throw new Error(capped.error.message);
    expect(capped.board.cutOff).toEqual({ reason: 'page_cap', pagesRead: MAX_BOARD_PAGES });
    expect(capped.board.records.distinct).toBe(MAX_BOARD_PAGES * 2);

    // A CRM that gives the same cursor again: the read stops there and says so.
    backend.records = backend.records.slice(0, 6);
    const listed = backend.client(async () => ({ status: 200, headers: {}, body: '{}' })).listActivities;
    descriptor.createClient = (_credentials, send) => ({
      ...backend.client(send),
      listActivities: async (range, cursor) => {
        const page = await listed(range, cursor);
        return page.ok ? { ok: true, value: { items: page.value.items, next: '2' } } : page;
      },
    });
    const looped = await board();
    if (!looped.ok) throw new Error(looped.error.message);
    expect(looped.board.cutOff).toEqual({ reason: 'cursor_loop', pagesRead: 2 });

    // A whole read says nothing of the kind.
    descriptor.createClient = (_credentials, send) => backend.client(send);
    const whole = await board();
    expect(whole.ok && whole.board.cutOff).toBeUndefined();
  });

  it('answers a rate limit with when to try again, asks nothing meanwhile, then goes on from the same page', async () => {
    // The second page is refused with Retry-After: 30 s.
    let served = 0;
    descriptor.createClient = (_credentials, send) => {
      const client = backend.client(send);
      const original = client.listActivities;
      return {
        ...client,
        listActivities: async (range, cursor) => {
          served += 1;
          if (served === 2) {
            backend.calls.push({ method: 'listActivities', at: now, ...(cursor ? { cursor } : {}) });
            return { ok: false, error: { kind: 'rate_limited', message: 'Too Many Requests', status: 429, retryAfterMs: 30_000 } };
          }
          return original(range, cursor);
        },
      };
    };
    try {
      const limited = await board();
      expect(limited.ok).toBe(false);
      if (limited.ok) return;
      expect(limited.error).toMatchObject({ kind: 'rate_limited', status: 429 });
      expect(limited.error.retryAt).toBe(limited.error.at + 30_000);
      const before = backend.calls.length;

      now += 10_000;
      const early = await board();
      expect(early).toMatchObject({ ok: false, error: { kind: 'rate_limited', retryAt: limited.error.retryAt } });
      expect((await ok(service, { type: 'team/status' })).retryAt).toBe(limited.error.retryAt);
      expect(backend.calls.length).toBe(before);

      now = limited.error.retryAt! + 1;
      const done = await board();
      expect(done.ok).toBe(true);
      // Users and the first page are not read again: the read goes on at the refused page.
      expect(backend.calls.slice(before).map((c) => c.cursor ?? c.method)).toEqual(['2', '4', '6']);
      if (done.ok) expect(done.board.total.map((c) => c.done)).toEqual([3, 3]);
      expect((await store.readKv('teamBoard'))?.retryAt).toBeUndefined();
    } finally {
      descriptor.createClient = (_credentials, send) => backend.client(send);
    }
  });

  it('names a lost network and starts afresh next time', async () => {
    backend.failures.listActivities = [{ kind: 'network', message: 'Failed to fetch' }];
    expect(await board()).toMatchObject({ ok: false, error: { kind: 'network', message: 'Failed to fetch' } });
    expect(((await board()) as { ok: boolean }).ok).toBe(true);
    expect(backend.calls.filter((c) => c.method === 'listUsers')).toHaveLength(2);
  });

  it('says so when the CRM origin was withdrawn, without a request', async () => {
    granted = false;
    expect(await board()).toMatchObject({ ok: false, error: { kind: 'no_permission' } });
    expect(backend.calls).toEqual([]);
  });

  it('shows the chosen reps, kept across a reconnect of the same account', async () => {
    await ok(service, { type: 'team/reps', repIds: ['8'] });
    await ok(service, { type: 'team/connect', credentials });
    const result = await board();
    expect(result.ok && result.board.reps.map((r) => r.user.id)).toEqual(['8']);
    expect(result.ok && result.board.chosen).toBe(true);
    await ok(service, { type: 'team/reps', repIds: null });
    const all = await board();
    expect(all.ok && all.board.reps.map((r) => r.user.id)).toEqual(['7', '8']);
  });

  it('reads a past period up to its end', async () => {
    const result = await board('last_month');
    expect(result.ok && result.board.reps.map((r) => r.cells[0]!.done)).toEqual([1, 0]);
    const ranges = backend.calls.filter((c) => c.method === 'listActivities');
    expect(ranges).toHaveLength(1);
  });
});
