import type { Activity, ActivityKind } from '../activity';
import { isKindDay, type KindDay } from '../quota/kind-days';
import type { Db } from './open';
import { type Fact, isDayPack, utcDay } from './packs';
import { parseAll } from './rows';

/** ActivityStore's reads by kind and time: index ranges over activities, or their day packs. */

/** Activities of these kinds with start <= occurredAt < end: one index range per kind. */
export async function activitiesInRange(db: Db, kinds: readonly ActivityKind[], start: number, end: number): Promise<Activity[]> {
  const tx = db.transaction('activities');
  const index = tx.store.index('by_kind_time');
  const lists = await Promise.all(kinds.map((kind) => index.getAll(IDBKeyRange.bound([kind, start], [kind, end], false, true))));
  await tx.done;
  return parseAll(lists.flat());
}

/**
 * Several [kind, start, end) ranges in one read transaction, each an index range; an activity in
 * more than one range comes back once.
 */
export async function activitiesInRanges(
  db: Db,
  ranges: readonly { kind: ActivityKind; start: number; end: number }[],
): Promise<Activity[]> {
  const tx = db.transaction('activities');
  const index = tx.store.index('by_kind_time');
  const lists = await Promise.all(
    ranges.map(({ kind, start, end }) => index.getAll(IDBKeyRange.bound([kind, start], [kind, end], false, true))),
  );
  await tx.done;
  const byId = new Map<string, unknown>();
  for (const list of lists) for (const value of list) byId.set((value as { id: string }).id, value);
  return parseAll([...byId.values()]);
}

/**
 * What the engine needs of each kind over its range, from day packs: a few hundred records instead
 * of thousands of activities. Undefined when a pack does not pass its check (the caller then reads
 * the activities themselves).
 */
export async function factsInRanges(
  db: Db,
  ranges: readonly { kind: ActivityKind; start: number; end: number }[],
): Promise<Fact[] | undefined> {
  const tx = db.transaction('packs');
  const lists = await Promise.all(
    ranges.map(({ kind, start, end }) =>
      end > start ? tx.store.getAll(IDBKeyRange.bound([kind, utcDay(start)], [kind, utcDay(end - 1)])) : [],
    ),
  );
  await tx.done;
  const byId = new Map<string, Fact>();
  for (const [i, packs] of lists.entries()) {
    const { start, end } = ranges[i]!;
    for (const pack of packs as unknown[]) {
      if (!isDayPack(pack)) return undefined;
      for (const fact of pack.facts) if (fact.occurredAt >= start && fact.occurredAt < end) byId.set(fact.id, fact);
    }
  }
  return [...byId.values()];
}

/**
 * Reports' judged days of each kind whose first instant is in [start, end), as kept; one that fails
 * its check is left out (the caller judges that day again from the packs).
 */
export async function judgedDaysInRanges(
  db: Db,
  ranges: readonly { kind: ActivityKind; start: number; end: number }[],
): Promise<KindDay[]> {
  const tx = db.transaction('kindDays');
  const lists = await Promise.all(
    ranges.map(({ kind, start, end }) => (end > start ? tx.store.getAll(IDBKeyRange.bound([kind, start], [kind, end], false, true)) : [])),
  );
  await tx.done;
  return (lists.flat() as unknown[]).filter(isKindDay);
}
