import { describe, expect, it, vi } from 'vitest';
import type { Activity } from '../../../lib/activity';
import { createHubSpotClient } from '../../../lib/crm/hubspot/client';
import { type CrmSyncSettings, defaultCrmSyncSettings, type OutboxEntry, outboxKey } from '../../../lib/crm/outbox';
import {
  BACKOFF_BASE_MS,
  backoffMs,
  CLAIM_LEASE_MS,
  MAX_ATTEMPTS,
  pacedSend,
  runSync,
  type SyncRun,
  toCrmRecord,
} from '../../../lib/crm/sync';
import type { CrmClient, CrmSend } from '../../../lib/crm/types';
import { defaultSettings } from '../../../lib/settings';
import { ActivityStore } from '../../../lib/store';
import { anActivity, DEFAULT_OCCURRED_AT } from '../../builders/activity';
import { FakeHubSpot, HUBSPOT_FAKE_TOKEN } from '../../fakes/crm/hubspot/fake-hubspot';
import { fakeSend } from './hubspot/fixtures';

const START = DEFAULT_OCCURRED_AT + 3_600_000;
const INTERNAL = { internalDomains: ['seller.example'], senderDomainIsInternal: true };

interface World {
  store: ActivityStore;
  fake: FakeHubSpot;
  now: () => number;
  advance(ms: number): void;
  run(overrides?: Partial<SyncRun>): ReturnType<typeof runSync>;
  settings: CrmSyncSettings;
  entry(id: string): Promise<OutboxEntry | undefined>;
}

async function world(settings: Partial<CrmSyncSettings> = {}, send?: (base: CrmSend) => CrmSend): Promise<World> {
  let now = START;
  const clock = () => now;
  const store = await ActivityStore.open(`sync-${crypto.randomUUID()}`);
  await store.writeKv('settings', { ...defaultSettings('America/New_York'), ...INTERNAL });
  const full = { ...defaultCrmSyncSettings(DEFAULT_OCCURRED_AT - 86_400_000), ...settings };
  await store.writeKv('crmSync', { hubspot: full });
  const fake = new FakeHubSpot({ clock });
  const base = fakeSend(fake);
  const client = createHubSpotClient(
    { crm: 'hubspot', token: HUBSPOT_FAKE_TOKEN, ownerEmail: 'rep@seller.example' },
    send ? send(base) : base,
    {
      now: clock,
    },
  );
  return {
    store,
    fake,
    now: clock,
    advance: (ms) => (now += ms),
    settings: full,
    run: (overrides = {}) =>
      runSync({
        client,
        settings: full,
        internal: INTERNAL,
        outbox: {
          due: (crm, at, limit) => store.outbox.due(crm, at, limit),
          update: (key, next) => store.outbox.update(key, next),
          activity: (id) => store.get(id),
        },
        clock,
        ...overrides,
      }),
    entry: (id) => store.outbox.entries('hubspot').then((all) => all.find((e) => e.activityId === id)),
  };
}

const dayOfActivity = (): Activity[] => [
  anActivity({ recipients: [{ address: 'ann@buyer.example', name: 'Ann Buyer', role: 'to' }], subject: 'Pricing for ACME' }),
  anActivity({ kind: 'call', channel: 'aircall', recipients: [{ phone: '+14155550123' }], outcome: 'connected', durationSec: 240 }),
  anActivity({
    kind: 'linkedin_message',
    channel: 'linkedin',
    account: 'urn:li:fsd_profile:me',
    recipients: [{ profileId: 'bo-buyer', name: 'Bo' }],
  }),
  anActivity({ kind: 'meeting', channel: 'calendly', recipients: [{ address: 'cy@buyer.example' }] }),
  anActivity({ kind: 'deal', channel: 'manual', account: 'me', recipients: [], amount: 5000, currency: 'USD', note: 'ACME renewal' }),
  // Only colleagues: never leaves.
  anActivity({ recipients: [{ address: 'boss@seller.example', role: 'to' }] }),
];

describe('the sync engine', () => {
  it('writes a day of mixed activity once each, as calls, emails, meetings, communications and notes, linked to matching contacts', async () => {
    const w = await world();
    const annId = w.fake.addContact({ email: 'ann@buyer.example', companyId: '9001' });
    const phoneId = w.fake.addContact({ phone: '+14155550123' });
    for (const a of dayOfActivity()) await w.store.record(a);
    const result = await w.run();
    expect(result).toMatchObject({ written: 5, failed: 0, more: false });
    const records = w.fake.records();
    expect(records.map((r) => r.type).sort()).toEqual(['call', 'communication', 'email', 'meeting', 'note']);
    expect(records.find((r) => r.type === 'email')!.contactIds).toEqual([annId]);
    expect(records.find((r) => r.type === 'call')!.contactIds).toEqual([phoneId]);
    expect(records.every((r) => r.ownerId === '110')).toBe(true);
    // A second run has nothing to do, and writes nothing again.
    expect(await w.run()).toMatchObject({ written: 0 });
    expect(w.fake.records()).toHaveLength(5);
    const entries = await w.store.outbox.entries('hubspot');
    expect(entries.every((e) => e.due === undefined && e.ref)).toBe(true);
  });

  it('privacy: no subject, entry label or name leaves unless the rep allows it; never a body', async () => {
    const w = await world({ noMatch: 'create' });
    for (const a of dayOfActivity()) await w.store.record(a);
    await w.run();
    const text = w.fake
      .records()
      .map((r) => r.text)
      .join('\n');
    expect(text).not.toContain('Pricing for ACME');
    expect(text).not.toContain('ACME renewal');
    expect(w.fake.objectsOf('contacts').every((c) => !c.properties.firstname && !c.properties.lastname)).toBe(true);
    expect(text).toContain('Deal: 5000 USD');

    const open = await world({ noMatch: 'create', includeSubjects: true, includeNames: true });
    for (const a of dayOfActivity()) await open.store.record(a);
    await open.run();
    const openText = open.fake
      .records()
      .map((r) => r.text)
      .join('\n');
    expect(openText).toContain('Pricing for ACME');
    expect(openText).toContain('ACME renewal');
    expect(
      open.fake
        .objectsOf('contacts')
        .map((c) => c.properties.firstname)
        .filter(Boolean)
        .sort(),
    ).toEqual(['Ann', 'Bo']);
  });

  it('no match: skip writes the record unlinked; create makes the contact (by email, phone, LinkedIn profile)', async () => {
    const skip = await world({ noMatch: 'skip' });
    for (const a of dayOfActivity()) await skip.store.record(a);
    await skip.run();
    expect(skip.fake.contacts()).toHaveLength(0);
    expect(skip.fake.records().every((r) => r.contactIds.length === 0)).toBe(true);

    const create = await world({ noMatch: 'create' });
    for (const a of dayOfActivity()) await create.store.record(a);
    await create.run();
    const linkedin = create.fake.objectsOf('contacts').find((c) => c.properties.hs_linkedin_url);
    expect(linkedin?.properties.hs_linkedin_url).toBe('https://www.linkedin.com/in/bo-buyer');
    expect(
      create.fake
        .records()
        .filter((r) => r.type !== 'note')
        .every((r) => r.contactIds.length === 1),
    ).toBe(true);
  });

  it('a retraction after sync archives the record; one before sync sends nothing', async () => {
    const w = await world();
    const [sent, never] = [anActivity(), anActivity()];
    await w.store.record(sent);
    await w.run();
    await w.store.record(never);
    await w.store.retract(never.id, w.now());
    await w.store.retract(sent.id, w.now());
    const before = w.fake.requests().length;
    expect(await w.run()).toMatchObject({ retracted: 1, written: 0 });
    expect(w.fake.records()).toEqual([expect.objectContaining({ activityId: sent.id, deleted: true })]);
    expect(w.fake.requests().length - before).toBe(1);
    expect(await w.entry(never.id)).toBeUndefined();
  });

  it('a server error pauses the CRM and backs the entry off; it goes through later', async () => {
    const w = await world();
    const a = anActivity();
    await w.store.record(a);
    w.fake.failNext = 1;
    const failed = await w.run();
    expect(failed).toMatchObject({ failed: 1, stoppedBy: { kind: 'server_error' }, pausedUntil: START + BACKOFF_BASE_MS });
    expect(await w.entry(a.id)).toMatchObject({ attempts: 1, due: START + BACKOFF_BASE_MS, lastError: { kind: 'server_error' } });
    w.advance(BACKOFF_BASE_MS - 1);
    expect(await w.run()).toMatchObject({ written: 0, failed: 0 });
    w.advance(1);
    expect(await w.run()).toMatchObject({ written: 1 });
    expect(await w.entry(a.id)).not.toHaveProperty('lastError');
  });

  it('a 429 is honoured: nothing before Retry-After, then it goes through', async () => {
    const w = await world();
    const a = anActivity();
    await w.store.record(a);
    w.fake.rateLimitNext(1, 7);
    expect(await w.run()).toMatchObject({ stoppedBy: { kind: 'rate_limited', retryAfterMs: 7000 }, pausedUntil: START + 7000 });
    const requests = w.fake.requests().length;
    w.advance(6_999);
    await w.run();
    expect(w.fake.requests().length).toBe(requests);
    w.advance(1);
    expect(await w.run()).toMatchObject({ written: 1 });
  });

  it('offline: the run stops at the first failure and the whole queue goes out, in order, when the network is back', async () => {
    const w = await world();
    const afternoon = Array.from({ length: 12 }, (_, i) =>
      anActivity({ occurredAt: DEFAULT_OCCURRED_AT + i * 600_000, updatedAt: DEFAULT_OCCURRED_AT + i * 600_000 }),
    );
    for (const a of afternoon) await w.store.record(a);
    w.fake.offline = true;
    expect(await w.run()).toMatchObject({ failed: 1, stoppedBy: { kind: 'network' } });
    w.advance(3 * 3_600_000);
    expect(await w.run()).toMatchObject({ failed: 1, stoppedBy: { kind: 'network' } });
    w.fake.offline = false;
    expect(await w.run()).toMatchObject({ written: 12, failed: 0 });
    expect(w.fake.records().map((r) => r.activityId)).toEqual(afternoon.map((a) => a.id));
  });

  it('a worker stopped mid-write: the entry is found again after its lease, and never duplicated (search lags 5 s)', async () => {
    let stopAfterCreate = true;
    const w = await world({}, (base) => async (request) => {
      const answer = await base(request);
      // The create reached HubSpot; the worker dies before it reads the answer.
      if (stopAfterCreate && request.method === 'POST' && /objects\/emails$/.test(request.url)) return new Promise(() => undefined);
      return answer;
    });
    w.fake.searchLagMs = 5_000;
    const a = anActivity();
    await w.store.record(a);
    void w.run();
    // Waits for the create to reach the fake (a fixed 50 ms was too short on a busy machine).
    await vi.waitFor(() => expect(w.fake.records()).toHaveLength(1), { timeout: 10_000 });
    expect(await w.entry(a.id)).toMatchObject({ attempts: 1, due: START + CLAIM_LEASE_MS });
    // A new worker: nothing is due during the lease.
    stopAfterCreate = false;
    w.advance(CLAIM_LEASE_MS - 1);
    expect(await w.run()).toMatchObject({ written: 0 });
    w.advance(1);
    expect(await w.run()).toMatchObject({ written: 1 });
    expect(w.fake.records()).toHaveLength(1);
    expect(await w.entry(a.id)).toMatchObject({ ref: { type: 'emails', id: w.fake.records()[0]!.id } });
  });

  it('retracted while its create was on its way (worker stopped): the retraction waits for the search, then archives', async () => {
    let stop = true;
    const w = await world({}, (base) => async (request) => {
      const answer = await base(request);
      if (stop && request.method === 'POST' && /objects\/emails$/.test(request.url)) return new Promise(() => undefined);
      return answer;
    });
    w.fake.searchLagMs = 5_000;
    const a = anActivity();
    await w.store.record(a);
    void w.run();
    // Until the create reached the CRM (a fixed wait is too short on a loaded machine).
    const posted = () => w.fake.requests().some((r) => r.method === 'POST' && /objects\/emails$/.test(r.url));
    for (let i = 0; i < 500 && !posted(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(posted()).toBe(true);
    stop = false;
    w.advance(1_000);
    await w.store.retract(a.id, w.now());
    expect(await w.run()).toMatchObject({ retracted: 0 });
    w.advance(CLAIM_LEASE_MS);
    expect(await w.run()).toMatchObject({ retracted: 1 });
    expect(w.fake.records()).toEqual([expect.objectContaining({ deleted: true })]);
  });

  it('a record the CRM keeps refusing backs off exponentially (capped) and stops after MAX_ATTEMPTS until Retry', async () => {
    const w = await world();
    const a = anActivity();
    await w.store.record(a);
    const refusing: CrmClient = {
      ...createHubSpotClient({ crm: 'hubspot', token: HUBSPOT_FAKE_TOKEN }, fakeSend(w.fake)),
      createRecord: async () => ({ ok: false, error: { kind: 'rejected', message: 'Property values were not valid', status: 400 } }),
    };
    const waits: number[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      expect(await w.run({ client: refusing })).toMatchObject({ failed: 1 });
      const entry = await w.entry(a.id);
      expect(entry?.attempts).toBe(attempt);
      if (entry?.due !== undefined) {
        waits.push(entry.due - w.now());
        w.advance(entry.due - w.now());
      }
    }
    expect(waits).toEqual(Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => backoffMs(i + 1)));
    expect(backoffMs(30)).toBe(3_600_000);
    expect(await w.entry(a.id)).toMatchObject({ gaveUp: true, lastError: { kind: 'rejected' } });
    expect((await w.entry(a.id))?.due).toBeUndefined();
    expect(await w.store.outbox.retry('hubspot', w.now())).toBe(1);
    expect(await w.run()).toMatchObject({ written: 1 });
  });

  it('settings narrowed after queueing: what was never sent is dropped', async () => {
    const w = await world();
    const a = anActivity();
    await w.store.record(a);
    expect(await w.run({ settings: { ...w.settings, kinds: ['call'] } })).toMatchObject({ dropped: 1, written: 0 });
    expect(await w.entry(a.id)).toBeUndefined();
    expect(w.fake.requests()).toHaveLength(0);
  });

  it('a run stops at its deadline and says more is left', async () => {
    const w = await world();
    for (const a of [anActivity(), anActivity(), anActivity()]) await w.store.record(a);
    const slow: SyncRun['clock'] = () => w.now();
    const result = await w.run({ clock: slow, deadline: w.now() });
    expect(result).toMatchObject({ written: 0, more: true });
  });

  it('requests are spaced by the CRM’s documented pace', async () => {
    let now = 0;
    const at: number[] = [];
    const send = pacedSend(
      async () => {
        at.push(now);
        return { status: 200, headers: {}, body: '{}' };
      },
      220,
      () => now,
      async (ms) => {
        now += ms;
      },
    );
    await Promise.all([1, 2, 3].map(() => send({ url: 'https://api.hubapi.com/x', method: 'GET', headers: {} })));
    expect(at).toEqual([0, 220, 440]);
  });

  it('the composed record never carries a body; subjects and labels only when allowed', () => {
    const email = anActivity({ subject: 'Secret plan' });
    expect(toCrmRecord(email, { includeSubjects: false })).not.toHaveProperty('subject');
    expect(toCrmRecord(email, { includeSubjects: true }).subject).toBe('Secret plan');
    expect(JSON.stringify(toCrmRecord(email, { includeSubjects: false }))).not.toContain('Secret');
    expect(outboxKey('hubspot', email.id)).toBe(`hubspot|${email.id}`);
  });
});
