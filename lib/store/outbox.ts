import type { Activity } from '../activity';
import { type CrmSyncConfig, type CrmSyncSettings, OutboxEntry, outboxKey, planOutboxChange } from '../crm/outbox';
import { CRM_IDS, type CrmId } from '../crm/types';
import type { InternalSettings } from '../quota/measure';
import { parseKv } from './kv';
import type { Db } from './open';

/** The object stores an activity write touches, outbox and the judged days of the packs it writes included. */
export const WRITE_STORES = ['activities', 'packs', 'kindDays', 'kv', 'outbox'] as const;

interface OutboxTx {
  objectStore(name: 'kv'): { get(key: string): Promise<unknown> };
  objectStore(name: 'outbox'): {
    get(key: string): Promise<unknown>;
    put(value: OutboxEntry): Promise<unknown>;
    delete(key: string): Promise<unknown>;
  };
}

/** One activity as a write leaves it: `after` undefined when it was deleted. */
export interface WrittenActivity {
  id: string;
  after: Activity | undefined;
}

/** What the outbox needs of the kv area, read once per transaction. */
export async function outboxPolicy(tx: OutboxTx): Promise<{ config: CrmSyncConfig; internal: InternalSettings } | undefined> {
  const config = parseKv('crmSync', await tx.objectStore('kv').get('crmSync'));
  if (!config || !CRM_IDS.some((id) => config[id])) return undefined;
  const settings = parseKv('settings', await tx.objectStore('kv').get('settings'));
  return { config, internal: settings ?? { internalDomains: [], senderDomainIsInternal: false } };
}

/**
 * Brings the outbox in step with activity writes, inside their transaction: with no CRM connected
 * it reads one kv value and writes nothing. Returns the outbox requests (the caller tracks them
 * with its own writes: one fails, the transaction aborts, nothing of either is kept).
 */
export async function outboxWrites(
  tx: OutboxTx,
  written: readonly WrittenActivity[],
  now: number,
  /** Only new entries (a backfill after the settings widened): nothing already sent is taken back. */
  addOnly = false,
): Promise<Promise<unknown>[]> {
  if (!written.length) return [];
  const policy = await outboxPolicy(tx);
  if (!policy) return [];
  const outbox = tx.objectStore('outbox');
  const requests: Promise<unknown>[] = [];
  for (const crm of CRM_IDS) {
    const settings = policy.config[crm];
    if (!settings) continue;
    const stored = await Promise.all(written.map(({ id }) => outbox.get(outboxKey(crm, id))));
    for (const [i, { id, after }] of written.entries()) {
      const existing = OutboxEntry.safeParse(stored[i]);
      const change = planOutboxChange(
        crm,
        id,
        after,
        existing.success ? existing.data : undefined,
        settings,
        policy.internal,
        after?.updatedAt ?? now,
      );
      if (!change || (addOnly && (existing.success || 'delete' in change))) continue;
      requests.push('put' in change ? outbox.put(OutboxEntry.parse(change.put)) : outbox.delete(change.delete));
    }
  }
  return requests;
}

/** Every entry whose record is (or may be) in a CRM turns into a retraction; one never sent is dropped. */
export async function outboxRetractAll(
  tx: OutboxTx & { objectStore(name: 'outbox'): { getAll(): Promise<unknown[]> } },
  now: number,
): Promise<Promise<unknown>[]> {
  const outbox = tx.objectStore('outbox') as unknown as {
    getAll(): Promise<unknown[]>;
    put(value: OutboxEntry): Promise<unknown>;
    delete(key: string): Promise<unknown>;
  };
  const requests: Promise<unknown>[] = [];
  for (const stored of await outbox.getAll()) {
    const entry = OutboxEntry.safeParse(stored);
    if (!entry.success || entry.data.op !== 'create') continue;
    const change = planOutboxChange(entry.data.crm, entry.data.activityId, undefined, entry.data, NOTHING_SYNCS, NO_INTERNAL, now);
    if (change) requests.push('put' in change ? outbox.put(change.put) : outbox.delete(change.delete));
  }
  return requests;
}

const NOTHING_SYNCS: CrmSyncSettings = {
  kinds: [],
  channels: [],
  fromDate: 0,
  includeSubjects: false,
  includeNames: false,
  noMatch: 'skip',
};
const NO_INTERNAL: InternalSettings = { internalDomains: [], senderDomainIsInternal: false };

/** The outbox as the sync engine and the options page use it, outside activity writes. */
export class OutboxStore {
  constructor(private readonly db: Db) {}

  /** Entries of one CRM due at `now`, earliest first (the `by_due` index holds only entries with work left). */
  async due(crm: CrmId, now: number, limit: number): Promise<OutboxEntry[]> {
    const tx = this.db.transaction('outbox');
    const out: OutboxEntry[] = [];
    let cursor = await tx.store.index('by_due').openCursor(IDBKeyRange.upperBound(now));
    while (cursor && out.length < limit) {
      const entry = OutboxEntry.safeParse(cursor.value);
      if (entry.success && entry.data.crm === crm) out.push(entry.data);
      cursor = await cursor.continue();
    }
    await tx.done;
    return out;
  }

  /** When this CRM's next entry falls due (a backoff, a lease), or undefined when nothing waits. */
  async nextDue(crm: CrmId): Promise<number | undefined> {
    const tx = this.db.transaction('outbox');
    let cursor = await tx.store.index('by_due').openCursor();
    let next: number | undefined;
    while (cursor) {
      const entry = OutboxEntry.safeParse(cursor.value);
      if (entry.success && entry.data.crm === crm) {
        next = entry.data.due;
        break;
      }
      cursor = await cursor.continue();
    }
    await tx.done;
    return next;
  }

  /** Reads, decides and writes one entry in one transaction (undefined deletes it; the same object writes nothing). */
  async update(key: string, next: (current: OutboxEntry | undefined) => OutboxEntry | undefined): Promise<OutboxEntry | undefined> {
    const tx = this.db.transaction('outbox', 'readwrite');
    const stored = await tx.store.get(key);
    const parsed = OutboxEntry.safeParse(stored);
    const current = parsed.success ? parsed.data : undefined;
    const value = next(current);
    if (value === undefined) {
      if (stored !== undefined) await tx.store.delete(key);
    } else if (value !== current) await tx.store.put(OutboxEntry.parse(value));
    await tx.done;
    return value;
  }

  async entries(crm: CrmId): Promise<OutboxEntry[]> {
    const values = await this.db.getAllFromIndex('outbox', 'by_crm', crm);
    return values.flatMap((value) => {
      const entry = OutboxEntry.safeParse(value);
      return entry.success ? [entry.data] : [];
    });
  }

  /** Everything about one CRM forgotten (disconnect). */
  async clear(crm: CrmId): Promise<void> {
    const tx = this.db.transaction('outbox', 'readwrite');
    let cursor = await tx.store.index('by_crm').openCursor(crm);
    while (cursor) {
      await cursor.delete();
      cursor = await cursor.continue();
    }
    await tx.done;
  }

  /** The rep's Retry: failed entries (given up or waiting out a backoff) are due now. Returns how many. */
  async retry(crm: CrmId, now: number): Promise<number> {
    const tx = this.db.transaction('outbox', 'readwrite');
    let count = 0;
    let cursor = await tx.store.index('by_crm').openCursor(crm);
    while (cursor) {
      const entry = OutboxEntry.safeParse(cursor.value);
      if (entry.success && (entry.data.lastError || entry.data.gaveUp)) {
        const { gaveUp: _gaveUp, ...rest } = entry.data;
        await cursor.update({ ...rest, due: now, attempts: 0 });
        count += 1;
      }
      cursor = await cursor.continue();
    }
    await tx.done;
    return count;
  }
}
