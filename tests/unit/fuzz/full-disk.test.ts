import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../lib/settings';
import { aManualCall, anActivity } from '../../builders/activity';
import { gmailObservation, LABELS, syncRequest, syncResponse } from '../../builders/gmail';
import { createHarness, type Harness } from '../service/harness';
import { dumpStore, FuzzReport } from './fuzz-kit';

/**
 * A full disk: IndexedDB refuses a write with QuotaExceededError and aborts its transaction, as
 * Chrome does. Simulated by failing the n-th put or add after the test arms it. Every write that
 * hits it is reported with a clear error and leaves nothing half-written.
 */

const report = new FuzzReport();
const realPut = IDBObjectStore.prototype.put;
const realAdd = IDBObjectStore.prototype.add;
/** Writes still allowed before the disk is "full"; Infinity when disarmed. */
let writesLeft = Number.POSITIVE_INFINITY;

function failing(real: typeof realPut): typeof realPut {
  return function (this: IDBObjectStore, ...args: Parameters<typeof realPut>) {
    const request = real.apply(this, args);
    writesLeft -= 1;
    if (writesLeft < 0) {
      // The request and then the whole transaction fail with the quota error (an own accessor
      // shadows the one the library sets; its setter ignores the library's AbortError).
      const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      const shadow = { get: () => quota, set: () => undefined, configurable: true };
      const tx = this.transaction;
      Object.defineProperty(request, 'error', shadow);
      Object.defineProperty(tx, 'error', shadow);
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
}
IDBObjectStore.prototype.put = failing(realPut);
IDBObjectStore.prototype.add = failing(realAdd);

afterEach(() => {
  writesLeft = Number.POSITIVE_INFINITY;
});

const message = {
  id: 'msg-a:r9999',
  from: { address: 'rep@seller.example', name: 'Robin' },
  to: [{ address: 'ann@buyer.example', name: 'Ann' }],
  subject: 'Hello',
  body: 'hi',
  timestamp: 1_768_400_000_000,
  labels: [...LABELS.send],
};

const WRITES: [string, () => Record<string, unknown>][] = [
  ['activity/log', () => ({ type: 'activity/log', entry: { kind: 'call', note: 'x' } })],
  [
    'capture/observed',
    () => ({
      type: 'capture/observed',
      observation: gmailObservation(syncRequest([{ threadId: 'thread-a:r9', message }]), {
        response: syncResponse([{ threadId: 'thread-a:r9', messages: [{ ...message, labels: [...LABELS.sent] }] }]),
      }),
    }),
  ],
  ['activity/import', () => ({ type: 'activity/import', activities: Array.from({ length: 300 }, () => anActivity()) })],
  // The harness's privacy kept: a save that turns subjects or names off also rewrites the stored activities (privacy.test.ts).
  [
    'settings/save',
    () => ({
      type: 'settings/save',
      settings: {
        ...defaultSettings('America/New_York'),
        privacy: { storeSubjects: true, storeRecipientNames: true },
        gmailUndoSeconds: 30,
      },
    }),
  ],
  ['activity/delete-all', () => ({ type: 'activity/delete-all' })],
];

async function seeded(): Promise<Harness> {
  const harness = await createHarness();
  await harness.store.importAll([anActivity(), aManualCall()]);
  return harness;
}

describe('full disk', () => {
  it.each(WRITES)('%s: the quota error is reported clearly and nothing is half-written', async (type, make) => {
    // Fail the first, a middle and a late write of the operation, each on a fresh store.
    for (const allowed of [0, 1, 2, 150]) {
      const harness = await seeded();
      try {
        const before = await dumpStore(harness);
        writesLeft = allowed;
        const response = await harness.service.handle(make());
        const failed = writesLeft < 0;
        writesLeft = Number.POSITIVE_INFINITY;
        if (!failed) {
          // The operation needed fewer writes than allowed: it must simply have worked.
          expect(response.ok, `${type} with ${allowed} writes allowed`).toBe(true);
          continue;
        }
        expect(response, `${type} with ${allowed} writes allowed`).toEqual({ ok: false, error: expect.stringMatching(/disk/) });
        report.note(`full disk: ${type}`, 'refused', response.ok ? '' : response.error);
        // Nothing half-written: a write of several records is all or nothing (the one that was cut off
        // is absent; earlier, complete writes of the same message may stand).
        const after = await dumpStore(harness);
        if (type === 'activity/import' || type === 'activity/delete-all' || type === 'settings/save' || type === 'activity/log') {
          expect(after.equals(before), `${type}: store changed`).toBe(true);
        }
        // The service still works once space is back.
        expect((await harness.service.handle({ type: 'progress/get' })).ok).toBe(true);
        expect((await harness.service.handle(make())).ok).toBe(true);
      } finally {
        writesLeft = Number.POSITIVE_INFINITY;
        harness.close();
      }
    }
  });

  it('prints the report', () => {
    report.print('full disk (QuotaExceededError on the n-th write)');
    expect(report.crashed()).toBe(0);
  });
});
