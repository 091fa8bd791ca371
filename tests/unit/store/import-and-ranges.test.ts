import { afterEach, describe, expect, it } from 'vitest';
import type { Activity } from '../../../lib/activity';
import { QuotaRadarService } from '../../../lib/background';
import { computeProgress } from '../../../lib/quota/progress';
import { defaultSettings, type Quota } from '../../../lib/settings';
import { ActivityStore } from '../../../lib/store';
import { anActivity } from '../../builders/activity';

const opened: ActivityStore[] = [];
async function openStore(): Promise<ActivityStore> {
  const store = await ActivityStore.open(`perf-test-${crypto.randomUUID()}`);
  opened.push(store);
  return store;
}
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

describe('importAll issues its lookups in chunks, yet decides as if row by row', () => {
  it('a key freed by an earlier row of the same import (re-keyed record) is free for a later row', async () => {
    const store = await openStore();
    const old = anActivity({ dedupeKey: 'k0' });
    await store.record(old);
    const rekeyed = { ...old, dedupeKey: 'k1' };
    const takesOldKey = anActivity({ dedupeKey: 'k0' });
    expect(await store.importAll([rekeyed, takesOldKey])).toEqual({ added: 1, updated: 1, skipped: 0 });
    expect((await store.getByDedupeKey('k0'))?.id).toBe(takesOldKey.id);
    expect((await store.getByDedupeKey('k1'))?.id).toBe(old.id);
  });

  it('the same id twice with different keys: added, then updated', async () => {
    const store = await openStore();
    const first = anActivity({ dedupeKey: 'a' });
    expect(await store.importAll([first, { ...first, dedupeKey: 'b', note: 'second' }])).toEqual({
      added: 1,
      updated: 1,
      skipped: 0,
    });
    expect(await store.count()).toBe(1);
    expect((await store.get(first.id))?.note).toBe('second');
  });

  it('counts right across chunk boundaries (more than one chunk of rows)', async () => {
    const store = await openStore();
    const existing = Array.from({ length: 300 }, () => anActivity());
    await store.importAll(existing);
    const rows = [...existing.map((a) => ({ ...a, note: 'again' })), ...Array.from({ length: 900 }, () => anActivity())];
    const duplicate = anActivity({ dedupeKey: existing[5]!.dedupeKey });
    expect(await store.importAll([...rows, duplicate])).toEqual({ added: 900, updated: 300, skipped: 1 });
    expect(await store.count()).toBe(1200);
  });
});

describe('inRanges', () => {
  it('reads each kind over its own range, once per activity', async () => {
    const store = await openStore();
    const at = (iso: string) => Date.parse(iso);
    const call = anActivity({ kind: 'call', channel: 'manual', occurredAt: at('2026-01-10T10:00:00Z') });
    const oldCall = anActivity({ kind: 'call', channel: 'manual', occurredAt: at('2025-10-10T10:00:00Z') });
    const deal = anActivity({ kind: 'deal', channel: 'manual', occurredAt: at('2025-10-10T10:00:00Z') });
    for (const a of [call, oldCall, deal]) await store.record(a);
    const found = await store.inRanges([
      { kind: 'call', start: at('2026-01-01T00:00:00Z'), end: at('2026-02-01T00:00:00Z') },
      { kind: 'call', start: at('2026-01-05T00:00:00Z'), end: at('2026-01-12T00:00:00Z') },
      { kind: 'deal', start: at('2025-10-01T00:00:00Z'), end: at('2026-04-01T00:00:00Z') },
    ]);
    expect(found.map((a) => a.id).sort()).toEqual([call.id, deal.id].sort());
  });
});

describe('service progress reads per-quota ranges', () => {
  it('gives the same report as the engine over every activity', async () => {
    const store = await openStore();
    const settings = defaultSettings('America/New_York');
    await store.writeKv('settings', settings);
    const now = Date.parse('2026-01-14T12:00:00-05:00');
    const quotas: Quota[] = [
      { id: 'calls', name: 'Calls', kinds: ['call'], target: 50, period: 'month', measure: 'count', excludeInternal: false },
      {
        id: 'people',
        name: 'People',
        kinds: ['email', 'call'],
        target: 20,
        period: 'week',
        measure: 'unique_recipients',
        excludeInternal: true,
      },
      {
        id: 'revenue',
        name: 'Revenue',
        kinds: ['deal'],
        target: 5000,
        period: 'quarter',
        measure: 'sum',
        excludeInternal: false,
        currency: 'USD',
      },
    ];
    await store.writeKv('quotas', quotas);
    const kinds = ['email', 'call', 'deal', 'linkedin_invite', 'meeting'] as const;
    const rows: Activity[] = [];
    for (let i = 0; i < 400; i += 1) {
      const kind = kinds[i % kinds.length]!;
      rows.push(
        anActivity({
          kind,
          channel: kind === 'email' ? 'gmail' : kind === 'linkedin_invite' ? 'linkedin' : 'manual',
          occurredAt: now - i * 7 * 3_600_000,
          recipients: [{ address: `p${i % 37}@buyer${i % 3}.example`, role: 'to' }],
          ...(kind === 'deal' ? { amount: 100 + i, currency: 'USD' } : {}),
          status: i % 11 === 0 ? 'retracted' : i % 13 === 0 ? 'pending' : 'counted',
          ...(i % 13 === 0 && i % 11 !== 0 ? { confirmAt: now + (i % 2 ? -1000 : 60_000) } : {}),
        }),
      );
    }
    await store.importAll(rows);
    const service = new QuotaRadarService(store, () => now);
    const report = await service.progress();
    const scan = computeProgress({ quotas, settings, now, activities: await store.all() });
    expect(report).toEqual(scan);
    expect(report.quotas.map((q) => q.done).every((d) => d > 0)).toBe(true);
  });
});

describe('importing an unchanged backup again (issue 14, item 12)', () => {
  it('says every row is already there, and writes nothing', async () => {
    const store = await openStore();
    const backup = Array.from({ length: 13 }, () => anActivity());
    await store.importAll(backup);
    // As read back from a file: the same values, keys in another order.
    const again = backup.map((a) => Object.fromEntries(Object.entries(a).reverse()) as typeof a);
    expect(await store.importAll(again)).toEqual({ added: 0, updated: 0, skipped: 13 });
    expect(await store.importAll([{ ...backup[0]!, note: 'changed' }])).toEqual({ added: 0, updated: 1, skipped: 0 });
  });
});
