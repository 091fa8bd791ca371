// Issue 10: progress for five quotas as a freshly started worker makes it, warm, and the plain
// scan; the import and its floor. Runs inside the extension's service worker (bench build).

/**
 * In the service worker (bench build): imports `size` activities over two years, then times progress
 * as a freshly started worker's service makes it (with the progress the last worker kept, and
 * without it, from day packs), warm, and the plain scan; and the floor for the import, the same rows
 * put into a bare object store.
 */
export async function storeFigures({ size, quotas, importFloor }) {
  const { service, store, computeProgress, createBackground } = globalThis.quotaRadarBench;
  const median = (v) => {
    const s = [...v].sort((a, b) => a - b);
    return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const kinds = ['email', 'email', 'email', 'call', 'call', 'linkedin_message', 'linkedin_invite', 'social_touch', 'meeting', 'deal'];
  const now = Date.now();
  const rowsFrom = (from, to) => {
    const rows = [];
    for (let i = from; i < to; i += 1) {
      const kind = kinds[Math.floor(random() * kinds.length)];
      const at = Math.floor(now - random() * 2 * 365 * 86_400_000);
      rows.push({
        id: `bench-${i}`,
        kind,
        channel: kind === 'email' ? 'gmail' : kind.startsWith('linkedin') || kind === 'social_touch' ? 'linkedin' : 'manual',
        occurredAt: at,
        account: 'rep@acme.example',
        recipients: [{ address: `p${Math.floor(random() * 5000)}@prospect${Math.floor(random() * 300)}.example`, role: 'to' }],
        ...(kind === 'deal' ? { amount: Math.round(random() * 10000), currency: 'USD' } : {}),
        dedupeKey: `bench:${i}`,
        status: 'counted',
        detection: { method: 'import' },
        createdAt: at,
        updatedAt: at,
      });
    }
    return rows;
  };
  // Up to 100,000 in one import (one transaction, as a user's CSV import); more in imports of
  // 100,000 each, since one transaction of a million rows holds them all in the worker at once.
  const BATCH = 100_000;
  await store.deleteAll();
  let importMs = 0;
  let firstBatch;
  for (let from = 0; from < size; from += BATCH) {
    const rows = rowsFrom(from, Math.min(size, from + BATCH));
    firstBatch ??= rows;
    const t0 = performance.now();
    await store.importAll(rows);
    importMs += performance.now() - t0;
  }
  let t;

  // Floor for the import: the same rows put into a bare object store (no indexes), one transaction.
  let importFloorMs = null;
  if (importFloor) {
    const name = 'bench-import-floor';
    const db = await new Promise((resolve, reject) => {
      indexedDB.deleteDatabase(name);
      const open = indexedDB.open(name, 1);
      open.onupgradeneeded = () => open.result.createObjectStore('rows', { keyPath: 'id' });
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    t = performance.now();
    await new Promise((resolve, reject) => {
      const tx = db.transaction('rows', 'readwrite');
      const rowsStore = tx.objectStore('rows');
      for (const row of firstBatch) rowsStore.put(row);
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    importFloorMs = performance.now() - t;
    db.close();
    indexedDB.deleteDatabase(name);
  }
  firstBatch = undefined;

  await service.handle({ type: 'quotas/save', quotas });
  await service.progress();
  await tick(50); // the kept progress is saved once the task that computed it is over
  const kept = Boolean(await store.readKv('progressMemo'));

  // A freshly started worker's service: no activities in memory; the progress the last one kept.
  const freshKept = [];
  const sources = new Set();
  let freshReport;
  for (let i = 0; i < 30; i += 1) {
    const fresh = createBackground(store);
    t = performance.now();
    freshReport = await fresh.progress();
    freshKept.push(performance.now() - t);
    sources.add(fresh.lastProgressRun?.source);
  }
  // The same without a kept progress (a new day, a pending capture fell due, or the worker stopped
  // between a write and the next progress): from day packs.
  const freshPacks = [];
  const packParts = [];
  for (let i = 0; i < 15; i += 1) {
    await tick();
    await store.db.delete('kv', 'progressMemo');
    const fresh = createBackground(store);
    t = performance.now();
    await fresh.progress();
    freshPacks.push(performance.now() - t);
    packParts.push(fresh.lastProgressRun);
  }
  await tick();
  await service.progress();
  const warm = [];
  for (let i = 0; i < 30; i += 1) {
    t = performance.now();
    await service.progress();
    warm.push(performance.now() - t);
  }
  // Baseline: every activity read and the engine run over all of them.
  const scan = [];
  const settings = await service.getSettings();
  let check;
  // Over 200,000 the scan would hold every activity in the worker at once: not run.
  for (let i = 0; i < (size <= 200_000 ? 3 : 0); i += 1) {
    t = performance.now();
    check = computeProgress({ quotas: await service.getQuotas(), settings, now: Date.now(), activities: await store.all() });
    scan.push(performance.now() - t);
  }
  const doneOf = (r) => JSON.stringify(r.quotas.map((q) => [q.done, q.doneToday, q.streak, q.pending]));
  await tick(50);
  return {
    stored: await store.count(),
    importMs,
    importFloorMs,
    kept,
    keptSources: [...sources].join(','),
    freshKept: median(freshKept),
    freshPacks: median(freshPacks),
    packRead: median(packParts.map((p) => p.readMs)),
    packCompute: median(packParts.map((p) => p.computeMs)),
    warm: median(warm),
    scan: scan.length ? median(scan) : null,
    same: check ? doneOf(freshReport) === doneOf(check) : null,
  };
}
