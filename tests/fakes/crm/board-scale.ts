import { TeamBoardJob } from '../../../lib/background/team-board';
import { crmDescriptor } from '../../../lib/crm/registry';
import type { TeamBoardResult } from '../../../lib/crm/team-board';
import type { CrmCredentials, CrmId, CrmSend } from '../../../lib/crm/types';
import { defaultSettings, type Quota } from '../../../lib/settings';
import type { ActivityStore } from '../../../lib/store';
import { createFakeAmoCrm, FAKE_AMOCRM_DOMAIN, FAKE_AMOCRM_TOKEN } from './amocrm/fake-amocrm';
import { createFakeBitrix24, FAKE_BITRIX24_WEBHOOK } from './bitrix24/fake-bitrix24';
import { FakeHubSpot, HUBSPOT_FAKE_TOKEN } from './hubspot/fake-hubspot';
import { createFakePipedrive, PIPEDRIVE_COMPANY, PIPEDRIVE_TOKEN } from './pipedrive/fake-pipedrive';

/**
 * The team board at scale (issue 26), measured through the board job and the real clients against
 * the fake CRMs: `reps` reps, each with 33 records a working day, read for last month in the middle
 * of this one (records keep coming after the period: a read without an end bound pays for them).
 * The floor is the fewest requests the vendor's API allows for the same answer: each list the board
 * must read, its period's records over the largest page (Bitrix24: 50 pages of 50 in one batch),
 * at least one request a list, and the user list likewise. Shared by the Vitest test (20–50 reps)
 * and `npm run bench` (20, 50, 200).
 */

export const SCALE_CRMS = ['hubspot', 'pipedrive', 'bitrix24', 'amocrm'] as const satisfies readonly CrmId[];
export type ScaleCrm = (typeof SCALE_CRMS)[number];

/** Mid-February: January is "last month", and half of February is already written. */
export const SCALE_NOW = Date.parse('2026-02-16T12:00:00Z');
const PERIOD = { from: Date.parse('2026-01-01T00:00:00Z'), to: Date.parse('2026-02-01T00:00:00Z') };
export const RECORDS_PER_DAY = 33;
export { PERIOD as SCALE_LAST_MONTH };

/** Each working day (Monday to Friday, UTC) from `from` to `to`, 33 times, spread over 9:00–17:00. */
function workingMoments(from: number, to: number): number[] {
  const out: number[] = [];
  for (let day = from; day < to; day += 86_400_000) {
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (let i = 0; i < RECORDS_PER_DAY; i++) out.push(day + 9 * 3_600_000 + Math.floor((i * 8 * 3_600_000) / RECORDS_PER_DAY));
  }
  return out;
}

interface Seeded {
  send: CrmSend;
  credentials: CrmCredentials;
  /** Records dated in the period (what a complete board counts). */
  inPeriod: number;
  /** The fewest requests for the board, by the vendor's page sizes. */
  floor: number;
  /** Every seeded record: the fake's id, when it happened, and the list the board reads it from. */
  seeded: { id: string; at: number; list: string }[];
  /** Someone edits a record in the CRM: gives it to another rep, or deletes it. */
  edit(id: string, change: { ownerId?: string; deleted?: boolean }): void;
  /** The board's lists and each one's largest page: a refresh's floor is each list's changed records over it, at least one request a list. */
  lists: Record<string, number>;
}

const pages = (records: number, size: number) => Math.max(1, Math.ceil(records / size));
const repId = (i: number) => String(1001 + i);

function seed(crm: ScaleCrm, reps: number, clock: () => number): Seeded {
  const moments = workingMoments(PERIOD.from, SCALE_NOW - 86_400_000);
  const inPeriod = moments.filter((at) => at < PERIOD.to).length * reps;
  switch (crm) {
    case 'hubspot': {
      const fake = new FakeHubSpot({ clock });
      // Calls, e-mails and meetings in turn: the board searches each type (and communications, notes: empty).
      const types = ['calls', 'emails', 'meetings'] as const;
      const perType = [0, 0, 0];
      const seeded: Seeded['seeded'] = [];
      for (let r = 0; r < reps; r++) {
        fake.addUser({ id: repId(r), name: `Rep ${r}`, email: `rep${r}@seller.example` });
        moments.forEach((at, i) => {
          const t = i % 3;
          if (at < PERIOD.to) perType[t]! += 1;
          const type = types[t]!;
          const id = fake.addActivity(type, {
            hs_timestamp: new Date(at).toISOString(),
            hubspot_owner_id: repId(r),
            ...(type === 'emails' ? { hs_email_direction: 'EMAIL' } : type === 'calls' ? { hs_call_status: 'COMPLETED' } : {}),
          });
          seeded.push({ id, at, list: type });
        });
      }
      const send: CrmSend = async (request) => fake.answer(request.method, request.url, request.headers, request.body);
      // Search: 200 a page per type (5 types); owners: 500 a page (owners API `limit`).
      const floor = perType.reduce((sum, n) => sum + pages(n, 200), 0) + 2 + pages(reps + 1, 500);
      return {
        send,
        credentials: { crm: 'hubspot', token: HUBSPOT_FAKE_TOKEN },
        inPeriod,
        floor,
        seeded,
        edit: (id, change) =>
          fake.editActivity(id, { ...(change.ownerId ? { ownerId: change.ownerId } : {}), archived: change.deleted === true }),
        lists: { calls: 200, emails: 200, meetings: 200, communications: 200, notes: 200 },
      };
    }
    case 'pipedrive': {
      const fake = createFakePipedrive(clock);
      const seeded: Seeded['seeded'] = [];
      for (let r = 0; r < reps; r++) {
        const ids = fake.addUser({
          id: repId(r),
          name: `Rep ${r}`,
          activities: moments.map((at) => ({ type: 'call' as const, at, done: true, updatedAt: at })),
        });
        seeded.push(...ids.map((id, i) => ({ id, at: moments[i]!, list: 'activities' })));
      }
      // Activities 500 a page (v2 `limit`), notes at least one page, users one (v1 /users is not paged).
      const floor = pages(inPeriod, 500) + 1 + 1;
      return {
        send: fake.send,
        credentials: { crm: 'pipedrive', token: PIPEDRIVE_TOKEN, companyDomain: PIPEDRIVE_COMPANY },
        inPeriod,
        floor,
        seeded,
        edit: (id, change) => fake.editActivity(id, change),
        lists: { activities: 500, notes: 500 },
      };
    }
    case 'bitrix24': {
      const fake = createFakeBitrix24(clock);
      const seeded: Seeded['seeded'] = [];
      for (let r = 0; r < reps; r++) {
        fake.addUser({ id: repId(r), name: `Rep ${r}` });
        for (const at of moments) {
          const id = fake.addActivity({
            ownerId: repId(r),
            typeId: 2,
            direction: 2,
            startTime: new Date(at).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
          });
          seeded.push({ id, at, list: 'activities' });
        }
      }
      // 2,500 rows a request (a batch of 50 list pages): activities, tasks, users.
      const floor = pages(inPeriod, 2_500) + 1 + pages(reps + 1, 2_500);
      return {
        send: fake.transport.send,
        credentials: { crm: 'bitrix24', webhookUrl: FAKE_BITRIX24_WEBHOOK },
        inPeriod,
        floor,
        seeded,
        edit: (id, change) => fake.editActivity(id, change),
        // A batch of 50 list pages is one request: 2,500 rows (the first page alone is a plain list call).
        lists: { activities: 2_500, tasks: 2_500 },
      };
    }
    case 'amocrm': {
      const fake = createFakeAmoCrm(clock);
      const contactId = fake.addContact({ phone: '+79123123210', name: 'Client' });
      const seeded: Seeded['seeded'] = [];
      for (let r = 0; r < reps; r++) {
        fake.addUser({ id: repId(r), name: `Rep ${r}`, email: `rep${r}@acme.example` });
        moments.forEach((at, i) => {
          const id = fake.addNote({
            contactId,
            userId: repId(r),
            noteType: 'call_out',
            createdAt: at,
            updatedAt: at,
            params: { uniq: `pbx-${r}-${i}`, duration: 60, source: 'PBX', phone: '+79123123210', call_status: 4 },
          });
          seeded.push({ id, at, list: 'notes' });
        });
      }
      // Notes 250 a page, tasks at least one page, users 250 a page.
      const floor = pages(inPeriod, 250) + 1 + pages(reps + 1, 250);
      return {
        send: fake.transport.send,
        credentials: { crm: 'amocrm', token: FAKE_AMOCRM_TOKEN, domain: FAKE_AMOCRM_DOMAIN },
        inPeriod,
        floor,
        seeded,
        edit: (id, change) =>
          fake.editNote(id, { ...(change.ownerId ? { userId: change.ownerId } : {}), ...(change.deleted ? { deleted: true } : {}) }),
        lists: { notes: 250, tasks: 250 },
      };
    }
  }
}

export interface ScaleRun {
  crm: ScaleCrm;
  reps: number;
  /** Records dated in the period. */
  records: number;
  /** Records the board counted (distinct, in the period). */
  counted: number;
  requests: number;
  floor: number;
  /** The board said it is incomplete (and what it missed). */
  cutOff?: string;
  /** What the board named as not read at all (records the CRM's API gives it no way to read; board-gaps.ts). */
  notRead?: string;
  /** The first read's time at the vendor's published pace (the descriptor's least interval). */
  minutesAtPace: number;
  error?: string;
}

const CALLS: Quota = {
  id: 'calls',
  name: 'Calls',
  kinds: ['call'],
  target: 600,
  period: 'month',
  measure: 'count',
  excludeInternal: false,
};

/**
 * The board job over one seeded fake CRM, counting the requests that reach it; the clock moves only
 * by the vendor's pace and `advance`. `stopAfter(n)`: from the n-th request on, none is answered (the
 * browser stopped the worker mid-read); `newWorker()` is the next worker, over the same stored data.
 */
export async function scaleWorld(crm: ScaleCrm, reps: number) {
  let now = SCALE_NOW;
  const clock = () => now;
  const seeded = seed(crm, reps, clock);
  const counter = { requests: 0 };
  let stopAt = Number.POSITIVE_INFINITY;
  let sent = 0;
  const kv = new Map<string, unknown>();
  const store = {
    readKv: async (key: string) => structuredClone(kv.get(key)),
    writeKv: async (key: string, value: unknown) => void kv.set(key, structuredClone(value)),
    deleteKv: async (key: string) => void kv.delete(key),
  } as unknown as ActivityStore;
  const settings = defaultSettings('UTC');
  const config = { getSettings: async () => settings, getQuotas: async () => [CALLS] };
  const newWorker = () =>
    new TeamBoardJob(
      store,
      clock,
      config as never,
      {
        send: async (request) => {
          sent += 1;
          if (sent >= stopAt) return new Promise(() => undefined);
          counter.requests += 1;
          return seeded.send(request);
        },
        hasOrigins: async () => true,
        removeOrigins: async () => undefined,
      },
      // The vendor's pace is kept by waiting: the fake clock moves instead.
      { sleep: async (ms) => void (now += ms), originsInUse: async () => [] },
    );
  const job = newWorker();
  const connected = await job.connect(seeded.credentials);
  if (!connected.ok) throw new Error(`${crm}: connect failed: ${connected.error.kind} ${connected.error.message}`);
  counter.requests = 0;
  return {
    job,
    seeded,
    counter,
    kv,
    advance: (ms: number) => void (now += ms),
    newWorker: () => {
      stopAt = Number.POSITIVE_INFINITY;
      return newWorker();
    },
    stopAfter: (n: number) => {
      stopAt = sent + n + 1;
    },
  };
}

export const repCounts = (result: TeamBoardResult) =>
  result.ok ? Object.fromEntries(result.board.reps.map((rep) => [rep.user.id, rep.records])) : { error: result.error.kind };

export interface RefreshRun {
  crm: ScaleCrm;
  reps: number;
  changed: number;
  /** The first read of this month (records to yesterday), for comparison. */
  firstRequests: number;
  /** The refresh an hour later, after `changed` records were given to another rep. */
  refreshRequests: number;
  /** The fewest requests a refresh can make: each list's changed records over its largest page, at least one request a list. */
  refreshFloor: number;
  /** The refreshed board counts what a whole read counts, rep by rep (the oracle). */
  matchesWhole: boolean;
  /** A rep-picker change afterwards, answered from what was kept. */
  repChangeRequests: number;
  error?: string;
}

/** This month's board read, then `changed` records edited in the CRM, then a refresh: its requests against the floor of the changes. */
export async function measureRefresh(crm: ScaleCrm, reps: number, changed: number): Promise<RefreshRun> {
  const world = await scaleWorld(crm, reps);
  const first = await world.job.board('this_month');
  const run: RefreshRun = {
    crm,
    reps,
    changed,
    firstRequests: world.counter.requests,
    refreshRequests: 0,
    refreshFloor: 0,
    matchesWhole: false,
    repChangeRequests: 0,
  };
  if (!first.ok) return { ...run, error: `${first.error.kind}: ${first.error.message}` };
  world.advance(3_600_000);
  // Spread over the month's records: every n-th given to the first rep.
  const thisMonth = world.seeded.seeded.filter((r) => r.at >= PERIOD.to);
  const stride = Math.max(1, Math.floor(thisMonth.length / changed));
  const edited = thisMonth.filter((_, i) => i % stride === 0).slice(0, changed);
  for (const record of edited) world.seeded.edit(record.id, { ownerId: repId(0) });
  const perList = new Map<string, number>(Object.keys(world.seeded.lists).map((list) => [list, 0]));
  for (const record of edited) perList.set(record.list, (perList.get(record.list) ?? 0) + 1);
  run.refreshFloor = [...perList].reduce((sum, [list, n]) => sum + pages(n, world.seeded.lists[list]!), 0);
  world.counter.requests = 0;
  const refreshed = await world.job.board('this_month');
  run.refreshRequests = world.counter.requests;
  if (!refreshed.ok) return { ...run, error: `${refreshed.error.kind}: ${refreshed.error.message}` };
  world.counter.requests = 0;
  await world.job.board('this_month', { reuse: true });
  run.repChangeRequests = world.counter.requests;
  const whole = await world.job.board('this_month', { whole: true });
  run.matchesWhole = JSON.stringify(repCounts(refreshed)) === JSON.stringify(repCounts(whole));
  return run;
}

/** One first read of last month's board for `reps` reps of one CRM, counted request by request. */
export async function measureBoard(crm: ScaleCrm, reps: number): Promise<ScaleRun> {
  const world = await scaleWorld(crm, reps);
  const descriptor = crmDescriptor(crm)!;
  const result: TeamBoardResult = await world.job.board('last_month');
  const requests = world.counter.requests;
  const run: ScaleRun = {
    crm,
    reps,
    records: world.seeded.inPeriod,
    counted: 0,
    requests,
    floor: world.seeded.floor,
    minutesAtPace: (requests * descriptor.minRequestIntervalMs) / 60_000,
  };
  if (!result.ok) return { ...run, error: `${result.error.kind}: ${result.error.message}` };
  const counted = result.board.reps.reduce((sum, rep) => sum + rep.records, 0);
  const cut = result.board.cutOff;
  const notRead = result.board.notRead?.map((gap) => gap.id).join(', ');
  return { ...run, counted, ...(cut ? { cutOff: `${cut.reason} after ${cut.pagesRead} pages` } : {}), ...(notRead ? { notRead } : {}) };
}
