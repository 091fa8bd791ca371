import { describe, expect, it } from 'vitest';
import { QuotaRadarService } from '../../../lib/background';
import type { ConnectorPlatform } from '../../../lib/background/connectors';
import { CRM_FAILING_WARN_MS } from '../../../lib/background/crm';
import { CrmConnectResult, CrmOverview } from '../../../lib/messages';
import { crmKvKey } from '../../../lib/store/kv';
import { FakeHubSpot, HUBSPOT_FAKE_TOKEN } from '../../fakes/crm/hubspot/fake-hubspot';
import { fakeSend } from '../crm/hubspot/fixtures';
import { createHarness, ok } from './harness';

/** The background's CRM job: connect, status, sync, disconnect, and what never leaves. */
async function setup(uiLanguage?: 'en' | 'ru') {
  const harness = await createHarness();
  const fake = new FakeHubSpot({ clock: harness.now });
  const removed: string[][] = [];
  let granted = true;
  const platform: ConnectorPlatform = {
    send: fakeSend(fake),
    hasOrigins: async () => granted,
    removeOrigins: async (origins) => void removed.push([...origins]),
    setPhoneLinkScript: async () => undefined,
  };
  const scheduled: number[] = [];
  const service = new QuotaRadarService(harness.store, harness.now, {
    platform,
    crm: { scheduleRun: (ms) => scheduled.push(ms), sleep: async () => undefined, ...(uiLanguage ? { uiLanguage: () => uiLanguage } : {}) },
  });
  return { harness, fake, service, removed, scheduled, revoke: () => (granted = false) };
}

const connect = (service: QuotaRadarService, token = HUBSPOT_FAKE_TOKEN) =>
  ok(service, { type: 'crm/connect', crm: 'hubspot', input: { token, ownerEmail: 'rep@seller.example' } }).then((r) =>
    CrmConnectResult.parse(r),
  );

describe('CRM job', () => {
  it('nothing connected: activity is logged and synced-now without a single request to any CRM', async () => {
    const { fake, service } = await setup();
    await ok(service, { type: 'activity/log', entry: { kind: 'call' } });
    expect(await ok(service, { type: 'crm/sync-now' })).toEqual({ ran: [] });
    expect(fake.requests()).toEqual([]);
    expect(await service.store.db.count('outbox')).toBe(0);
  });

  it('a bad token is named, and nothing is stored', async () => {
    const { service } = await setup();
    const result = await connect(service, 'pat-na1-wrong-token-000');
    expect(result).toMatchObject({ ok: false, error: { kind: 'wrong_key' }, status: { connected: false } });
    expect(await service.store.readKv(crmKvKey('hubspot'))).toBeUndefined();
  });

  it('a missing scope is named', async () => {
    const { service, fake } = await setup();
    fake.scopes.delete('crm.objects.owners.read');
    expect(await connect(service)).toMatchObject({ ok: false, error: { kind: 'missing_scope', message: 'crm.objects.owners.read' } });
  });

  it('connects, shows the token masked, syncs what is logged after, and counts it', async () => {
    const { service, fake, scheduled } = await setup();
    const connected = await connect(service);
    expect(connected).toMatchObject({ ok: true, status: { connected: true, account: 'HubSpot 62515', userName: 'Robin Rep' } });
    expect(connected.status.fields).toEqual([
      { name: 'token', secret: true, value: 'pat-…' },
      { name: 'ownerEmail', secret: false, value: 'rep@seller.example' },
    ]);
    expect(JSON.stringify(await ok(service, { type: 'crm/status' }))).not.toContain(HUBSPOT_FAKE_TOKEN);
    scheduled.length = 0;
    await ok(service, { type: 'activity/log', entry: { kind: 'call', note: 'Spoke to ACME' } });
    await new Promise((resolve) => setTimeout(resolve, 0));
    // The write scheduled a run soon.
    expect(scheduled.length).toBeGreaterThan(0);
    await ok(service, { type: 'crm/sync-now', crm: 'hubspot' });
    expect(fake.records()).toEqual([expect.objectContaining({ type: 'call', ownerId: '110' })]);
    expect(fake.records()[0]!.text).not.toContain('ACME');
    const status = CrmOverview.parse(await ok(service, { type: 'crm/status' })).crms[0]!;
    expect(status.counts).toEqual({ synced: 1, waiting: 0, failed: 0, retracted: 0 });
    expect(status.lastSuccessAt).toBeGreaterThan(0);
  });

  it('records are written in the UI language, unless the connection chose another', async () => {
    const { service, fake } = await setup('ru');
    await connect(service);
    await ok(service, { type: 'activity/log', entry: { kind: 'call' } });
    await ok(service, { type: 'crm/sync-now', crm: 'hubspot' });
    expect(fake.records()[0]!.text).toContain('Звонок (внесено вручную) · Quota Radar');
    const settings = CrmOverview.parse(await ok(service, { type: 'crm/status' })).crms[0]!.settings!;
    await ok(service, { type: 'crm/settings-save', crm: 'hubspot', settings: { ...settings, language: 'en' } });
    await ok(service, { type: 'activity/log', entry: { kind: 'call' } });
    await ok(service, { type: 'crm/sync-now', crm: 'hubspot' });
    expect(fake.records()[1]!.text).toContain('Call (logged by hand) · Quota Radar');
  });

  it('the export holds activities only: no token, no CRM state', async () => {
    const { service } = await setup();
    await connect(service);
    await ok(service, { type: 'activity/log', entry: { kind: 'call' } });
    const exported = JSON.stringify(await ok(service, { type: 'activity/export' }));
    expect(exported).not.toContain(HUBSPOT_FAKE_TOKEN);
    expect(exported).not.toContain('hubspot');
  });

  it('failing for over an hour shows in the popup’s health; a success clears it', async () => {
    const { harness, service, fake } = await setup();
    await connect(service);
    await ok(service, { type: 'activity/log', entry: { kind: 'call' } });
    fake.offline = true;
    await ok(service, { type: 'crm/sync-now' });
    expect(await ok(service, { type: 'crm/health' })).toEqual({ failing: [] });
    harness.advance(CRM_FAILING_WARN_MS + 60_000);
    await ok(service, { type: 'crm/sync-now' });
    expect(await ok(service, { type: 'crm/health' })).toEqual({
      failing: [{ id: 'hubspot', label: 'HubSpot', since: expect.any(Number) }],
    });
    const status = CrmOverview.parse(await ok(service, { type: 'crm/status' })).crms[0]!;
    expect(status.lastError).toMatchObject({ kind: 'network' });
    expect(status.counts.failed).toBe(1);
    fake.offline = false;
    await ok(service, { type: 'crm/retry', crm: 'hubspot' });
    expect(await ok(service, { type: 'crm/health' })).toEqual({ failing: [] });
    expect(fake.records()).toHaveLength(1);
  });

  it('settings are validated; widening the from date queues earlier activity', async () => {
    const { harness, service, fake } = await setup();
    await ok(service, { type: 'activity/log', entry: { kind: 'call', occurredAt: harness.now() - 2 * 86_400_000 } });
    const connected = await connect(service);
    const settings = connected.status.settings!;
    const refused = await service.handle({ type: 'crm/settings-save', crm: 'hubspot', settings: { ...settings, noMatch: 'sometimes' } });
    expect(refused.ok).toBe(false);
    await ok(service, { type: 'crm/sync-now' });
    expect(fake.records()).toHaveLength(0);
    await ok(service, { type: 'crm/settings-save', crm: 'hubspot', settings: { ...settings, fromDate: harness.now() - 7 * 86_400_000 } });
    await ok(service, { type: 'crm/sync-now' });
    expect(fake.records()).toHaveLength(1);
  });

  it('disconnect forgets the token, the settings and the outbox, and gives the host permission back', async () => {
    const { service, removed } = await setup();
    await connect(service);
    await ok(service, { type: 'activity/log', entry: { kind: 'call' } });
    const status = await ok(service, { type: 'crm/disconnect', crm: 'hubspot' });
    expect(status).toMatchObject({ connected: false, fields: [] });
    expect(removed).toEqual([['https://api.hubapi.com/*']]);
    expect(await service.store.readKv(crmKvKey('hubspot'))).toBeUndefined();
    expect(await service.store.readKv('crmSync')).toEqual({});
    expect(await service.store.db.count('outbox')).toBe(0);
    // And new activity queues nothing.
    await ok(service, { type: 'activity/log', entry: { kind: 'call' } });
    expect(await service.store.db.count('outbox')).toBe(0);
  });

  it('disconnect keeps the host permission the manager’s team board still reads with', async () => {
    const { service, removed } = await setup();
    await connect(service);
    await service.store.writeKv('teamBoard', {
      credentials: { crm: 'hubspot', token: 'pat-na1-manager-000000' },
      account: { account: 'HubSpot 1', userId: '7', userName: 'Mia Manager' },
      connectedAt: 1,
    });
    await ok(service, { type: 'crm/disconnect', crm: 'hubspot' });
    expect(removed).toEqual([]);
    expect(await service.store.readKv(crmKvKey('hubspot'))).toBeUndefined();
  });

  it('a withdrawn host permission stops the sync with a reason, without a request', async () => {
    const { service, fake, revoke } = await setup();
    await connect(service);
    await ok(service, { type: 'activity/log', entry: { kind: 'call' } });
    revoke();
    const before = fake.requests().length;
    await ok(service, { type: 'crm/sync-now' });
    expect(fake.requests().length).toBe(before);
    const status = CrmOverview.parse(await ok(service, { type: 'crm/status' })).crms[0]!;
    expect(status.lastError).toMatchObject({ kind: 'no_permission' });
  });
});
