import { describe, expect, it } from 'vitest';
import type { ApiAnswer, ApiRequest, ConnectorError } from '../../../../lib/api-connector/http';
import { AMOCRM } from '../../../../lib/crm/amocrm';
import { markerLine } from '../../../../lib/crm/marker';
import { BOARD_EDIT_GRACE_MS, CrmCredentials, type CrmRecord, type CrmResult } from '../../../../lib/crm/types';
import { jsonAnswer, textAnswer } from '../../../fixtures/connectors/answer';
import * as fx from '../../../fixtures/crm/amocrm/answers';

const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.long-lived';
type Reply = ApiAnswer | { error: ConnectorError };

function scripted(...replies: Reply[]) {
  const sent: ApiRequest[] = [];
  const send = async (request: ApiRequest): Promise<Reply> => {
    sent.push(request);
    const reply = replies.shift();
    if (!reply) throw new Error(`unexpected request ${request.method} ${request.url}`);
    return reply;
  };
  const client = AMOCRM.createClient(CrmCredentials.parse({ crm: 'amocrm', token: TOKEN, domain: 'acme.amocrm.ru' }), send, () =>
    Date.parse('2026-01-14T17:00:00Z'),
  );
  const path = (i: number) => decodeURIComponent(sent[i]!.url.replace('https://acme.amocrm.ru/api/v4/', ''));
  const body = (i: number) => JSON.parse(sent[i]!.body ?? 'null');
  return { client, sent, path, body };
}

const answer = (e: { status: number; body: unknown }) => jsonAnswer(e.body, e.status, { 'content-type': 'application/problem+json' });
const noContent: Reply = { status: 204, headers: {}, body: '' };
const offline: Reply = { error: { kind: 'network', message: 'Failed to fetch' } };

function value<T>(result: CrmResult<T>): T {
  if (!result.ok) throw new Error(`expected a value, got ${JSON.stringify(result.error)}`);
  return result.value;
}
function failure<T>(result: CrmResult<T>) {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error;
}

const call: CrmRecord = {
  activityId: 'act-1',
  recordKind: 'call',
  kind: 'call',
  channel: 'zadarma',
  occurredAt: Date.parse('2026-01-14T16:43:20Z'),
  durationSec: 148,
  outcome: 'connected',
  summary: 'Call · Quota Radar',
};

describe('amoCRM descriptor', () => {
  it('asks for the account domain only; the manifest lists amoCRM and Kommo', () => {
    expect(AMOCRM.origins(CrmCredentials.parse({ crm: 'amocrm', token: TOKEN, domain: 'Acme.Kommo.com' }))).toEqual([
      'https://acme.kommo.com/*',
    ]);
    expect(AMOCRM.allOrigins).toEqual(['https://*.amocrm.ru/*', 'https://*.amocrm.com/*', 'https://*.kommo.com/*']);
    expect(1000 / AMOCRM.minRequestIntervalMs).toBeLessThanOrEqual(7);
  });
});

describe('amoCRM connection test', () => {
  it('names the account and the token’s user, with the Bearer token', async () => {
    const { client, sent, path } = scripted(jsonAnswer(fx.account), jsonAnswer(fx.user), noContent, noContent, noContent);
    const tested = value(await client.test());
    expect(tested).toMatchObject({ account: 'Acme', userId: '504141', userName: 'Мария Смирнова' });
    expect(path(0)).toBe('account');
    expect(path(1)).toBe('users/504141');
    // Then reads only (an empty list is 204): may the token see contacts, notes and tasks?
    expect([path(2), path(3), path(4)]).toEqual(['contacts?limit=1', 'contacts/notes?limit=1', 'tasks?limit=1']);
    expect(tested.checks?.map((c) => [c.what, c.ok])).toEqual([
      ['owner', true],
      ['contacts', true],
      ['notes', true],
      ['tasks', true],
    ]);
    expect(sent[0]!.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, accept: 'application/json' });
    expect(sent[0]!.method).toBe('GET');
  });

  it('without the right to read users it still connects', async () => {
    const { client } = scripted(jsonAnswer(fx.account), answer(fx.errors.forbidden), noContent, noContent, noContent);
    expect(value(await client.test()).userName).toBe('#504141');
  });

  it('401 is a bad token; 402 says the paid period ended; 403 names the IP block', async () => {
    expect(failure(await scripted(answer(fx.errors.unauthorized)).client.test())).toMatchObject({ kind: 'wrong_key', status: 401 });
    expect(failure(await scripted(answer(fx.errors.paymentRequired)).client.test())).toMatchObject({
      kind: 'rejected',
      status: 402,
      message: expect.stringContaining('payment required'),
    });
    expect(failure(await scripted(answer(fx.errors.forbidden)).client.test()).message).toContain('IP is blocked');
  });

  it('a domain that is not an amoCRM account (404, a web page) is a wrong domain; no network says so', async () => {
    expect(failure(await scripted(answer(fx.errors.notFound)).client.test()).kind).toBe('wrong_domain');
    expect(failure(await scripted(textAnswer('<html>amoCRM</html>', 200, { 'content-type': 'text/html' })).client.test()).kind).toBe(
      'wrong_domain',
    );
    expect(failure(await scripted(jsonAnswer({ hello: 'world' })).client.test()).kind).toBe('wrong_domain');
    expect(failure(await scripted(offline).client.test())).toMatchObject({
      kind: 'network',
      message: expect.stringContaining('acme.amocrm.ru'),
    });
  });
});

describe('amoCRM errors on any method', () => {
  it('429 is a rate limit (Retry-After, else two seconds); 5xx a server error; bad payloads never throw', async () => {
    expect(failure(await scripted(answer(fx.errors.tooManyRequests)).client.listUsers())).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 2000,
    });
    const withHeader = jsonAnswer(fx.errors.tooManyRequests.body, 429, { 'retry-after': '5' });
    expect(failure(await scripted(withHeader).client.listUsers()).retryAfterMs).toBe(5000);
    expect(failure(await scripted(answer(fx.errors.internal)).client.listUsers()).kind).toBe('server_error');
    expect(failure(await scripted(jsonAnswer({ _embedded: { users: [{ name: 'no id' }] } })).client.listUsers()).kind).toBe('bad_payload');
    expect(failure(await scripted(textAnswer('{oops')).client.listUsers()).kind).toBe('bad_payload');
    expect(failure(await scripted(offline).client.listUsers()).kind).toBe('network');
  });
});

describe('amoCRM contacts', () => {
  it('searches by e-mail and keeps only an exact match, with its company', async () => {
    const near = fx.contact({
      id: 2,
      custom_fields_values: [{ field_code: 'EMAIL', values: [{ value: 'joivan@client.example', enum_code: 'WORK' }] }],
    });
    const { client, path } = scripted(jsonAnswer(fx.contacts(near, fx.contact())));
    expect(value(await client.findContact({ email: 'Ivan@Client.example' }))).toEqual({ id: '3', companyId: '1' });
    expect(path(0)).toBe('contacts?query=ivan@client.example&limit=50');
  });

  it('falls back to the phone (digits, matched on the last ten), and answers null on 204', async () => {
    const { client, path } = scripted(noContent, jsonAnswer(fx.contacts(fx.contact())));
    expect(value(await client.findContact({ email: 'nobody@client.example', phone: '+79123123210' }))).toEqual({ id: '3', companyId: '1' });
    expect(path(1)).toBe('contacts?query=79123123210&limit=50');
    const none = scripted(noContent);
    expect(value(await none.client.findContact({ email: 'nobody@client.example' }))).toBeNull();
  });

  it('creates a contact with WORK e-mail and phone', async () => {
    const { client, body, sent } = scripted(jsonAnswer(fx.contactCreated));
    expect(value(await client.createContact({ email: 'a@b.example', phone: '+79123123210', name: 'Анна' }))).toEqual({ id: '40401635' });
    expect(sent[0]!.method).toBe('POST');
    expect(body(0)).toEqual([
      {
        name: 'Анна',
        custom_fields_values: [
          { field_code: 'EMAIL', values: [{ value: 'a@b.example', enum_code: 'WORK' }] },
          { field_code: 'PHONE', values: [{ value: '+79123123210', enum_code: 'WORK' }] },
        ],
      },
    ]);
  });
});

describe('amoCRM records', () => {
  const contact = { id: '3' };

  it('writes a call as a call_out note: our id in uniq, status 4 talked, the contact’s phone', async () => {
    const { client, path, body } = scripted(jsonAnswer(fx.contact()), noContent, jsonAnswer(fx.noteCreated));
    expect(value(await client.createRecord(call, [contact]))).toEqual({ type: 'contacts.note', id: 'contact:3:76787983' });
    expect(path(0)).toBe('contacts/3');
    expect(path(1)).toBe('contacts/3/notes?filter[note_type][]=call_out&limit=250&page=1');
    // Written as the official PHP client writes notes: entity-level, the contact in entity_id (EntityNotes::add).
    expect(path(2)).toBe('contacts/notes');
    expect(body(2)).toEqual([
      {
        entity_id: 3,
        note_type: 'call_out',
        params: {
          uniq: 'act-1',
          duration: 148,
          source: 'Quota Radar',
          // CallNote::toApi always sends link; we have no recording: null, CallTrait's default.
          link: null,
          phone: '+7 (912) 312-32-10',
          call_status: 4,
          call_result: `Call · Quota Radar\n${markerLine(call)}`,
        },
        created_at: Date.parse('2026-01-14T16:43:20Z') / 1000,
        request_id: 'act-1',
      },
    ]);
  });

  it('maps each outcome to its call_status (6 no answer, 1 message left, 7 busy, 5 wrong number)', async () => {
    for (const [outcome, status] of [
      ['no_answer', 6],
      ['voicemail', 1],
      ['busy', 7],
      ['wrong_number', 5],
    ] as const) {
      const { client, body } = scripted(jsonAnswer(fx.contact()), noContent, jsonAnswer(fx.noteCreated));
      value(await client.createRecord({ ...call, outcome }, [contact]));
      expect(body(2)[0].params.call_status).toBe(status);
    }
  });

  it('writes a call to a contact without a phone as a common note (amoCRM requires the number of a call note)', async () => {
    const { client, path, body } = scripted(jsonAnswer(fx.contact({ custom_fields_values: null })), noContent, jsonAnswer(fx.noteCreated));
    value(await client.createRecord(call, [contact]));
    expect(path(1)).toBe('contacts/3/notes?filter[note_type][]=common&limit=250&page=1');
    expect(body(2)[0]).toMatchObject({ note_type: 'common', params: { text: `Call · Quota Radar\n${markerLine(call)}` } });
  });

  it('writes an e-mail, a meeting and a message as common notes with the marker', async () => {
    const email: CrmRecord = {
      ...call,
      activityId: 'act-2',
      recordKind: 'email',
      kind: 'email',
      channel: 'gmail',
      subject: 'Предложение',
      summary: 'Email sent',
    };
    const { client, path, body } = scripted(noContent, jsonAnswer(fx.noteCreated));
    value(await client.createRecord(email, [contact]));
    expect(path(0)).toBe('contacts/3/notes?filter[note_type][]=common&limit=250&page=1');
    expect(body(1)[0]).toMatchObject({ note_type: 'common', params: { text: `Предложение\nEmail sent\n${markerLine(email)}` } });
  });

  it('finds the note a lost answer left behind (uniq for calls, the marker for common notes)', async () => {
    const ours = fx.note({
      id: 555,
      note_type: 'call_out',
      params: { uniq: 'act-1', duration: 148, source: 'Quota Radar', phone: '+79123123210' },
    });
    const { client, sent } = scripted(
      jsonAnswer(fx.contact()),
      jsonAnswer(fx.notes([fx.note({ id: 554, note_type: 'call_out', params: { uniq: 'act-10' } }), ours])),
    );
    expect(value(await client.createRecord(call, [contact]))).toEqual({ type: 'contacts.note', id: 'contact:3:555' });
    expect(sent.map((r) => r.method)).toEqual(['GET', 'GET']);
    const message: CrmRecord = { ...call, activityId: 'act-3', recordKind: 'message', kind: 'linkedin_message', channel: 'linkedin' };
    const common = scripted(jsonAnswer(fx.notes([fx.note(), fx.note({ id: 556, params: { text: `LinkedIn\n${markerLine(message)}` } })])));
    expect(value(await common.client.createRecord(message, [contact])).id).toBe('contact:3:556');
  });

  it('searches further pages while amoCRM links a next one', async () => {
    const { client, path } = scripted(
      jsonAnswer(fx.contact()),
      jsonAnswer(fx.notes([fx.note()], 'https://acme.amocrm.ru/api/v4/contacts/3/notes?page=2')),
      jsonAnswer(fx.notes([fx.note({ id: 9, note_type: 'call_out', params: { uniq: 'act-1' } })])),
    );
    expect(value(await client.createRecord(call, [contact])).id).toBe('contact:3:9');
    expect(path(2)).toContain('page=2');
  });

  it('writes a record without a contact as a completed task of the token\'s user (Kommo "Add tasks": entity optional)', async () => {
    const { client, path, body, sent } = scripted(jsonAnswer(fx.account), noContent, jsonAnswer(fx.tasksCreated));
    expect(value(await client.createRecord(call, []))).toEqual({ type: 'tasks', id: '4745251' });
    expect(path(0)).toBe('account');
    expect(path(1)).toBe('tasks?filter[responsible_user_id]=504141&order[id]=desc&limit=250&page=1');
    expect(sent[2]!.method).toBe('POST');
    expect(path(2)).toBe('tasks');
    const [task] = body(2);
    expect(task).toMatchObject({
      task_type_id: 1,
      complete_till: Date.parse('2026-01-14T16:43:20Z') / 1000,
      responsible_user_id: 504141,
      is_completed: true,
      duration: 148,
    });
    expect(task.entity_id).toBeUndefined();
    expect(task.text).toContain(markerLine(call));
  });

  it('finds a contactless task already written, and retracts it by marking its text', async () => {
    const text = `Call · Quota Radar\n${markerLine(call)}`;
    const task = { id: 4745251, responsible_user_id: 504141, task_type_id: 1, text, complete_till: 1768409000, is_completed: true };
    const list = { _links: {}, _embedded: { tasks: [task] } };
    const { client, path, body, sent } = scripted(jsonAnswer(fx.account), jsonAnswer(list), jsonAnswer(task), jsonAnswer({ id: 4745251 }));
    expect(value(await client.findRecord('act-1', 'call'))).toEqual({ type: 'tasks', id: '4745251' });
    expect(value(await client.retractRecord({ type: 'tasks', id: '4745251' }))).toBeUndefined();
    expect(path(2)).toBe('tasks/4745251');
    expect(sent[3]!.method).toBe('PATCH');
    expect(body(3).text).toBe(`${text}\n— retracted (Quota Radar)`);
  });

  it('retracts by editing the note (the API cannot delete notes); done when already marked or gone', async () => {
    const { client, path, body, sent } = scripted(
      jsonAnswer(fx.note({ id: 42709325, params: { text: 'Email sent' } })),
      jsonAnswer(fx.note()),
    );
    expect(value(await client.retractRecord({ type: 'contacts.note', id: 'contact:3:42709325' }))).toBeUndefined();
    expect(path(0)).toBe('contacts/3/notes/42709325');
    // Read under its contact (EntityNotes::getOne), patched entity-level (BaseEntity::updateOne).
    expect(path(1)).toBe('contacts/notes/42709325');
    expect(sent[1]!.method).toBe('PATCH');
    expect(body(1)).toEqual({ entity_id: 3, note_type: 'common', params: { text: 'Email sent\n— retracted (Quota Radar)' } });
    const callNote = scripted(
      jsonAnswer(
        fx.note({
          note_type: 'call_out',
          params: {
            uniq: 'act-1',
            duration: 60,
            source: 'PBX',
            phone: '+79123123210',
            call_result: 'Call',
            link: 'https://pbx.example/rec.mp3',
          },
        }),
      ),
      jsonAnswer({}),
    );
    value(await callNote.client.retractRecord({ type: 'contacts.note', id: 'contact:3:42709325' }));
    expect(callNote.body(1).params).toEqual({
      uniq: 'act-1',
      duration: 60,
      source: 'PBX',
      phone: '+79123123210',
      link: 'https://pbx.example/rec.mp3',
      call_result: 'Call\n— retracted (Quota Radar)',
    });
    const again = scripted(jsonAnswer(fx.note({ params: { text: 'Email sent\n— retracted (Quota Radar)' } })));
    expect((await again.client.retractRecord({ type: 'contacts.note', id: 'contact:3:1' })).ok).toBe(true);
    expect(again.sent).toHaveLength(1);
    expect((await scripted(answer(fx.errors.notFound)).client.retractRecord({ type: 'contacts.note', id: 'contact:3:1' })).ok).toBe(true);
  });
});

describe('amoCRM team board', () => {
  it('lists users across pages', async () => {
    const { client, path } = scripted(jsonAnswer(fx.users('https://acme.amocrm.ru/api/v4/users?page=2')), jsonAnswer(fx.users()));
    const users = value(await client.listUsers());
    expect(users.slice(0, 2)).toEqual([
      { id: '504141', name: 'Мария Смирнова', email: 'maria@acme.example' },
      { id: '504142', name: 'ivan@acme.example', email: 'ivan@acme.example' },
    ]);
    expect(users).toHaveLength(4);
    expect(path(1)).toBe('users?page=2&limit=250');
  });

  it('follows the next link to the page it names, and a next that does not move on is an error in words, not a loop or a short list', async () => {
    const page = (n: number) => `https://acme.amocrm.ru/api/v4/users?page=${n}&limit=250`;
    const jumped = scripted(jsonAnswer(fx.users(page(3))), jsonAnswer(fx.users()));
    expect(value(await jumped.client.listUsers())).toHaveLength(4);
    expect(jumped.path(1)).toBe('users?page=3&limit=250');

    const stuck = scripted(jsonAnswer(fx.users(page(2))), jsonAnswer(fx.users(page(2))));
    expect(failure(await stuck.client.listUsers())).toMatchObject({
      kind: 'bad_payload',
      message: 'GET /api/v4/users gave next page=2 after page=2: the list does not move on',
    });
    expect(stuck.sent).toHaveLength(2);
    // A next link naming no page cannot be followed: said so, after the one request.
    const unnamed = scripted(jsonAnswer(fx.users('https://acme.amocrm.ru/api/v4/users?limit=250')));
    expect(failure(await unnamed.client.listUsers())).toMatchObject({
      kind: 'bad_payload',
      message: expect.stringContaining('does not move on'),
    });
  });

  it('reads call notes (any source) and our marked common notes in the period, skipping retracted ones', async () => {
    const range = { from: Date.parse('2020-05-01T00:00:00Z'), to: Date.parse('2020-06-01T00:00:00Z') };
    const t = Date.parse('2020-05-07T08:47:21Z') / 1000;
    const { outcome: _, ...noOutcome } = call;
    const email: CrmRecord = { ...noOutcome, activityId: 'e-1', recordKind: 'email', kind: 'email', channel: 'gmail' };
    const deal: CrmRecord = {
      ...noOutcome,
      activityId: 'd-1',
      recordKind: 'note',
      kind: 'deal',
      channel: 'manual',
      amount: 1500.5,
      currency: 'RUB',
    };
    const page = fx.notes(
      [
        fx.note({ id: 1, created_at: t, note_type: 'call_out', params: { uniq: 'x', phone: '+79123123210', call_status: 6, duration: 0 } }),
        fx.note({
          id: 2,
          created_at: t,
          note_type: 'common',
          params: { text: `Email\n${markerLine(email)}` },
          responsible_user_id: 504142,
        }),
        fx.note({ id: 3, created_at: t, note_type: 'common', params: { text: 'someone’s own note' } }),
        fx.note({ id: 6, created_at: t, note_type: 'common', params: { text: `Deal won\n${markerLine(deal)}` } }),
        fx.note({ id: 4, created_at: t, note_type: 'common', params: { text: `Email\n${markerLine(email)}\n— retracted (Quota Radar)` } }),
        // Created before the period, edited in it.
        fx.note({ id: 5, created_at: Date.parse('2020-04-20T00:00:00Z') / 1000, note_type: 'call_out', params: { uniq: 'y' } }),
      ],
      'https://acme.amocrm.ru/api/v4/contacts/notes?page=2',
    );
    const text = `Meeting · Quota Radar\n${markerLine({ ...call, activityId: 'm-1', kind: 'meeting' })}`;
    const tasks = {
      _links: {},
      _embedded: {
        tasks: [
          { id: 77, responsible_user_id: 504141, task_type_id: 2, text, complete_till: t, is_completed: true },
          {
            id: 78,
            responsible_user_id: 504141,
            task_type_id: 2,
            text: `${text}\n— retracted (Quota Radar)`,
            complete_till: t,
            is_completed: true,
          },
          { id: 79, responsible_user_id: 504141, task_type_id: 1, text: 'call the client back', complete_till: t, is_completed: true },
        ],
      },
    };
    const { client, path } = scripted(jsonAnswer(page), noContent, jsonAnswer(tasks));
    const first = value(await client.listActivities(range));
    expect(path(0)).toBe(
      `contacts/notes?filter[note_type][]=call_out&filter[note_type][]=common&filter[updated_at][from]=${range.from / 1000}&filter[updated_at][to]=${(range.to + BOARD_EDIT_GRACE_MS) / 1000}&limit=250&page=1`,
    );
    expect(first).toEqual({
      items: [
        { id: '1', ownerId: '504141', kind: 'call', occurredAt: t * 1000, outcome: 'no_answer', people: [{ phone: '+79123123210' }] },
        { id: '2', ownerId: '504142', kind: 'email', occurredAt: t * 1000 },
        { id: '6', ownerId: '504141', kind: 'deal', occurredAt: t * 1000, amount: 1500.5, currency: 'RUB' },
      ],
      next: '2',
    });
    expect(value(await client.listActivities(range, first.next))).toEqual({ items: [], next: 'task:1' });
    expect(path(1)).toContain('page=2');
    // Then contactless records: our completed tasks, retracted and others' skipped.
    expect(value(await client.listActivities(range, 'task:1'))).toEqual({
      items: [{ id: 'task:77', ownerId: '504141', kind: 'meeting', occurredAt: t * 1000, outcome: 'connected' }],
    });
    expect(path(2)).toBe(
      `tasks?filter[is_completed]=1&filter[updated_at][from]=${range.from / 1000}&filter[updated_at][to]=${(range.to + BOARD_EDIT_GRACE_MS) / 1000}&limit=250&page=1`,
    );
  });
});
