import type { CaptureSource } from '../capture-source';
import type { WatchRule } from '../watch-rules';

export const LINKEDIN_HOST = 'www.linkedin.com';
const hosts = [LINKEDIN_HOST];

/**
 * LinkedIn's watched requests, one named rule per request family; detect.ts hands each family to
 * its reader by this name, so a new family is one rule here and one handler there (the compiler
 * asks for the handler). Paths, `action=` names and GraphQL query *families* only: never query
 * hashes or decoration ids, which rotate between deploys.
 */
export const linkedinRuleByName = {
  // Sends: messages (and their recall), the older conversation create, Sales Navigator messages.
  messages: {
    hosts,
    path: /^\/voyager\/api\/voyagerMessagingDashMessengerMessages(\/|$)/,
    query: /(^|&)action=(createMessage|recall)(&|$)/,
    methods: ['POST'],
  },
  legacyConversation: { hosts, path: /^\/voyager\/api\/messaging\/conversations$/, query: /(^|&)action=create(&|$)/, methods: ['POST'] },
  // A reply through the older conversation events endpoint (public clients such as linkedin-api still send it).
  legacyConversationEvent: {
    hosts,
    path: /^\/voyager\/api\/messaging\/conversations\/[^/]+\/events$/,
    query: /(^|&)action=create(&|$)/,
    methods: ['POST'],
  },
  salesMessage: { hosts, path: /^\/sales-api\/salesApiMessageActions$/, query: /(^|&)action=createMessage(&|$)/, methods: ['POST'] },
  // Who is in a conversation: the lists and threads the messaging pages load.
  messengerGraphql: {
    hosts,
    path: /^\/voyager\/api\/voyagerMessagingGraphQL\/graphql$/,
    query: /(^|&)queryId=messenger(Conversations|Messages)/,
    methods: ['GET'],
  },
  conversations: { hosts, path: /^\/voyager\/api\/voyagerMessagingDashMessengerConversations(\/|$)/, methods: ['GET'] },
  // Connection requests: Voyager, the server-driven "Connect" button, Sales Navigator.
  invitation: {
    hosts,
    path: /^\/voyager\/api\/voyagerRelationshipsDashMemberRelationships$/,
    query: /(^|&)action=verifyQuotaAndCreate(V2)?(&|$)/,
    methods: ['POST'],
  },
  serverDrivenInvitation: {
    hosts,
    path: /^\/flagship-web\/rsc-action\/actions\/server-request$/,
    query: /(^|&)sduiid=[^&]*addconnection/i,
    methods: ['POST'],
  },
  salesInvitation: { hosts, path: /^\/sales-api\/salesApiConnection$/, query: /(^|&)action=connect(V2)?(&|$)/, methods: ['POST'] },
  // Social touches: reactions (query family, not its hash) and comments.
  reaction: { hosts, path: /^\/voyager\/api\/graphql$/, query: /(^|&)queryId=voyagerSocialDashReactions\./, methods: ['POST'] },
  // A reaction posted straight to the collection (`{"reactionType":…}`); GET on it lists reactions.
  reactionCollection: { hosts, path: /^\/voyager\/api\/voyagerSocialDashReactions$/, query: /(^|&)threadUrn=urn/, methods: ['POST'] },
  comment: { hosts, path: /^\/voyager\/api\/voyagerSocialDashNormComments$/, methods: ['POST'] },
  // Signals to act on (issue 15, point 4): what the page loads when the rep looks at a post of theirs
  // (the post, its comments, its reactions), and who the rep is. Reads only; see engagement.ts.
  engagementGraphql: {
    hosts,
    path: /^\/voyager\/api\/graphql$/,
    query: /(^|&)queryId=(voyagerSocialDashComments|voyagerSocialDashReactions|voyagerFeedDashUpdates|voyagerFeedDashProfileUpdates)\./,
    methods: ['GET'],
  },
  engagementRest: {
    hosts,
    path: /^\/voyager\/api\/(voyagerSocialDashComments|voyagerSocialDashReactions|voyagerFeedDashUpdates)$/,
    methods: ['GET'],
  },
  me: { hosts, path: /^\/voyager\/api\/me$/, methods: ['GET'] },
} as const satisfies Record<string, WatchRule>;

export type LinkedInRuleName = keyof typeof linkedinRuleByName;

export const linkedinRules: readonly WatchRule[] = Object.values(linkedinRuleByName);

/** The page side (what the tap bundles, the relay and the manifest read): rules only, no detector. */
export const page: CaptureSource = { rules: linkedinRules };
