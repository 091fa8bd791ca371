import { z } from 'zod';
import { ActivityKind, CallOutcome } from '../activity';
import { defineKeys } from '../registry/merge';

/**
 * What the team board keeps between reads (issue 26): the records a read fetched, the spans of time
 * they cover with when each was read, and a read under way (its step, cursor and what it read so
 * far) so that a worker the browser stopped goes on where it stopped. In this database only, like
 * the connection; removed on "Disconnect". Parsed on every read back (kv).
 */

/**
 * The most records kept: 200 reps' quarter (33 a working day) is about 435,000; kept spans beyond
 * this go, the ones read longest ago first (lib/background/team-board-cache.ts).
 */
export const MAX_KEPT_RECORDS = 450_000;
/** The most spans kept (each a period's read, or part of one). */
export const MAX_KEPT_SPANS = 48;
/**
 * Checkpoints of one read: a read under way is saved every CHECKPOINT_PAGES pages
 * (lib/background/team-board-read.ts), at most this many times (5,000 pages, the board's cap).
 */
export const READ_CHUNKS = 100;

const Time = z.number().int().nonnegative();

export const KeptRecord = z.object({
  id: z.string(),
  ownerId: z.string(),
  kind: ActivityKind,
  occurredAt: z.number().int(),
  outcome: CallOutcome.optional(),
  amount: z.number().finite().optional(),
  currency: z.string().optional(),
  // As the CRM gave them: the bound is the number of records, not their text.
  people: z
    .array(
      z.object({
        email: z.string().optional(),
        phone: z.string().optional(),
        linkedin: z.string().optional(),
        vkId: z.string().optional(),
        name: z.string().optional(),
      }),
    )
    .optional(),
  trackingStart: z.number().int().optional(),
});

export const KeptUser = z.object({ id: z.string(), name: z.string(), email: z.string().optional() });

/**
 * Records dated in [from, to) were read at `readAt` (a refresh asks for changes since then) and read
 * whole at `fullAt` (what a refresh cannot see, deletions, dates from then on).
 */
export const KeptSpan = z.object({ from: z.number().int(), to: z.number().int(), readAt: Time, fullAt: Time });
export type KeptSpan = z.infer<typeof KeptSpan>;

export const TeamBoardKept = z.object({
  /** Whose records: `<crm>:<account>` (another connection starts afresh). */
  owner: z.string().max(400),
  spans: z.array(KeptSpan).max(MAX_KEPT_SPANS),
  /** The CRM's users at the last read (a rep-picker change is answered without asking). */
  users: z.array(KeptUser).max(10_000),
  records: z.array(KeptRecord).max(MAX_KEPT_RECORDS),
});
export type TeamBoardKept = z.infer<typeof TeamBoardKept>;

/** One query of a read: records dated in [from, to), only those changed since `modifiedSince` when set. */
export const ReadStep = z.object({ from: z.number().int(), to: z.number().int(), modifiedSince: Time.optional() });
export type ReadStep = z.infer<typeof ReadStep>;

/** A read under way, saved every few pages: a fresh worker resumes it at `step` and `cursor`. */
export const TeamBoardReading = z.object({
  owner: z.string().max(400),
  /** The period's interval this read is for ([from, to)). */
  range: z.object({ from: z.number().int(), to: z.number().int() }),
  steps: z
    .array(ReadStep)
    .min(1)
    .max(MAX_KEPT_SPANS + 1),
  step: z.number().int().nonnegative(),
  cursor: z.string().max(4000).optional(),
  /** The current step's cursors so far: a repeated one is a loop. */
  seenCursors: z.array(z.string().max(4000)).max(10_000),
  users: z.array(KeptUser).max(10_000).optional(),
  /** Records read so far are saved in this many chunks (`teamBoardReadChunk:<n>`), one a checkpoint. */
  chunks: z.number().int().nonnegative().max(READ_CHUNKS),
  /** Pages and records read so far (to the last checkpoint, once resumed). */
  pages: z.number().int().nonnegative(),
  records: z.number().int().nonnegative(),
  /** When the read began: what the next refresh asks changes since. */
  startedAt: Time,
  /** How many times a stopped worker's read was taken up again. */
  resumed: z.number().int().nonnegative(),
});
export type TeamBoardReading = z.infer<typeof TeamBoardReading>;

/** 0 … READ_CHUNKS - 1, as a type: each chunk's key is declared (kv keys are a closed list). */
type Below<N extends number, Acc extends number[] = []> = Acc['length'] extends N ? Acc[number] : Below<N, [...Acc, Acc['length']]>;
type ReadChunkKey = `teamBoardReadChunk:${Below<typeof READ_CHUNKS>}`;
/** A read under way's records, a checkpoint's worth each: a checkpoint writes only its own. */
export const readChunkKey = (n: number) => `teamBoardReadChunk:${n}` as ReadChunkKey;
const ReadChunk = z.array(KeptRecord).max(MAX_KEPT_RECORDS);

export const TEAM_BOARD_KEPT_KEYS = defineKeys({
  teamBoardKept: TeamBoardKept,
  teamBoardReading: TeamBoardReading,
  ...(Object.fromEntries(Array.from({ length: READ_CHUNKS }, (_, n) => [readChunkKey(n), ReadChunk])) as Record<
    ReadChunkKey,
    typeof ReadChunk
  >),
});
