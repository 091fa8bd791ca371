import { describe, expect, it } from 'vitest';
import type { ApiAnswer, ApiRequest } from '../../../lib/api-connector/http';
import { QuotaRadarService } from '../../../lib/background';
import type { ConnectorPlatform } from '../../../lib/background/connectors';
import { CRM_FORMS } from '../../../lib/crm/forms';
import { CLAIM_LEASE_MS } from '../../../lib/crm/sync';
import type { CrmId, CrmSend } from '../../../lib/crm/types';
import { CrmConnectResult, CrmOverview } from '../../../lib/messages';
import en from '../../../public/_locales/en/messages.json';
import { createFakeAmoCrm } from '../../fakes/crm/amocrm/fake-amocrm';
import { createFakeBitrix24 } from '../../fakes/crm/bitrix24/fake-bitrix24';
import type { FakeCrm } from '../../fakes/crm/fake-crm';
import { FakeHubSpot } from '../../fakes/crm/hubspot/fake-hubspot';
import { createFakePipedrive } from '../../fakes/crm/pipedrive/fake-pipedrive';
import { createFakeSalesforce } from '../../fakes/crm/salesforce/fake-salesforce';
import { aGmailCapture, createHarness, type Harness, INSTALLED_LONG_AGO, ok, record } from '../service/harness';
import { fakeSend } from './hubspot/fixtures';

/**
 * The sync engine against every fake CRM, with the clock in the test's hand: what the browser spec
 * (tests/e2e/crm-sync.spec.ts) proves for one CRM with real worker stops, proven here for all four
 * in milliseconds. A "worker stop" is what the browser does to a worker mid-write: the CRM got the
 * request, the answer never came back, and a fresh worker (a new service on the same database)
 * carries on once the claim lease has passed. Every counted activity must reach the CRM exactly once.
 */

const MINUTE = 60_000;

interface Crm {
  name: string;
  id: CrmId;
  make(clock: () => number): { fake: FakeCrm; send: CrmSend };
}

const CRMS: Crm[] = [
  {
    name: 'HubSpot',
    id: 'hubspot',
    make: (clock) => {
      const fake = new FakeHubSpot({ clock });
      return { fake, send: fakeSend(fake) };
    },
  },
  {
    name: 'Pipedrive',
    id: 'pipedrive',
    make: (clock) => {
      const fake = createFakePipedrive(clock);
      return { fake, send: fake.send };
    },
  },
  {
    name: 'Bitrix24',
    id: 'bitrix24',
    make: (clock) => {
      const fake = createFakeBitrix24(clock);
      return { fake, send: fake.transport.send };
    },
  },
  {
    name: 'amoCRM',
    id: 'amocrm',
    make: (clock) => {
      const fake = createFakeAmoCrm(clock);
      return { fake, send: fake.transport.send };
    },
  },
  {
    // Without the admin's external-id field: the subject-marker path (the upsert path is in tests/unit/crm/salesforce/).
    name: 'Salesforce',
    id: 'salesforce',
    make: (clock) => {
      const fake = createFakeSalesforce(clock);
      return { fake, send: fake.send };
    },
  },
  {
    name: 'Salesforce with an external-id field',
    id: 'salesforce',
    make: (clock) => {
      const fake = createFakeSalesforce(clock, 'QuotaRadar_Id__c');
      return { fake, send: fake.send };
    },
  },
];

/** The connect form's input, from what the browser spec types into each labelled field. */
function connectInput(crm: CrmId, fields: Record<string, string>): Record<string, string> {
  const messages = en as Record<string, { message: string }>;
  const input: Record<string, string> = {};
  for (const field of CRM_FORMS[crm].fields) {
    const label = messages[field.label]!.message.toLowerCase();
    const typed = Object.entries(fields).find(([name]) => label.includes(name.toLowerCase()));
    if (typed) input[field.name] = typed[1];
  }
  return input;
}

const isWrite = (request: ApiRequest) =>
  request.method !== 'GET' && !/search|\.list|\.get\b|crm\.item\.list|batch/i.test(request.url + (request.body ?? ''));

/** A send that, when armed, lets the CRM take one write and then never answers: the worker died under it. */
function stoppable(send: CrmSend) {
  let armed = false;
  let stops = 0;
  const wrapped: CrmSend = async (request) => {
    const answer = await send(request);
    if (armed && isWrite(request) && 'status' in answer && answer.status < 300) {
      armed = false;
      stops += 1;
      return new Promise<ApiAnswer>(() => undefined);
    }
    return answer;
  };
  return { send: wrapped, arm: () => (armed = true), stops: () => stops };
}

async function setup(crm: Crm) {
  const harness = await createHarness({ internalDomains: ['seller.example'] });
  const { fake, send } = crm.make(harness.now);
  const wire = stoppable(send);
  const platform: ConnectorPlatform = {
    send: wire.send,
    hasOrigins: async () => true,
    removeOrigins: async () => undefined,
    setPhoneLinkScript: async () => undefined,
  };
  /** A background as a fresh worker starts it: the same database, nothing in memory. */
  const worker = () => new QuotaRadarService(harness.store, harness.now, { platform, crm: { sleep: async () => undefined } });
  return { harness, fake, wire, worker };
}

/** Runs "Sync now" on a worker that dies mid-write; resolves once it died (the run itself never ends). */
async function syncUntilStopped(service: QuotaRadarService, wire: ReturnType<typeof stoppable>, crm: CrmId): Promise<void> {
  const before = wire.stops();
  wire.arm();
  void service.handle({ type: 'crm/sync-now', crm });
  for (let i = 0; i < 1000 && wire.stops() === before; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
  expect(wire.stops(), 'the worker died under a write').toBe(before + 1);
}

async function day(harness: Harness, service: QuotaRadarService) {
  const to = ['ann@buyer.example', 'prospect2@buyer.example', 'ann@buyer.example', 'prospect4@buyer.example', 'ann@buyer.example'];
  for (const address of [...to, 'colleague@seller.example'])
    await service.applyEvents([record(aGmailCapture({ hold: undefined, recipients: [{ address, role: 'to' }] }))]);
  const call = await ok(service, { type: 'activity/log', entry: { kind: 'call', note: 'QR-LABEL call with ACME' } });
  await ok(service, { type: 'activity/set-outcome', id: call.id, outcome: 'connected', durationSec: 240 });
  const meeting = await ok(service, { type: 'activity/log', entry: { kind: 'meeting', note: 'QR-LABEL demo' } });
  await ok(service, { type: 'activity/log', entry: { kind: 'meeting' } });
  harness.advance(MINUTE);
  return { meetingId: meeting.id };
}

describe.each(CRMS)('CRM sync against the fake $name, clock in hand', (crm) => {
  it('a day of activity reaches the CRM exactly once across worker stops, a retraction, offline and a rate limit', async () => {
    const { harness, fake, wire, worker } = await setup(crm);
    const annId = fake.addContact({ email: 'ann@buyer.example', name: 'Ann Buyer' });
    let service = worker();
    const connected = CrmConnectResult.parse(
      await ok(service, { type: 'crm/connect', crm: crm.id, input: connectInput(crm.id, fake.connectFields) }),
    );
    expect(connected.ok, JSON.stringify(connected.error)).toBe(true);

    const { meetingId } = await day(harness, service);
    const live = () => fake.records().filter((r) => !r.deleted);
    // 5 emails to buyers (the colleague's stays out), a call, two meetings.
    const expected = 8;

    // Three worker stops, each under a write; a fresh worker goes on once the lease has passed.
    for (let stop = 0; stop < 3; stop += 1) {
      await syncUntilStopped(service, wire, crm.id);
      service = worker();
      harness.advance(CLAIM_LEASE_MS + 1_000);
    }
    for (let run = 0; run < 10 && live().length < expected; run += 1) {
      await ok(service, { type: 'crm/sync-now', crm: crm.id });
      harness.advance(CLAIM_LEASE_MS + 1_000);
    }
    expect(live()).toHaveLength(expected);

    // Retraction, in the CRM's own terms.
    await ok(service, { type: 'activity/retract', id: meetingId });
    await ok(service, { type: 'crm/sync-now', crm: crm.id });
    expect(fake.records().find((r) => r.activityId === meetingId)?.deleted).toBe(true);

    // Offline: the calls wait and the status says why; back online they go.
    fake.offline = true;
    for (let n = 0; n < 3; n += 1) await ok(service, { type: 'activity/log', entry: { kind: 'call' } });
    await ok(service, { type: 'crm/sync-now', crm: crm.id });
    const offline = CrmOverview.parse(await ok(service, { type: 'crm/status' })).crms.find((c) => c.id === crm.id)!;
    expect(offline.lastError).toMatchObject({ kind: 'network' });
    expect(live()).toHaveLength(expected - 1);
    fake.offline = false;
    await ok(service, { type: 'crm/retry', crm: crm.id });
    for (let run = 0; run < 5 && live().length < expected - 1 + 3; run += 1) {
      harness.advance(MINUTE);
      await ok(service, { type: 'crm/sync-now', crm: crm.id });
    }
    expect(live()).toHaveLength(expected - 1 + 3);

    // A rate limit: nothing more until Retry-After has passed, then it goes.
    fake.rateLimitNext(1, 4);
    await ok(service, { type: 'activity/log', entry: { kind: 'call' } });
    const beforeLimit = fake.requests().length;
    await ok(service, { type: 'crm/sync-now', crm: crm.id });
    expect(live()).toHaveLength(expected - 1 + 3);
    const limitedAt = harness.now();
    harness.advance(3_000);
    await ok(service, { type: 'crm/sync-now', crm: crm.id });
    const during = fake.requests().slice(beforeLimit);
    expect(during.every((r) => r.at - limitedAt < 4_000 || r.at === during[0]!.at)).toBe(true);
    for (let run = 0; run < 5 && live().length < expected + 3; run += 1) {
      harness.advance(2_000);
      await ok(service, { type: 'crm/sync-now', crm: crm.id });
    }
    expect(live()).toHaveLength(expected - 1 + 3 + 1);
    const afterLimit = fake.requests().slice(beforeLimit);
    expect(afterLimit.at(-1)!.at - afterLimit[0]!.at, 'the next write waited for Retry-After').toBeGreaterThanOrEqual(4_000);

    // Exactly once: no activity has two records, every counted one has its record.
    const perActivity = new Map<string, number>();
    for (const r of fake.records()) if (r.activityId) perActivity.set(r.activityId, (perActivity.get(r.activityId) ?? 0) + 1);
    expect([...perActivity.entries()].filter(([, n]) => n > 1)).toEqual([]);
    // …with the rep's tracking start on each record, for the team board (issue 27.5), found again by the marker beside it.
    expect(live().filter((r) => !r.text.includes(`[quota-radar:since=${INSTALLED_LONG_AGO}]`))).toEqual([]);
    expect(wire.stops()).toBe(3);
    // Linked to the matching contact; nothing the rep did not allow left the browser.
    expect(fake.records().filter((r) => r.contactIds.includes(annId))).toHaveLength(3);
    expect(
      fake
        .records()
        .map((r) => r.text)
        .join('\n'),
    ).not.toMatch(/QR-LABEL|Quick question/);
    const status = CrmOverview.parse(await ok(service, { type: 'crm/status' })).crms.find((c) => c.id === crm.id)!;
    expect(status.counts).toMatchObject({ synced: expected - 1 + 3 + 1, waiting: 0, failed: 0, retracted: 1 });
  });
});
