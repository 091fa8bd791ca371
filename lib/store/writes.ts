import type { IDBPTransaction } from 'idb';
import type { Activity, ActivityKind } from '../activity';
import { type KvEdit, type KvKey, parseKv, validKv } from './kv';
import type { Db } from './open';
import { outboxRetractAll, outboxWrites, WRITE_STORES } from './outbox';
import { PackChanges } from './packs';
import { forgetProgressMemo, forgetting, inTransaction, packStore, parseAll, parseStored, validForWrite } from './rows';
import type { QuotaRadarDB } from './schema';
import { type PlannedWrite, packChangesOf, stillApplying } from './write-plan';

/**
 * ActivityStore's writes, each one transaction with its day packs, CRM outbox, kv edits and the kept
 * progress forgotten. The store wraps each (see ActivityStore.writing) and keeps History's counts.
 */

type WriteTx = IDBPTransaction<QuotaRadarDB, ('activities' | 'packs' | 'kindDays' | 'kv' | 'outbox')[], 'readwrite'>;

/**
 * Reads the kv values that edits change and computes their new values, validated: a bad value
 * throws here, before any write of the transaction is issued.
 */
async function kvWrites(tx: WriteTx, edits: readonly KvEdit[]): Promise<[KvKey, unknown][]> {
  if (!edits.length) return [];
  const kv = tx.objectStore('kv');
  const stored = await Promise.all(edits.map((edit) => kv.get(edit.key)));
  const values = new Map<KvKey, unknown>();
  for (const [i, edit] of edits.entries()) {
    const current = values.has(edit.key) ? values.get(edit.key) : parseKv(edit.key, stored[i]);
    values.set(edit.key, validKv(edit.key, edit.next(current)));
  }
  return [...values];
}

/**
 * Marks a write transaction's commit as handled: when a write fails (a full disk aborts the
 * transaction), the caller gets that write's error and never awaits `tx.done`, whose rejection
 * would otherwise be reported as unhandled. Awaiting `tx.done` later still throws.
 */
function committed(tx: { done: Promise<void> }): void {
  tx.done.catch(() => undefined);
}

/** Records an activity unless its de-duplication key is taken; `replaced`: an unreadable record under the key gave way. */
export async function recordActivity(
  db: Db,
  activity: Activity,
  onCreated: readonly KvEdit[],
): Promise<{ activity: Activity; created: boolean; replaced: boolean }> {
  const valid = validForWrite(activity);
  const tx = db.transaction([...WRITE_STORES], 'readwrite');
  committed(tx);
  const activitiesStore = tx.objectStore('activities');
  return inTransaction(tx, async (track) => {
    const stored = await activitiesStore.index('by_dedupeKey').get(valid.dedupeKey);
    const replaced = stored !== undefined;
    const existing = parseStored(stored);
    if (existing) return { activity: existing, created: false, replaced };
    const kv = await kvWrites(tx, onCreated);
    const outbox = await outboxWrites(tx, [{ id: valid.id, after: valid }], valid.updatedAt);
    // A record under this key that no longer fits the model is useless: the new capture replaces it.
    if (stored) await activitiesStore.delete((stored as { id: string }).id);
    const writes = [
      ...outbox,
      activitiesStore.add(valid),
      new PackChanges().change(undefined, valid).apply(packStore(tx)),
      forgetProgressMemo(tx),
      ...kv.map(([key, value]) => tx.objectStore('kv').put(value, key)),
    ];
    track(writes);
    await Promise.all(writes);
    return { activity: valid, created: true, replaced };
  });
}

/** Applies an ingest plan's writes still due and its kv edits; returns each write made, with the activity it replaced. */
export async function applyPlan(
  db: Db,
  plan: { writes: readonly PlannedWrite[]; kv: readonly KvEdit[] },
  now: number,
): Promise<{ before?: Activity; after: Activity }[]> {
  const tx = db.transaction([...WRITE_STORES], 'readwrite');
  committed(tx);
  return inTransaction(tx, async (track) => {
    const applying = await stillApplying(tx, plan.writes);
    if (!applying.length) return [];
    const kv = await kvWrites(tx, plan.kv);
    const outbox = await outboxWrites(
      tx,
      applying.map((w) => ({ id: w.after.id, after: w.after })),
      now,
    );
    const writes = [
      ...outbox,
      ...applying.map((w) => tx.objectStore('activities').put(w.after)),
      packChangesOf(applying).apply(packStore(tx)),
      forgetProgressMemo(tx),
      ...kv.map(([key, value]) => tx.objectStore('kv').put(value, key)),
    ];
    track(writes);
    await Promise.all(writes);
    return applying;
  });
}

/** Changes one activity (by id or key) with its kv edits; `before` and `valid` are the old and new values. */
export async function changeActivity(
  db: Db,
  where: { id: string } | { dedupeKey: string },
  apply: (a: Activity) => Activity | undefined,
  edits: readonly KvEdit[],
): Promise<{ before: Activity | undefined; valid: Activity | undefined }> {
  const tx = db.transaction([...WRITE_STORES], 'readwrite');
  committed(tx);
  const activities = tx.objectStore('activities');
  return inTransaction(tx, async (track) => {
    const current = parseStored(
      'id' in where ? await activities.get(where.id) : await activities.index('by_dedupeKey').get(where.dedupeKey),
    );
    const next = current ? apply(current) : undefined;
    if (!next) return { before: current, valid: current };
    const valid = validForWrite(next);
    const kv = await kvWrites(tx, edits);
    // Whether it counts may have changed: the CRM outbox follows in this same transaction.
    const outbox = await outboxWrites(tx, [{ id: valid.id, after: valid }], valid.updatedAt);
    const writes = [
      ...outbox,
      activities.put(valid),
      new PackChanges().change(current, valid).apply(packStore(tx)),
      forgetProgressMemo(tx),
      ...kv.map(([key, value]) => tx.objectStore('kv').put(value, key)),
    ];
    track(writes);
    await Promise.all(writes);
    return { before: current, valid };
  });
}

/** Makes pending activities whose time has come counted; returns them. */
export async function confirmDueActivities(db: Db, now: number): Promise<Activity[]> {
  const tx = db.transaction([...WRITE_STORES], 'readwrite');
  committed(tx);
  const confirmed: Activity[] = [];
  const changes = new PackChanges();
  let cursor = await tx.objectStore('activities').index('by_status').openCursor('pending');
  while (cursor) {
    const activity = parseStored(cursor.value);
    if (activity && activity.confirmAt !== undefined && activity.confirmAt <= now) {
      const next = { ...activity, status: 'counted' as const, updatedAt: now };
      await cursor.update(next);
      changes.change(activity, next);
      confirmed.push(next);
    }
    cursor = await cursor.continue();
  }
  if (changes.size) {
    const outbox = await outboxWrites(
      tx,
      confirmed.map((a) => ({ id: a.id, after: a })),
      now,
    );
    await Promise.all([changes.apply(packStore(tx)), forgetProgressMemo(tx), ...outbox]);
  }
  await tx.done;
  return confirmed;
}

/** Deletes every activity of `kind` that `match` accepts; returns what was deleted. */
export async function deleteActivitiesOfKind(
  db: Db,
  kind: ActivityKind,
  match: (activity: Activity) => boolean,
  now: number,
): Promise<Activity[]> {
  const tx = db.transaction([...WRITE_STORES], 'readwrite');
  const activities = tx.objectStore('activities');
  return inTransaction(tx, async (track) => {
    const ofKind = await activities.index('by_kind_time').getAll(IDBKeyRange.bound([kind, -Infinity], [kind, Infinity]));
    const doomed = parseAll(ofKind).filter(match);
    if (!doomed.length) return [];
    const packs = new PackChanges();
    for (const activity of doomed) packs.change(activity, undefined);
    const outbox = await outboxWrites(
      tx,
      doomed.map((activity) => ({ id: activity.id, after: undefined })),
      now,
    );
    const writes = [
      ...outbox,
      ...doomed.map((activity) => activities.delete(activity.id)),
      packs.apply(packStore(tx)),
      forgetProgressMemo(tx),
    ];
    track(writes);
    await Promise.all(writes);
    return doomed;
  });
}

/** Gives every activity of `from` the kind `to`; returns how many moved. */
export async function moveActivitiesKind(db: Db, from: ActivityKind, to: ActivityKind, now: number): Promise<number> {
  const tx = db.transaction([...WRITE_STORES], 'readwrite');
  const activities = tx.objectStore('activities');
  return inTransaction(tx, async (track) => {
    const ofKind = parseAll(await activities.index('by_kind_time').getAll(IDBKeyRange.bound([from, -Infinity], [from, Infinity])));
    if (!ofKind.length) return 0;
    const packs = new PackChanges();
    const moved = ofKind.map((activity) => {
      const next = validForWrite({ ...activity, kind: to, updatedAt: now });
      packs.change(activity, next);
      return next;
    });
    // The new kind may pass a CRM's kinds filter the old one did not (or the reverse): the outbox follows.
    const outbox = await outboxWrites(
      tx,
      moved.map((activity) => ({ id: activity.id, after: activity })),
      now,
    );
    const writes = [...outbox, ...moved.map((activity) => activities.put(activity)), packs.apply(packStore(tx)), forgetProgressMemo(tx)];
    track(writes);
    await Promise.all(writes);
    return moved.length;
  });
}

/** Deletes every activity; what reached a CRM is taken back from it (the outbox, in the same transaction). */
export async function deleteAllActivities(db: Db, now: number): Promise<void> {
  const tx = db.transaction([...WRITE_STORES], 'readwrite');
  committed(tx);
  await inTransaction(tx, async (track) => {
    forgetting(db, undefined, -Infinity, Infinity);
    const outbox = await outboxRetractAll(tx, now);
    const writes = [
      ...outbox,
      tx.objectStore('activities').clear(),
      tx.objectStore('packs').clear(),
      tx.objectStore('kindDays').clear(),
      forgetProgressMemo(tx),
    ];
    track(writes);
    await Promise.all(writes);
  });
}

/** Queues for the connected CRMs every activity since `from` not queued yet; returns how many writes. */
export async function enqueueActivitiesSince(db: Db, from: number, now: number): Promise<number> {
  const tx = db.transaction([...WRITE_STORES], 'readwrite');
  committed(tx);
  return inTransaction(tx, async (track) => {
    const since = parseAll(await tx.objectStore('activities').index('by_occurredAt').getAll(IDBKeyRange.lowerBound(from)));
    const writes = await outboxWrites(
      tx,
      since.map((activity) => ({ id: activity.id, after: activity })),
      now,
      true,
    );
    track(writes);
    await Promise.all(writes);
    return writes.length;
  });
}
