import { afterEach, describe, expect, it } from 'vitest';
import type { Activity } from '../../../lib/activity';
import { QuotaRadarService } from '../../../lib/background';
import type { Observation } from '../../../lib/capture/types';
import { defaultSettings } from '../../../lib/settings';
import { ActivityStore } from '../../../lib/store';
import { firstDraftSaveRequest, type GmailMessage, gmailObservation, LABELS, syncRequest } from '../../builders/gmail';
import {
  conversationEventReply,
  conversationList,
  conversationUrn,
  createMessage,
  profileUrn,
  reaction,
  reactionCollectionPost,
  SELF,
  typingIndicator,
} from '../../builders/linkedin';

/**
 * The real detectors behind the background's message handler: a page observation goes in as the
 * relay sends it (`capture/observed`), activities come out through the protocol. No detector is
 * mocked, so a detector that the registry does not reach, or whose events the service cannot
 * apply, fails here.
 */

const NOW = Date.parse('2026-01-14T12:00:00-05:00');
const opened: ActivityStore[] = [];

async function service(): Promise<QuotaRadarService> {
  const store = await ActivityStore.open(`capture-through-service-${crypto.randomUUID()}`);
  opened.push(store);
  await store.writeKv('settings', defaultSettings('America/New_York'));
  return new QuotaRadarService(store, () => NOW);
}

afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

async function observe(radar: QuotaRadarService, observation: Observation) {
  return radar.handle({ type: 'capture/observed', observation });
}

async function activities(radar: QuotaRadarService): Promise<Activity[]> {
  const response = await radar.handle({ type: 'activity/export' });
  if (!response.ok) expect.fail(response.error);
  return response.data as Activity[];
}

const send = (id: string, labels: readonly string[]): GmailMessage => ({
  id,
  from: { address: 'Rep@Example.com', name: 'Rep' },
  to: [{ address: 'buyer@acme.test', name: 'Buyer' }],
  subject: 'Quick question',
  timestamp: NOW - 5_000,
  labels: [...labels],
});

describe('capture/observed through QuotaRadarService.handle with the real detectors', () => {
  it('a Gmail send is recorded pending for the undo window; the draft save of its id retracts it', async () => {
    const radar = await service();
    const thread = 'thread-a:r77';
    expect(await observe(radar, gmailObservation(syncRequest([{ threadId: thread, message: send('msg-a:r7001', LABELS.send) }])))).toEqual({
      ok: true,
      data: { recorded: 1, retracted: 0 },
    });
    const [sent] = await activities(radar);
    expect(sent).toMatchObject({
      kind: 'email',
      channel: 'gmail',
      status: 'pending',
      account: 'rep@example.com',
      dedupeKey: 'gmail:rep@example.com:msg-a:r7001',
      recipients: [{ address: 'buyer@acme.test', role: 'to' }],
    });

    const undo = gmailObservation(firstDraftSaveRequest({ threadId: thread, message: send('msg-a:r7001', LABELS.draft) }));
    expect(await observe(radar, undo)).toEqual({ ok: true, data: { recorded: 0, retracted: 1 } });
    expect((await activities(radar)).map((activity) => activity.status)).toEqual(['retracted']);
  });

  it('LinkedIn: the participants a conversation list names become the recipients of a later reply', async () => {
    const radar = await service();
    const thread = '2-dGhyb3VnaC1zZXJ2aWNl';
    const dana = { id: 'ACoAACQ4OnYBUb2skzde0qnH0tK06L3CXQRGBvY', firstName: 'Dana', lastName: 'Buyer' };
    expect(await observe(radar, conversationList([{ thread, people: [SELF, dana] }]))).toEqual({
      ok: true,
      data: { recorded: 0, retracted: 0 },
    });
    expect(await observe(radar, createMessage({ text: 'Following up', thread }))).toEqual({
      ok: true,
      data: { recorded: 1, retracted: 0 },
    });
    const [message] = await activities(radar);
    expect(message).toMatchObject({ kind: 'linkedin_message', channel: 'linkedin', status: 'counted' });
    expect(message?.recipients.map((recipient) => recipient.profileId)).toEqual([profileUrn(dana.id)]);
    expect(message?.detection.ids?.conversationUrn).toBe(conversationUrn(thread));
  });

  it('LinkedIn: a reply through the older events endpoint takes the people listed for its thread', async () => {
    const radar = await service();
    const thread = '2-ZmVlZGJhY2tUaHJlYWQ=';
    const dana = { id: 'ACoAACQ4OnYBUb2skzde0qnH0tK06L3CXQRGBvY', firstName: 'Dana', lastName: 'Buyer' };
    await observe(radar, conversationList([{ thread, people: [SELF, dana] }]));
    expect(await observe(radar, conversationEventReply({ thread }))).toEqual({ ok: true, data: { recorded: 1, retracted: 0 } });
    const [message] = await activities(radar);
    expect(message).toMatchObject({ kind: 'linkedin_message', account: profileUrn(SELF.id), status: 'counted' });
    expect(message?.recipients.map((recipient) => recipient.profileId)).toEqual([profileUrn(dana.id)]);
  });

  it('LinkedIn: a reaction posted to the collection and removed through GraphQL ends retracted', async () => {
    const radar = await service();
    expect(await observe(radar, reactionCollectionPost())).toEqual({ ok: true, data: { recorded: 1, retracted: 0 } });
    expect(await observe(radar, reaction({}))).toEqual({ ok: true, data: { recorded: 0, retracted: 1 } });
    expect((await activities(radar)).map((activity) => [activity.subtype, activity.status])).toEqual([['reaction', 'retracted']]);
  });

  it('a request that is no activity records nothing, and nothing is counted as a failure', async () => {
    const radar = await service();
    expect(await observe(radar, typingIndicator('2-dGhyb3VnaC1zZXJ2aWNl'))).toEqual({ ok: true, data: { recorded: 0, retracted: 0 } });
    expect(await activities(radar)).toEqual([]);
    expect(await radar.handle({ type: 'capture/failures' })).toEqual({ ok: true, data: {} });
  });
});
