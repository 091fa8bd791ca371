import { z } from 'zod';
import { LIMITS, Recipient } from '../../activity';
import { defineKeys, type KeyedAccess } from '../../registry/merge';

/** How many LinkedIn conversations' participants to remember (the least recently learned go first). */
export const MAX_CONVERSATIONS = 2000;

/** Who is in each conversation, with when it was learned. */
export const ParticipantsMap = z.record(z.string(), z.object({ at: z.number(), participants: z.array(Recipient).max(LIMITS.recipients) }));
export type ParticipantsMap = z.infer<typeof ParticipantsMap>;

/** Stored: LinkedIn conversations' participants, learned from the page (names only when the settings allow). */
export const PARTICIPANTS_KEYS = defineKeys({ participants: ParticipantsMap });

/**
 * LinkedIn's send requests name the conversation, not the people in it; the lists and threads the
 * page loads do. This remembers the latter so that the LinkedIn detector can name a message's
 * recipients. What is kept of each person is decided by the caller (the privacy rule), not here.
 */
export class ParticipantsMemory {
  private map?: ParticipantsMap;

  constructor(
    private readonly kv: KeyedAccess<typeof PARTICIPANTS_KEYS>,
    private readonly clock: () => number,
  ) {}

  /** Reads the memory once; detectors then ask synchronously. */
  async load(): Promise<void> {
    this.map ??= (await this.kv.readKv('participants')) ?? {};
  }

  /** Participants learned for a conversation; call load() first. */
  participantsOf(conversationId: string): Recipient[] | undefined {
    return this.map?.[conversationId]?.participants;
  }

  /**
   * The most recently learned conversation whose URN ends in `,<threadId>)` (the dash URN
   * `urn:li:msg_conversation:(urn:li:fsd_profile:<me>,<threadId>)`), for the older endpoints that
   * name only the thread; call load() first.
   */
  participantsOfThread(threadId: string): { conversationId: string; participants: Recipient[] } | undefined {
    const suffix = `,${threadId})`;
    let found: { conversationId: string; participants: Recipient[]; at: number } | undefined;
    for (const [conversationId, entry] of Object.entries(this.map ?? {})) {
      if (conversationId.endsWith(suffix) && (!found || entry.at > found.at))
        found = { conversationId, participants: entry.participants, at: entry.at };
    }
    return found && { conversationId: found.conversationId, participants: found.participants };
  }

  async learn(conversationId: string, participants: Recipient[]): Promise<void> {
    await this.load();
    const map = { ...this.map! };
    map[conversationId] = { at: this.clock(), participants };
    const ids = Object.keys(map);
    if (ids.length > MAX_CONVERSATIONS) {
      ids.sort((a, b) => map[a]!.at - map[b]!.at);
      for (const id of ids.slice(0, ids.length - MAX_CONVERSATIONS)) delete map[id];
    }
    await this.kv.writeKv('participants', map);
    this.map = map;
  }

  /** Rewrites every remembered person (e.g. names dropped after the privacy setting changed). */
  async rewrite(keep: (participants: Recipient[]) => Recipient[]): Promise<void> {
    await this.load();
    const map: ParticipantsMap = {};
    for (const [id, entry] of Object.entries(this.map!)) map[id] = { at: entry.at, participants: keep(entry.participants) };
    await this.kv.writeKv('participants', map);
    this.map = map;
  }
}
