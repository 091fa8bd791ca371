import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type IDBPDatabase, type IDBPTransaction, openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ACTIVITY_KINDS, Activity } from '../../../lib/activity';
import { ActivityStore } from '../../../lib/store';
import { KV_SCHEMAS, type KvKey } from '../../../lib/store/kv';
import { DB_VERSION, MIGRATIONS } from '../../../lib/store/migrations';
import { factOf } from '../../../lib/store/packs';

/**
 * One stored database per past version (tests/fixtures/db/vN.json: what that version wrote, and
 * what today's store must read from it). Each is built with the migrations of its time, filled, and
 * then opened by today's store, which must upgrade it. A new migration without a fixture of the
 * version before it fails here.
 */
const DIR = join(process.cwd(), 'tests/fixtures/db');

const Dump = z.object({
  description: z.string(),
  version: z.number().int().positive(),
  stores: z.object({
    activities: z.array(z.record(z.string(), z.unknown())),
    kv: z.array(z.object({ key: z.string(), value: z.unknown() })).optional(),
    /** Day packs as that version wrote them (version 3 on). */
    packs: z.array(z.record(z.string(), z.unknown())).optional(),
  }),
  expected: z.object({ activities: z.array(Activity), kv: z.record(z.string(), z.unknown()) }),
});

const PAST_VERSIONS = Array.from({ length: DB_VERSION - 1 }, (_, i) => i + 1);

function readDump(version: number) {
  return Dump.parse(JSON.parse(readFileSync(join(DIR, `v${version}.json`), 'utf8')));
}

/** A database exactly as `version` left it: its migrations only, then the dump's records. */
async function createDatabase(name: string, dump: z.infer<typeof Dump>): Promise<void> {
  const db = await openDB(name, dump.version, {
    upgrade(database, oldVersion, _newVersion, tx) {
      void (async () => {
        for (let v = oldVersion + 1; v <= dump.version; v += 1) {
          await MIGRATIONS[v - 1]!(database as IDBPDatabase<unknown>, tx as unknown as IDBPTransaction<unknown, string[], 'versionchange'>);
        }
      })();
    },
  });
  const stores = ['activities', ...(dump.stores.kv ? ['kv'] : []), ...(dump.stores.packs ? ['packs'] : [])];
  const tx = db.transaction(stores, 'readwrite');
  await Promise.all([
    ...(dump.stores.packs ?? []).map((record) => tx.objectStore('packs').put(record)),
    ...dump.stores.activities.map((record) => tx.objectStore('activities').put(record)),
    ...(dump.stores.kv ?? []).map(({ key, value }) => tx.objectStore('kv').put(value, key)),
  ]);
  await tx.done;
  db.close();
}

const byId = (list: readonly { id: string }[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));

describe('stored databases of every past version upgrade to the current one', () => {
  it('there is exactly one fixture per past version', () => {
    const files = readdirSync(DIR)
      .filter((f) => /^v\d+\.json$/.test(f))
      .sort();
    expect(files).toEqual(PAST_VERSIONS.map((v) => `v${v}.json`).sort());
  });

  it.each(PAST_VERSIONS)(`version %i opens as version ${DB_VERSION} with every record readable`, async (version) => {
    const dump = readDump(version);
    expect(dump.version).toBe(version);
    const name = `fixture-v${version}-${crypto.randomUUID()}`;
    await createDatabase(name, dump);

    const store = await ActivityStore.open(name);
    try {
      expect(store.db.version).toBe(DB_VERSION);
      expect(byId(await store.all())).toEqual(byId(dump.expected.activities));
      for (const [key, value] of Object.entries(dump.expected.kv)) {
        expect(Object.hasOwn(KV_SCHEMAS, key)).toBe(true);
        expect(await store.readKv(key as KvKey)).toEqual(value);
      }
      // Day packs were built for what was there: the engine's facts name every activity once.
      // Built-in kinds and the rep's own (custom kinds, version 5 on).
      const kinds = [...new Set([...ACTIVITY_KINDS, ...dump.expected.activities.map((a) => a.kind)])];
      const everything = kinds.map((kind) => ({ kind, start: 0, end: Date.parse('2100-01-01') }));
      const facts = await store.factsInRanges(everything);
      expect(facts?.map((f) => f.id).sort()).toEqual(dump.expected.activities.map((a) => a.id).sort());
      // Packs are rebuilt from the activities: each fact is exactly what today's factOf makes of it.
      expect(byId(facts ?? [])).toEqual(byId(dump.expected.activities.map((a) => factOf(a))));
      // And the upgraded database takes new writes.
      const first = dump.expected.activities[0]!;
      expect((await store.record({ ...first, id: 'after-upgrade' })).created).toBe(false);
    } finally {
      store.close();
    }
  });
});
