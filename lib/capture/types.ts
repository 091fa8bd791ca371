import { z } from 'zod';
import { Activity, Channel, LIMITS, Recipient, SignalKind, TopicLabel } from '../activity';
import type { EngagementTopic } from '../settings';
import type { SourceId } from './sources';

/**
 * What the page tap saw: one request the page made and the answer it got.
 * It crosses from the page's world, so every consumer parses it with this schema.
 */
export const Observation = z.object({
  pageUrl: z.string().max(4000),
  request: z.object({
    method: z.string().max(16),
    url: z.string().max(8000),
    /** Lower-cased header names. */
    headers: z.record(z.string(), z.string().max(100_000)),
    /** Text of the body; FormData and URLSearchParams arrive URL-encoded. Null when there was none or it was binary. */
    body: z.string().max(20_000_000).nullable(),
  }),
  response: z.object({
    status: z.number().int().min(0).max(999),
    /** Null when the tap did not need to read it. */
    body: z.string().max(20_000_000).nullable(),
  }),
  /** Epoch ms when the page started the request. */
  startedAt: z.number().int().nonnegative(),
});
export type Observation = z.infer<typeof Observation>;

/** An activity as a detector sees it; the background adds id, status and timestamps. */
export const Capture = Activity.pick({
  kind: true,
  channel: true,
  occurredAt: true,
  account: true,
  recipients: true,
  subject: true,
  subtype: true,
  dedupeKey: true,
  detection: true,
  // Calls and meetings (issue 11): how a call ended and its talk time; when a meeting was booked.
  outcome: true,
  durationSec: true,
  bookedAt: true,
}).extend({
  /**
   * Undo send (Gmail, Mail.ru, Yandex, Proton): recorded as pending and counted once the provider's
   * undo period has passed (see holdSeconds, and undoHoldSeconds in lib/background/ingest.ts).
   * Scheduled sends: pending until `occurredAt` (when due).
   */
  hold: z.enum(['undo-window', 'until-due']).optional(),
  /**
   * The undo window of this very send when the request names it (Proton's `DelaySeconds`): used
   * for an 'undo-window' hold instead of the provider's usual window.
   */
  holdSeconds: z.number().int().min(1).max(600).optional(),
});
export type Capture = z.infer<typeof Capture>;

/** What a detector concludes from one observation. */
export const DetectorEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('record'), capture: Capture }),
  /** Undo of an earlier capture: an undone/cancelled send, a recalled message, a removed reaction. */
  z.object({
    type: z.literal('retract'),
    dedupeKey: z.string().min(1).max(600),
    /** Only retract while still pending (e.g. a draft save of an id whose send already went out does not undo it). */
    onlyIfPending: z.boolean().optional(),
  }),
  /** LinkedIn: who is in a conversation, learned from the lists and threads the page loads. */
  z.object({
    type: z.literal('participants'),
    conversationId: z.string().min(1).max(600),
    participants: z.array(Recipient).max(500),
  }),
  /**
   * Signals to act on (issue 15, point 4): a person engaged with the rep's own post (commented,
   * reacted), learned from what the page loaded. Only who, how, when and the post's topic labels:
   * never the comment or the post.
   */
  z.object({
    type: z.literal('engagement'),
    channel: Channel,
    person: z.string().min(1).max(LIMITS.profileId),
    kind: SignalKind,
    at: z.number().int().nonnegative(),
    topics: z.array(TopicLabel).max(20),
  }),
  /** LinkedIn: a post of the rep's own (its URNs) with the topic labels its text matched. */
  z.object({
    type: z.literal('ownPost'),
    postIds: z.array(z.string().min(1).max(200)).min(1).max(5),
    topics: z.array(TopicLabel).max(20),
  }),
  /** LinkedIn: the signed-in member's own profile URN, as the page's `me` answer names it. */
  z.object({ type: z.literal('self'), profileId: z.string().regex(/^urn:li:fsd_profile:[\w-]+$/) }),
]);
export type DetectorEvent = z.infer<typeof DetectorEvent>;

/** What a detector may ask the background about. */
export interface DetectContext {
  /** Participants learned for a conversation (LinkedIn), other than the user. */
  participantsOf(conversationId: string): Recipient[] | undefined;
  /** The rep's colleagues' domains (settings): a meeting only with them is not outreach. */
  internalDomains?: readonly string[];
  /**
   * LinkedIn's older endpoints name a conversation by its bare thread id (`2-<base64>`): the known
   * conversation whose URN ends in that thread, and its participants. Optional: without it such a
   * reply is recorded with no recipients.
   */
  participantsOfThread?(threadId: string): { conversationId: string; participants: Recipient[] } | undefined;
  /** The rep's topics (settings): a post's text is matched here and only the labels leave the detector. */
  engagementTopics?: readonly EngagementTopic[];
  /** LinkedIn: the rep's own profile URN, once known. */
  linkedinSelf?: string;
  /** LinkedIn: a post the rep wrote, learned earlier, with its topic labels. */
  ownPost?(postId: string): { topics: string[] } | undefined;
}

/** One capture source: a pure function from an observation to events. */
export interface Detector {
  /** A source registered in sources.ts. */
  id: SourceId;
  /** Whether the tap should report this request (cheap: runs on every request in the page). */
  watches(method: string, url: URL): boolean;
  detect(observation: Observation, context: DetectContext): DetectorEvent[];
}
