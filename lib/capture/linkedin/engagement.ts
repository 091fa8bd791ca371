import type { SignalKind } from '../../activity';
import { asObject, parseJson, text, walkObjects } from '../parse';
import { topicsOf } from '../topics';
import type { DetectContext, DetectorEvent, Observation } from '../types';
import { textOf } from './restli';
import { PROFILE_PREFIX, toProfileUrn } from './urn';

/**
 * Signals to act on (issue 15, point 4): who engaged with the rep's own posts, learned from what the
 * page loads when the rep looks at them — never from a request of ours. Three kinds of answer:
 * - the signed-in member (`GET /voyager/api/me`): `data["*miniProfile"]` → `urn:li:fs_miniProfile:<id>`,
 *   with `dashEntityUrn` `urn:li:fsd_profile:<id>` on the included MiniProfile;
 * - a post (`graphql?queryId=voyagerFeedDashUpdates.…`, `voyagerFeedDashProfileUpdates.…`): Update
 *   entities (`$type` …feed.Update, `entityUrn` `urn:li:fsd_update:(urn:li:activity:<id>,…)`) whose
 *   `actor` names the rep's profile are the rep's posts; `commentary.text.text` is matched against the
 *   rep's topics here and dropped;
 * - its comments (`voyagerSocialDashComments.…`, `data.socialDashCommentsBySocialDetail`): Comment
 *   entities (`entityUrn` `urn:li:fsd_comment:(<id>,urn:li:activity:<post>)`, `commenter.commenterProfileId`,
 *   `createdAt`), and its reactions (`voyagerSocialDashReactions.…`,
 *   `data.socialDashReactionsByReactionType`): Reaction entities (`actorUrn`, `entityUrn`
 *   `urn:li:fsd_reaction:(urn:li:fsd_profile:<who>,urn:li:activity:<post>,<n>)`, no time).
 * The post page loads the Update and its first comments in one answer; so each answer is read for
 * all three. A comment or reaction counts only on a post known to be the rep's (in the same answer,
 * or learned before); the rep's own comments are not engagement. Shapes from public Voyager clients
 * (staffspy's CommentFetcher, open reaction scrapers; see tests/builders/linkedin.ts); unverified
 * against a live account.
 */

/** `urn:li:activity:<id>`, `urn:li:ugcPost:<id>`, `urn:li:share:<id>`, also the bare `activity:<id>` inside comment URNs. */
const POST_ID = /(?:urn:li:)?(activity|ugcPost|share):(\d{5,25})/g;

function postIdsIn(...values: unknown[]): string[] {
  const ids = new Set<string>();
  for (const value of values) {
    const found = text(value);
    if (!found) continue;
    for (const match of found.matchAll(POST_ID)) ids.add(`urn:li:${match[1]}:${match[2]}`);
  }
  return [...ids].slice(0, 5);
}

const typeOf = (node: Record<string, unknown>) => text(node.$type) ?? '';
const urnOf = (node: Record<string, unknown>) => text(node.entityUrn) ?? '';

const isUpdate = (node: Record<string, unknown>) => /\.feed\.Update$/.test(typeOf(node)) || urnOf(node).startsWith('urn:li:fsd_update:');
const isComment = (node: Record<string, unknown>) =>
  /\.social\.Comment$/.test(typeOf(node)) || urnOf(node).startsWith('urn:li:fsd_comment:');
const isReaction = (node: Record<string, unknown>) =>
  /\.social\.Reaction$/.test(typeOf(node)) || urnOf(node).startsWith('urn:li:fsd_reaction:');

/** Every fsd_profile URN anywhere under a node (an actor's `*profile`, `profileUrn`, image attributes). */
function profilesUnder(node: unknown): Set<string> {
  const found = new Set<string>();
  walkObjects(node, (object) => {
    for (const value of Object.values(object)) {
      const urn = text(value);
      if (urn?.startsWith(PROFILE_PREFIX)) found.add(urn);
    }
  });
  return found;
}

/** `/voyager/api/me`: the signed-in member, as the profile URN the messaging requests use. */
export function learnSelf(observation: Observation): DetectorEvent[] {
  const root = asObject(parseJson(observation.response.body));
  if (!root) return [];
  let profileId: string | undefined;
  walkObjects(root, (node) => {
    profileId ??= text(node.dashEntityUrn)?.startsWith(PROFILE_PREFIX) ? text(node.dashEntityUrn) : undefined;
  });
  const mini = text(asObject(root.data)?.['*miniProfile']) ?? text(asObject(root.miniProfile)?.entityUrn);
  profileId ??= toProfileUrn(mini);
  return profileId && /^urn:li:fsd_profile:[\w-]+$/.test(profileId) ? [{ type: 'self', profileId }] : [];
}

/** Posts, comments and reactions in one answer: the rep's posts, and who engaged with them. */
export function learnEngagement(observation: Observation, context: DetectContext): DetectorEvent[] {
  const root = parseJson(observation.response.body);
  if (root === undefined) return [];
  const self = context.linkedinSelf;
  const updates: Record<string, unknown>[] = [];
  const comments: Record<string, unknown>[] = [];
  const reactions: Record<string, unknown>[] = [];
  walkObjects(root, (node) => {
    if (isUpdate(node)) updates.push(node);
    else if (isComment(node)) comments.push(node);
    else if (isReaction(node)) reactions.push(node);
  });

  const events: DetectorEvent[] = [];
  const ownHere = new Map<string, string[]>();
  // Without the rep's own profile no post can be told to be theirs.
  if (self) {
    for (const update of updates) {
      if (!profilesUnder(update.actor).has(self)) continue;
      const metadata = asObject(update.metadata);
      const postIds = postIdsIn(update.entityUrn, metadata?.backendUrn, metadata?.shareUrn, update.preDashEntityUrn);
      if (postIds.length === 0) continue;
      // The post's text is read here, matched, and dropped: only the labels go on.
      const commentary = asObject(update.commentary);
      const topics = topicsOf(textOf(commentary?.text) ?? textOf(commentary), context.engagementTopics);
      for (const id of postIds) ownHere.set(id, topics);
      events.push({ type: 'ownPost', postIds, topics });
    }
  }
  const topicsOfOwnPost = (postIds: string[]): string[] | undefined => {
    for (const id of postIds) {
      const topics = ownHere.get(id) ?? context.ownPost?.(id)?.topics;
      if (topics) return topics;
    }
    return undefined;
  };
  const engaged = (person: string | undefined, kind: SignalKind, at: number, postIds: string[]) => {
    if (!person || person === self) return;
    const topics = topicsOfOwnPost(postIds);
    if (topics) events.push({ type: 'engagement', channel: 'linkedin', person, kind, at, topics });
  };

  const requestedPosts = postIdsIn(safeDecodeUrl(observation.request.url));
  for (const comment of comments) {
    const commenter = asObject(comment.commenter);
    const person = toProfileUrn(text(commenter?.commenterProfileId)) ?? [...profilesUnder(commenter)][0];
    const createdAt = typeof comment.createdAt === 'number' && Number.isSafeInteger(comment.createdAt) ? comment.createdAt : undefined;
    const postIds = postIdsIn(comment.entityUrn, comment.urn, comment.threadUrn);
    engaged(
      person,
      'commented',
      Math.min(createdAt ?? observation.startedAt, observation.startedAt),
      postIds.length ? postIds : requestedPosts,
    );
  }
  for (const reaction of reactions) {
    const actor = text(reaction.actorUrn);
    const fromUrn = /^urn:li:fsd_reaction:\((urn:li:fsd_profile:[\w-]+),/.exec(urnOf(reaction))?.[1];
    const person = actor?.startsWith(PROFILE_PREFIX) ? actor : fromUrn;
    // A reaction carries no time: the person had reacted by the time the page listed it.
    const postIds = postIdsIn(urnOf(reaction));
    engaged(person, 'reacted', observation.startedAt, postIds.length ? postIds : requestedPosts);
  }
  return events;
}

/** The request URL with its escapes undone (GraphQL variables carry URNs percent-encoded). */
function safeDecodeUrl(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}
