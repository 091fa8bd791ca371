import { describe, expect, it } from 'vitest';
import { linkedinDetector } from '../../../lib/capture/linkedin/detect';
import { topicsOf } from '../../../lib/capture/topics';
import type { DetectContext, DetectorEvent, Observation } from '../../../lib/capture/types';
import type { EngagementTopic } from '../../../lib/settings';
import { failed, ME_URN, profileUrn, STARTED_AT } from '../../builders/linkedin';
import {
  COMMENTED_AT,
  COMMENTER,
  meAnswer,
  OTHER_POST,
  OWN_POST,
  postComments,
  postPage,
  postReactions,
  REACTOR,
  RETIREMENT_POST_TEXT,
} from '../../builders/linkedin-engagement';

const TOPICS: EngagementTopic[] = [
  { label: 'Retirement planning', keywords: ['retirement planning', 'pension'] },
  { label: 'Taxes', keywords: ['tax'] },
];

const context = (extra: Partial<DetectContext> = {}): DetectContext => ({
  participantsOf: () => undefined,
  linkedinSelf: ME_URN,
  engagementTopics: TOPICS,
  ...extra,
});

const detect = (observation: Observation, ctx: DetectContext = context()) => linkedinDetector.detect(observation, ctx);
const ofType = <T extends DetectorEvent['type']>(events: DetectorEvent[], type: T) =>
  events.filter((event): event is Extract<DetectorEvent, { type: T }> => event.type === type);

describe('LinkedIn: who engaged with the rep’s posts (issue 15, point 4)', () => {
  it('watches the page’s reads of posts, comments, reactions and the member', () => {
    for (const observation of [meAnswer(), postPage(), postComments({ comments: [] }), postReactions({ reactors: [] })]) {
      expect(linkedinDetector.watches(observation.request.method, new URL(observation.request.url)), observation.request.url).toBe(true);
    }
  });

  it('learns the rep’s own profile from /voyager/api/me', () => {
    expect(detect(meAnswer(), context({ linkedinSelf: undefined }))).toEqual([{ type: 'self', profileId: ME_URN }]);
  });

  it('a comment on the rep’s post (the post page): the post with its topic, and the commenter with when', () => {
    const events = detect(postPage());
    expect(ofType(events, 'ownPost')).toEqual([
      {
        type: 'ownPost',
        postIds: [`urn:li:activity:${OWN_POST}`, `urn:li:share:${OWN_POST.slice(0, -3)}999`],
        topics: ['Retirement planning'],
      },
    ]);
    expect(ofType(events, 'engagement')).toEqual([
      {
        type: 'engagement',
        channel: 'linkedin',
        person: profileUrn(COMMENTER),
        kind: 'commented',
        at: COMMENTED_AT,
        topics: ['Retirement planning'],
      },
    ]);
    expect(ofType(events, 'record')).toEqual([]);
  });

  it('never carries the comment or the post text, nor the commenter’s name', () => {
    const json = JSON.stringify(detect(postPage({ comments: [{ profileId: COMMENTER, name: 'Dana Buyer', text: 'secret words here' }] })));
    expect(json).not.toContain('secret words');
    expect(json).not.toContain('Five questions');
    expect(json).not.toContain('Dana Buyer');
  });

  it('more comments of a post learned before: engagement with that post’s topics', () => {
    const events = detect(
      postComments({ comments: [{ profileId: COMMENTER, createdAt: COMMENTED_AT }] }),
      context({ ownPost: (id) => (id === `urn:li:activity:${OWN_POST}` ? { topics: ['Taxes'] } : undefined) }),
    );
    expect(ofType(events, 'engagement')).toEqual([
      { type: 'engagement', channel: 'linkedin', person: profileUrn(COMMENTER), kind: 'commented', at: COMMENTED_AT, topics: ['Taxes'] },
    ]);
  });

  it('reactions on the rep’s post: reacted, at the time the page listed them', () => {
    const events = detect(
      postReactions({ reactors: [{ profileId: REACTOR }] }),
      context({ ownPost: (id) => (id === `urn:li:activity:${OWN_POST}` ? { topics: [] } : undefined) }),
    );
    expect(ofType(events, 'engagement')).toEqual([
      { type: 'engagement', channel: 'linkedin', person: profileUrn(REACTOR), kind: 'reacted', at: STARTED_AT, topics: [] },
    ]);
  });

  describe('learns nothing', () => {
    it('from comments on someone else’s post', () => {
      const events = detect(postPage({ postId: OTHER_POST, author: 'ACoAAOtherAuthor000000000000000000000000oo' }));
      expect(events).toEqual([]);
    });

    it('from comments on a post not known to be the rep’s', () => {
      expect(detect(postComments({ comments: [{ profileId: COMMENTER }] }))).toEqual([]);
      expect(detect(postReactions({ reactors: [{ profileId: REACTOR }] }))).toEqual([]);
    });

    it('while the rep’s own profile is unknown', () => {
      expect(detect(postPage(), context({ linkedinSelf: undefined }))).toEqual([]);
    });

    it('from the rep’s own comment on their post', () => {
      const events = detect(postPage({ comments: [{ profileId: ME_URN.slice('urn:li:fsd_profile:'.length) }] }));
      expect(ofType(events, 'engagement')).toEqual([]);
    });

    it('from a failed read', () => {
      expect(detect(failed(postPage(), 403))).toEqual([]);
    });
  });

  it('a comment dated after the page read is taken as made by then', () => {
    const events = detect(postPage({ comments: [{ profileId: COMMENTER, createdAt: STARTED_AT + 60_000 }] }));
    expect(ofType(events, 'engagement')[0]?.at).toBe(STARTED_AT);
  });
});

describe('topicsOf: the rep’s topics in a post', () => {
  it('matches keywords as words or phrases, in any case and script', () => {
    expect(topicsOf(RETIREMENT_POST_TEXT, TOPICS)).toEqual(['Retirement planning']);
    expect(topicsOf('Your #pension and TAX questions', TOPICS)).toEqual(['Retirement planning', 'Taxes']);
    expect(topicsOf('Пенсионное планирование: вопросы', [{ label: 'Пенсия', keywords: ['пенсионное планирование'] }])).toEqual(['Пенсия']);
  });

  it('does not match inside other words, and nothing without topics', () => {
    expect(topicsOf('syntax and taxonomy', TOPICS)).toEqual([]);
    expect(topicsOf(RETIREMENT_POST_TEXT, [])).toEqual([]);
    expect(topicsOf(undefined, TOPICS)).toEqual([]);
  });
});

describe('VK: notifications.get, about the rep’s own posts by definition', () => {
  const vkContext: DetectContext = {
    participantsOf: () => undefined,
    engagementTopics: [{ label: 'Пенсия', keywords: ['пенсионное планирование'] }],
  };

  it('a comment, a like and a mention, with the post’s topic; other notifications ignored', async () => {
    const { COMMENTED_AT_S, COMMENTER_ID, LIKER_ID, MENTIONER_ID, notificationsGet } = await import('../../builders/vk');
    const { vkDetector } = await import('../../../lib/capture/vk/detect');
    const events = vkDetector.detect(notificationsGet(), vkContext);
    expect(events).toEqual([
      { type: 'engagement', channel: 'vk', person: `vk:${COMMENTER_ID}`, kind: 'commented', at: COMMENTED_AT_S * 1000, topics: ['Пенсия'] },
      {
        type: 'engagement',
        channel: 'vk',
        person: `vk:${LIKER_ID}`,
        kind: 'reacted',
        at: (COMMENTED_AT_S + 60) * 1000,
        topics: ['Пенсия'],
      },
      { type: 'engagement', channel: 'vk', person: `vk:${MENTIONER_ID}`, kind: 'mentioned', at: (COMMENTED_AT_S + 120) * 1000, topics: [] },
    ]);
    expect(JSON.stringify(events)).not.toContain('SECRET-COMMENT-TEXT');
  });

  it('an error answer teaches nothing', async () => {
    const { notificationsGet } = await import('../../builders/vk');
    const { vkDetector } = await import('../../../lib/capture/vk/detect');
    const refused = notificationsGet(undefined, { answer: { error: { error_code: 5, error_msg: 'User authorization failed' } } });
    expect(vkDetector.detect(refused, vkContext)).toEqual([]);
  });
});
