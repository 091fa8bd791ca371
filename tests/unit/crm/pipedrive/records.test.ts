import { describe, expect, it } from 'vitest';
import { createPipedriveClient } from '../../../../lib/crm/pipedrive';
import { FRESH_MS, LOOKBACK_MS } from '../../../../lib/crm/pipedrive/records';
import { CrmCredentials, type CrmRecord } from '../../../../lib/crm/types';
import * as acts from '../../../fixtures/crm/pipedrive/activities';
import * as notes from '../../../fixtures/crm/pipedrive/notes';
import * as users from '../../../fixtures/crm/pipedrive/users';
import { bodyOf, query, type Route, scriptedSend } from './send';

const credentials = CrmCredentials.parse({ crm: 'pipedrive', token: '0123456789abcdef0123456789abcdef01234567', companyDomain: 'acme' });
const NOW = Date.parse('2026-11-02T12:00:00Z');
const AT = Date.parse('2026-11-02T09:30:00Z');

const emptyActivities = { success: true, data: [], additional_data: { next_cursor: null } };
const me: Route = { method: 'GET', path: '/api/v1/users/me', answers: [{ body: users.currentUser }] };

const call: CrmRecord = {
  activityId: 'act-call-1',
  recordKind: 'call',
  kind: 'call',
  channel: 'aircall',
  occurredAt: AT,
  durationSec: 170,
  outcome: 'connected',
  summary: 'Call made · Quota Radar',
};
const bob = { id: '201', companyId: '301' };

function client(routes: Route[], clock = { now: NOW }) {
  const fake = scriptedSend([me, ...routes]);
  return { fake, client: createPipedriveClient(credentials, fake.send, () => clock.now) };
}

describe('Pipedrive records: writing (POST /api/v2/activities, POST /v1/notes)', () => {
  it('searches the rep’s recent activities for our marker, then writes a done call with its duration, people and marker', async () => {
    const { fake, client: pd } = client([
      { method: 'GET', path: '/api/v2/activities', answers: [{ body: emptyActivities }] },
      { method: 'POST', path: '/api/v2/activities', answers: [{ body: acts.addedCall }] },
    ]);
    const result = await pd.createRecord(call, [bob, { id: '202' }]);
    expect(result).toEqual({ ok: true, value: { type: 'activity', id: '8001' } });

    const [listing] = fake.of('GET', '/api/v2/activities');
    expect(query(listing)).toEqual({
      owner_id: '7001',
      updated_since: new Date(NOW - LOOKBACK_MS).toISOString().replace('.000Z', 'Z'),
      sort_by: 'update_time',
      sort_direction: 'asc',
      limit: '500',
    });
    const [post] = fake.of('POST', '/api/v2/activities');
    expect(post?.url).toBe('https://acme.pipedrive.com/api/v2/activities');
    expect(bodyOf(post)).toEqual({
      // Subjects off: our summary is the subject.
      subject: 'Call made · Quota Radar',
      type: 'call',
      done: true,
      due_date: '2026-11-02',
      due_time: '09:30',
      duration: '00:03',
      note: '<p>Call made · Quota Radar</p><p>[qr id=act-call-1 kind=call channel=aircall at=2026-11-02T09:30:00Z outcome=connected]</p>',
      // No person_id: read-only in v2, set from the primary participant.
      participants: [
        { person_id: 201, primary: true },
        { person_id: 202, primary: false },
      ],
      org_id: 301,
    });
  });

  it('writes emails and meetings as their Pipedrive types: a meeting lasts to its end, or 30 minutes', async () => {
    const { fake, client: pd } = client([
      { method: 'GET', path: '/api/v2/activities', answers: [{ body: emptyActivities }] },
      { method: 'POST', path: '/api/v2/activities', answers: [{ body: acts.addedCall }] },
    ]);
    const base = { channel: 'gmail', occurredAt: AT, summary: 'Sent · Quota Radar' } as const;
    await pd.createRecord({ ...base, activityId: 'e1', recordKind: 'email', kind: 'email', subject: 'Proposal <v2>' }, []);
    await pd.createRecord({ ...base, activityId: 'm1', recordKind: 'meeting', kind: 'meeting', endsAt: AT + 90 * 60_000 }, []);
    await pd.createRecord({ ...base, activityId: 'm2', recordKind: 'meeting', kind: 'meeting' }, []);
    const posts = fake.of('POST', '/api/v2/activities').map((r) => bodyOf(r) as Record<string, unknown>);
    expect(posts.map((p) => [p.type, p.subject, p.duration ?? null])).toEqual([
      ['email', 'Proposal <v2>', null],
      ['meeting', 'Sent · Quota Radar', '01:30'],
      ['meeting', 'Sent · Quota Radar', '00:30'],
    ]);
    expect(posts[0]).not.toHaveProperty('person_id');
    expect(posts[0]?.note).toBe('<p>Sent · Quota Radar</p><p>[qr id=e1 kind=email channel=gmail at=2026-11-02T09:30:00Z]</p>');
  });

  it('writes a message as a note on the person, its marker dated when it was sent (only an admin may back-date add_time)', async () => {
    const { fake, client: pd } = client([
      { method: 'GET', path: '/api/v1/notes', answers: [{ body: notes.noNotes }] },
      { method: 'GET', path: '/api/v2/activities', answers: [{ body: emptyActivities }] },
      { method: 'POST', path: '/api/v1/notes', answers: [{ body: notes.addedNote }] },
    ]);
    const message: CrmRecord = {
      activityId: 'act-li-1',
      recordKind: 'message',
      kind: 'linkedin_message',
      channel: 'linkedin',
      occurredAt: Date.parse('2026-11-02T11:05:09Z'),
      summary: 'LinkedIn message sent · Quota Radar',
    };
    expect(await pd.createRecord(message, [bob])).toEqual({ ok: true, value: { type: 'note', id: '5001' } });
    expect(query(fake.of('GET', '/api/v1/notes')[0])).toMatchObject({ user_id: '7001', sort: 'update_time ASC', start: '0', limit: '500' });
    const [post] = fake.of('POST', '/api/v1/notes');
    expect(post?.url).toBe('https://acme.pipedrive.com/api/v1/notes');
    expect(bodyOf(post)).toEqual({
      content:
        '<p>LinkedIn message sent · Quota Radar</p><p>[qr id=act-li-1 kind=linkedin_message channel=linkedin at=2026-11-02T11:05:09Z]</p>',
      person_id: 201,
      org_id: 301,
    });
  });

  it('writes a message with no contact to hang a note on as a done task, and carries a deal’s amount', async () => {
    const { fake, client: pd } = client([
      { method: 'GET', path: '/api/v1/notes', answers: [{ body: notes.noNotes }] },
      { method: 'GET', path: '/api/v2/activities', answers: [{ body: emptyActivities }] },
      { method: 'POST', path: '/api/v2/activities', answers: [{ body: acts.addedCall }] },
    ]);
    const deal: CrmRecord = {
      activityId: 'act-deal-1',
      recordKind: 'note',
      kind: 'deal',
      channel: 'manual',
      occurredAt: AT,
      summary: 'Deal won · Quota Radar',
      amount: 12000.5,
      currency: 'EUR',
    };
    await pd.createRecord(deal, []);
    expect(bodyOf(fake.of('POST', '/api/v2/activities')[0])).toMatchObject({
      type: 'task',
      done: true,
      note: '<p>Deal won · Quota Radar</p><p>[qr id=act-deal-1 kind=deal channel=manual at=2026-11-02T09:30:00Z amount=12000.5 currency=EUR]</p>',
    });
  });
});

describe('Pipedrive records: idempotency (the marker searched before create)', () => {
  it('finds the record already written for an activity id, and then writes nothing', async () => {
    const { fake, client: pd } = client([{ method: 'GET', path: '/api/v2/activities', answers: [{ body: acts.repRecent }] }]);
    expect(await pd.findRecord('act-call-1', 'call')).toEqual({ ok: true, value: { type: 'activity', id: '8001' } });
    expect(await pd.findRecord('someone-else', 'call')).toEqual({ ok: true, value: null });
    expect(await pd.createRecord(call, [bob])).toEqual({ ok: true, value: { type: 'activity', id: '8001' } });
    expect(fake.of('POST', '/api/v2/activities')).toHaveLength(0);
  });

  it('finds a note of ours among the rep’s notes', async () => {
    const { client: pd } = client([{ method: 'GET', path: '/api/v1/notes', answers: [{ body: notes.repNotes }] }]);
    expect(await pd.findRecord('act-li-1', 'message')).toEqual({ ok: true, value: { type: 'note', id: '5001' } });
  });

  it('a create whose answer was lost is found on the retry: one record in Pipedrive', async () => {
    const { fake, client: pd } = client([
      // Before: nothing of ours. After the lost answer: the call is there.
      { method: 'GET', path: '/api/v2/activities', answers: [{ body: emptyActivities }, { body: acts.repRecent }] },
      { method: 'POST', path: '/api/v2/activities', answers: [{ error: { kind: 'network', message: 'Failed to fetch' } }] },
    ]);
    expect(await pd.createRecord(call, [bob])).toMatchObject({ ok: false, error: { kind: 'network' } });
    // Within FRESH_MS of the first listing, yet the lost answer forces a new one.
    expect(await pd.createRecord(call, [bob])).toEqual({ ok: true, value: { type: 'activity', id: '8001' } });
    expect(fake.of('POST', '/api/v2/activities')).toHaveLength(1);
    expect(fake.of('GET', '/api/v2/activities')).toHaveLength(2);
  });

  it('asks once for a burst of writes, then only for what changed since the newest update it saw', async () => {
    const clock = { now: NOW };
    const { fake, client: pd } = client(
      [
        { method: 'GET', path: '/api/v2/activities', answers: [{ body: acts.repRecent }] },
        { method: 'POST', path: '/api/v2/activities', answers: [{ body: acts.addedCall }] },
      ],
      clock,
    );
    await pd.findRecord('a', 'call');
    await pd.findRecord('b', 'email');
    expect(fake.of('GET', '/api/v2/activities')).toHaveLength(1);
    clock.now += FRESH_MS;
    await pd.findRecord('c', 'meeting');
    const listings = fake.of('GET', '/api/v2/activities');
    expect(listings).toHaveLength(2);
    // repRecent's newest update_time is 2026-11-02T10:00:00Z; a minute's overlap.
    expect(query(listings[1]).updated_since).toBe('2026-11-02T09:59:00Z');
    // The users/me lookup is asked once per client.
    expect(fake.of('GET', '/api/v1/users/me')).toHaveLength(1);
  });

  it('passes the listing’s failures on, without writing', async () => {
    const { fake, client: pd } = client([
      { method: 'GET', path: '/api/v2/activities', answers: [{ status: 429, body: users.rateLimited, headers: users.rateLimitHeaders }] },
    ]);
    expect(await pd.createRecord(call, [bob])).toEqual({
      ok: false,
      error: { kind: 'rate_limited', status: 429, message: 'Rate limit has been exceeded', retryAfterMs: 2000 },
    });
    expect(fake.of('POST', '/api/v2/activities')).toHaveLength(0);
  });
});

describe('Pipedrive records: failures of a write', () => {
  const failing = (answer: Route['answers'][number]) =>
    client([
      { method: 'GET', path: '/api/v2/activities', answers: [{ body: emptyActivities }] },
      { method: 'POST', path: '/api/v2/activities', answers: [answer] },
    ]).client.createRecord(call, [bob]);

  it('429: Retry-After first, then the window reset, then midnight UTC when the day’s allowance is spent', async () => {
    expect(
      await failing({ status: 429, body: users.rateLimited, headers: { ...users.rateLimitHeaders, 'retry-after': '7' } }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'rate_limited', retryAfterMs: 7000 },
    });
    expect(await failing({ status: 429, body: users.rateLimited, headers: users.rateLimitHeaders })).toMatchObject({
      error: { retryAfterMs: 2000 },
    });
    expect(await failing({ status: 429, body: users.rateLimited, headers: { 'x-daily-requests-left': '0' } })).toMatchObject({
      error: { retryAfterMs: 12 * 3600_000 },
    });
    expect(await failing({ status: 429, body: users.rateLimited })).toMatchObject({ error: { retryAfterMs: 60_000 } });
  });

  it('401 wrong key, 403 missing permission, 400 rejected with Pipedrive’s words, 5xx server error, odd answer bad_payload', async () => {
    expect(await failing({ status: 401, body: users.unauthorized })).toMatchObject({ error: { kind: 'wrong_key', status: 401 } });
    expect(await failing({ status: 403, body: users.forbidden })).toMatchObject({ error: { kind: 'missing_scope', status: 403 } });
    expect(
      await failing({ status: 400, body: { success: false, error: 'Activity type is not valid', data: null, additional_data: null } }),
    ).toEqual({ ok: false, error: { kind: 'rejected', status: 400, message: 'Activity type is not valid' } });
    expect(await failing({ status: 502, body: users.serverError })).toMatchObject({ error: { kind: 'server_error', status: 502 } });
    expect(await failing({ body: { success: true, data: { id: 'x' } } })).toMatchObject({ error: { kind: 'bad_payload', status: 200 } });
    expect(await failing({ raw: { status: 201, headers: {}, body: 'not json' } })).toMatchObject({ error: { kind: 'bad_payload' } });
  });
});

describe('Pipedrive records: retraction (DELETE)', () => {
  it('deletes an activity (v2) or a note (v1); one already gone counts as done', async () => {
    const { fake, client: pd } = client([
      { method: 'DELETE', path: '/api/v2/activities/8001', answers: [{ body: acts.deleted }, { status: 404, body: acts.gone }] },
      { method: 'DELETE', path: '/api/v1/notes/5001', answers: [{ body: notes.deletedNote }] },
    ]);
    expect(await pd.retractRecord({ type: 'activity', id: '8001' })).toEqual({ ok: true, value: undefined });
    expect(await pd.retractRecord({ type: 'activity', id: '8001' })).toEqual({ ok: true, value: undefined });
    expect(await pd.retractRecord({ type: 'note', id: '5001' })).toEqual({ ok: true, value: undefined });
    expect(fake.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'DELETE https://acme.pipedrive.com/api/v2/activities/8001',
      'DELETE https://acme.pipedrive.com/api/v2/activities/8001',
      'DELETE https://acme.pipedrive.com/api/v1/notes/5001',
    ]);
  });

  it('a retracted record is no longer found, so a later create writes it again', async () => {
    const { client: pd } = client([
      { method: 'GET', path: '/api/v2/activities', answers: [{ body: acts.repRecent }] },
      { method: 'DELETE', path: '/api/v2/activities/8001', answers: [{ body: acts.deleted }] },
    ]);
    expect(await pd.findRecord('act-call-1', 'call')).toMatchObject({ value: { id: '8001' } });
    await pd.retractRecord({ type: 'activity', id: '8001' });
    expect(await pd.findRecord('act-call-1', 'call')).toEqual({ ok: true, value: null });
  });

  it('passes other failures on, and refuses a reference that is not Pipedrive’s', async () => {
    const { fake, client: pd } = client([
      { method: 'DELETE', path: '/api/v2/activities/8001', answers: [{ status: 500, body: users.serverError }] },
    ]);
    expect(await pd.retractRecord({ type: 'activity', id: '8001' })).toMatchObject({ ok: false, error: { kind: 'server_error' } });
    expect(await pd.retractRecord({ type: 'calls', id: '8001' })).toMatchObject({ ok: false, error: { kind: 'rejected' } });
    expect(await pd.retractRecord({ type: 'note', id: '../users' })).toMatchObject({ ok: false, error: { kind: 'rejected' } });
    expect(fake.requests).toHaveLength(1);
  });
});
