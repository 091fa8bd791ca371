import { afterEach, describe, expect, it } from 'vitest';
import { Activity } from '../../../lib/activity';
import { ActivityStore } from '../../../lib/store';

/**
 * A worker stopped while the ingest plan is written: the transaction never commits. Simulated by
 * aborting it at its n-th write request; either everything of the plan is stored or nothing.
 */
const realPut = IDBObjectStore.prototype.put;
let putsLeft = Number.POSITIVE_INFINITY;
IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof realPut>) {
  const request = realPut.apply(this, args);
  putsLeft -= 1;
  if (putsLeft < 0) {
    const tx = this.transaction;
    queueMicrotask(() => {
      try {
        tx.abort();
      } catch {
        // already finished
      }
    });
  }
  return request;
} as typeof realPut;
afterEach(() => {
  putsLeft = Number.POSITIVE_INFINITY;
});

const T = Date.UTC(2026, 0, 7, 12);
const activity = (id: string, dedupeKey: string, subtype?: 'attempt'): Activity =>
  Activity.parse({
    id,
    kind: 'call',
    channel: 'phone',
    occurredAt: T,
    account: 'rep',
    recipients: [{ phone: '+33612345678', role: 'to' }],
    dedupeKey,
    status: 'counted',
    detection: { method: subtype ? 'page-request' : 'api', source: subtype ? 'phone-link' : 'aircall' },
    ...(subtype ? { subtype } : {}),
    createdAt: T,
    updatedAt: T,
  });

describe('ActivityStore.apply', () => {
  it('stores a merged call and its attempt retracted together, or neither, wherever the stop falls', async () => {
    for (let stopAt = 0; stopAt <= 8; stopAt += 1) {
      const store = await ActivityStore.open(`apply-plan-${stopAt}-${Math.random()}`);
      const attempt = activity('a1', 'click:1', 'attempt');
      await store.record(attempt);
      const call = activity('c1', 'aircall:1');
      const plan = {
        writes: [{ after: call }, { before: attempt, after: { ...attempt, status: 'retracted' as const, updatedAt: T + 1 } }],
        kv: [],
      };
      putsLeft = stopAt;
      const outcome = await store.apply(plan, T + 1).then(
        () => 'committed',
        () => 'stopped',
      );
      putsLeft = Number.POSITIVE_INFINITY;
      const counted = (await store.all()).filter((a) => a.status !== 'retracted').map((a) => a.dedupeKey);
      expect(counted, `stop at write ${stopAt}: ${outcome}`).toEqual(outcome === 'committed' ? ['aircall:1'] : ['click:1']);
      // Applying the same plan again (the event delivered again) writes it once.
      await store.apply(plan, T + 2);
      await store.apply(plan, T + 3);
      expect((await store.all()).filter((a) => a.status !== 'retracted').map((a) => a.dedupeKey)).toEqual(['aircall:1']);
      store.close();
    }
  });
});
