import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { forgetRefreshed, salesforceFailure } from '../../../../lib/crm/salesforce/api';
import { createSalesforceClient } from '../../../../lib/crm/salesforce/client';
import { SalesforceCredentials } from '../../../../lib/crm/salesforce/credentials';
import { soqlLikeLiteral, soqlString } from '../../../../lib/crm/salesforce/soql';
import type { CrmRecord } from '../../../../lib/crm/types';
import { createFakeSalesforce, type FakeSalesforce } from '../../../fakes/crm/salesforce/fake-salesforce';
import { likeMatches, parseSoql } from '../../../fakes/crm/salesforce/soql';

const NOW = Date.UTC(2026, 2, 10, 15, 30);

function connect(fake: FakeSalesforce) {
  const credentials = SalesforceCredentials.parse({
    crm: 'salesforce',
    myDomain: fake.connectFields['My Domain'],
    clientId: fake.connectFields['Consumer key'],
    accessToken: fake.connectFields['Access token'],
    refreshToken: fake.connectFields['Refresh token'],
  });
  return createSalesforceClient(credentials, fake.send, () => NOW);
}

const call: CrmRecord = {
  activityId: 'a1b2c3d4-0000-4000-8000-000000000001',
  recordKind: 'call',
  kind: 'call',
  channel: 'phone',
  occurredAt: NOW - 3_600_000,
  durationSec: 245,
  outcome: 'connected',
  summary: 'Call · connected · 4 min · Quota Radar',
};
const meeting: CrmRecord = {
  activityId: 'meeting-1',
  recordKind: 'meeting',
  kind: 'meeting',
  channel: 'manual',
  occurredAt: NOW,
  endsAt: NOW + 45 * 60_000,
  summary: 'Meeting · Quota Radar',
};
const message: CrmRecord = {
  activityId: 'msg-1',
  recordKind: 'message',
  kind: 'linkedin_message',
  channel: 'linkedin',
  occurredAt: NOW,
  summary: 'LinkedIn message sent · Quota Radar',
};

beforeEach(() => forgetRefreshed());

describe('Salesforce My Domain', () => {
  it.each([
    ['acme', 'https://acme.my.salesforce.com'],
    ['https://acme.my.salesforce.com/', 'https://acme.my.salesforce.com'],
    ['ACME--uat.sandbox.my.salesforce.com', 'https://acme--uat.sandbox.my.salesforce.com'],
    ['https://acme-dev-ed.develop.my.salesforce.com/lightning', 'https://acme-dev-ed.develop.my.salesforce.com'],
    ['https://acme.lightning.force.com/lightning/page/home', 'https://acme.my.salesforce.com'],
  ])('%s → %s', (typed, expected) => {
    expect(SalesforceCredentials.shape.myDomain.parse(typed)).toBe(expected);
  });
  it.each([
    'https://login.salesforce.com',
    'https://acme.my.salesforce.com.evil.example',
    'http://acme.evil.example',
    'acme.salesforce.com',
  ])('refuses %s', (typed) => {
    expect(SalesforceCredentials.shape.myDomain.safeParse(typed).success).toBe(false);
  });
});

describe('Salesforce client against the fake org', () => {
  it('test(): the user, and whether the external-id field exists (in words, both ways)', async () => {
    const without = await connect(createFakeSalesforce(() => NOW)).test();
    expect(without.ok && without.value.userName).toBe('Rita Rep');
    expect(without.ok && without.value.checks?.find((c) => c.what === 'salesforce_externalId')).toMatchObject({
      ok: false,
      words: 'salesforceNoExternalId',
    });
    const withField = await connect(createFakeSalesforce(() => NOW, 'QuotaRadar_Id__c')).test();
    expect(withField.ok && withField.value.checks?.find((c) => c.what === 'salesforce_externalId')).toMatchObject({
      ok: true,
      subs: ['QuotaRadar_Id__c'],
    });
  });

  it('a call is a completed Task: subtype Call, outbound, its length and outcome, owned by the signed-in user, on the contact', async () => {
    const fake = createFakeSalesforce(() => NOW);
    const contact = fake.addContact({ email: "o'brien@buyer.example", name: "Pat O'Brien" });
    const client = connect(fake);
    const found = await client.findContact({ email: "o'brien@buyer.example" });
    expect(found).toEqual({ ok: true, value: { id: contact } });
    const written = await client.createRecord(call, [{ id: contact }]);
    expect(written.ok).toBe(true);
    const [task] = fake.sobjects('Task');
    expect(task).toMatchObject({
      TaskSubtype: 'Call',
      CallType: 'Outbound',
      CallDurationInSeconds: 245,
      CallDisposition: 'connected',
      Status: 'Completed',
      ActivityDate: '2026-03-10',
      OwnerId: fake.me,
      WhoId: contact,
    });
    expect(String(task!.Description)).toContain(
      '[quota-radar:v1 id=a1b2c3d4-0000-4000-8000-000000000001 kind=call channel=phone outcome=connected]',
    );
    // No external-id field: the subject carries our id, for the finder and the board.
    expect(task!.Subject).toBe('Call · connected · 4 min · Quota Radar [qr:a1b2c3d4-0000-4000-8000-000000000001]');
  });

  it('without the field: a retry finds the first write instead of making a second', async () => {
    const fake = createFakeSalesforce(() => NOW);
    const client = connect(fake);
    const first = await client.createRecord(call, []);
    const again = await client.createRecord(call, []);
    expect(again).toEqual(first);
    expect(fake.sobjects('Task')).toHaveLength(1);
    expect(await client.findRecord(call.activityId, 'call')).toEqual(first);
    // An id that is a prefix of ours, or holds LIKE's wildcards, finds nothing.
    expect(await client.findRecord('a1b2c3d4', 'call')).toEqual({ ok: true, value: null });
    expect(await client.findRecord('a1b2c3d4-0000-4000-8000-00000000000_', 'call')).toEqual({ ok: true, value: null });
    expect(await client.findRecord('%', 'call')).toEqual({ ok: true, value: null });
  });

  it('with the field: an upsert by our id (PATCH …/Task/QuotaRadar_Id__c/<id>), the subject clean, a second upsert the same record', async () => {
    const fake = createFakeSalesforce(() => NOW, 'QuotaRadar_Id__c');
    const client = connect(fake);
    const first = await client.createRecord(call, []);
    const upsert = fake.requests().find((r) => r.method === 'PATCH')!;
    expect(new URL(upsert.url).pathname).toBe(`/services/data/v62.0/sobjects/Task/QuotaRadar_Id__c/${call.activityId}`);
    expect(fake.sobjects('Task')[0]).toMatchObject({
      QuotaRadar_Id__c: call.activityId,
      Subject: 'Call · connected · 4 min · Quota Radar',
    });
    // Two browsers at once: the second upsert lands on the first record (TaskSubtype is create-only, so it is found).
    const second = await client.createRecord(call, []);
    expect(second).toEqual(first);
    expect(fake.sobjects('Task')).toHaveLength(1);
  });

  it('a meeting is an Event with its start and end; a message a completed Task of subtype Task whose subject says the channel', async () => {
    const fake = createFakeSalesforce(() => NOW, 'QuotaRadar_Id__c');
    const client = connect(fake);
    expect((await client.createRecord(meeting, [])).ok).toBe(true);
    expect((await client.createRecord(message, [])).ok).toBe(true);
    expect(fake.sobjects('Event')[0]).toMatchObject({
      StartDateTime: new Date(NOW).toISOString(),
      EndDateTime: new Date(NOW + 45 * 60_000).toISOString(),
      DurationInMinutes: 45,
    });
    expect(fake.sobjects('Task')[0]).toMatchObject({
      TaskSubtype: 'Task',
      Status: 'Completed',
      Subject: 'LinkedIn message sent · Quota Radar',
    });
  });

  it('WhoId: a contact by email, else an unconverted lead; a phone and a LinkedIn URL by SOSL', async () => {
    const fake = createFakeSalesforce(() => NOW);
    const lead = fake.addContact({ email: 'lead@buyer.example' }, 'Lead');
    const phone = fake.addContact({ phone: '+1 (555) 010-2030' });
    const client = connect(fake);
    expect(await client.findContact({ email: 'lead@buyer.example' })).toEqual({ ok: true, value: { id: lead } });
    expect(await client.findContact({ phone: '+15550102030' })).toEqual({ ok: true, value: { id: phone } });
    expect(await client.findContact({ email: 'nobody@buyer.example', linkedin: 'https://www.linkedin.com/in/nobody' })).toEqual({
      ok: true,
      value: null,
    });
    const search = fake.requests().find((r) => r.url.includes('/search'))!;
    expect(new URL(search.url).searchParams.get('q')).toBe(
      'FIND {"\\+15550102030"} IN PHONE FIELDS RETURNING Contact(Id), Lead(Id WHERE IsConverted = false) LIMIT 2',
    );
  });

  it('a retraction deletes the record; one already gone is done', async () => {
    const fake = createFakeSalesforce(() => NOW);
    const client = connect(fake);
    const written = await client.createRecord(meeting, []);
    if (!written.ok) throw new Error('not written');
    expect(await client.retractRecord(written.value)).toEqual({ ok: true, value: undefined });
    expect(fake.records().find((r) => r.id === written.value.id)?.deleted).toBe(true);
    expect(await client.retractRecord(written.value)).toEqual({ ok: true, value: undefined });
    expect((await client.retractRecord({ type: 'Account', id: written.value.id })).ok).toBe(false);
  });

  it('an ended session is refreshed once (401 INVALID_SESSION_ID), and the request goes through', async () => {
    const fake = createFakeSalesforce(() => NOW);
    const client = connect(fake);
    fake.expireSessions();
    const found = await client.findContact({ email: 'x@buyer.example' });
    expect(found).toEqual({ ok: true, value: null });
    expect(fake.requests().filter((r) => r.url.endsWith('/services/oauth2/token'))).toHaveLength(1);
    // A revoked refresh token: sign in again, said as expired_key.
    fake.expireSessions();
    fake.revokeRefreshTokens();
    forgetRefreshed();
    expect(await connect(fake).findContact({ email: 'x@buyer.example' })).toMatchObject({ ok: false, error: { kind: 'expired_key' } });
  });

  it('REQUEST_LIMIT_EXCEEDED waits as told, else an hour; 5xx is a server error', () => {
    const limit = (headers: Record<string, string>) =>
      salesforceFailure(
        { status: 403, headers, body: '[{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]' },
        NOW,
      );
    expect(limit({ 'retry-after': '30' })).toMatchObject({ kind: 'rate_limited', retryAfterMs: 30_000 });
    expect(limit({})).toMatchObject({ kind: 'rate_limited', retryAfterMs: 3_600_000 });
    expect(
      salesforceFailure({ status: 403, headers: {}, body: '[{"message":"no","errorCode":"INSUFFICIENT_ACCESS_OR_READONLY"}]' }, NOW).kind,
    ).toBe('missing_scope');
    expect(
      salesforceFailure(
        { status: 503, headers: { 'retry-after': '5' }, body: '[{"message":"down","errorCode":"SERVER_UNAVAILABLE"}]' },
        NOW,
      ),
    ).toMatchObject({ kind: 'server_error', retryAfterMs: 5000 });
  });
});

describe('SOQL escaping', () => {
  it('any text comes back from a quoted literal as itself (the fake parses as Salesforce documents)', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const soql = parseSoql(`SELECT Id FROM Contact WHERE Email = ${soqlString(text)} LIMIT 1`);
        expect(soql.where[0]!.value).toBe(text);
      }),
    );
  });
  it('a LIKE literal matches exactly its text (once failing: "_" matched any character)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (text, other) => {
        const soql = parseSoql(`SELECT Id FROM Task WHERE Subject LIKE '${soqlLikeLiteral(text)}'`);
        const pattern = soql.where[0]!.value as string;
        expect(likeMatches(text, pattern)).toBe(true);
        if (other.toLowerCase() !== text.toLowerCase()) expect(likeMatches(other, pattern)).toBe(false);
      }),
      { examples: [['a_c', 'abc']] },
    );
  });
});
