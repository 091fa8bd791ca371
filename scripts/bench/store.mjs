// Issue 2: the activity store and the quota engine at 1,000 / 10,000 / 100,000 activities.
import { buildExtension, launch, ms } from './launch.mjs';
import { BENCH_QUOTAS } from './quotas.mjs';

const SIZES = (process.env.QR_BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);

/** Runs inside the extension's service worker (bench build), where `quotaRadarBench` exists. */
async function measureInWorker({ size, benchQuotas }) {
  const { service, store, computeProgress } = globalThis.quotaRadarBench;
  const median = (v) => {
    const s = [...v].sort((a, b) => a - b);
    return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  // Deterministic activities spread over two years.
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const kinds = ['email', 'email', 'email', 'call', 'call', 'linkedin_message', 'linkedin_invite', 'social_touch', 'meeting', 'deal'];
  const now = Date.now();
  const span = 2 * 365 * 86_400_000;
  const activities = [];
  for (let i = 0; i < size; i += 1) {
    const kind = kinds[Math.floor(random() * kinds.length)];
    const at = Math.floor(now - random() * span);
    activities.push({
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
  await store.deleteAll();
  let t = performance.now();
  await store.importAll(activities);
  const importMs = performance.now() - t;

  await service.handle({ type: 'quotas/save', quotas: benchQuotas });

  // Each write schedules a badge refresh (a cold progress) 50 ms later. Let it finish before the next
  // write, so that "record one" is the write alone and not the write queued behind a refresh.
  const settle = async () => {
    await new Promise((r) => setTimeout(r, 60));
    await service.progress();
    await new Promise((r) => setTimeout(r, 5));
  };
  const record = [];
  const afterWrite = [];
  for (let i = 0; i < 100; i += 1) {
    t = performance.now();
    await service.handle({ type: 'activity/log', entry: { kind: 'call' } });
    record.push(performance.now() - t);
    // What the popup asks right after a capture or an entry: the write patched the cache.
    t = performance.now();
    await service.progress();
    afterWrite.push(performance.now() - t);
    await settle();
  }
  await settle();
  const cold = [];
  const warm = [];
  for (let i = 0; i < 30; i += 1) {
    service.invalidate();
    t = performance.now();
    await service.progress();
    cold.push(performance.now() - t);
    t = performance.now();
    const report = await service.progress();
    warm.push(performance.now() - t);
    if (report.quotas.length !== 5) throw new Error('expected five quotas');
  }
  // Baseline: the same progress from a plain scan of every activity.
  const scan = [];
  const settings = await service.getSettings();
  const quotas = await service.getQuotas();
  let check;
  for (let i = 0; i < 5; i += 1) {
    t = performance.now();
    const all = await store.all();
    check = computeProgress({ quotas, settings, now: Date.now(), activities: all });
    scan.push(performance.now() - t);
  }
  const indexed = await service.progress();
  const same = JSON.stringify(indexed.quotas.map((q) => q.done)) === JSON.stringify(check.quotas.map((q) => q.done));
  await store.deleteAll();
  return {
    importMs,
    record: median(record),
    cold: median(cold),
    warm: median(warm),
    afterWrite: median(afterWrite),
    scan: median(scan),
    same,
  };
}

export async function run() {
  const dir = buildExtension('.output-bench', { VITE_QR_BENCH: '1' });
  const { context, worker } = await launch(dir);
  try {
    console.log('\n## Store and quota engine (in the extension service worker, real IndexedDB)\n');
    console.log(
      '| activities | import all | record one (median) | progress, 5 quotas: cold / after a write / warm (median) | baseline: plain scan (median) | scan ÷ cold | same result |',
    );
    console.log('|---:|---:|---:|---:|---:|---:|:---:|');
    await worker.evaluate(async () => {
      for (let i = 0; i < 100 && !globalThis.quotaRadarBench; i += 1) await new Promise((r) => setTimeout(r, 50));
      if (!globalThis.quotaRadarBench) throw new Error('not a benchmark build');
    });
    for (const size of SIZES) {
      const r = await worker.evaluate(measureInWorker, { size, benchQuotas: BENCH_QUOTAS });
      console.log(
        `| ${size.toLocaleString('en')} | ${ms(r.importMs)} | ${ms(r.record)} | ${ms(r.cold)} / ${ms(r.afterWrite)} / ${ms(r.warm)} | ${ms(r.scan)} | ${(r.scan / r.cold).toFixed(1)}× | ${r.same ? 'yes' : 'NO'} |`,
      );
    }
    console.log('\nCold: the cache dropped, as when the browser restarts an idle service worker; after a write: the first call after');
    console.log('a manual entry (writes patch the cache); warm: the same call again.');
    console.log('Record one: one manual entry through the service, with the badge refresh it schedules left to settle between entries.');
    console.log('\nGoal at 100,000: progress for five quotas under 10 ms median, at least 20× faster than the scan.');
  } finally {
    await context.close();
  }
}
