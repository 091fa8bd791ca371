import { describe, expect, it } from 'vitest';
import { createPipedriveClient } from '../../../../lib/crm/pipedrive';
import { CrmCredentials, type CrmTeamActivity } from '../../../../lib/crm/types';
import * as acts from '../../../fixtures/crm/pipedrive/activities';
import * as notes from '../../../fixtures/crm/pipedrive/notes';
import * as users from '../../../fixtures/crm/pipedrive/users';
import { query, scriptedSend } from './send';

const credentials = CrmCredentials.parse({ crm: 'pipedrive', token: '0123456789abcdef0123456789abcdef01234567' });
const range = { from: Date.parse('2026-11-01T00:00:00Z'), to: Date.parse('2026-12-01T00:00:00Z') };

describe('Pipedrive team board (GET /api/v2/activities, GET /v1/notes)', () => {
  it('reads every page, activities then notes, and maps each record to our kind and its owner', async () => {
    const fake = scriptedSend([
      { method: 'GET', path: '/api/v2/activities', answers: [{ body: acts.teamPage1 }, { body: acts.teamPage2 }] },
      { method: 'GET', path: '/v1/notes', answers: [{ body: notes.teamNotes1 }, { body: notes.teamNotes2 }] },
    ]);
    const pd = createPipedriveClient(credentials, fake.send);
    const pages: { items: CrmTeamActivity[]; next?: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = await pd.listActivities(range, cursor);
      if (!page.ok) throw new Error(page.error.message);
      pages.push(page.value);
      cursor = page.value.next;
    } while (cursor !== undefined && pages.length < 10);

    expect(pages.map((p) => p.next)).toEqual(['a:eyJpZCI6ODAwNH0', 'n:0', 'n:2', undefined]);
    expect(pages.flatMap((p) => p.items)).toEqual([
      { id: 'activity:8001', ownerId: '7001', kind: 'call', occurredAt: Date.parse('2026-11-02T09:30:00Z'), outcome: 'connected' },
      { id: 'activity:8002', ownerId: '7002', kind: 'linkedin_message', occurredAt: Date.parse('2026-11-02T11:05:00Z') },
      { id: 'activity:8003', ownerId: '7002', kind: 'meeting', occurredAt: Date.parse('2026-11-03T14:00:00Z') },
      // An all-day email counts on its day (midnight UTC).
      { id: 'activity:8005', ownerId: '7001', kind: 'email', occurredAt: Date.parse('2026-11-04T00:00:00Z') },
      { id: 'note:5001', ownerId: '7001', kind: 'linkedin_message', occurredAt: Date.parse('2026-11-02T12:00:00Z') },
      // Dated by its marker (when the deal was won), not by when the note was added.
      { id: 'note:5002', ownerId: '7002', kind: 'deal', occurredAt: Date.parse('2026-11-05T09:15:00Z'), amount: 12000.5, currency: 'EUR' },
    ]);

    const [first, second] = fake.of('GET', '/api/v2/activities');
    // Every user's (no owner_id), done, changed from the period's start to three days past its end, 500 a page.
    expect(query(first)).toEqual({
      updated_since: '2026-11-01T00:00:00Z',
      updated_until: '2026-12-04T00:00:00Z',
      done: 'true',
      limit: '500',
    });
    expect(query(second)).toMatchObject({ cursor: 'eyJpZCI6ODAwNH0' });
    expect(fake.of('GET', '/v1/notes').map(query)).toEqual([
      { updated_since: '2026-11-01T00:00:00Z', sort: 'add_time ASC', start: '0', limit: '500' },
      { updated_since: '2026-11-01T00:00:00Z', sort: 'add_time ASC', start: '2', limit: '500' },
    ]);
  });

  it('passes failures on (401, 429 with its wait, odd answers) and refuses a cursor it did not make', async () => {
    const fake = scriptedSend([
      {
        method: 'GET',
        path: '/api/v2/activities',
        answers: [
          { status: 401, body: users.unauthorized },
          { status: 429, body: users.rateLimited, headers: { 'retry-after': '4' } },
          { body: { success: true, data: [{ id: 1 }] } },
        ],
      },
    ]);
    const pd = createPipedriveClient(credentials, fake.send);
    expect(await pd.listActivities(range)).toMatchObject({ ok: false, error: { kind: 'wrong_key' } });
    expect(await pd.listActivities(range)).toMatchObject({ ok: false, error: { kind: 'rate_limited', retryAfterMs: 4000 } });
    expect(await pd.listActivities(range)).toMatchObject({ ok: false, error: { kind: 'bad_payload' } });
    expect(await pd.listActivities(range, 'page-2')).toMatchObject({ ok: false, error: { kind: 'rejected' } });
    expect(fake.requests).toHaveLength(3);
  });
});
