import { describe, expect, it } from 'vitest';
import { PIPEDRIVE } from '../../../../lib/crm/pipedrive';
import { markerText } from '../../../../lib/crm/pipedrive/marker';
import { CrmCredentials, type CrmRecord, type CrmSend, type CrmTeamActivity } from '../../../../lib/crm/types';
import { createFakePipedrive, type FakePipedrive } from '../../../fakes/crm/pipedrive/fake-pipedrive';

/**
 * The Pipedrive client end to end against the fake Pipedrive the browser tests route to: what the
 * client writes is what the fake stores, and what the team board reads back.
 */

const NOW = Date.parse('2026-11-02T12:00:00Z');

function connect(fake: FakePipedrive, send: CrmSend = fake.send, fields = fake.connectFields) {
  const credentials = CrmCredentials.parse({ crm: 'pipedrive', token: fields['API token'], companyDomain: fields['Company domain'] });
  return PIPEDRIVE.createClient(credentials, send, () => NOW);
}

const call: CrmRecord = {
  activityId: 'f3b1c2d4-0000-4000-8000-000000000001',
  recordKind: 'call',
  kind: 'call',
  channel: 'phone',
  occurredAt: Date.parse('2026-11-02T09:30:00Z'),
  durationSec: 95,
  outcome: 'connected',
  summary: 'Call made · Quota Radar',
};

describe('Pipedrive client against the fake Pipedrive', () => {
  it('connects with the form’s fields, and names a wrong token and a wrong company', async () => {
    const fake = createFakePipedrive(() => NOW);
    expect(fake.connectFields).toEqual({ 'API token': expect.any(String), 'Company domain': 'acme' });
    const tested = await connect(fake).test();
    expect(tested).toMatchObject({ ok: true, value: { account: 'acme.pipedrive.com', userId: '7001', userName: 'Rita Rep' } });
    expect(tested.ok && tested.value.checks?.every((c) => c.ok)).toBe(true);
    const badToken = await connect(fake, fake.send, { 'API token': 'not-the-token-123', 'Company domain': 'acme' }).test();
    expect(!badToken.ok && badToken.error.kind).toBe('wrong_key');
    const badDomain = await connect(fake, fake.send, { ...fake.connectFields, 'Company domain': 'globex' }).test();
    expect(!badDomain.ok && badDomain.error.kind).toBe('wrong_domain');
  });

  it('creates, finds the duplicate instead of writing twice (a second browser too), and retracts', async () => {
    const fake = createFakePipedrive(() => NOW);
    const rep = connect(fake);
    const bob = fake.addContact({ email: 'bob@buyer.example', name: 'Bob Buyer' });
    const contact = await rep.findContact({ email: 'BOB@buyer.example' });
    expect(contact).toEqual({ ok: true, value: { id: bob } });

    const first = await rep.createRecord(call, [{ id: bob }]);
    expect(first.ok).toBe(true);
    expect(await rep.createRecord(call, [{ id: bob }])).toEqual(first);
    expect(await connect(fake).createRecord(call, [{ id: bob }])).toEqual(first);
    expect(await connect(fake).findRecord(call.activityId, 'call')).toEqual(first);

    const stored = fake.records();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ type: 'call', activityId: call.activityId, ownerId: '7001', contactIds: [bob], deleted: false });
    expect(stored[0]?.text).toContain('Call made · Quota Radar');

    // A message goes on the person as a note; one with nobody to hang it on becomes a task.
    const message = { ...call, activityId: 'msg-1', recordKind: 'message', kind: 'linkedin_message', channel: 'linkedin' } as const;
    const note = await rep.createRecord(message, [{ id: bob }]);
    expect(note).toMatchObject({ ok: true, value: { type: 'note' } });
    expect(await rep.createRecord({ ...message, activityId: 'msg-2' }, [])).toMatchObject({ ok: true, value: { type: 'activity' } });
    expect(await connect(fake).createRecord(message, [{ id: bob }])).toEqual(note);
    expect(fake.records().map((r) => [r.type, r.activityId])).toEqual([
      ['call', call.activityId],
      ['task', 'msg-2'],
      ['note', 'msg-1'],
    ]);

    if (!first.ok || !note.ok) throw new Error('not written');
    expect(await rep.retractRecord(first.value)).toEqual({ ok: true, value: undefined });
    expect(await rep.retractRecord(note.value)).toEqual({ ok: true, value: undefined });
    // Retracting again (an answer lost the first time) is done, not an error.
    expect(await connect(fake).retractRecord(first.value)).toEqual({ ok: true, value: undefined });
    expect(
      fake
        .records()
        .filter((r) => r.deleted)
        .map((r) => r.activityId),
    ).toEqual([call.activityId, 'msg-1']);
  });

  it('a create whose answer is lost on the way back is found on the retry', async () => {
    const fake = createFakePipedrive(() => NOW);
    let dropNextWrite = true;
    const lossy: CrmSend = async (request) => {
      const answer = await fake.send(request);
      if (request.method === 'POST' && dropNextWrite) {
        dropNextWrite = false;
        return { error: { kind: 'network', message: 'The network connection was lost.' } };
      }
      return answer;
    };
    const rep = connect(fake, lossy);
    expect(await rep.createRecord(call, [])).toMatchObject({ ok: false, error: { kind: 'network' } });
    const retry = await rep.createRecord(call, []);
    expect(retry.ok).toBe(true);
    expect(fake.records()).toHaveLength(1);
    expect(fake.requests().filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('creates a contact the search then finds', async () => {
    const fake = createFakePipedrive(() => NOW);
    const rep = connect(fake);
    expect(await rep.findContact({ phone: '+4930555123' })).toEqual({ ok: true, value: null });
    const created = await rep.createContact({ phone: '+4930555123', email: 'new@buyer.example' });
    expect(created.ok).toBe(true);
    expect(fake.contacts()).toEqual([{ id: created.ok ? created.value.id : '', email: 'new@buyer.example', phone: '+4930555123' }]);
    expect(await rep.findContact({ phone: '+4930555123' })).toEqual(created);
  });

  it('a rate limit answers rate_limited with Retry-After; offline answers network and reaches nothing', async () => {
    const fake = createFakePipedrive(() => NOW);
    const rep = connect(fake);
    fake.rateLimitNext(1, 3);
    expect(await rep.findContact({ email: 'bob@buyer.example' })).toMatchObject({
      ok: false,
      error: { kind: 'rate_limited', retryAfterMs: 3000 },
    });
    expect(await rep.findContact({ email: 'bob@buyer.example' })).toEqual({ ok: true, value: null });
    const before = fake.requests().length;
    fake.offline = true;
    expect(await rep.createRecord(call, [])).toMatchObject({ ok: false, error: { kind: 'network' } });
    expect(fake.requests()).toHaveLength(before);
    fake.offline = false;
    expect((await rep.createRecord(call, [])).ok).toBe(true);
    expect(fake.records()).toHaveLength(1);
  });

  it('the team board reads two reps’ records for the period across pages, from a manager’s own token', async () => {
    const fake = createFakePipedrive(() => NOW);
    const day = (d: number, h = 10) => Date.parse(`2026-11-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00Z`);
    // Carl: 520 calls logged in Pipedrive (more than one page), a meeting, a task, an undone call, and last month's call.
    fake.addUser({
      id: '7002',
      name: 'Carl Closer',
      activities: [
        ...Array.from({ length: 520 }, (_, i) => ({ type: 'call' as const, at: day(3) + i * 60_000 })),
        { type: 'meeting', at: day(4) },
        { type: 'task', at: day(4) },
        { type: 'call', at: day(5), done: false },
        { type: 'call', at: Date.parse('2026-10-31T10:00:00Z') },
      ],
    });
    fake.addUser({ id: '7009', name: 'Mia Manager' });
    // Rita syncs a call and a LinkedIn message through the client.
    const rep = connect(fake);
    const bob = fake.addContact({ email: 'bob@buyer.example' });
    await rep.createRecord(call, [{ id: bob }]);
    await rep.createRecord({ ...call, activityId: 'li-1', recordKind: 'message', kind: 'linkedin_message', channel: 'linkedin' }, [
      { id: bob },
    ]);

    const manager = connect(fake, fake.send, { 'API token': fake.tokenOf('7009'), 'Company domain': 'acme' });
    expect(await manager.listUsers()).toMatchObject({ ok: true, value: [{ id: '7001' }, { id: '7002' }, { id: '7009' }] });
    const items: CrmTeamActivity[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await manager.listActivities(
        { from: Date.parse('2026-11-01T00:00:00Z'), to: Date.parse('2026-12-01T00:00:00Z') },
        cursor,
      );
      if (!page.ok) throw new Error(page.error.message);
      items.push(...page.value.items);
      cursor = page.value.next;
      pages++;
    } while (cursor !== undefined && pages < 10);
    expect(pages).toBe(3);
    const count = (owner: string, kind: string) => items.filter((i) => i.ownerId === owner && i.kind === kind).length;
    expect([count('7002', 'call'), count('7002', 'meeting'), count('7001', 'call'), count('7001', 'linkedin_message')]).toEqual([
      520, 1, 1, 1,
    ]);
    expect(items).toHaveLength(523);
    expect(new Set(items.map((i) => i.id)).size).toBe(523);
    expect(items.find((i) => i.ownerId === '7001' && i.kind === 'call')).toMatchObject({
      outcome: 'connected',
      occurredAt: call.occurredAt,
    });
  });

  it('reads back a marker written by hand into a seeded record', async () => {
    const fake = createFakePipedrive(() => NOW);
    const note = `<p>${markerText({ activityId: 'seed-1', kind: 'inmail', channel: 'sales_navigator' })}</p>`;
    fake.addUser({ id: '7002', name: 'Carl Closer', activities: [{ type: 'task', at: Date.parse('2026-11-10T10:00:00Z'), note }] });
    const page = await connect(fake).listActivities({ from: Date.parse('2026-11-01T00:00:00Z'), to: Date.parse('2026-12-01T00:00:00Z') });
    expect(page).toMatchObject({ ok: true, value: { items: [{ ownerId: '7002', kind: 'inmail' }] } });
  });
});
