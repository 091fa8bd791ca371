import { afterEach, describe, expect, it } from 'vitest';
import type { Activity } from '../../../lib/activity';
import type { Observation } from '../../../lib/capture/types';
import { defaultQuotas, type Quota } from '../../../lib/settings';
import { createMessage, profileUrn } from '../../builders/linkedin';
import { COMMENTER, meAnswer, postPage, postReactions, REACTOR, STRANGER } from '../../builders/linkedin-engagement';
import { createHarness, type Harness, ok } from './harness';

/**
 * Signals to act on (issue 15, point 4), through the whole background: the page loads the rep's post
 * and its comments, the rep then messages people, and a quota counts only those who engaged first.
 */

const DAY = 86_400_000;
const TOPICS = [
  { label: 'Retirement planning', keywords: ['retirement planning'] },
  { label: 'Taxes', keywords: ['tax'] },
];

const signalQuota = (signal: Quota['signal'], overrides: Partial<Quota> = {}): Quota => ({
  id: 'engaged',
  name: 'Commenters reached',
  kinds: ['linkedin_message', 'inmail', 'linkedin_invite'],
  target: 50,
  period: 'month',
  measure: 'unique_recipients',
  excludeInternal: false,
  signal,
  ...overrides,
});

describe('signals to act on: engagement learned from the page tags later outreach', () => {
  let h: Harness;
  afterEach(() => h?.close());

  const observe = (observation: Observation) => ok(h.service, { type: 'capture/observed', observation });
  const messageTo = (profileId: string, at: number, id: string) =>
    observe(createMessage({ text: 'Hi', hostRecipients: [profileId], startedAt: at, messageId: id, originToken: `origin-${id}` }));
  const activities = async () =>
    ((await ok(h.service, { type: 'activity/export' })) as Activity[]).filter((a) => a.kind === 'linkedin_message');
  const toPerson = async (profileId: string) => (await activities()).find((a) => a.recipients[0]?.profileId === profileUrn(profileId));
  const done = async (quotaId = 'engaged') =>
    (await ok(h.service, { type: 'progress/get' })).quotas.find((q) => q.quotaId === quotaId)?.done;

  async function seeOwnPostWithComment(commentedAt: number) {
    await observe(meAnswer({ startedAt: commentedAt }));
    await observe(postPage({ comments: [{ profileId: COMMENTER, createdAt: commentedAt }], startedAt: commentedAt + 60_000 }));
  }

  it('a message to a commenter carries the signal; one to a stranger does not; the quota counts 1', async () => {
    h = await createHarness({ engagementTopics: TOPICS });
    await ok(h.service, {
      type: 'quotas/save',
      quotas: [...defaultQuotas(), signalQuota({ kinds: ['commented'], topic: 'Retirement planning' })],
    });
    const commentedAt = h.now() - 2 * DAY;
    await seeOwnPostWithComment(commentedAt);
    await messageTo(COMMENTER, h.now() - 60_000, 'm1');
    await messageTo(STRANGER, h.now() - 30_000, 'm2');

    expect((await toPerson(COMMENTER))?.signals).toEqual([
      { kind: 'commented', engagedAt: commentedAt, topics: ['Retirement planning'], person: profileUrn(COMMENTER) },
    ]);
    expect((await toPerson(STRANGER))?.signals).toBeUndefined();
    expect(await done()).toBe(1);
    // The plain social quota still counts both messages.
    expect(await done('social')).toBe(2);
  });

  it('engagement after the message is not a signal for it, even when learned first', async () => {
    h = await createHarness({ engagementTopics: TOPICS });
    await ok(h.service, { type: 'quotas/save', quotas: [signalQuota({ kinds: ['commented'] })] });
    await seeOwnPostWithComment(h.now() - 2 * DAY);
    // A message sent before the comment, reaching the background later (a tab that delivered it late).
    await messageTo(COMMENTER, h.now() - 3 * DAY, 'm1');
    expect((await toPerson(COMMENTER))?.signals).toBeUndefined();
    expect(await done()).toBe(0);
    // A message after the comment does carry it.
    await messageTo(COMMENTER, h.now() - DAY, 'm2');
    expect(await done()).toBe(1);
  });

  it('a count quota counts only the messages that carry a matching signal', async () => {
    h = await createHarness({ engagementTopics: TOPICS });
    await ok(h.service, { type: 'quotas/save', quotas: [signalQuota({ kinds: ['commented'] }, { measure: 'count' })] });
    await seeOwnPostWithComment(h.now() - 2 * DAY);
    await messageTo(COMMENTER, h.now() - DAY, 'm1');
    await messageTo(COMMENTER, h.now() - 60_000, 'm2');
    await messageTo(STRANGER, h.now() - 30_000, 'm3');
    expect(await done()).toBe(2);
  });

  it('the quota’s topic and kinds filter: another topic or only reactions count nothing', async () => {
    h = await createHarness({ engagementTopics: TOPICS });
    await ok(h.service, {
      type: 'quotas/save',
      quotas: [
        signalQuota({ kinds: ['commented'], topic: 'Taxes' }, { id: 'taxes', name: 'Taxes' }),
        signalQuota({ kinds: ['reacted'] }, { id: 'reacted', name: 'Reacted' }),
        signalQuota({ kinds: ['commented', 'reacted'], topic: 'retirement PLANNING' }, { id: 'any-way', name: 'Any way' }),
      ],
    });
    await seeOwnPostWithComment(h.now() - 2 * DAY);
    await messageTo(COMMENTER, h.now() - 60_000, 'm1');
    expect(await done('taxes')).toBe(0);
    expect(await done('reacted')).toBe(0);
    expect(await done('any-way')).toBe(1);
  });

  it('a reaction on the rep’s post tags the message to the reactor', async () => {
    h = await createHarness({ engagementTopics: TOPICS });
    await ok(h.service, { type: 'quotas/save', quotas: [signalQuota({ kinds: ['reacted'] })] });
    await seeOwnPostWithComment(h.now() - 2 * DAY);
    await observe(postReactions({ reactors: [{ profileId: REACTOR }], startedAt: h.now() - DAY }));
    await messageTo(REACTOR, h.now() - 60_000, 'm1');
    expect((await toPerson(REACTOR))?.signals?.map((s) => s.kind)).toEqual(['reacted']);
    expect(await done()).toBe(1);
  });

  it('stores ids, kinds, times and topic labels only: no name, comment or post text', async () => {
    h = await createHarness({ engagementTopics: TOPICS });
    await observe(meAnswer());
    await observe(
      postPage({ comments: [{ profileId: COMMENTER, name: 'Dana Buyer', text: 'private question', createdAt: h.now() - DAY }] }),
    );
    const kv = JSON.stringify([await h.store.db.get('kv', 'engagements'), await h.store.db.get('kv', 'linkedinOwnPosts')]);
    expect(kv).toContain(profileUrn(COMMENTER));
    expect(kv).toContain('Retirement planning');
    expect(kv).not.toMatch(/Dana|private question|Five questions/);
  });

  it('delete-all forgets who engaged and which posts are the rep’s', async () => {
    h = await createHarness({ engagementTopics: TOPICS });
    await seeOwnPostWithComment(h.now() - DAY);
    expect(await h.store.readKv('engagements')).toBeDefined();
    await ok(h.service, { type: 'activity/delete-all' });
    expect(await h.store.readKv('engagements')).toBeUndefined();
    expect(await h.store.readKv('linkedinOwnPosts')).toBeUndefined();
    await messageTo(COMMENTER, h.now() - 60_000, 'm1');
    expect((await toPerson(COMMENTER))?.signals).toBeUndefined();
  });

  it('with LinkedIn turned off, nothing is learned', async () => {
    h = await createHarness({ engagementTopics: TOPICS, channels: { linkedin: false } });
    await seeOwnPostWithComment(h.now() - DAY);
    expect(await h.store.readKv('engagements')).toBeUndefined();
    expect(await h.store.readKv('linkedinOwnPosts')).toBeUndefined();
    expect(await h.store.readKv('linkedinSelf')).toBeUndefined();
  });

  it('keeps a bounded number of people, the most recently learned', async () => {
    h = await createHarness();
    const { ENGAGEMENT_LIMITS } = await import('../../../lib/background/engagements');
    const many = Object.fromEntries(
      Array.from({ length: ENGAGEMENT_LIMITS.people }, (_, i) => [`urn:li:fsd_profile:P${i}`, { learnedAt: i, signals: [] }]),
    );
    await h.store.writeKv('engagements', many);
    await seeOwnPostWithComment(h.now() - DAY);
    const kept = (await h.store.readKv('engagements'))!;
    expect(Object.keys(kept)).toHaveLength(ENGAGEMENT_LIMITS.people);
    expect(kept[profileUrn(COMMENTER)]).toBeDefined();
    expect(kept['urn:li:fsd_profile:P0']).toBeUndefined();
  });

  it('a manual entry (a call) the rep tags counts for a signal quota of its topic', async () => {
    h = await createHarness({ engagementTopics: TOPICS });
    await ok(h.service, {
      type: 'quotas/save',
      quotas: [signalQuota({ kinds: ['commented'], topic: 'Retirement planning' }, { kinds: ['call'], measure: 'count' })],
    });
    const tagged = await ok(h.service, {
      type: 'activity/log',
      entry: { kind: 'call', signal: { kind: 'commented', topic: ' Retirement planning ' } },
    });
    expect(tagged.signals).toEqual([{ kind: 'commented', engagedAt: h.now(), topics: ['Retirement planning'] }]);
    await ok(h.service, { type: 'activity/log', entry: { kind: 'call', signal: { kind: 'reacted' } } });
    await ok(h.service, { type: 'activity/log', entry: { kind: 'call' } });
    expect(await done()).toBe(1);
  });

  it('VK: a message to someone who commented on the rep’s wall post carries the signal (VK turned on)', async () => {
    const vk = await import('../../builders/vk');
    h = await createHarness({ channels: { vk: true }, engagementTopics: [{ label: 'Pension', keywords: ['пенсионное планирование'] }] });
    await observe(vk.notificationsGet());
    await observe(vk.messagesSend({ peer_id: String(vk.COMMENTER_ID) }));
    const [sent] = ((await ok(h.service, { type: 'activity/export' })) as Activity[]).filter((a) => a.channel === 'vk');
    expect(sent?.signals).toEqual([
      { kind: 'commented', engagedAt: vk.COMMENTED_AT_S * 1000, topics: ['Pension'], person: `vk:${vk.COMMENTER_ID}` },
    ]);
  });

  it('learns every commenter of one answer, and keeps the earliest time of a way of engaging', async () => {
    h = await createHarness({ engagementTopics: TOPICS });
    await observe(meAnswer());
    const people = ['ACoAAOne', 'ACoAATwo', 'ACoAAThree'];
    await observe(
      postPage({ comments: people.map((profileId, i) => ({ profileId, createdAt: h.now() - (i + 2) * DAY })), startedAt: h.now() }),
    );
    await observe(postPage({ comments: [{ profileId: 'ACoAAOne', createdAt: h.now() - DAY, commentId: '99' }], startedAt: h.now() }));
    const kept = (await h.store.readKv('engagements'))!;
    expect(Object.keys(kept).sort()).toEqual(people.map(profileUrn).sort());
    expect(kept[profileUrn('ACoAAOne')]?.signals).toEqual([{ kind: 'commented', at: h.now() - 2 * DAY, topics: ['Retirement planning'] }]);
  });
});
