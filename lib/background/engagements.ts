import { z } from 'zod';
import { type EngagementSignal, LIMITS, MAX_SIGNALS, type Recipient, SignalKind, TopicLabel } from '../activity';
import { defineKeys, type KeyedAccess } from '../registry/merge';

/**
 * Signals to act on (issue 15, point 4): who engaged with the rep's posts, and which posts are the
 * rep's, as learned from the pages (lib/capture/linkedin/engagement.ts). Kept only as much as tagging
 * outreach needs: a person's id, how they engaged, when, and the post's topic labels. No names, no
 * comment or post text. Bounded (the least recently learned go first); forgotten on delete-all.
 */

export const ENGAGEMENT_LIMITS = {
  /** People remembered. */
  people: 5000,
  /** Signals kept per person: one per way and set of topics, the earliest. */
  signalsPerPerson: 20,
  /** The rep's posts remembered. */
  ownPosts: 500,
} as const;

const LearnedSignal = z.object({
  kind: SignalKind,
  at: z.number().int().nonnegative(),
  topics: z.array(TopicLabel).max(20),
});
type LearnedSignal = z.infer<typeof LearnedSignal>;

export const EngagementsMap = z.record(
  z.string().min(1).max(LIMITS.profileId),
  z.object({
    /** When this person's signals last changed (for eviction). */
    learnedAt: z.number().int().nonnegative(),
    signals: z.array(LearnedSignal).max(ENGAGEMENT_LIMITS.signalsPerPerson),
  }),
);
export type EngagementsMap = z.infer<typeof EngagementsMap>;

export const OwnPostsMap = z.record(
  z.string().min(1).max(200),
  z.object({ at: z.number().int().nonnegative(), topics: z.array(TopicLabel).max(20) }),
);
export type OwnPostsMap = z.infer<typeof OwnPostsMap>;

export const ENGAGEMENT_KEYS = defineKeys({
  /** Who engaged with the rep's posts, how and when (ids and topic labels only). */
  engagements: EngagementsMap,
  /** The rep's own LinkedIn posts with their topic labels (never their text). */
  linkedinOwnPosts: OwnPostsMap,
});

const sameWay = (a: LearnedSignal, b: LearnedSignal) =>
  a.kind === b.kind && a.topics.length === b.topics.length && a.topics.every((topic) => b.topics.includes(topic));

/** Keeps the `limit` most recent entries by `at` of a record. */
function newest<V>(map: Record<string, V>, limit: number, at: (value: V) => number): Record<string, V> {
  const keys = Object.keys(map);
  if (keys.length <= limit) return map;
  keys.sort((a, b) => at(map[b]!) - at(map[a]!));
  return Object.fromEntries(keys.slice(0, limit).map((key) => [key, map[key]!]));
}

export class EngagementMemory {
  constructor(
    private readonly kv: KeyedAccess<typeof ENGAGEMENT_KEYS>,
    private readonly clock: () => number,
  ) {}

  /** The rep's posts learned so far (read fresh: delete-all may have cleared them). */
  async ownPosts(): Promise<OwnPostsMap> {
    return (await this.kv.readKv('linkedinOwnPosts')) ?? {};
  }

  async learnOwnPost(postIds: readonly string[], topics: readonly string[]): Promise<void> {
    const map = { ...(await this.ownPosts()) };
    const at = this.clock();
    for (const id of postIds) map[id] = { at, topics: [...topics] };
    await this.kv.writeKv(
      'linkedinOwnPosts',
      newest(map, ENGAGEMENT_LIMITS.ownPosts, (post) => post.at),
    );
  }

  /** People engaged (one answer lists many): each kept once per way and set of topics, at the earliest time seen. One write. */
  async learn(learned: readonly { person: string; signal: LearnedSignal }[]): Promise<void> {
    if (learned.length === 0) return;
    const map = { ...((await this.kv.readKv('engagements')) ?? {}) };
    let changed = false;
    for (const { person, signal } of learned) {
      const signals = [...(map[person]?.signals ?? [])];
      const same = signals.findIndex((known) => sameWay(known, signal));
      if (same >= 0) {
        if (signals[same]!.at <= signal.at) continue;
        signals[same] = signal;
      } else signals.push(signal);
      signals.sort((a, b) => a.at - b.at);
      map[person] = { learnedAt: this.clock(), signals: signals.slice(0, ENGAGEMENT_LIMITS.signalsPerPerson) };
      changed = true;
    }
    if (changed)
      await this.kv.writeKv(
        'engagements',
        newest(map, ENGAGEMENT_LIMITS.people, (entry) => entry.learnedAt),
      );
  }

  /**
   * The signals of an outreach: for each recipient known to have engaged no later than the outreach,
   * how (earliest first). Engagement after the message is not a signal that led to it.
   */
  async signalsFor(recipients: readonly Recipient[], occurredAt: number): Promise<EngagementSignal[]> {
    if (!recipients.some((r) => r.profileId)) return [];
    return signalsFrom(await this.kv.readKv('engagements'), recipients, occurredAt);
  }

  /** What was learned, for many captures at once (the ingest plan asks synchronously); undefined when none engaged. */
  async learned(recipients: readonly Recipient[]): Promise<EngagementsMap | undefined> {
    return recipients.some((r) => r.profileId) ? this.kv.readKv('engagements') : undefined;
  }
}

/** The signals that preceded an outreach, from what was learned (pure). */
export function signalsFrom(map: EngagementsMap | undefined, recipients: readonly Recipient[], occurredAt: number): EngagementSignal[] {
  const people = recipients.flatMap((r) => (r.profileId ? [r.profileId] : []));
  if (people.length === 0 || !map) return [];
  const signals: EngagementSignal[] = [];
  for (const person of people) {
    for (const learned of map[person]?.signals ?? []) {
      if (learned.at > occurredAt) continue;
      signals.push({
        kind: learned.kind,
        engagedAt: learned.at,
        ...(learned.topics.length ? { topics: learned.topics } : {}),
        person,
      });
    }
  }
  return signals.sort((a, b) => a.engagedAt - b.engagedAt).slice(0, MAX_SIGNALS);
}
