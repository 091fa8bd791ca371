import type { Activity } from '../activity';
import { type CrmSyncConfig, type CrmSyncSettings, OutboxEntry, outboxKey, planOutboxChange } from '../crm/outbox';
import { CRM_IDS } from '../crm/types';
import type { InternalSettings } from '../quota/measure';
import { parseKv } from './kv';

/** The object stores an activity write touches, outbox included. */
export const WRITE_STORES = ['activities', 'packs', 'kv', 'outbox'] as const;

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
export async function outboxWrites(tx: OutboxTx, written: readonly WrittenActivity[], now: number): Promise<Promise<unknown>[]> {
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
      if (!change) continue;
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
