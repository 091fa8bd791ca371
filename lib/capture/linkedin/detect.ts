import { defineDetector } from '../define-detector';
import { isSuccessStatus } from '../parse';
import type { DetectContext, DetectorEvent, Observation } from '../types';
import { matchesRule } from '../watch-rules';
import { learnEngagement, learnSelf } from './engagement';
import { detectInvitation, detectServerDrivenInvitation } from './invitations';
import { detectLegacyConversationEvent, detectLegacyMessage, detectMessage, detectRecall } from './messages';
import { learnParticipants } from './participants';
import { onlyValid } from './record';
import { queryFamily } from './restli';
import { LINKEDIN_HOST, type LinkedInRuleName, linkedinRuleByName, linkedinRules } from './rules';
import { detectSalesInvitation, detectSalesMessage } from './sales-navigator';
import { detectComment, detectReaction, detectReactionCollection } from './social';

/**
 * LinkedIn and Sales Navigator: messages, InMail, connection requests, reactions and comments, counted
 * from the requests the page sends (see ../shared/docs/capture-protocols.md, LinkedIn section).
 * The rule that admitted a request (rules.ts) picks its reader here; each reader lives with its
 * concern (messages, participants, invitations, sales-navigator, social), the URN grammar in urn.ts.
 * Nothing here keeps message, note or comment text: only ids, names and (InMail) subjects.
 */

type Reader = (observation: Observation, url: URL, context: DetectContext) => DetectorEvent[];

/** The `action` a Rest.li request names (the first one, as URLSearchParams reads it). */
const actionOf = (url: URL) => url.searchParams.get('action');

/** One reader per rule; a rule without one is a compile error. */
const READERS: { [Name in LinkedInRuleName]: Reader } = {
  messages: (observation, url, context) => {
    const action = actionOf(url);
    if (action === 'createMessage') return detectMessage(observation, context);
    return action === 'recall' ? detectRecall(observation, url) : [];
  },
  legacyConversation: (observation, url) => (actionOf(url) === 'create' ? detectLegacyMessage(observation) : []),
  // Only `create` is a reply (markAsRead and typing go to the same path).
  legacyConversationEvent: (observation, url, context) =>
    actionOf(url) === 'create' ? detectLegacyConversationEvent(observation, url, context) : [],
  salesMessage: (observation, url) => (actionOf(url) === 'createMessage' ? detectSalesMessage(observation) : []),
  messengerGraphql: (observation, url) =>
    /^messenger(Conversations|Messages)/.test(queryFamily(url) ?? '') ? learnParticipants(observation.response.body) : [],
  conversations: (observation) => learnParticipants(observation.response.body),
  invitation: (observation, url) => {
    const action = actionOf(url);
    return action === 'verifyQuotaAndCreateV2' || action === 'verifyQuotaAndCreate' ? detectInvitation(observation) : [];
  },
  serverDrivenInvitation: (observation, url) =>
    /addconnection/i.test(url.searchParams.get('sduiid') ?? '') ? detectServerDrivenInvitation(observation) : [],
  salesInvitation: (observation, url) => {
    const action = actionOf(url);
    return action === 'connectV2' || action === 'connect' ? detectSalesInvitation(observation) : [];
  },
  reaction: (observation, url) => (actionOf(url) === 'execute' ? detectReaction(observation, url) : []),
  reactionCollection: (observation, url) => detectReactionCollection(observation, url),
  comment: (observation) => detectComment(observation),
  engagementGraphql: (observation, _url, context) => learnEngagement(observation, context),
  engagementRest: (observation, _url, context) => learnEngagement(observation, context),
  me: (observation) => learnSelf(observation),
};

const RULE_NAMES = Object.keys(linkedinRuleByName) as LinkedInRuleName[];

/** Every event the readers produce, before the contract check (tests hold these valid as they are). */
export function detectLinkedIn(observation: Observation, context: DetectContext): DetectorEvent[] {
  const url = URL.parse(observation.request.url, observation.pageUrl);
  if (!url || url.hostname !== LINKEDIN_HOST) return [];
  // Only an accepted request is an activity (400 CANT_RESEND_YET, 429 and the like are not).
  if (!isSuccessStatus(observation.response.status)) return [];
  const query = url.search.slice(1);
  const rule = RULE_NAMES.find((name) =>
    matchesRule(linkedinRuleByName[name], observation.request.method, url.hostname, url.pathname, query),
  );
  return rule ? READERS[rule](observation, url, context) : [];
}

export const linkedinDetector = defineDetector('linkedin', linkedinRules, (observation, context) =>
  onlyValid(detectLinkedIn(observation, context)),
);
