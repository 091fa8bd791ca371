import { describe, expect, it } from 'vitest';
import { createHubSpotClient } from '../../../../lib/crm/hubspot/client';
import { OWN_ID_PROPERTY } from '../../../../lib/crm/hubspot/portal';
import type { CrmRecord } from '../../../../lib/crm/types';
import { DEFAULT_DISPOSITIONS, FakeHubSpot, HUBSPOT_FAKE_TOKEN } from '../../../fakes/crm/hubspot/fake-hubspot';
import { fakeSend } from './fixtures';

/**
 * "Never twice" without hs_unique_id, and call outcomes from the portal's own options (issue 22):
 * against the fake portal, which has hs_unique_id on meetings only and refuses a property it lacks.
 */

const NOW = Date.parse('2026-01-20T12:00:00Z');
const call: CrmRecord = {
  activityId: 'act-7',
  recordKind: 'call',
  kind: 'call',
  channel: 'aircall',
  occurredAt: Date.parse('2026-01-14T15:00:00.000Z'),
  outcome: 'no_answer',
  summary: 'Call: no answer · Quota Radar',
};
const connect = (fake: FakeHubSpot) =>
  createHubSpotClient({ crm: 'hubspot', token: HUBSPOT_FAKE_TOKEN, ownerEmail: 'rep@seller.example' }, fakeSend(fake), { now: () => NOW });

describe('HubSpot: our id property where the portal has no hs_unique_id', () => {
  it('creates quota_radar_activity_id once, writes the id there, and a second browser finds the record', async () => {
    const fake = new FakeHubSpot({ clock: () => NOW });
    const written = await connect(fake).createRecord(call, []);
    expect(written).toMatchObject({ ok: true, value: { type: 'calls' } });
    expect(fake.objectsOf('calls')[0]!.properties[OWN_ID_PROPERTY]).toBe('quota-radar:act-7');
    expect(fake.objectsOf('calls')[0]!.properties).not.toHaveProperty('hs_unique_id');
    const other = connect(fake);
    expect(await other.findRecord('act-7', 'call')).toEqual(written);
    expect(await other.createRecord(call, [])).toEqual(written);
    expect(fake.objectsOf('calls')).toHaveLength(1);
    // Meetings keep the portal's hs_unique_id.
    const meeting = await connect(fake).createRecord({ ...call, activityId: 'm-1', recordKind: 'meeting', kind: 'meeting' }, []);
    expect(meeting.ok).toBe(true);
    expect(fake.objectsOf('meetings')[0]!.properties.hs_unique_id).toBe('quota-radar:m-1');
  });

  it('a token that may not create properties writes nothing and names the scope; the check said so before', async () => {
    const fake = new FakeHubSpot({
      clock: () => NOW,
      scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.owners.read'],
    });
    const tested = await connect(fake).test();
    const calls = tested.ok ? tested.value.checks?.find((c) => c.what === 'hubspot_calls') : undefined;
    expect(calls?.words).toBe('hubspotIdToCreate');
    expect(fake.requests().every((r) => r.method === 'GET')).toBe(true);
    const written = await connect(fake).createRecord(call, []);
    expect(written).toMatchObject({
      ok: false,
      error: { kind: 'missing_scope', message: expect.stringContaining('crm.schemas.contacts.write') },
    });
    expect(fake.objectsOf('calls')).toHaveLength(0);
  });
});

describe('HubSpot call outcomes from the portal', () => {
  it('uses the portal’s own option value for an outcome, found by its label', async () => {
    const renumbered = DEFAULT_DISPOSITIONS.map((o) => (o.label === 'No answer' ? { ...o, value: 'portal-no-answer-id' } : o));
    const fake = new FakeHubSpot({ clock: () => NOW, dispositions: renumbered });
    expect(await connect(fake).createRecord(call, [])).toMatchObject({ ok: true });
    expect(fake.objectsOf('calls')[0]!.properties.hs_call_disposition).toBe('portal-no-answer-id');
  });

  it('names outcomes the portal has no option for, and writes such a call without one', async () => {
    const fake = new FakeHubSpot({ clock: () => NOW, dispositions: DEFAULT_DISPOSITIONS.filter((o) => o.label !== 'No answer') });
    const tested = await connect(fake).test();
    expect(tested.ok && tested.value.checks?.find((c) => c.what === 'hubspot_outcomes')).toEqual({
      what: 'hubspot_outcomes',
      ok: false,
      words: 'hubspotOutcomesMissing',
      subs: ['no_answer'],
    });
    expect(await connect(fake).createRecord(call, [])).toMatchObject({ ok: true });
    expect(fake.objectsOf('calls')[0]!.properties).not.toHaveProperty('hs_call_disposition');
  });
});
