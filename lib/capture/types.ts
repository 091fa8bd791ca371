import { z } from 'zod';
import { ActivityKind, CallOutcome, Channel, Detection, DurationSec, Recipient } from '../activity';

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
export const Capture = z.object({
  kind: ActivityKind,
  channel: Channel,
  occurredAt: z.number().int().nonnegative(),
  account: z.string().min(1).max(300),
  recipients: z.array(Recipient).max(500),
  subject: z.string().max(1000).optional(),
  subtype: z.string().max(50).optional(),
  dedupeKey: z.string().min(1).max(600),
  detection: Detection,
  /**
   * Gmail's undo send: recorded as pending and counted once the user's undo period has passed.
   * Scheduled sends: pending until `occurredAt` (when due).
   */
  hold: z.enum(['undo-window', 'until-due']).optional(),
  /** Calls (issue 11): how the call ended and its talk time, as the phone system reports them. */
  outcome: CallOutcome.optional(),
  durationSec: DurationSec.optional(),
  /** Meetings (issue 11): when the meeting was booked; `occurredAt` is when it takes place. */
  bookedAt: z.number().int().nonnegative().optional(),
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
]);
export type DetectorEvent = z.infer<typeof DetectorEvent>;

/** What a detector may ask the background about. */
export interface DetectContext {
  /** Participants learned for a conversation (LinkedIn), other than the user. */
  participantsOf(conversationId: string): Recipient[] | undefined;
}

/** One capture source: a pure function from an observation to events. */
export interface Detector {
  id: 'gmail' | 'outlook' | 'yahoo' | 'linkedin';
  /** Whether the tap should report this request (cheap: runs on every request in the page). */
  watches(method: string, url: URL): boolean;
  detect(observation: Observation, context: DetectContext): DetectorEvent[];
}
