import { describe, expect, it } from 'vitest';
import type { ApiAnswer, ApiRequest, ConnectorError } from '../../../../lib/api-connector/http';
import { BITRIX24, isCloudPortal, parseWebhookUrl } from '../../../../lib/crm/bitrix24';
import { markerLine } from '../../../../lib/crm/marker';
import { CrmCredentials, type CrmRecord, type CrmResult } from '../../../../lib/crm/types';
import { OPTIONAL_HOST_PERMISSIONS } from '../../../../lib/optional-permissions';
import { jsonAnswer, textAnswer } from '../../../fixtures/connectors/answer';
import * as fx from '../../../fixtures/crm/bitrix24/answers';

const WEBHOOK = 'https://acme.bitrix24.ru/rest/1/abc123def456/';
type Reply = ApiAnswer | { error: ConnectorError };

/** A `send` answering in order, keeping what was asked (method name and parsed body). */
function scripted(...replies: Reply[]) {
  const sent: { method: string; params: Record<string, unknown>; request: ApiRequest }[] = [];
  const send = async (request: ApiRequest): Promise<Reply> => {
    sent.push({ method: request.url.slice(WEBHOOK.length).replace(/\.json$/, ''), params: JSON.parse(request.body ?? '{}'), request });
    const reply = replies.shift();
    if (!reply) throw new Error(`unexpected request ${request.url}`);
    return reply;
  };
  const client = BITRIX24.createClient(CrmCredentials.parse({ crm: 'bitrix24', webhookUrl: WEBHOOK }), send, () =>
    Date.parse('2026-01-14T17:00:00Z'),
  );
  return { client, sent };
}

const answer = (e: { status: number; body: unknown }) => jsonAnswer(e.body, e.status);
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
  channel: 'phone',
  occurredAt: Date.parse('2026-01-14T16:43:20Z'),
  durationSec: 95,
  outcome: 'connected',
  summary: 'Call · Quota Radar',
};

describe('Bitrix24 webhook URL and descriptor', () => {
  it('reads the portal, the user and the method base from an incoming webhook URL', () => {
    expect(parseWebhookUrl(WEBHOOK)).toEqual({
      origin: 'https://acme.bitrix24.ru',
      portal: 'acme.bitrix24.ru',
      base: WEBHOOK,
      userId: '1',
    });
    // The "URL to call" Bitrix24 shows ends in a method: the base is the same.
    expect(parseWebhookUrl('https://acme.bitrix24.ru/rest/1/abc123def456/profile.json')?.base).toBe(WEBHOOK);
    expect(parseWebhookUrl('http://acme.bitrix24.ru/rest/1/abc123def456/')).toBeUndefined();
    expect(parseWebhookUrl('https://acme.bitrix24.ru/crm/contact/list/')).toBeUndefined();
    expect(parseWebhookUrl('https://acme.bitrix24.ru/rest/1/abc123def456/?auth=x')).toBeUndefined();
  });

  it('asks for the portal origin only; lists the cloud zones, and every https site for self-hosted portals, as the manifest origins', () => {
    const credentials = CrmCredentials.parse({ crm: 'bitrix24', webhookUrl: WEBHOOK });
    expect(BITRIX24.origins(credentials)).toEqual(['https://acme.bitrix24.ru/*']);
    expect(BITRIX24.allOrigins).toContain('https://*.bitrix24.ru/*');
    expect(BITRIX24.allOrigins).toContain('https://*.bitrix24.com/*');
    expect(BITRIX24.allOrigins).toContain('https://*.bitrix24.de/*');
    expect(BITRIX24.allOrigins.every((o) => /^https:\/\/\*\.bitrix24\.[a-z.]+\/\*$/.test(o) || o === 'https://*/*')).toBe(true);
    expect(BITRIX24.minRequestIntervalMs).toBe(500);
    // A self-hosted portal is asked for by its own origin, which the manifest's optional every-site pattern covers.
    const selfHosted = { crm: 'bitrix24' as const, webhookUrl: 'https://crm.acme-corp.ru/rest/1/q1w2e3r4t5y6/' };
    expect(BITRIX24.origins(selfHosted)).toEqual(['https://crm.acme-corp.ru/*']);
    expect(OPTIONAL_HOST_PERMISSIONS).toContain('https://*/*');
    expect(isCloudPortal('acme.bitrix24.kz')).toBe(true);
    expect(isCloudPortal('crm.acme-corp.ru')).toBe(false);
    expect(isCloudPortal('evil.example/.bitrix24.ru')).toBe(false);
  });
});

describe('Bitrix24 connection test', () => {
  it('names the portal and the webhook user after profile and scope', async () => {
    const { client, sent } = scripted(
      jsonAnswer(fx.profile),
      jsonAnswer(fx.scope),
      jsonAnswer({ result: [], total: 0, time: fx.contactAdd.time }),
      answer(fx.errors.invalidCredentials),
    );
    const tested = value(await client.test());
    expect(tested).toMatchObject({ account: 'acme.bitrix24.ru', userId: '1', userName: 'John Smith' });
    // Then reads only, to say before the first write whether the webhook's user may see contacts and activities.
    expect(sent.map((s) => s.method)).toEqual(['profile', 'scope', 'crm.item.list', 'crm.activity.list']);
    expect(tested.checks?.map((c) => [c.what, c.ok])).toEqual([
      ['owner', true],
      ['scopes', true],
      ['contacts', true],
      ['activities', false],
    ]);
    expect(tested.checks?.[3]).toMatchObject({ words: 'userLacksRight' });
    expect(sent[0]!.request).toMatchObject({
      method: 'POST',
      url: `${WEBHOOK}profile.json`,
      headers: { 'content-type': 'application/json' },
    });
  });

  it('names a missing scope', async () => {
    const { client } = scripted(jsonAnswer(fx.profile), jsonAnswer(fx.scopeWithoutCrm));
    expect(failure(await client.test())).toMatchObject({ kind: 'missing_scope', message: expect.stringContaining('crm') });
  });

  it('a wrong webhook code is a wrong key; an expired token an expired key; a user without the right is said so', async () => {
    // INVALID_CREDENTIALS is a 403: the webhook's user lacks a permission, not a wrong key (system-errors.md).
    expect(failure(await scripted(answer(fx.errors.invalidCredentials)).client.test())).toMatchObject({
      kind: 'user_permission',
      status: 403,
    });
    expect(failure(await scripted(answer(fx.errors.noAuth)).client.test()).kind).toBe('wrong_key');
    expect(failure(await scripted(answer(fx.errors.expiredToken)).client.test()).kind).toBe('expired_key');
  });

  it('a host that does not answer as Bitrix24 is a wrong domain', async () => {
    const html = textAnswer('<html><body>Welcome to nginx</body></html>', 200, { 'content-type': 'text/html' });
    expect(failure(await scripted(html).client.test())).toMatchObject({
      kind: 'wrong_domain',
      message: expect.stringContaining('acme.bitrix24.ru'),
    });
    const notFound = textAnswer('<html>404</html>', 404, { 'content-type': 'text/html' });
    expect(failure(await scripted(notFound).client.test()).kind).toBe('wrong_domain');
  });

  it('no network says so, naming the portal (a DNS failure looks the same to fetch)', async () => {
    expect(failure(await scripted(offline).client.test())).toMatchObject({
      kind: 'network',
      message: expect.stringContaining('acme.bitrix24.ru'),
    });
  });

  it('REST outside the plan is refused with the vendor words', async () => {
    expect(failure(await scripted(answer(fx.errors.restNotInPlan)).client.test())).toMatchObject({
      kind: 'rejected',
      message: expect.stringContaining('only by subscription'),
    });
  });
});

describe('Bitrix24 errors on any method', () => {
  it('QUERY_LIMIT_EXCEEDED (503) is a rate limit: Retry-After when given, else the bucket drain time', async () => {
    expect(failure(await scripted(answer(fx.errors.queryLimit)).client.listUsers())).toMatchObject({
      kind: 'rate_limited',
      status: 503,
      retryAfterMs: 2000,
    });
    const withHeader = jsonAnswer(fx.errors.queryLimit.body, 503, { 'retry-after': '7' });
    expect(failure(await scripted(withHeader).client.listUsers()).retryAfterMs).toBe(7000);
    expect(failure(await scripted(answer(fx.errors.operationTimeLimit)).client.listUsers())).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 60_000,
    });
  });

  it('a method outside the scopes names the scope', async () => {
    const e = failure(await scripted(answer(fx.errors.insufficientScope)).client.listUsers());
    expect(e).toMatchObject({ kind: 'missing_scope', message: expect.stringContaining('"user"') });
    const missing = failure(await scripted(answer(fx.errors.methodNotFound)).client.findContact({ email: 'a@b.example' }));
    expect(missing).toMatchObject({ kind: 'missing_scope', message: expect.stringContaining('"crm"') });
  });

  it('5xx is a server error; a bad payload is bad_payload; nothing throws', async () => {
    expect(failure(await scripted(answer(fx.errors.internal)).client.listUsers()).kind).toBe('server_error');
    expect(failure(await scripted(jsonAnswer({ result: [{ NAME: 'no id' }] })).client.listUsers()).kind).toBe('bad_payload');
    expect(failure(await scripted(jsonAnswer({ unexpected: true })).client.listUsers()).kind).toBe('bad_payload');
    expect(failure(await scripted(textAnswer('not json')).client.listUsers()).kind).toBe('bad_payload');
    expect(failure(await scripted(offline).client.listUsers()).kind).toBe('network');
  });
});

describe('Bitrix24 contacts', () => {
  it('finds by e-mail with crm.duplicate.findbycomm, the oldest match, with its company', async () => {
    const { client, sent } = scripted(jsonAnswer(fx.findByCommFound), jsonAnswer(fx.contactGet));
    expect(value(await client.findContact({ email: 'Mueller@Example.com', phone: '+4915112345678' }))).toEqual({
      id: '275',
      companyId: '12',
    });
    expect(sent.map((s) => [s.method, s.params])).toEqual([
      ['crm.duplicate.findbycomm', { entity_type: 'CONTACT', type: 'EMAIL', values: ['mueller@example.com'] }],
      ['crm.item.get', { entityTypeId: 3, id: 275 }],
    ]);
  });

  it('falls back to the phone, then answers null when nothing matches', async () => {
    const { client, sent } = scripted(jsonAnswer(fx.findByCommNone), jsonAnswer(fx.findByCommNone));
    expect(value(await client.findContact({ email: 'x@y.example', phone: '+74951234567' }))).toBeNull();
    expect(sent[1]!.params).toEqual({ entity_type: 'CONTACT', type: 'PHONE', values: ['+74951234567'] });
  });

  it('finds a LinkedIn profile in the contacts’ web addresses', async () => {
    const { client, sent } = scripted(jsonAnswer({ result: [{ ID: '44', COMPANY_ID: '0' }], total: 1 }));
    expect(value(await client.findContact({ linkedin: 'https://www.linkedin.com/in/klaus' }))).toEqual({ id: '44' });
    expect(sent[0]).toMatchObject({ method: 'crm.contact.list', params: { filter: { WEB: 'https://www.linkedin.com/in/klaus' } } });
  });

  it('creates a contact with work e-mail and phone', async () => {
    const { client, sent } = scripted(jsonAnswer(fx.contactAdd));
    expect(value(await client.createContact({ email: 'a@b.example', phone: '+74951234567', name: 'Klaus Müller' }))).toEqual({
      id: '3165',
    });
    expect(sent[0]!.method).toBe('crm.item.add');
    expect(sent[0]!.params).toEqual({
      entityTypeId: 3,
      fields: {
        name: 'Klaus Müller',
        sourceDescription: 'Quota Radar',
        fm: [
          { typeId: 'EMAIL', valueType: 'WORK', value: 'a@b.example' },
          { typeId: 'PHONE', valueType: 'WORK', value: '+74951234567' },
        ],
      },
    });
  });
});

describe('Bitrix24 records', () => {
  const contact = { id: '275', companyId: '12' };

  it('writes a call as a completed outgoing call activity carrying our id in ORIGIN_ID', async () => {
    const { client, sent } = scripted(jsonAnswer(fx.activityListEmpty), jsonAnswer(fx.activityAdd));
    expect(value(await client.createRecord(call, [contact]))).toEqual({ type: 'crm.activity', id: '999' });
    expect(sent[0]).toMatchObject({
      method: 'crm.activity.list',
      params: { filter: { ORIGINATOR_ID: 'quota-radar', ORIGIN_ID: 'act-1' } },
    });
    expect(sent[1]!.method).toBe('crm.activity.add');
    expect(sent[1]!.params.fields).toEqual({
      OWNER_TYPE_ID: 3,
      OWNER_ID: 275,
      TYPE_ID: 2,
      SUBJECT: 'Call · Quota Radar',
      DESCRIPTION: `Call · Quota Radar\n${markerLine(call)}`,
      DESCRIPTION_TYPE: 1,
      COMPLETED: 'Y',
      DIRECTION: 2,
      START_TIME: '2026-01-14T16:43:20+00:00',
      END_TIME: '2026-01-14T16:44:55+00:00',
      RESPONSIBLE_ID: 1,
      COMMUNICATIONS: [{ ENTITY_ID: 275, ENTITY_TYPE_ID: 3 }],
      ORIGINATOR_ID: 'quota-radar',
      ORIGIN_ID: 'act-1',
    });
  });

  it('logs an e-mail without sending it: added uncompleted, then completed by an update', async () => {
    const email: CrmRecord = { ...call, activityId: 'act-2', recordKind: 'email', kind: 'email', channel: 'gmail', subject: 'Proposal' };
    const { client, sent } = scripted(jsonAnswer(fx.activityListEmpty), jsonAnswer(fx.activityAdd), jsonAnswer(fx.activityUpdate));
    expect(value(await client.createRecord(email, [contact]))).toEqual({ type: 'crm.activity', id: '999' });
    expect(sent[1]!.params.fields).toMatchObject({ TYPE_ID: 4, DIRECTION: 2, COMPLETED: 'N', SUBJECT: 'Proposal' });
    expect(sent[2]).toMatchObject({ method: 'crm.activity.update', params: { id: 999, fields: { COMPLETED: 'Y' } } });
  });

  it('writes a meeting with its end (half an hour when unknown), no direction', async () => {
    const meeting: CrmRecord = { ...call, activityId: 'act-3', recordKind: 'meeting', kind: 'meeting', channel: 'calendly' };
    const { client, sent } = scripted(jsonAnswer(fx.activityListEmpty), jsonAnswer(fx.activityAdd));
    value(await client.createRecord(meeting, [contact]));
    expect(sent[1]!.params.fields).toMatchObject({ TYPE_ID: 1, COMPLETED: 'Y', END_TIME: '2026-01-14T17:13:20+00:00' });
    expect(sent[1]!.params.fields).not.toHaveProperty('DIRECTION');
  });

  it('finds the record a lost answer left behind instead of writing a second one', async () => {
    const { client, sent } = scripted(
      jsonAnswer({ result: [fx.activityRow({ ID: '999', ORIGINATOR_ID: 'quota-radar', ORIGIN_ID: 'act-1' })] }),
    );
    expect(value(await client.createRecord(call, [contact]))).toEqual({ type: 'crm.activity', id: '999' });
    expect(sent.map((s) => s.method)).toEqual(['crm.activity.list']);
    const found = scripted(jsonAnswer({ result: [fx.activityRow({ ID: '999', ORIGINATOR_ID: 'quota-radar', ORIGIN_ID: 'act-1' })] }));
    expect(value(await found.client.findRecord('act-1', 'call'))).toEqual({ type: 'crm.activity', id: '999' });
  });

  it('completes an e-mail whose update was lost', async () => {
    const email: CrmRecord = { ...call, activityId: 'act-2', recordKind: 'email', kind: 'email', channel: 'gmail' };
    const left = jsonAnswer({
      result: [fx.activityRow({ ID: '999', TYPE_ID: '4', COMPLETED: 'N', ORIGINATOR_ID: 'quota-radar', ORIGIN_ID: 'act-2' })],
    });
    const { client, sent } = scripted(left, jsonAnswer(fx.activityUpdate));
    expect(value(await client.createRecord(email, [contact])).id).toBe('999');
    expect(sent.map((s) => s.method)).toEqual(['crm.activity.list', 'crm.activity.update']);
  });

  it('writes a LinkedIn message as a timeline comment, unless the contact already has ours', async () => {
    const message: CrmRecord = {
      ...call,
      activityId: 'act-4',
      recordKind: 'message',
      kind: 'linkedin_message',
      channel: 'linkedin',
      summary: 'LinkedIn message sent · Quota Radar',
    };
    const { client, sent } = scripted(jsonAnswer(fx.commentList('someone else’s note')), jsonAnswer(fx.commentAdd));
    expect(value(await client.createRecord(message, [contact]))).toEqual({ type: 'crm.timeline.comment', id: 'contact:275:1001' });
    expect(sent[1]).toMatchObject({
      method: 'crm.timeline.comment.add',
      params: {
        fields: { ENTITY_ID: 275, ENTITY_TYPE: 'contact', COMMENT: `LinkedIn message sent · Quota Radar\n${markerLine(message)}` },
      },
    });
    const again = scripted(jsonAnswer(fx.commentList(`LinkedIn message sent\n${markerLine(message)}`)));
    expect(value(await again.client.createRecord(message, [contact]))).toEqual({ type: 'crm.timeline.comment', id: 'contact:275:1000' });
    // An id that merely starts the same is another activity.
    const prefix = scripted(jsonAnswer(fx.commentList(markerLine({ ...message, activityId: 'act-40' }))), jsonAnswer(fx.commentAdd));
    expect(value(await prefix.client.createRecord(message, [contact])).id).toBe('contact:275:1001');
  });

  it("writes a record without a contact as the rep's own completed task (tasks-task-add.md, tasks-task-complete.md)", async () => {
    const { client, sent } = scripted(jsonAnswer(fx.taskListEmpty), jsonAnswer(fx.taskAdd), jsonAnswer(fx.taskComplete));
    expect(value(await client.createRecord(call, []))).toEqual({ type: 'tasks.task', id: '3711' });
    expect(sent.map((s) => s.method)).toEqual(['tasks.task.list', 'tasks.task.add', 'tasks.task.complete']);
    // Searched among the rep's own Quota Radar tasks first (TITLE pattern, tasks-task-list.md).
    expect(sent[0]!.params).toMatchObject({ filter: { CREATED_BY: 1, TITLE: '%Quota Radar%' }, order: { ID: 'desc' }, start: 0 });
    expect(sent[1]!.params.fields).toMatchObject({
      TITLE: 'Call · Quota Radar',
      RESPONSIBLE_ID: 1,
      DEADLINE: '2026-01-14T16:43:20+00:00',
      STATUS: 5,
    });
    expect(String((sent[1]!.params.fields as { DESCRIPTION: string }).DESCRIPTION)).toContain(markerLine(call));
    expect(sent[2]!.params).toEqual({ taskId: 3711 });
  });

  it('finds a contactless record already written, and retracts it by deleting the task', async () => {
    const written = {
      result: { tasks: [{ ...fx.taskComplete.result.task, description: `Call · Quota Radar\n${markerLine(call)}` }] },
      time: fx.taskListEmpty.time,
    };
    const { client, sent } = scripted(jsonAnswer(written), jsonAnswer(written), jsonAnswer(fx.taskDelete));
    expect(value(await client.findRecord('act-1', 'note'))).toEqual({ type: 'tasks.task', id: '3711' });
    // A retry writes nothing: the completed task is there.
    expect(value(await client.createRecord(call, []))).toEqual({ type: 'tasks.task', id: '3711' });
    expect(value(await client.retractRecord({ type: 'tasks.task', id: '3711' }))).toBeUndefined();
    expect(sent.map((s) => s.method)).toEqual(['tasks.task.list', 'tasks.task.list', 'tasks.task.delete']);
    expect(sent[2]!.params).toEqual({ taskId: 3711 });
  });

  it('names a webhook without the task permission', async () => {
    const { client } = scripted(jsonAnswer(fx.profile), jsonAnswer({ ...fx.scope, result: ['crm', 'user'] }));
    expect(failure(await client.test())).toMatchObject({ kind: 'missing_scope', message: expect.stringContaining('task') });
  });

  it('retracts by deleting; an activity already gone is done', async () => {
    const { client, sent } = scripted(
      jsonAnswer(fx.activityDelete),
      answer(fx.errors.activityNotFound),
      jsonAnswer(fx.commentDelete),
      answer(fx.commentNotFound),
    );
    expect(value(await client.retractRecord({ type: 'crm.activity', id: '999' }))).toBeUndefined();
    expect(sent[0]).toMatchObject({ method: 'crm.activity.delete', params: { id: 999 } });
    expect((await client.retractRecord({ type: 'crm.activity', id: '999' })).ok).toBe(true);
    expect((await client.retractRecord({ type: 'crm.timeline.comment', id: 'contact:275:1001' })).ok).toBe(true);
    expect(sent[2]).toMatchObject({ method: 'crm.timeline.comment.delete', params: { id: 1001, ownerTypeId: 3, ownerId: 275 } });
    expect((await client.retractRecord({ type: 'crm.timeline.comment', id: 'contact:275:1001' })).ok).toBe(true);
    expect(failure(await scripted(jsonAnswer({ result: false })).client.retractRecord({ type: 'crm.activity', id: '1' }))).toMatchObject({
      kind: 'rejected',
      message: expect.stringContaining('answered false'),
    });
    expect(failure(await scripted(answer(fx.errors.accessDenied)).client.retractRecord({ type: 'crm.activity', id: '1' })).kind).toBe(
      'rejected',
    );
  });
});

describe('Bitrix24 team board', () => {
  it('lists active users with their names', async () => {
    const { client, sent } = scripted(jsonAnswer(fx.users));
    expect(value(await client.listUsers())).toEqual([
      { id: '1', name: 'Hans Weber', email: 'weber@example.com' },
      { id: '61', name: 'mueller@example.com', email: 'mueller@example.com' },
    ]);
    expect(sent[0]!.params).toMatchObject({ FILTER: { ACTIVE: true }, start: 0 });
  });

  it('a user list whose next does not move on is an error in words, not a loop or a short list', async () => {
    const { client, sent } = scripted(jsonAnswer({ ...fx.users, next: 50, total: 120 }), jsonAnswer({ ...fx.users, next: 50, total: 120 }));
    expect(failure(await client.listUsers())).toMatchObject({ kind: 'bad_payload', message: expect.stringContaining('does not move on') });
    expect(sent.map((s) => s.params.start)).toEqual([0, 50]);
  });

  it('pages completed activities by START_TIME: ours by their marker, others by type and direction', async () => {
    const ours = {
      result: { tasks: [{ ...fx.taskComplete.result.task, description: `Meeting\n${markerLine({ ...call, kind: 'meeting' })}` }] },
      time: fx.taskListEmpty.time,
    };
    // The pages after the first come in a batch (batch.md's answer: each command's result under its key).
    const batched = {
      result: {
        result: { p0: fx.activityListLast.result },
        result_error: [],
        result_total: { p0: fx.activityListLast.total },
        result_next: [],
      },
      time: fx.activityListLast.time,
    };
    const { client, sent } = scripted(jsonAnswer(fx.activityListPage1), jsonAnswer(batched), jsonAnswer(ours));
    const range = { from: Date.parse('2020-09-01T00:00:00Z'), to: Date.parse('2020-10-01T00:00:00Z') };
    const first = value(await client.listActivities(range));
    expect(sent[0]!.params).toMatchObject({
      filter: { '>=START_TIME': '2020-09-01T00:00:00+00:00', '<START_TIME': '2020-10-01T00:00:00+00:00', COMPLETED: 'Y' },
      start: 0,
    });
    // The first page's total (53) says one more page is left.
    expect(first.next).toBe('b:50:53');
    expect(first.items).toEqual([
      { id: '20', ownerId: '505', kind: 'call', occurredAt: Date.parse('2020-09-27T10:25:00Z'), people: [{ phone: '+74951234567' }] },
      { id: '21', ownerId: '505', kind: 'call', occurredAt: Date.parse('2020-09-27T11:00:00Z'), outcome: 'no_answer' },
      { id: '23', ownerId: '506', kind: 'email', occurredAt: Date.parse('2020-09-27T10:25:00Z'), people: [{ email: 'klaus@example.com' }] },
    ]);
    const last = value(await client.listActivities(range, first.next));
    expect(sent[1]!.method).toBe('batch');
    expect(sent[1]!.params.cmd).toEqual({
      p0: `crm.activity.list?filter[%3E%3DSTART_TIME]=${encodeURIComponent('2020-09-01T00:00:00+00:00')}&filter[%3CSTART_TIME]=${encodeURIComponent('2020-10-01T00:00:00+00:00')}&filter[COMPLETED]=Y&${[
        'ID',
        'TYPE_ID',
        'DIRECTION',
        'COMPLETED',
        'START_TIME',
        'RESPONSIBLE_ID',
        'ORIGINATOR_ID',
        'ORIGIN_ID',
        'DESCRIPTION',
        'COMMUNICATIONS',
      ]
        .map((field, i) => `select[${i}]=${field}`)
        .join('&')}&order[ID]=ASC&start=50`,
    });
    expect(last.next).toBe('task:0');
    expect(last.items.map((i) => i.kind)).toEqual(['meeting']);
    // Then the contactless records: completed Quota Radar tasks by DEADLINE.
    const tasks = value(await client.listActivities(range, last.next));
    expect(sent[2]).toMatchObject({
      method: 'tasks.task.list',
      params: { filter: { REAL_STATUS: 5, '>=DEADLINE': '2020-09-01T00:00:00+00:00', '<DEADLINE': '2020-10-01T00:00:00+00:00' }, start: 0 },
    });
    expect(tasks).toEqual({
      items: [{ id: 'task:3711', ownerId: '1', kind: 'meeting', occurredAt: Date.parse('2026-01-14T16:43:20Z'), outcome: 'connected' }],
    });
  });
});
