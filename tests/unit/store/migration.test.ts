import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { ActivityStore } from '../../../lib/store';
import { DB_VERSION } from '../../../lib/store/migrations';
import { migrateTo1 } from '../../../lib/store/migrations/001-initial';

/**
 * A database written by version 1 of the extension: occurredAt/createdAt as ISO strings, no status,
 * no updatedAt, no kind/time or status index, no kv store. Opening it with today's store must migrate it.
 */
const t = (s: string) => Date.parse(s);

async function createV1Database(name: string, records: Record<string, unknown>[]): Promise<void> {
  const db = await openDB(name, 1, {
    upgrade(database, _oldVersion, _newVersion, tx) {
      migrateTo1(database, tx as never);
    },
  });
  const tx = db.transaction('activities', 'readwrite');
  for (const record of records) await tx.objectStore('activities').put(record);
  await tx.done;
  db.close();
}

const v1Call = {
  id: 'v1-call',
  kind: 'call',
  channel: 'manual',
  occurredAt: '2026-01-14T10:00:00-05:00',
  account: 'me',
  recipients: [],
  dedupeKey: 'manual:v1-call',
  detection: { method: 'manual' },
  createdAt: '2026-01-14T10:05:00-05:00',
};

const v1Email = {
  id: 'v1-email',
  kind: 'email',
  channel: 'gmail',
  occurredAt: '2026-01-13T16:30:00.000Z',
  account: 'rep@seller.example',
  recipients: [{ address: 'ann@buyer.example', role: 'to' }],
  subject: 'Intro',
  dedupeKey: 'gmail:msg:abc',
  detection: { method: 'page-request', source: 'gmail-sync' },
  createdAt: '2026-01-13T16:30:01.000Z',
  updatedAt: '2026-01-13T17:00:00.000Z',
};

describe('migration from version 1', () => {
  it('converts ISO times to epoch ms, marks old records counted, and finds them through the new indexes', async () => {
    const name = `migration-test-${crypto.randomUUID()}`;
    await createV1Database(name, [v1Call, v1Email]);

    const store = await ActivityStore.open(name);
    try {
      expect(store.db.version).toBe(DB_VERSION);
      expect(await store.get('v1-call')).toEqual({
        ...v1Call,
        occurredAt: t('2026-01-14T15:00:00Z'),
        createdAt: t('2026-01-14T15:05:00Z'),
        // v1 had no updatedAt: it starts as createdAt.
        updatedAt: t('2026-01-14T15:05:00Z'),
        status: 'counted',
      });
      expect(await store.get('v1-email')).toEqual({
        ...v1Email,
        occurredAt: t('2026-01-13T16:30:00Z'),
        createdAt: t('2026-01-13T16:30:01Z'),
        updatedAt: t('2026-01-13T17:00:00Z'),
        status: 'counted',
      });

      // The [kind, occurredAt] index: a January-14 range for calls finds the call, not the email.
      const day = { start: t('2026-01-14T05:00:00Z'), end: t('2026-01-15T05:00:00Z') };
      expect((await store.inRange(['call', 'email'], day.start, day.end)).map((a) => a.id)).toEqual(['v1-call']);
      expect((await store.inRange(['email'], t('2026-01-13T00:00:00Z'), day.end)).map((a) => a.id)).toEqual(['v1-email']);
      // The occurredAt index now sorts numbers: newest first.
      expect((await store.list({}, 0, 10)).items.map((a) => a.id)).toEqual(['v1-call', 'v1-email']);
      // The status index exists and holds no pending ones; the kv store exists.
      expect(await store.pending()).toEqual([]);
      await store.writeKv('accounts', ['rep@seller.example']);
      expect(await store.db.get('kv', 'accounts')).toEqual(['rep@seller.example']);
      // The unique de-duplication index survived: the same capture records once.
      expect((await store.record({ ...(await store.get('v1-email'))!, id: 'new-id' })).created).toBe(false);
    } finally {
      store.close();
    }
  });

  it('a v1 record with an unreadable date does not stop the migration; it is skipped on read', async () => {
    const name = `migration-test-${crypto.randomUUID()}`;
    await createV1Database(name, [v1Call, { ...v1Email, occurredAt: 'last Tuesday' }]);
    const store = await ActivityStore.open(name);
    try {
      expect((await store.all()).map((a) => a.id)).toEqual(['v1-call']);
      expect(await store.count()).toBe(2);
    } finally {
      store.close();
    }
  });

  it('opening an already migrated database again changes nothing', async () => {
    const name = `migration-test-${crypto.randomUUID()}`;
    await createV1Database(name, [v1Call]);
    (await ActivityStore.open(name)).close();
    const store = await ActivityStore.open(name);
    try {
      expect((await store.get('v1-call'))?.occurredAt).toBe(t('2026-01-14T15:00:00Z'));
    } finally {
      store.close();
    }
  });
});
