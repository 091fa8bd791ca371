import { asObject, findObject, parseJson, text } from '../parse';
import type { DetectorEvent, Observation } from '../types';
import { DEFAULT_ACCOUNT, linkedinKeys, record } from './record';
import { hasGraphqlErrors, queryFamily } from './restli';
import { commentUrn } from './urn';

/** Social touches: reactions (GraphQL `voyagerSocialDashReactions`) and comments (`voyagerSocialDashNormComments`). */

/** `graphql?action=execute&queryId=voyagerSocialDashReactions.<hash>`: react (has reactionType) or un-react. */
export function detectReaction(observation: Observation, url: URL): DetectorEvent[] {
  const body = asObject(parseJson(observation.request.body));
  if (!body) return [];
  const family = queryFamily(url) ?? text(body.queryId)?.split('.')[0];
  if (family !== 'voyagerSocialDashReactions') return [];
  if (hasGraphqlErrors(parseJson(observation.response.body))) return [];
  const variables = asObject(body.variables);
  const entity = asObject(variables?.entity);
  const threadUrn = text(variables?.threadUrn) ?? text(entity?.threadUrn);
  if (!threadUrn) return [];
  const reactionType = text(entity?.reactionType) ?? text(variables?.reactionType);
  if (!reactionType) return [{ type: 'retract', dedupeKey: linkedinKeys.reaction(threadUrn) }];
  return [
    record({
      kind: 'social_touch',
      channel: 'linkedin',
      occurredAt: observation.startedAt,
      account: DEFAULT_ACCOUNT,
      // The post's author is not in the request or the response.
      recipients: [],
      subtype: 'reaction',
      dedupeKey: linkedinKeys.reaction(threadUrn),
      source: 'voyager-reaction',
      ids: { threadUrn, reactionType },
    }),
  ];
}

/**
 * `POST voyagerSocialDashReactions?threadUrn=<urn>` with `{"reactionType": …}` (201, empty answer):
 * the reaction posted straight to the collection, as public automation clients do. Recorded like the
 * GraphQL reaction, with its key, so an un-react through GraphQL retracts it and the same reaction
 * seen through both forms records once.
 */
export function detectReactionCollection(observation: Observation, url: URL): DetectorEvent[] {
  const threadUrn = url.searchParams.get('threadUrn');
  const reactionType = text(asObject(parseJson(observation.request.body))?.reactionType);
  if (!threadUrn?.startsWith('urn:li:') || !reactionType) return [];
  return [
    record({
      kind: 'social_touch',
      channel: 'linkedin',
      occurredAt: observation.startedAt,
      account: DEFAULT_ACCOUNT,
      recipients: [],
      subtype: 'reaction',
      dedupeKey: linkedinKeys.reaction(threadUrn),
      source: 'voyager-reaction-collection',
      ids: { threadUrn, reactionType },
    }),
  ];
}

/** `voyagerSocialDashNormComments` (create): the comment URN from the response dedupes it. */
export function detectComment(observation: Observation): DetectorEvent[] {
  const body = asObject(parseJson(observation.request.body));
  const threadUrn = text(body?.threadUrn);
  if (!body || !threadUrn) return [];
  const created = commentUrnIn(parseJson(observation.response.body));
  return [
    record({
      kind: 'social_touch',
      channel: 'linkedin',
      occurredAt: observation.startedAt,
      account: DEFAULT_ACCOUNT,
      recipients: [],
      subtype: 'comment',
      dedupeKey: created ? linkedinKeys.comment(created) : `linkedin:comment:${threadUrn}:${observation.startedAt}`,
      source: 'voyager-comment',
      ids: { threadUrn, commentUrn: created },
    }),
  ];
}

function commentUrnIn(response: unknown): string | undefined {
  const root = asObject(response);
  const data = asObject(root?.data);
  const direct =
    commentUrn(root?.entityUrn) ??
    commentUrn(data?.entityUrn) ??
    commentUrn(asObject(root?.value)?.entityUrn) ??
    commentUrn(asObject(data?.value)?.entityUrn) ??
    commentUrn(data?.['*value']);
  if (direct) return direct;
  const found = findObject(response, (node) => commentUrn(node.entityUrn) !== undefined);
  return found ? commentUrn(found.entityUrn) : undefined;
}
