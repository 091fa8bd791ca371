import { describe, expect, it } from 'vitest';
import { QuotaRadarService } from '../../../../lib/background';
import type { ConnectorPlatform } from '../../../../lib/background/connectors';
import { BITRIX24 } from '../../../../lib/crm/bitrix24';
import { boardNotRead } from '../../../../lib/crm/board-gaps';
import type { TeamBoardResult } from '../../../../lib/crm/team-board';
import { CrmCredentials, type CrmRecord } from '../../../../lib/crm/types';
import type { Quota } from '../../../../lib/settings';
import { createFakeBitrix24, FAKE_BITRIX24_USER_ID } from '../../../fakes/crm/bitrix24/fake-bitrix24';
import { createHarness, ok, WED_NOON } from '../../service/harness';

/**
 * Issue 26: a Bitrix24 rep's messages and notes are timeline comments, which crm.timeline.comment.list
 * lists one CRM item at a time (ENTITY_ID and ENTITY_TYPE mandatory). The board does not read them;
 * it must say so, naming the quotas that read low, rather than show a short number as complete.
 */

const quota = (id: string, kinds: Quota['kinds']): Quota => ({
  id,
  name: id,
  kinds,
  target: 10,
  period: 'month',
  measure: 'count',
  excludeInternal: false,
});
const QUOTAS = [quota('calls', ['call']), quota('linkedin', ['linkedin_message']), quota('demos', ['demo'])];

const record = (activityId: string, over: Partial<CrmRecord>): CrmRecord => ({
  activityId,
  recordKind: 'call',
  kind: 'call',
  channel: 'phone',
  occurredAt: WED_NOON - 3_600_000,
  durationSec: 60,
  summary: 'Quota Radar',
  ...over,
});

describe('Bitrix24 board: timeline comments are named, not silently missing', () => {
  it('counts the call, leaves the message and the note out, and names them with the quotas they leave short', async () => {
    const harness = await createHarness();
    try {
      await harness.store.writeKv('quotas', QUOTAS);
      const fake = createFakeBitrix24(harness.now);
      const credentials = CrmCredentials.parse({ crm: 'bitrix24', webhookUrl: fake.connectFields['Webhook URL'] });
      // The rep's sync writes a call (an activity), a LinkedIn message and a demo (timeline comments on the contact).
      const rep = BITRIX24.createClient(credentials, fake.transport.send, harness.now);
      const contact = { id: fake.addContact({ email: 'klaus@example.com', name: 'Klaus' }) };
      for (const written of [
        record('a-call', {}),
        record('a-message', { recordKind: 'message', kind: 'linkedin_message', channel: 'linkedin' }),
        record('a-demo', { recordKind: 'note', kind: 'demo', channel: 'manual' }),
      ]) {
        expect((await rep.createRecord(written, [contact])).ok).toBe(true);
      }
      const comments = fake.records().filter((r) => r.type === 'crm.timeline.comment' && !r.deleted);
      expect(comments).toHaveLength(2);

      const platform: ConnectorPlatform = {
        send: fake.transport.send,
        hasOrigins: async () => true,
        removeOrigins: async () => undefined,
        setPhoneLinkScript: async () => undefined,
      };
      const service = new QuotaRadarService(harness.store, harness.now, {
        platform,
        teamBoard: { sleep: async (ms) => harness.advance(ms) },
      });
      expect(await ok(service, { type: 'team/connect', credentials })).toMatchObject({ ok: true });
      const before = fake.transport.log.length;
      const result = (await ok(service, { type: 'team/board', period: 'this_month' })) as TeamBoardResult;
      if (!result.ok) expect.fail(JSON.stringify(result));
      const { board } = result;
      const row = board.reps.find((r) => r.user.id === FAKE_BITRIX24_USER_ID)!;
      const done = Object.fromEntries(row.cells.map((c) => [c.quotaId, c.done]));
      expect(done).toEqual({ calls: 1, linkedin: 0, demos: 0 });
      expect(board.cutOff).toBeUndefined();
      expect(board.notRead).toEqual([{ id: 'bitrix24_timeline_comments', kinds: ['message', 'note'], quotaIds: ['linkedin', 'demos'] }]);
      // The board paid nothing per contact: no timeline was listed.
      expect(fake.transport.log.slice(before).some((r) => r.url.includes('crm.timeline.comment.list'))).toBe(false);
    } finally {
      harness.close();
    }
  });

  it('the portal refuses a timeline listing without a CRM item, as the method page makes ENTITY_ID and ENTITY_TYPE mandatory', async () => {
    const fake = createFakeBitrix24(() => WED_NOON);
    const answer = await fake.transport.send({
      url: `${fake.connectFields['Webhook URL']}crm.timeline.comment.list`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ filter: { AUTHOR_ID: 1, '>=CREATED': '2026-01-01T00:00:00+00:00' } }),
    });
    if ('error' in answer) expect.fail(answer.error.message);
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('ENTITY_ID');
  });

  it('ties each gap to the quotas whose kinds the sync writes that way, and only those', () => {
    const gaps = [{ id: 'bitrix24_timeline_comments', kinds: ['message', 'note'] }] as const;
    // A call or e-mail quota is read in full; an InMail or a custom kind is written as a message or note.
    expect(boardNotRead(gaps, [quota('calls', ['call']), quota('mail', ['email', 'meeting'])])[0]!.quotaIds).toEqual([]);
    expect(boardNotRead(gaps, [quota('mixed', ['call', 'inmail']), quota('visits', ['custom:site-visit'])])[0]!.quotaIds).toEqual([
      'mixed',
      'visits',
    ]);
    expect(boardNotRead([], QUOTAS)).toEqual([]);
  });
});
