import { describe, expect, it } from 'vitest';
import { BITRIX24 } from '../../../../lib/crm/bitrix24';
import { CrmCredentials, type CrmRecord } from '../../../../lib/crm/types';
import { createFakeBitrix24, FAKE_BITRIX24_PORTAL } from '../../../fakes/crm/bitrix24/fake-bitrix24';

/** The client end to end against the fake portal the browser tests route (tests/fakes/crm/bitrix24/fake-bitrix24.ts). */
function setup() {
  const clock = () => at;
  const fake = createFakeBitrix24(clock);
  const credentials = CrmCredentials.parse({ crm: 'bitrix24', webhookUrl: fake.connectFields['Webhook URL'] });
  const client = BITRIX24.createClient(credentials, fake.transport.send, clock);
  return { fake, client };
}

const at = Date.parse('2026-01-14T09:00:00Z');
const record = (activityId: string, over: Partial<CrmRecord> = {}): CrmRecord => ({
  activityId,
  recordKind: 'call',
  kind: 'call',
  channel: 'phone',
  occurredAt: at,
  durationSec: 60,
  outcome: 'connected',
  summary: 'Call · Quota Radar',
  ...over,
});

describe('Bitrix24 client against the fake portal', () => {
  it('connects, and the connect field is the form label', async () => {
    const { fake, client } = setup();
    expect(Object.keys(fake.connectFields)).toEqual(['Webhook URL']);
    expect(BITRIX24.origins(CrmCredentials.parse({ crm: 'bitrix24', webhookUrl: fake.connectFields['Webhook URL'] }))).toEqual([
      `https://${FAKE_BITRIX24_PORTAL}/*`,
    ]);
    const account = await client.test();
    expect(account).toMatchObject({ ok: true, value: { account: FAKE_BITRIX24_PORTAL, userId: '1', userName: 'Anna Petrova' } });
    expect(account.ok && account.value.checks?.every((c) => c.ok)).toBe(true);
    // A webhook user without the right to see activities: the check says so in words, before any write.
    fake.deniedToUser = ['crm.activity.list'];
    const limited = await client.test();
    expect(limited.ok && limited.value.checks?.find((c) => c.what === 'activities')).toMatchObject({ ok: false, words: 'userLacksRight' });
    expect(await client.findRecord('x', 'call')).toMatchObject({ ok: false, error: { kind: 'user_permission', status: 403 } });
    fake.deniedToUser = [];
    fake.scopes = ['user'];
    expect(await client.test()).toMatchObject({ ok: false, error: { kind: 'missing_scope' } });
    const wrong = BITRIX24.createClient(
      CrmCredentials.parse({ crm: 'bitrix24', webhookUrl: `https://${FAKE_BITRIX24_PORTAL}/rest/1/wrongcode99/` }),
      fake.transport.send,
      () => at,
    );
    expect(await wrong.test()).toMatchObject({ ok: false, error: { kind: 'wrong_key' } });
  });

  it('matches or creates the contact, writes each kind, never sends an e-mail', async () => {
    const { fake, client } = setup();
    const known = fake.addContact({ email: 'klaus@example.com', phone: '+74951234567', name: 'Klaus' });
    expect(await client.findContact({ email: 'KLAUS@example.com' })).toEqual({ ok: true, value: { id: known } });
    expect(await client.findContact({ email: 'new@example.com' })).toEqual({ ok: true, value: null });
    const created = await client.createContact({ email: 'new@example.com' });
    if (!created.ok) throw new Error('no contact');
    expect(await client.findContact({ email: 'new@example.com' })).toEqual({ ok: true, value: { id: created.value.id } });

    const contact = { id: known };
    const results = await Promise.all([
      client.createRecord(record('a-call'), [contact]),
      client.createRecord(record('a-mail', { recordKind: 'email', kind: 'email', channel: 'gmail', subject: 'Hello' }), [contact]),
      client.createRecord(record('a-meet', { recordKind: 'meeting', kind: 'meeting', channel: 'calendly' }), [contact]),
      client.createRecord(
        record('a-li', { recordKind: 'message', kind: 'linkedin_message', channel: 'linkedin', summary: 'LinkedIn message sent' }),
        [contact],
      ),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    const records = fake.records();
    expect(records.map((r) => [r.type, r.activityId, r.contactIds])).toEqual([
      ['crm.activity', 'a-call', [known]],
      ['crm.activity', 'a-mail', [known]],
      ['crm.activity', 'a-meet', [known]],
      ['crm.timeline.comment', 'a-li', [known]],
    ]);
    expect(fake.emailsSent).toBe(0);
  });

  it('a create whose answer was lost is found, not duplicated (activity and comment)', async () => {
    const { fake, client } = setup();
    const contact = { id: fake.addContact({ email: 'klaus@example.com' }) };
    for (const r of [record('lost-1'), record('lost-2', { recordKind: 'note', kind: 'deal', channel: 'manual', summary: 'Deal won' })]) {
      const before = fake.records().length;
      // The search before create answers; the add is written but its answer is lost on the way back.
      const lossy: typeof fake.transport.send = async (request) => {
        if (request.url.endsWith('.add.json')) fake.transport.loseAnswers(1);
        return fake.transport.send(request);
      };
      const lossyClient = BITRIX24.createClient(
        CrmCredentials.parse({ crm: 'bitrix24', webhookUrl: fake.connectFields['Webhook URL'] }),
        lossy,
        () => at,
      );
      expect(await lossyClient.createRecord(r, [contact])).toMatchObject({ ok: false, error: { kind: 'network' } });
      expect(fake.records().length).toBe(before + 1);
      // The retry (another browser, or the outbox after a restart) finds it.
      const retry = await client.createRecord(r, [contact]);
      expect(retry).toMatchObject({ ok: true, value: { id: expect.stringContaining(fake.records().at(-1)!.id) } });
      expect(fake.records().length).toBe(before + 1);
    }
  });

  it('retracts: the record is deleted, and a second retraction is done too', async () => {
    const { fake, client } = setup();
    const contact = { id: fake.addContact({ email: 'klaus@example.com' }) };
    const written = await client.createRecord(record('r-1'), [contact]);
    if (!written.ok) throw new Error('not written');
    expect(await client.retractRecord(written.value)).toEqual({ ok: true, value: undefined });
    expect(fake.records()[0]!.deleted).toBe(true);
    expect(await client.retractRecord(written.value)).toEqual({ ok: true, value: undefined });
    expect(await client.findRecord('r-1', 'call')).toEqual({ ok: true, value: null });
  });

  it('a rate-limit burst answers rate_limited with the Retry-After; offline answers network', async () => {
    const { fake, client } = setup();
    fake.rateLimitNext(1, 3);
    expect(await client.listUsers()).toMatchObject({ ok: false, error: { kind: 'rate_limited', retryAfterMs: 3000 } });
    expect((await client.listUsers()).ok).toBe(true);
    fake.offline = true;
    expect(await client.listUsers()).toMatchObject({ ok: false, error: { kind: 'network' } });
    const requests = fake.requests().length;
    expect(await client.test()).toMatchObject({ ok: false, error: { kind: 'network' } });
    expect(fake.requests().length).toBe(requests);
    fake.offline = false;
    expect((await client.listUsers()).ok).toBe(true);
  });

  it('reads the team board for two reps across pages', async () => {
    const { fake, client } = setup();
    fake.addUser({ id: '7', name: 'Boris Ivanov', email: 'boris@acme.example' });
    expect(await client.listUsers()).toEqual({
      ok: true,
      value: [
        { id: '1', name: 'Anna Petrova', email: 'anna@acme.example' },
        { id: '7', name: 'Boris Ivanov', email: 'boris@acme.example' },
      ],
    });
    const contact = { id: fake.addContact({ email: 'klaus@example.com', phone: '+74951234567' }) };
    for (let i = 0; i < 55; i++) await client.createRecord(record(`b-${i}`, { occurredAt: at + i * 60_000 }), [contact]);
    fake.addActivity({ ownerId: '7', typeId: 2, direction: 2, startTime: '2026-01-14T12:00:00+03:00' });
    fake.addActivity({ ownerId: '7', typeId: 2, direction: 1, startTime: '2026-01-14T12:00:00+03:00' });
    fake.addActivity({ ownerId: '7', typeId: 2, direction: 2, startTime: '2026-02-14T12:00:00+03:00' });
    const range = { from: Date.parse('2026-01-01T00:00:00Z'), to: Date.parse('2026-02-01T00:00:00Z') };
    const items = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await client.listActivities(range, cursor);
      if (!page.ok) throw new Error(page.error.message);
      items.push(...page.value.items);
      cursor = page.value.next;
      pages++;
    } while (cursor !== undefined);
    // Two pages of notes/activities, then one of contactless tasks.
    expect(pages).toBe(3);
    expect(items.filter((i) => i.ownerId === '1')).toHaveLength(55);
    expect(items.filter((i) => i.ownerId === '7').map((i) => i.kind)).toEqual(['call']);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(items[0]).toMatchObject({ kind: 'call', outcome: 'connected', people: [{ phone: '+74951234567' }] });
  });
});

describe('Bitrix24 users for the team board', () => {
  it('pages user.get by start= to the last page: every active user of a 2,130-user portal, none twice', async () => {
    const { fake, client } = setup();
    const before = value(await client.listUsers()).length;
    for (let n = 0; n < 2_130; n += 1) fake.addUser({ id: String(10_000 + n), name: `Rep ${n}` });
    const requestsBefore = fake.requests().length;
    const users = value(await client.listUsers());
    expect(users.length).toBe(before + 2_130);
    expect(new Set(users.map((u) => u.id)).size).toBe(users.length);
    expect(users.some((u) => u.id === '12129')).toBe(true);
    // The vendor's page is 50 rows: the fewest requests that list allows.
    const userGets = fake
      .requests()
      .slice(requestsBefore)
      .filter((r) => r.url.includes('user.get'));
    expect(userGets.length).toBe(Math.ceil((before + 2_130) / 50));
  });
});

function value<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}
