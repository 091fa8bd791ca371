import { describe, expect, it } from 'vitest';
import { createHubSpotClient, HUBSPOT_CALL_DISPOSITION, hubspotMarker, hubspotProperties } from '../../../../lib/crm/hubspot/client';
import type { CrmRecord } from '../../../../lib/crm/types';
import { FakeHubSpot, HUBSPOT_FAKE_TOKEN } from '../../../fakes/crm/hubspot/fake-hubspot';
import { fakeSend, fixture, scriptedSend } from './fixtures';

const TOKEN = 'pat-na1-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const credentials = { crm: 'hubspot' as const, token: TOKEN, ownerEmail: 'email@hubspot.com' };
const ok200 = (body: unknown) => ({ status: 200, headers: {}, body: JSON.stringify(body) });
/** A property as the properties API answers it (every field its spec requires). */
const propertyAnswer = (name: string) =>
  ok200({
    name,
    label: name,
    type: 'string',
    fieldType: 'text',
    groupName: 'callinformation',
    description: '',
    options: [],
    hasUniqueValue: true,
  });

const aCall: CrmRecord = {
  activityId: 'act-1',
  recordKind: 'call',
  kind: 'call',
  channel: 'aircall',
  occurredAt: Date.parse('2026-01-14T15:00:00.000Z'),
  durationSec: 180,
  outcome: 'connected',
  summary: 'Call: connected, 3 min (Aircall) · Quota Radar',
};

describe('HubSpot connection test (account-info, scopes, owner)', () => {
  it('names the portal and the rep, with the token as a Bearer header', async () => {
    const { send, sent } = scriptedSend([
      [/GET https:\/\/api\.hubapi\.com\/account-info\/v3\/details$/, fixture('account-details')],
      [/GET .*\/crm\/v3\/objects\/contacts\?limit=1$/, ok200({ results: [] })],
      [/GET .*\/crm\/v3\/owners\?limit=1$/, fixture('owners-page-1')],
      [/GET .*\/crm\/v3\/owners\?email=email%40hubspot\.com/, fixture('owners-page-1')],
    ]);
    const result = await createHubSpotClient(credentials, send).test();
    expect(result).toMatchObject({ ok: true, value: { account: 'HubSpot 123456', userId: '41629779', userName: 'HubSpot Test Owner' } });
    expect(sent[0]!.request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    // The properties it relies on are read, never written, and what lacks is said: here the portal answers 404 to each.
    expect(sent.every((s) => s.request.method === 'GET')).toBe(true);
    const checks = result.ok ? (result.value.checks ?? []) : [];
    expect(checks.find((c) => c.what === 'hubspot_calls')).toEqual({
      what: 'hubspot_calls',
      ok: true,
      words: 'hubspotIdToCreate',
      subs: ['calls', 'quota_radar_activity_id', 'crm.schemas.contacts.write or crm.schemas.custom.write'],
    });
    expect(checks.find((c) => c.what === 'hubspot_outcomes')).toEqual({
      what: 'hubspot_outcomes',
      ok: false,
      words: 'hubspotOutcomesDefault',
    });
  });

  it('a refused token is a wrong key (401)', async () => {
    const { send } = scriptedSend([[/./, fixture('error-401')]]);
    const result = await createHubSpotClient(credentials, send).test();
    expect(result.ok || result.error.kind).toBe('wrong_key');
  });

  it('a token without a scope names the scope (403 MISSING_SCOPES)', async () => {
    const { send } = scriptedSend([
      [/account-info/, fixture('account-details')],
      [/objects\/contacts/, ok200({ results: [] })],
      [/owners/, fixture('error-403-missing-scopes')],
    ]);
    const result = await createHubSpotClient(credentials, send).test();
    expect(result).toMatchObject({ ok: false, error: { kind: 'missing_scope', message: 'crm.objects.owners.read', status: 403 } });
  });

  it('an owner email HubSpot does not know is refused in words', async () => {
    const { send } = scriptedSend([
      [/account-info/, fixture('account-details')],
      [/objects\/contacts/, ok200({ results: [] })],
      [/owners\?limit=1/, fixture('owners-page-1')],
      [/owners\?email/, ok200({ results: [] })],
    ]);
    const result = await createHubSpotClient(credentials, send).test();
    expect(result).toMatchObject({ ok: false, error: { kind: 'rejected', message: 'no HubSpot user has the email email@hubspot.com' } });
  });

  it('a rate limit waits for the rest of the window, or the Retry-After', async () => {
    const window = await createHubSpotClient(credentials, scriptedSend([[/./, fixture('error-429')]]).send).test();
    expect(window).toMatchObject({ ok: false, error: { kind: 'rate_limited', retryAfterMs: 10_000, status: 429 } });
    const told = await createHubSpotClient(
      credentials,
      scriptedSend([[/./, fixture('error-429', { headers: { 'retry-after': '3' } })]]).send,
    ).test();
    expect(told).toMatchObject({ ok: false, error: { kind: 'rate_limited', retryAfterMs: 3_000 } });
  });

  it('a 5xx is a server error, no answer is the network, an undocumented shape is a bad payload', async () => {
    const server = await createHubSpotClient(credentials, scriptedSend([[/./, fixture('error-502')]]).send).test();
    expect(server).toMatchObject({ ok: false, error: { kind: 'server_error', status: 502 } });
    const offline = await createHubSpotClient(
      credentials,
      scriptedSend([[/./, { error: { kind: 'network', message: 'Failed to fetch' } }]]).send,
    ).test();
    expect(offline).toMatchObject({ ok: false, error: { kind: 'network' } });
    const odd = await createHubSpotClient(credentials, scriptedSend([[/./, ok200({ hub: 'x' })]]).send).test();
    expect(odd).toMatchObject({ ok: false, error: { kind: 'bad_payload' } });
  });
});

describe('HubSpot contacts', () => {
  it('searches by email, phone and LinkedIn in one request (filter groups ORed); the email match wins', async () => {
    const { send, sent } = scriptedSend([[/POST .*\/crm\/v3\/objects\/contacts\/search$/, fixture('contacts-search')]]);
    const found = await createHubSpotClient(credentials, send).findContact({
      email: 'Ann@Buyer.example',
      phone: '+14155550123',
      linkedin: 'https://www.linkedin.com/in/ann',
    });
    expect(found).toEqual({ ok: true, value: { id: '402', companyId: '9001' } });
    const body = sent[0]!.json as { filterGroups: { filters: { propertyName: string; value: string }[] }[] };
    expect(body.filterGroups.map((g) => g.filters[0]!.propertyName)).toEqual(['email', 'phone', 'mobilephone', 'hs_linkedin_url']);
    expect(body.filterGroups[0]!.filters[0]!.value).toBe('ann@buyer.example');
  });

  it('nothing to search by asks nothing; no match is null', async () => {
    const { send, sent } = scriptedSend([[/search/, ok200({ total: 0, results: [] })]]);
    const client = createHubSpotClient(credentials, send);
    expect(await client.findContact({ vkId: '12345' })).toEqual({ ok: true, value: null });
    expect(sent).toHaveLength(0);
    expect(await client.findContact({ email: 'x@y.example' })).toEqual({ ok: true, value: null });
  });

  it('creates a contact with a name only when given; one created meanwhile is found from the 409', async () => {
    const fake = new FakeHubSpot();
    const client = createHubSpotClient({ crm: 'hubspot', token: HUBSPOT_FAKE_TOKEN }, fakeSend(fake));
    const created = await client.createContact({ email: 'bo@buyer.example' });
    expect(created.ok).toBe(true);
    expect(fake.objectsOf('contacts')[0]!.properties).toEqual({ email: 'bo@buyer.example' });
    const again = await client.createContact({ email: 'bo@buyer.example', name: 'Bo Buyer' });
    expect(again).toEqual(created);
    expect(fake.contacts()).toHaveLength(1);
  });
});

describe('HubSpot records', () => {
  it('writes a call as a call: time, outcome, duration, our marker, owner, associated to contact and company', async () => {
    const { send, sent } = scriptedSend([
      [/owners\?email/, fixture('owners-page-1')],
      // A portal with hs_unique_id on calls keeps it; its dispositions cannot be read: the defaults.
      [/GET .*\/crm\/v3\/properties\/calls\/hs_unique_id$/, propertyAnswer('hs_unique_id')],
      [/POST .*\/crm\/v3\/objects\/calls$/, fixture('call-created')],
    ]);
    const ref = await createHubSpotClient(credentials, send).createRecord(aCall, [{ id: '402', companyId: '9001' }]);
    expect(ref).toEqual({ ok: true, value: { type: 'calls', id: '17591596434' } });
    const body = sent.find((s) => /objects\/calls$/.test(s.request.url))!.json as {
      properties: Record<string, string>;
      associations: unknown[];
    };
    expect(body.properties).toMatchObject({
      hs_timestamp: '2026-01-14T15:00:00.000Z',
      hs_call_direction: 'OUTBOUND',
      hs_call_duration: '180000',
      hs_call_disposition: HUBSPOT_CALL_DISPOSITION.connected,
      hs_unique_id: hubspotMarker('act-1'),
      hubspot_owner_id: '41629779',
    });
    expect(body.associations).toEqual([
      { to: { id: '402' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 194 }] },
      { to: { id: '9001' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 182 }] },
    ]);
  });

  it('a create refused because the marker is taken returns the record already written', async () => {
    const { send } = scriptedSend([
      [/owners\?email/, fixture('owners-page-1')],
      [/GET .*\/crm\/v3\/properties\/calls\/hs_unique_id$/, propertyAnswer('hs_unique_id')],
      [/POST .*\/objects\/calls$/, fixture('error-409-unique')],
      [
        /POST .*\/objects\/calls\/search$/,
        ok200({
          total: 1,
          results: [
            {
              id: '17591596434',
              properties: { hs_unique_id: 'quota-radar:act-1' },
              createdAt: '2026-01-14T15:00:01.000Z',
              updatedAt: '2026-01-14T15:00:01.000Z',
              archived: false,
            },
          ],
        }),
      ],
    ]);
    expect(await createHubSpotClient(credentials, send).createRecord(aCall, [])).toEqual({
      ok: true,
      value: { type: 'calls', id: '17591596434' },
    });
  });

  it('a second create of the same activity finds the first (search before create), and nothing is duplicated', async () => {
    const fake = new FakeHubSpot();
    const first = createHubSpotClient({ crm: 'hubspot', token: HUBSPOT_FAKE_TOKEN }, fakeSend(fake));
    const written = await first.createRecord(aCall, []);
    // A second browser (or a restarted worker) looks before writing.
    const second = createHubSpotClient({ crm: 'hubspot', token: HUBSPOT_FAKE_TOKEN }, fakeSend(fake));
    const found = await second.findRecord('act-1', 'call');
    expect(found).toEqual(written);
    // Even a blind second create lands on the first record.
    expect(await second.createRecord(aCall, [])).toEqual(written);
    expect(fake.records().filter((r) => r.activityId === 'act-1')).toHaveLength(1);
  });

  it('messages go as communications: LinkedIn as LINKEDIN_MESSAGE, Telegram and VK as SMS; never a subject when none is given', () => {
    const base = { ...aCall, recordKind: 'message' as const, kind: 'linkedin_message' as const, summary: 'LinkedIn message sent' };
    expect(hubspotProperties({ ...base, channel: 'linkedin' }).hs_communication_channel_type).toBe('LINKEDIN_MESSAGE');
    expect(hubspotProperties({ ...base, channel: 'telegram', kind: 'messenger_message' }).hs_communication_channel_type).toBe('SMS');
    const email = hubspotProperties({ ...aCall, recordKind: 'email', kind: 'email', channel: 'gmail', summary: 'Email sent (Gmail)' });
    expect(email).not.toHaveProperty('hs_email_subject');
    expect(email.hs_email_text).toBe('Email sent (Gmail) (quota-radar:email)');
    const deal = hubspotProperties({
      ...aCall,
      recordKind: 'note',
      kind: 'deal',
      channel: 'manual',
      subject: 'ACME renewal',
      summary: 'Deal: 5000 USD',
    });
    expect(deal.hs_note_body).toBe('ACME renewal: Deal: 5000 USD (quota-radar:deal)');
  });

  it('a retraction archives the record; archived records are no longer found; an unknown id is done too', async () => {
    const fake = new FakeHubSpot();
    const client = createHubSpotClient({ crm: 'hubspot', token: HUBSPOT_FAKE_TOKEN }, fakeSend(fake));
    const written = await client.createRecord(aCall, []);
    if (!written.ok) throw new Error('not written');
    expect(await client.retractRecord(written.value)).toEqual({ ok: true, value: undefined });
    expect(fake.records()[0]!.deleted).toBe(true);
    expect(await client.findRecord('act-1', 'call')).toEqual({ ok: true, value: null });
    expect(await client.retractRecord({ type: 'calls', id: '404404' })).toEqual({ ok: true, value: undefined });
    const { send, sent } = scriptedSend([[/batch\/archive/, { status: 204, headers: {}, body: '' }]]);
    await createHubSpotClient(credentials, send).retractRecord({ type: 'calls', id: '7' });
    expect(sent[0]!.request.url).toBe('https://api.hubapi.com/crm/v3/objects/calls/batch/archive');
    expect(sent[0]!.json).toEqual({ inputs: [{ id: '7' }] });
  });

  it('a record HubSpot refuses is rejected with its words (400 validation)', async () => {
    const fake = new FakeHubSpot();
    const client = createHubSpotClient({ crm: 'hubspot', token: HUBSPOT_FAKE_TOKEN }, fakeSend(fake));
    const result = await client.createRecord(aCall, [{ id: '999' }]);
    expect(result).toMatchObject({ ok: false, error: { kind: 'rejected', status: 400, message: 'No contact 999' } });
  });
});

describe('HubSpot team board reads', () => {
  it('lists owners page by page, without archived ones', async () => {
    const { send, sent } = scriptedSend([
      [/owners\?limit=100&after=1$/, fixture('owners-page-2')],
      [/owners\?limit=100$/, fixture('owners-page-1')],
    ]);
    const users = await createHubSpotClient(credentials, send).listUsers();
    expect(users).toEqual({
      ok: true,
      value: [
        { id: '41629779', name: 'HubSpot Test Owner', email: 'email@hubspot.com' },
        { id: '41629780', name: 'Ann Rep', email: 'ann@hubspot.com' },
      ],
    });
    expect(sent).toHaveLength(2);
  });

  it('pages activities by hs_timestamp, then moves on to the next object type', async () => {
    const { send, sent } = scriptedSend([[/calls\/search/, fixture('calls-search-page')]]);
    const client = createHubSpotClient(credentials, send);
    const range = { from: Date.parse('2026-01-01T00:00:00Z'), to: Date.parse('2026-02-01T00:00:00Z') };
    const first = await client.listActivities(range);
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.items).toEqual([
      { id: 'calls:5001', ownerId: '41629779', kind: 'call', occurredAt: Date.parse('2026-01-14T15:00:00.000Z'), outcome: 'connected' },
      { id: 'calls:5002', ownerId: '41629780', kind: 'call', occurredAt: Date.parse('2026-01-14T16:00:00.000Z'), outcome: 'no_answer' },
    ]);
    expect(JSON.parse(first.value.next!)).toEqual({ type: 0, after: '2' });
    const body = sent[0]!.json as { filterGroups: { filters: { propertyName: string; operator: string; value?: string }[] }[] };
    expect(body.filterGroups[0]!.filters).toEqual([
      { propertyName: 'hs_timestamp', operator: 'GTE', value: String(range.from) },
      { propertyName: 'hs_timestamp', operator: 'LT', value: String(range.to) },
      { propertyName: 'hubspot_owner_id', operator: 'HAS_PROPERTY' },
    ]);

    const { send: lastSend, sent: lastSent } = scriptedSend([[/calls\/search/, ok200({ total: 0, results: [] })]]);
    const last = await createHubSpotClient(credentials, lastSend).listActivities(range, first.value.next);
    expect(last.ok && JSON.parse(last.value.next!)).toEqual({ type: 1 });
    expect((lastSent[0]!.json as { after: string }).after).toBe('2');
    expect(await client.listActivities(range, 'garbage')).toMatchObject({ ok: false, error: { kind: 'bad_payload' } });
  });

  it('reads back our kinds from what the sync wrote, against the fake', async () => {
    const fake = new FakeHubSpot();
    const client = createHubSpotClient({ crm: 'hubspot', token: HUBSPOT_FAKE_TOKEN, ownerEmail: 'rep@seller.example' }, fakeSend(fake));
    await client.createRecord({ ...aCall, activityId: 'd1', recordKind: 'note', kind: 'deal', channel: 'manual', summary: 'Deal' }, []);
    await client.createRecord(
      { ...aCall, activityId: 'm1', recordKind: 'message', kind: 'messenger_message', channel: 'telegram', summary: 'Message' },
      [],
    );
    const range = { from: 0, to: Date.parse('2100-01-01') };
    const kinds: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listActivities(range, cursor);
      if (!page.ok) throw new Error(page.error.message);
      kinds.push(...page.value.items.map((i) => `${i.kind}:${i.ownerId}`));
      cursor = page.value.next;
    } while (cursor);
    expect(kinds.sort()).toEqual(['deal:110', 'messenger_message:110']);
  });
});
