import type { Observation } from '../../lib/capture/types';
import { linkedinObservation, ME, ME_URN, ORIGIN, profileUrn } from './linkedin';

/**
 * What the LinkedIn page loads when the rep looks at a post of theirs (issue 15, point 4: signals to
 * act on), shaped after public Voyager clients — not recorded from a live account:
 * - `GET /voyager/api/me`: `data["*miniProfile"]` and the included MiniProfile's `dashEntityUrn`
 *   (the profile the messaging requests name);
 * - `GET /voyager/api/graphql?queryId=voyagerFeedDashUpdates.<hash>`: normalised, the Update entity
 *   (`com.linkedin.voyager.dash.feed.Update`, `entityUrn` `urn:li:fsd_update:(urn:li:activity:<id>,…)`,
 *   `metadata.backendUrn`/`shareUrn`, the author in `actor` — its image attributes'
 *   `nonEntityProfilePicture["*profile"]` — and the text in `commentary.text.text`) with its first
 *   comments in `included`;
 * - `voyagerSocialDashComments.<hash>` (`data.data.socialDashCommentsBySocialDetail["*elements"]`;
 *   Comment: `entityUrn` `urn:li:fsd_comment:(<id>,urn:li:activity:<post>)`, `urn`,
 *   `commenter.commenterProfileId`/`title.text`/`navigationUrl`, `commentary.text`, `createdAt` — as
 *   staffspy's CommentFetcher.parse_comments reads them);
 * - `voyagerSocialDashReactions.<hash>` (`data.data.socialDashReactionsByReactionType`, paging.total;
 *   Reaction: `actorUrn`, `reactionType`, `entityUrn` `urn:li:fsd_reaction:(<profile>,<post>,0)`,
 *   `reactorLockup.title.text` — as public reaction scrapers read them).
 */

export const OWN_POST = '7254884361622208512';
export const OTHER_POST = '7254884361622200001';
export const COMMENTER = 'ACoAAC0mmenter00000000000000000000000000cc';
export const REACTOR = 'ACoAAReact0r000000000000000000000000000rr';
export const STRANGER = 'ACoAAStranger0000000000000000000000000sss';
/** Two days before the builders' usual STARTED_AT (a literal: linkedin.ts imports this file back). */
export const COMMENTED_AT = Date.UTC(2025, 2, 12, 9, 30, 0);
export const RETIREMENT_POST_TEXT = 'Five questions to ask before your Retirement Planning review. #finance';

const GRAPHQL = '/voyager/api/graphql';

export function meAnswer(exchange: { startedAt?: number } = {}): Observation {
  const mini = `urn:li:fs_miniProfile:${ME}`;
  return linkedinObservation(
    'GET',
    '/voyager/api/me',
    undefined,
    {
      data: { '*miniProfile': mini, plainId: 493105600, premiumSubscriber: false, $type: 'com.linkedin.voyager.common.Me' },
      included: [
        {
          $type: 'com.linkedin.voyager.identity.shared.MiniProfile',
          entityUrn: mini,
          dashEntityUrn: ME_URN,
          firstName: 'Rita',
          lastName: 'Rep',
          publicIdentifier: 'rita-rep',
        },
      ],
    },
    { pageUrl: `${ORIGIN}/feed/`, ...exchange },
  );
}

export interface CommentSpec {
  profileId: string;
  name?: string;
  createdAt?: number;
  commentId?: string;
  text?: string;
}

export function commentEntity(postId: string, spec: CommentSpec) {
  const id = spec.commentId ?? `71${spec.profileId.length}${(spec.createdAt ?? COMMENTED_AT) % 1_000_000}`;
  return {
    $type: 'com.linkedin.voyager.dash.social.Comment',
    entityUrn: `urn:li:fsd_comment:(${id},urn:li:activity:${postId})`,
    urn: `urn:li:comment:(activity:${postId},${id})`,
    createdAt: spec.createdAt ?? COMMENTED_AT,
    commentary: { text: spec.text ?? 'Could you share the checklist?', $type: 'com.linkedin.voyager.dash.common.text.TextViewModel' },
    commenter: {
      commenterProfileId: spec.profileId,
      author: false,
      title: { text: spec.name ?? 'Dana Buyer' },
      navigationUrl: `https://www.linkedin.com/in/${spec.profileId.toLowerCase()}`,
    },
    '*socialDetail': `urn:li:fsd_socialDetail:(urn:li:comment:(activity:${postId},${id}),urn:li:comment:(activity:${postId},${id}),urn:li:highlightedReply:-)`,
  };
}

export function updateEntity(postId: string, author: string, text: string) {
  return {
    $type: 'com.linkedin.voyager.dash.feed.Update',
    entityUrn: `urn:li:fsd_update:(urn:li:activity:${postId},FEED_DETAIL,EMPTY,DEFAULT,false)`,
    metadata: { backendUrn: `urn:li:activity:${postId}`, shareUrn: `urn:li:share:${postId.slice(0, -3)}999` },
    actor: {
      name: { text: 'Rita Rep' },
      backendUrn: 'urn:li:member:493105600',
      image: { attributes: [{ detailData: { nonEntityProfilePicture: { '*profile': profileUrn(author) } } }] },
    },
    commentary: { text: { text } },
    '*socialDetail': `urn:li:fsd_socialDetail:(urn:li:activity:${postId},urn:li:activity:${postId},urn:li:highlightedReply:-)`,
  };
}

/** The post page: the Update and its first comments in one normalised answer. */
export function postPage(
  options: { postId?: string; author?: string; text?: string; comments?: CommentSpec[]; startedAt?: number } = {},
): Observation {
  const postId = options.postId ?? OWN_POST;
  const comments = (options.comments ?? [{ profileId: COMMENTER }]).map((spec) => commentEntity(postId, spec));
  const update = updateEntity(postId, options.author ?? ME, options.text ?? RETIREMENT_POST_TEXT);
  const variables = `(updateUrn:urn%3Ali%3Afsd_update%3A%28urn%3Ali%3Aactivity%3A${postId}%2CFEED_DETAIL%2CEMPTY%2CDEFAULT%2Cfalse%29)`;
  return linkedinObservation(
    'GET',
    `${GRAPHQL}?variables=${variables}&queryId=voyagerFeedDashUpdates.7a2bf3e8b4d1c5f6a9e0d1c2b3a4f5e6`,
    undefined,
    { data: { data: { feedDashUpdatesByUpdateUrn: { '*elements': [update.entityUrn] } } }, included: [update, ...comments] },
    { pageUrl: `${ORIGIN}/feed/update/urn:li:activity:${postId}/`, ...(options.startedAt ? { startedAt: options.startedAt } : {}) },
  );
}

/** More comments of a post (the "load more comments" answer): comments only. */
export function postComments(options: { postId?: string; comments: CommentSpec[]; startedAt?: number }): Observation {
  const postId = options.postId ?? OWN_POST;
  const comments = options.comments.map((spec) => commentEntity(postId, spec));
  const social = `urn%3Ali%3Afsd_socialDetail%3A%28urn%3Ali%3Aactivity%3A${postId}%2Curn%3Ali%3Aactivity%3A${postId}%2Curn%3Ali%3AhighlightedReply%3A-%29`;
  return linkedinObservation(
    'GET',
    `${GRAPHQL}?variables=(count:10,numReplies:1,socialDetailUrn:${social},sortOrder:RELEVANCE,start:0)&queryId=voyagerSocialDashComments.95ed44bc87596acce7c460c70934d0ff`,
    undefined,
    {
      data: {
        data: {
          socialDashCommentsBySocialDetail: {
            '*elements': comments.map((c) => c.entityUrn),
            paging: { start: 0, count: 10, total: comments.length },
          },
        },
      },
      included: comments,
    },
    { pageUrl: `${ORIGIN}/feed/update/urn:li:activity:${postId}/`, ...(options.startedAt ? { startedAt: options.startedAt } : {}) },
  );
}

/** Who reacted to a post (the reactions dialog). */
export function postReactions(options: {
  postId?: string;
  reactors: { profileId: string; name?: string; reactionType?: string }[];
  startedAt?: number;
}): Observation {
  const postId = options.postId ?? OWN_POST;
  const thread = `urn:li:activity:${postId}`;
  const reactions = options.reactors.map((r) => ({
    $type: 'com.linkedin.voyager.dash.social.Reaction',
    entityUrn: `urn:li:fsd_reaction:(${profileUrn(r.profileId)},${thread},0)`,
    actorUrn: profileUrn(r.profileId),
    reactionType: r.reactionType ?? 'LIKE',
    reactorLockup: { title: { text: r.name ?? 'Sam Reactor' }, navigationUrl: `https://www.linkedin.com/in/${r.profileId.toLowerCase()}` },
  }));
  return linkedinObservation(
    'GET',
    `${GRAPHQL}?includeWebMetadata=true&variables=(count:10,start:0,threadUrn:urn%3Ali%3Aactivity%3A${postId})&queryId=voyagerSocialDashReactions.cab051ffdf47c41130cdd414e0097402`,
    undefined,
    {
      data: {
        data: {
          socialDashReactionsByReactionType: {
            '*elements': reactions.map((r) => r.entityUrn),
            paging: { start: 0, count: 10, total: reactions.length },
          },
        },
      },
      included: reactions,
    },
    { pageUrl: `${ORIGIN}/feed/update/urn:li:activity:${postId}/`, ...(options.startedAt ? { startedAt: options.startedAt } : {}) },
  );
}
