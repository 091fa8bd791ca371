import type { Activity, ActivityKind } from '../activity';

/**
 * Day packs: one record per (kind, UTC day) holding what the quota engine needs of that day's
 * activities. A cold progress (the service worker is stopped after ~30 s idle, so that is what a rep
 * sees) then reads a few hundred packs instead of thousands of activities. Packs are derived data:
 * every activity write updates them in the same transaction, and they can be rebuilt from activities.
 */

const DAY_MS = 86_400_000;

/** The engine's view of an activity: no subject, note, dedupe key or detection. */
export type Fact = Pick<
  Activity,
  | 'id'
  | 'kind'
  | 'channel'
  | 'occurredAt'
  | 'status'
  | 'confirmAt'
  | 'account'
  | 'amount'
  | 'currency'
  | 'units'
  | 'outcome'
  | 'bookedAt'
  | 'signals'
> & { recipients: { address?: string; profileId?: string; phone?: string }[] };

export interface DayPack {
  kind: ActivityKind;
  /** Days since the epoch, UTC: packs do not depend on the settings' zone. */
  day: number;
  facts: Fact[];
}

export const utcDay = (at: number) => Math.floor(at / DAY_MS);

export function factOf(a: Activity): Fact {
  const fact: Fact = {
    id: a.id,
    kind: a.kind,
    channel: a.channel,
    occurredAt: a.occurredAt,
    status: a.status,
    account: a.account,
    recipients: a.recipients.map((r) => {
      const compact: { address?: string; profileId?: string; phone?: string } = {};
      if (r.address !== undefined) compact.address = r.address;
      if (r.profileId !== undefined) compact.profileId = r.profileId;
      if (r.phone !== undefined) compact.phone = r.phone;
      return compact;
    }),
  };
  if (a.confirmAt !== undefined) fact.confirmAt = a.confirmAt;
  if (a.amount !== undefined) fact.amount = a.amount;
  if (a.currency !== undefined) fact.currency = a.currency;
  // Units quotas sum them (version 5).
  if (a.units !== undefined) fact.units = a.units;
  // Connected-calls quotas read the outcome; booked-meetings quotas place a meeting at its booking.
  if (a.outcome !== undefined) fact.outcome = a.outcome;
  if (a.bookedAt !== undefined) fact.bookedAt = a.bookedAt;
  // Signal quotas (issue 15, point 4) read who engaged first. Packs written before carry none, as
  // did their activities: no rebuild is needed.
  if (a.signals !== undefined) fact.signals = a.signals;
  return fact;
}

/** A pack as read back: checked cheaply, since a broken one must not be trusted. */
export function isDayPack(value: unknown): value is DayPack {
  if (typeof value !== 'object' || value === null) return false;
  const pack = value as Partial<DayPack>;
  if (typeof pack.kind !== 'string' || typeof pack.day !== 'number' || !Array.isArray(pack.facts)) return false;
  return pack.facts.every(
    (f) =>
      typeof f === 'object' &&
      f !== null &&
      typeof f.id === 'string' &&
      f.kind === pack.kind &&
      typeof f.occurredAt === 'number' &&
      utcDay(f.occurredAt) === pack.day &&
      (f.status === 'counted' || f.status === 'pending' || f.status === 'retracted') &&
      typeof f.account === 'string' &&
      Array.isArray(f.recipients),
  );
}

/** The packs object store, as much of it as maintenance needs (typed or not). */
export interface PackStore {
  get(key: [ActivityKind, number]): Promise<unknown>;
  put(value: DayPack): Promise<unknown>;
  delete(key: [ActivityKind, number]): Promise<void>;
  /** Forgets Reports' judged days that hold part of the pack (absent while migrating, before they exist). */
  forgetJudgedDays?(kind: ActivityKind, day: number): Promise<void>;
}

/**
 * The keys of the judged days (lib/quota/kind-days.ts, keyed [kind, local day's first instant]) a
 * pack's UTC day overlaps, exclusive bounds: a local day starts at most 14 hours before its UTC date
 * and lasts at most 25 hours, so any day starting within 26 hours before the pack's day or during it.
 */
export function judgedDaysOfPack(kind: ActivityKind, day: number): { lower: [ActivityKind, number]; upper: [ActivityKind, number] } {
  return { lower: [kind, day * DAY_MS - 26 * 3_600_000], upper: [kind, (day + 1) * DAY_MS] };
}

/** What a set of activity writes does to packs: facts out (by id) and facts in, per pack. */
export class PackChanges {
  private readonly byPack = new Map<string, { kind: ActivityKind; day: number; out: Set<string>; in: Map<string, Fact> }>();

  private entry(kind: ActivityKind, day: number) {
    const key = `${kind}|${day}`;
    let entry = this.byPack.get(key);
    if (!entry) this.byPack.set(key, (entry = { kind, day, out: new Set(), in: new Map() }));
    return entry;
  }

  /** One activity went from `before` to `after` (either may be absent). */
  change(before: Activity | undefined, after: Activity | undefined): this {
    if (before) {
      const entry = this.entry(before.kind, utcDay(before.occurredAt));
      entry.out.add(before.id);
      entry.in.delete(before.id);
    }
    if (after) this.entry(after.kind, utcDay(after.occurredAt)).in.set(after.id, factOf(after));
    return this;
  }

  get size(): number {
    return this.byPack.size;
  }

  /** Reads the packs concerned, applies the changes, writes them back (all requests issued at once). */
  async apply(packs: PackStore): Promise<void> {
    const entries = [...this.byPack.values()];
    const current = await Promise.all(entries.map((e) => packs.get([e.kind, e.day])));
    await Promise.all(
      entries.map((e, i) => {
        const old = current[i] as DayPack | undefined;
        const facts = (old?.facts ?? []).filter((f) => !e.out.has(f.id) && !e.in.has(f.id));
        facts.push(...e.in.values());
        const written = facts.length ? packs.put({ kind: e.kind, day: e.day, facts }) : packs.delete([e.kind, e.day]);
        return Promise.all([written, packs.forgetJudgedDays?.(e.kind, e.day)]);
      }),
    );
    this.byPack.clear();
  }
}
