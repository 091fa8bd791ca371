import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type IDBPDatabase, type IDBPTransaction, openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { Activity } from '../../../lib/activity';
import { MIGRATIONS } from '../../../lib/store/migrations';

/**
 * Each pack-building migration (003-005) reads stored activities with its own frozen shape, not
 * today's `Activity`: what it builds must not change when the model moves on.
 */
type Tx = IDBPTransaction<unknown, string[], 'versionchange'>;

/** A database at `version`, built by the migrations of its time, holding `records`. */
async function databaseAt(name: string, version: number, records: Record<string, unknown>[]): Promise<void> {
  const db = await openDB(name, version, {
    upgrade(database, oldVersion, _newVersion, tx) {
      void (async () => {
        for (let v = oldVersion + 1; v <= version; v += 1) await MIGRATIONS[v - 1]!(database as IDBPDatabase<unknown>, tx as unknown as Tx);
      })();
    },
  });
  const tx = db.transaction('activities', 'readwrite');
  await Promise.all(records.map((record) => tx.objectStore('activities').put(record)));
  await tx.done;
  db.close();
}

/** Upgrades to `version` with the real migrations and returns the ids in the packs and each fact's units. */
async function packedAt(name: string, version: number): Promise<Record<string, number | undefined>> {
  const db = await openDB(name, version, {
    upgrade(database, oldVersion, _newVersion, tx) {
      void (async () => {
        for (let v = oldVersion + 1; v <= version; v += 1) await MIGRATIONS[v - 1]!(database as IDBPDatabase<unknown>, tx as unknown as Tx);
      })();
    },
  });
  const packs = (await db.getAll('packs')) as { facts: { id: string; units?: number }[] }[];
  db.close();
  return Object.fromEntries(packs.flatMap((p) => p.facts.map((f) => [f.id, f.units])));
}

const at = Date.UTC(2026, 0, 14, 15);
const record = (id: string, extra: Record<string, unknown>) => ({
  id,
  kind: 'call',
  channel: 'manual',
  occurredAt: at,
  account: 'me',
  recipients: [],
  dedupeKey: `manual:${id}`,
  status: 'counted',
  detection: { method: 'manual' },
  createdAt: at,
  updatedAt: at,
  ...extra,
});

describe('pack migrations read with the shape of their version', () => {
  const call = record('call-v2', {});
  // Valid today, but not at version 3: a demo (a kind of version 5) and units on a deal (version 5).
  const demo = record('demo-today', { kind: 'demo' });
  const deal = record('deal-units', { kind: 'deal', amount: 100, currency: 'USD', units: 12 });

  it('holds records today’s model accepts (so the difference below is the frozen shape’s)', () => {
    for (const r of [call, demo, deal]) expect(Activity.safeParse(r).success).toBe(true);
  });

  it('version 3 packs what version 3 knew, version 5 packs the rest and the units', async () => {
    const name = `frozen-${crypto.randomUUID()}`;
    await databaseAt(name, 2, [call, demo, deal]);
    // Version 3's shape knows no demos and no units (its object drops the unknown field).
    expect(await packedAt(name, 3)).toEqual({ 'call-v2': undefined, 'deal-units': undefined });
    // Versions 4 and 5 rebuild the packs with their own shapes: the demo and the units are in.
    expect(await packedAt(name, 5)).toEqual({ 'call-v2': undefined, 'deal-units': 12, 'demo-today': undefined });
  });

  it('no migration reads with a live model: only a type comes from lib/activity', () => {
    const dir = join(process.cwd(), 'lib/store/migrations');
    for (const file of readdirSync(dir)) {
      const source = readFileSync(join(dir, file), 'utf8');
      const valueImports = source.split('\n').filter((line) => /^import (?!type )/.test(line) && /\/activity'/.test(line));
      expect(valueImports, file).toEqual([]);
    }
  });
});
