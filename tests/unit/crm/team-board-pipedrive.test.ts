import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QuotaRadarService } from '../../../lib/background';
import { OFFLINE_PLATFORM } from '../../../lib/background/connectors';
import type { TeamBoardResult } from '../../../lib/crm/team-board';
import { defaultSettings, type Quota } from '../../../lib/settings';
import { ActivityStore } from '../../../lib/store';
import { createFakePipedrive, type FakePipedrive, PIPEDRIVE_COMPANY, PIPEDRIVE_TOKEN } from '../../fakes/crm/pipedrive/fake-pipedrive';
import { ok, WED_NOON } from '../service/harness';

/**
 * The team board job with the real Pipedrive client (the build's own lookup) against the fake
 * Pipedrive company: the whole path from the manager's token to the board, without a browser.
 */

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
const at = (iso: string) => Date.parse(iso);

let now = WED_NOON;
let store: ActivityStore;
let fake: FakePipedrive;
let service: QuotaRadarService;

beforeEach(async () => {
  now = WED_NOON;
  store = await ActivityStore.open(`team-board-pipedrive-${crypto.randomUUID()}`);
  await store.writeKv('settings', defaultSettings('America/New_York'));
  await store.writeKv('quotas', [calls, emails]);
  fake = createFakePipedrive(() => now);
  service = new QuotaRadarService(store, () => now, {
    platform: { ...OFFLINE_PLATFORM, send: fake.send },
    // Pipedrive's pace is kept by waiting: the fake clock moves instead.
    teamBoard: { sleep: async (ms) => void (now += ms) },
  });
  fake.addUser({
    id: '7101',
    name: 'Ann Lee',
    email: 'ann@acme.example',
    activities: [
      { type: 'call', at: at('2026-01-05T10:00:00-05:00'), done: true },
      { type: 'call', at: at('2026-01-06T10:00:00-05:00'), done: true },
      { type: 'email', at: at('2026-01-07T10:00:00-05:00'), done: true },
      // Last month: not this month's work.
      { type: 'call', at: at('2025-12-30T10:00:00-05:00'), done: true },
    ],
  });
  fake.addUser({
    id: '7102',
    name: 'Bob Roy',
    email: 'bob@acme.example',
    activities: [{ type: 'call', at: at('2026-01-08T10:00:00-05:00') }],
  });
});
afterEach(() => store.close());

const connect = () =>
  ok(service, { type: 'team/connect', credentials: { crm: 'pipedrive', token: PIPEDRIVE_TOKEN, companyDomain: PIPEDRIVE_COMPANY } });
const board = (): Promise<TeamBoardResult> => ok(service, { type: 'team/board', period: 'this_month' });

describe('the team board over the Pipedrive client', () => {
  it('connects with the token and reads each rep’s month', async () => {
    const connected = await connect();
    expect(connected).toMatchObject({ ok: true, status: { crm: 'pipedrive', account: { userName: 'Rita Rep' } } });
    expect(connected.status.available).toContain('pipedrive');
    const result = await board();
    if (!result.ok) throw new Error(`${result.error.kind}: ${result.error.message}`);
    const rows = Object.fromEntries(result.board.reps.map((r) => [r.user.name, r.cells.map((c) => `${c.done}/${c.target}`)]));
    expect(rows).toEqual({ 'Ann Lee': ['2/22', '1/44'], 'Bob Roy': ['1/22', '0/44'], 'Rita Rep': ['0/22', '0/44'] });
    expect(result.board.total.map((c) => `${c.done}/${c.target}`)).toEqual(['3/66', '1/132']);
  });

  it('names a token Pipedrive refuses', async () => {
    const refused = await ok(service, { type: 'team/connect', credentials: { crm: 'pipedrive', token: 'not-a-real-token-0000' } });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'wrong_key' }, status: { connected: false } });
  });

  it('answers Pipedrive’s 429 with when to ask again, and asks nothing before then', async () => {
    await connect();
    fake.rateLimitNext(1, 30);
    const limited = await board();
    expect(limited).toMatchObject({ ok: false, error: { kind: 'rate_limited' } });
    if (limited.ok) return;
    expect(limited.error.retryAt).toBe(limited.error.at + 30_000);
    const asked = fake.requests().length;
    expect(await board()).toMatchObject({ ok: false, error: { kind: 'rate_limited' } });
    expect(fake.requests()).toHaveLength(asked);
    now = limited.error.retryAt! + 1;
    expect((await board()).ok).toBe(true);
  });

  it('says the network is gone when Pipedrive cannot be reached', async () => {
    await connect();
    fake.offline = true;
    expect(await board()).toMatchObject({ ok: false, error: { kind: 'network' } });
  });
});
