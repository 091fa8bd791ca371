import { describe, expect, it } from 'vitest';
import { AMOCRM } from '../../../../lib/crm/amocrm';
import { markerLine } from '../../../../lib/crm/marker';
import { CrmCredentials, type CrmRecord, type CrmSend } from '../../../../lib/crm/types';
import { createFakeAmoCrm, FAKE_AMOCRM_DOMAIN } from '../../../fakes/crm/amocrm/fake-amocrm';

/** The client end to end against the fake account the browser tests route (tests/fakes/crm/amocrm/fake-amocrm.ts). */
function setup(clock: () => number = Date.now) {
  const fake = createFakeAmoCrm(clock);
  const credentials = CrmCredentials.parse({
    crm: 'amocrm',
    domain: fake.connectFields['Account domain'],
    token: fake.connectFields['Long-lived token'],
  });
  const clientOver = (send: CrmSend) => AMOCRM.createClient(credentials, send, clock);
  return { fake, client: clientOver(fake.transport.send), clientOver, credentials };
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

describe('amoCRM client against the fake account', () => {
  it('connects with the form’s two fields; a wrong token is a bad token', async () => {
    const { fake, client, credentials } = setup();
    expect(Object.keys(fake.connectFields)).toEqual(['Account domain', 'Long-lived token']);
    expect(AMOCRM.origins(credentials)).toEqual([`https://${FAKE_AMOCRM_DOMAIN}/*`]);
    const tested = await client.test();
    expect(tested).toMatchObject({ ok: true, value: { account: 'Acme', userId: '504141', userName: 'Мария Смирнова' } });
    expect(tested.ok && tested.value.checks?.every((c) => c.ok)).toBe(true);
    const wrong = AMOCRM.createClient(
      CrmCredentials.parse({ crm: 'amocrm', domain: FAKE_AMOCRM_DOMAIN, token: 'another-token-0000000' }),
      fake.transport.send,
      () => at,
    );
    expect(await wrong.test()).toMatchObject({ ok: false, error: { kind: 'wrong_key', status: 401 } });
  });

  it('matches or creates the contact and writes calls as call notes, the rest as common notes', async () => {
    const { fake, client } = setup();
    const known = fake.addContact({ email: 'ivan@client.example', phone: '+7 (912) 312-32-10', name: 'Иван' });
    fake.addContact({ email: 'joivan@client.example', name: 'Jo' });
    expect(await client.findContact({ email: 'ivan@client.example' })).toEqual({ ok: true, value: { id: known } });
    expect(await client.findContact({ phone: '+79123123210' })).toEqual({ ok: true, value: { id: known } });
    expect(await client.findContact({ email: 'van@client.example' })).toEqual({ ok: true, value: null });
    const created = await client.createContact({ email: 'new@client.example', phone: '+74951234567' });
    expect(created.ok).toBe(true);

    const contact = { id: known };
    for (const r of [
      record('a-call'),
      record('a-mail', { recordKind: 'email', kind: 'email', channel: 'gmail', subject: 'Hello' }),
      record('a-meet', { recordKind: 'meeting', kind: 'meeting', channel: 'calendly' }),
      record('a-tg', { recordKind: 'message', kind: 'messenger_message', channel: 'telegram', summary: 'Telegram message sent' }),
    ]) {
      expect((await client.createRecord(r, [contact])).ok).toBe(true);
    }
    expect(fake.records().map((r) => [r.type, r.activityId, r.contactIds])).toEqual([
      ['call_out', 'a-call', [known]],
      ['common', 'a-mail', [known]],
      ['common', 'a-meet', [known]],
      ['common', 'a-tg', [known]],
    ]);
  });

  it('a create whose answer was lost is found by the retry, not written twice', async () => {
    const { fake, client, clientOver } = setup();
    const contact = { id: fake.addContact({ phone: '+79123123210' }) };
    for (const r of [
      record('lost-call'),
      record('lost-note', { recordKind: 'note', kind: 'deal', channel: 'manual', summary: 'Deal won' }),
    ]) {
      const before = fake.records().length;
      const lossy = clientOver(async (request) => {
        if (request.method === 'POST') fake.transport.loseAnswers(1);
        return fake.transport.send(request);
      });
      expect(await lossy.createRecord(r, [contact])).toMatchObject({ ok: false, error: { kind: 'network' } });
      expect(fake.records()).toHaveLength(before + 1);
      const retry = await client.createRecord(r, [contact]);
      expect(retry).toEqual({ ok: true, value: { type: 'contacts.note', id: `contact:${contact.id}:${fake.records().at(-1)!.id}` } });
      expect(fake.records()).toHaveLength(before + 1);
    }
  });

  it('retracts by marking the note; the team board then skips it', async () => {
    const { fake, client } = setup(() => at + 3_600_000);
    const contact = { id: fake.addContact({ phone: '+79123123210' }) };
    const written = await client.createRecord(record('r-1', { recordKind: 'email', kind: 'email', channel: 'gmail' }), [contact]);
    if (!written.ok) throw new Error(written.error.message);
    const range = { from: Date.parse('2026-01-01T00:00:00Z'), to: Date.parse('2026-02-01T00:00:00Z') };
    expect((await client.listActivities(range)).ok && (await client.listActivities(range))).toMatchObject({
      ok: true,
      value: { items: [{ kind: 'email' }] },
    });
    expect(await client.retractRecord(written.value)).toEqual({ ok: true, value: undefined });
    expect(fake.records()[0]).toMatchObject({ deleted: true, text: expect.stringContaining('— retracted') });
    expect(await client.retractRecord(written.value)).toEqual({ ok: true, value: undefined });
    expect(await client.listActivities(range)).toEqual({ ok: true, value: { items: [], next: 'task:1' } });
    expect(await client.listActivities(range, 'task:1')).toEqual({ ok: true, value: { items: [] } });
  });

  it('429 answers rate_limited with its Retry-After; offline answers network and reaches nothing', async () => {
    const { fake, client } = setup();
    fake.rateLimitNext(1, 4);
    expect(await client.listUsers()).toMatchObject({ ok: false, error: { kind: 'rate_limited', status: 429, retryAfterMs: 4000 } });
    expect((await client.listUsers()).ok).toBe(true);
    fake.offline = true;
    const requests = fake.requests().length;
    expect(await client.test()).toMatchObject({ ok: false, error: { kind: 'network' } });
    expect(fake.requests()).toHaveLength(requests);
    fake.offline = false;
    expect((await client.test()).ok).toBe(true);
  });

  it('reads the team board for two reps across pages of notes', async () => {
    const { fake, client } = setup(() => at + 86_400_000);
    fake.addUser({ id: '504142', name: 'Иван Сидоров', email: 'ivan@acme.example' });
    expect((await client.listUsers()).ok && (await client.listUsers())).toMatchObject({
      ok: true,
      value: [{ id: '504141' }, { id: '504142', name: 'Иван Сидоров' }],
    });
    const contact = { id: fake.addContact({ phone: '+79123123210' }) };
    // Four through the client (the round trip); the rest seeded as the client writes them, to fill a second page cheaply.
    const seeded = (i: number) =>
      record(`b-${i}`, { occurredAt: at + i * 60_000, recordKind: i % 2 ? 'call' : 'message', kind: i % 2 ? 'call' : 'linkedin_message' });
    for (let i = 0; i < 4; i++) expect((await client.createRecord(seeded(i), [contact])).ok).toBe(true);
    for (let i = 4; i < 260; i++) {
      const r = seeded(i);
      fake.addNote({
        contactId: contact.id,
        userId: '504141',
        noteType: r.recordKind === 'call' ? 'call_out' : 'common',
        createdAt: r.occurredAt,
        params:
          r.recordKind === 'call'
            ? {
                uniq: r.activityId,
                duration: 60,
                source: 'Quota Radar',
                phone: '+79123123210',
                call_status: 4,
                call_result: `x\n${markerLine(r)}`,
              }
            : { text: `x\n${markerLine(r)}` },
      });
    }
    // A telephony widget's call for the second rep, and one from last month.
    fake.addNote({
      contactId: contact.id,
      userId: '504142',
      noteType: 'call_out',
      createdAt: at,
      params: { uniq: 'pbx-1', duration: 30, source: 'PBX', phone: '+79123123210', call_status: 4 },
    });
    fake.addNote({
      contactId: contact.id,
      userId: '504142',
      noteType: 'call_out',
      createdAt: Date.parse('2025-12-20T00:00:00Z'),
      params: { uniq: 'pbx-0', duration: 30, source: 'PBX', phone: '+79123123210' },
    });
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
    expect(items.filter((i) => i.ownerId === '504141')).toHaveLength(260);
    expect(items.filter((i) => i.ownerId === '504141' && i.kind === 'linkedin_message')).toHaveLength(130);
    expect(items.filter((i) => i.ownerId === '504142')).toEqual([
      {
        id: expect.any(String),
        ownerId: '504142',
        kind: 'call',
        occurredAt: at,
        outcome: 'connected',
        people: [{ phone: '+79123123210' }],
      },
    ]);
  });
});

describe('amoCRM users for the team board', () => {
  it('pages GET /api/v4/users to the last page: every user of a 5,300-user account, none twice, the fewest requests', async () => {
    const { fake, client } = setup(() => at);
    const before = value(await client.listUsers()).length;
    // Past the old cap of 20 pages of 250 (5,000 users): the reps after it were missing without a word.
    for (let n = 0; n < 5_300; n += 1) fake.addUser({ id: String(900_000 + n), name: `Rep ${n}` });
    const requestsBefore = fake.requests().length;
    const users = value(await client.listUsers());
    expect(users.length).toBe(before + 5_300);
    expect(new Set(users.map((u) => u.id)).size).toBe(users.length);
    expect(users.at(-1)).toMatchObject({ id: '905299', name: 'Rep 5299' });
    const gets = fake
      .requests()
      .slice(requestsBefore)
      .filter((r) => new URL(r.url).pathname === '/api/v4/users');
    // users-api's largest page is 250: the fewest requests the list allows, each page once.
    expect(gets.map((r) => new URL(r.url).searchParams.get('limit'))).toEqual(Array(Math.ceil((before + 5_300) / 250)).fill('250'));
    expect(gets.map((r) => Number(new URL(r.url).searchParams.get('page')))).toEqual(gets.map((_, i) => i + 1));
  });
});

function value<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}
