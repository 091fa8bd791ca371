import { beforeEach, describe, expect, it } from 'vitest';
import { forgetRefreshed } from '../../../../lib/crm/salesforce/api';
import { AGGREGATE_ROWS } from '../../../../lib/crm/salesforce/board';
import { createSalesforceClient } from '../../../../lib/crm/salesforce/client';
import { SalesforceCredentials } from '../../../../lib/crm/salesforce/credentials';
import { uniqueRecords } from '../../../../lib/crm/team-board';
import type { CrmTeamActivity } from '../../../../lib/crm/types';
import { createFakeSalesforce, type FakeSalesforce } from '../../../fakes/crm/salesforce/fake-salesforce';

const DAY = 86_400_000;
const FROM = Date.UTC(2026, 4, 1);
const TO = Date.UTC(2026, 5, 1);

function client(fake: FakeSalesforce, now: () => number = () => TO) {
  const credentials = SalesforceCredentials.parse({
    crm: 'salesforce',
    myDomain: fake.connectFields['My Domain'],
    clientId: fake.connectFields['Consumer key'],
    accessToken: fake.connectFields['Access token'],
    refreshToken: fake.connectFields['Refresh token'],
  });
  return createSalesforceClient(credentials, fake.send, now);
}

async function readAll(fake: FakeSalesforce) {
  const c = client(fake);
  const pages: CrmTeamActivity[][] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 500; i += 1) {
    const page = await c.listActivities({ from: FROM, to: TO }, cursor);
    if (!page.ok) throw new Error(page.error.message);
    pages.push(page.value.items);
    cursor = page.value.next;
    if (!cursor) break;
  }
  return uniqueRecords(pages).records;
}

const date = (at: number) => new Date(at).toISOString().slice(0, 10);
const ours = (fake: FakeSalesforce, id: string) =>
  fake.externalIdField ? { [fake.externalIdField]: id } : { Subject: `Call · Quota Radar [qr:${id}]` };

beforeEach(() => forgetRefreshed());

describe.each([null, 'QuotaRadar_Id__c'])('Salesforce team board (external-id field: %s)', (field) => {
  it('counts calls (with outcomes), emails, meetings and messages per rep and day, in three queries, and only ours, completed, in range', async () => {
    const fake = createFakeSalesforce(() => TO, field);
    fake.addUser({ id: '005000000000071AAA', name: 'Ann Lee' });
    fake.addUser({ id: '005000000000072AAA', name: 'Bob Roy' });
    const ann = '005000000000071AAA';
    const bob = '005000000000072AAA';
    let n = 0;
    const task = (owner: string, at: number, extra: Record<string, unknown>) =>
      fake.addActivity('Task', { OwnerId: owner, Status: 'Completed', ActivityDate: date(at), ...ours(fake, `a${n++}`), ...extra });
    for (let d = 0; d < 5; d += 1) {
      task(ann, FROM + d * DAY, { TaskSubtype: 'Call', CallDisposition: 'connected' });
      task(ann, FROM + d * DAY, { TaskSubtype: 'Call', CallDisposition: 'no_answer' });
      task(bob, FROM + d * DAY, { TaskSubtype: 'Email' });
    }
    task(ann, FROM, {
      TaskSubtype: 'Task',
      Description: 'LinkedIn message sent · Quota Radar\n[quota-radar:v1 id=m1 kind=linkedin_message channel=linkedin]',
    });
    fake.addActivity('Event', {
      OwnerId: bob,
      StartDateTime: new Date(FROM + 2 * DAY).toISOString(),
      EndDateTime: new Date(FROM + 2 * DAY + 1_800_000).toISOString(),
      ...ours(fake, 'ev1'),
    });
    // Not counted: someone else's record, an open task, last month's.
    fake.addActivity('Task', { OwnerId: ann, Status: 'Completed', ActivityDate: date(FROM), TaskSubtype: 'Call', Subject: 'Call' });
    task(ann, FROM, { TaskSubtype: 'Call', Status: 'Not Started' });
    task(ann, FROM - DAY, { TaskSubtype: 'Call' });

    const before = fake.requests().length;
    const records = await readAll(fake);
    const queries = fake
      .requests()
      .slice(before)
      .filter((r) => r.url.includes('/query'));
    expect(queries).toHaveLength(3);
    const count = (owner: string, kind: string, outcome?: string) =>
      records.filter((r) => r.ownerId === owner && r.kind === kind && (outcome === undefined || r.outcome === outcome)).length;
    expect(count(ann, 'call', 'connected')).toBe(5);
    expect(count(ann, 'call', 'no_answer')).toBe(5);
    expect(count(bob, 'email')).toBe(5);
    expect(count(bob, 'meeting')).toBe(1);
    expect(count(ann, 'linkedin_message')).toBe(1);
    expect(records).toHaveLength(17);
    expect(records.every((r) => r.occurredAt >= FROM && r.occurredAt < TO)).toBe(true);
    // Aggregates, not records: the query groups by owner, subtype, day and outcome.
    expect(decodeURIComponent(queries[0]!.url)).toContain('GROUP+BY+OwnerId,+TaskSubtype,+ActivityDate,+CallDisposition');
  });
});

describe('Salesforce team board at the aggregate cap', () => {
  it('a window whose groups fill one answer is split until each fits, and nothing is lost', async () => {
    const fake = createFakeSalesforce(() => TO, 'QuotaRadar_Id__c');
    const reps = 100;
    let n = 0;
    for (let r = 0; r < reps; r += 1) {
      const owner = `005${String(1000 + r).padStart(12, '0')}AAA`;
      fake.addUser({ id: owner, name: `Rep ${r}` });
      for (let d = 0; d < 21; d += 1)
        fake.addActivity('Task', {
          OwnerId: owner,
          Status: 'Completed',
          TaskSubtype: 'Call',
          ActivityDate: date(FROM + d * DAY),
          QuotaRadar_Id__c: `c${n++}`,
        });
    }
    expect(reps * 21).toBeGreaterThan(AGGREGATE_ROWS);
    const before = fake.requests().length;
    const records = await readAll(fake);
    expect(records.filter((r) => r.kind === 'call')).toHaveLength(reps * 21);
    const queries = fake
      .requests()
      .slice(before)
      .filter((r) => r.url.includes('/query')).length;
    // One full answer, then its two halves, then meetings and messages: 5, where paging records would take 2 pages of 2,000.
    expect(queries).toBe(5);
  });
});

describe('Salesforce team board: a record with only a date', () => {
  // Found by the e2e at 05:30 UTC: today's calls were placed at noon UTC, after "now", so the board
  // (which counts what is done by now) showed 0 for them until noon.
  it.each([
    ['before noon UTC', 5 * 3_600_000],
    ['after noon UTC', 20 * 3_600_000],
    ['just after midnight UTC', 1_000],
  ])('a completed task dated today is placed no later than now (%s), on its own date', async (_, intoDay) => {
    const today = FROM + 10 * DAY;
    const now = today + intoDay;
    const fake = createFakeSalesforce(() => now, null);
    const ann = '005000000000071AAA';
    fake.addUser({ id: ann, name: 'Ann Lee' });
    fake.addActivity('Task', { OwnerId: ann, Status: 'Completed', ActivityDate: date(today), TaskSubtype: 'Call', ...ours(fake, 'c1') });
    const page = await client(fake, () => now).listActivities({ from: FROM, to: TO });
    if (!page.ok) throw new Error(page.error.message);
    const [call] = page.value.items;
    expect(call?.occurredAt).toBeLessThanOrEqual(now);
    expect(date(call!.occurredAt)).toBe(date(today));
  });
});
