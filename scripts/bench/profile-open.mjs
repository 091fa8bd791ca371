// Issue 24, diagnosis: what the open options page makes the worker do per capture. Seeds a history
// in the worker, then runs the captures with the options page closed and open (History and Reports
// shown), each under a CPU profile of the worker, and prints the requests the worker received, its
// busiest functions, and the IndexedDB transactions and reads it opened, beside the closed run.
// Run alone: node scripts/bench/profile-open.mjs (QR_BENCH_PROFILE_SIZE, default 100000).
import { captureToPopup, printCaptureSteps } from './capture-to-popup.mjs';
import { benchReady, openOptions, seedInWorker, settle } from './options-open.mjs';
import { BENCH_QUOTAS } from './quotas.mjs';
import { launchBenchExtension } from './worker-control.mjs';

const SIZE = Number(process.env.QR_BENCH_PROFILE_SIZE ?? 100_000);

/** A session on the worker's target (not flattened: Playwright's own session stays untouched). */
async function workerSession(cdp, control) {
  const [target] = await control.targets();
  if (!target) throw new Error('no worker');
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
  const pending = new Map();
  let nextId = 1;
  const onMessage = (event) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message);
    const resolve = pending.get(message.id);
    if (resolve) {
      pending.delete(message.id);
      resolve(message);
    }
  };
  cdp.on('Target.receivedMessageFromTarget', onMessage);
  const call = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (m) => (m.error ? reject(new Error(m.error.message)) : resolve(m.result)));
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
    });
  const close = async () => {
    cdp.off('Target.receivedMessageFromTarget', onMessage);
    await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
  };
  return { call, close };
}

/** Counts IndexedDB transactions and store/index reads made in the worker (wrapping the prototypes). */
function countIdb() {
  const g = globalThis;
  if (g.qrIdbCounts) {
    for (const k of Object.keys(g.qrIdbCounts)) g.qrIdbCounts[k] = 0;
    return;
  }
  g.qrIdbCounts = {};
  const bump = (name) => {
    g.qrIdbCounts[name] = (g.qrIdbCounts[name] ?? 0) + 1;
  };
  const wrap = (proto, label, names) => {
    for (const name of names) {
      const original = proto[name];
      proto[name] = function (...args) {
        bump(`${label}.${name}${label === 'tx' ? '' : `:${this.name}`}`);
        return original.apply(this, args);
      };
    }
  };
  const db = IDBDatabase.prototype;
  const transaction = db.transaction;
  db.transaction = function (stores, mode, ...rest) {
    bump(`tx:${[].concat(stores).join('+')}:${mode ?? 'readonly'}`);
    return transaction.call(this, stores, mode, ...rest);
  };
  wrap(IDBObjectStore.prototype, 'store', ['get', 'getAll', 'getAllKeys', 'count', 'openCursor', 'openKeyCursor', 'put', 'add']);
  wrap(IDBIndex.prototype, 'index', ['get', 'getAll', 'getAllKeys', 'count', 'openCursor', 'openKeyCursor']);
  const next = IDBCursor.prototype.continue;
  IDBCursor.prototype.continue = function (...args) {
    bump('cursor.continue');
    return next.apply(this, args);
  };
}

/** Self time per function (top `n`), from a CPU profile. */
function hottest(profile, n = 15) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  const idle = new Set(['(idle) :0', '(program) :0', '(garbage collector) :0']);
  const busy = [...self].filter(([k]) => !idle.has(k)).reduce((s, [, v]) => s + v, 0);
  return { busy, top: [...self].sort((a, b) => b[1] - a[1]).slice(0, n) };
}

async function profiled(cdp, control, label, work) {
  const worker = await control.live(async () => undefined);
  await worker.evaluate(countIdb);
  await worker.evaluate(() => performance.clearMarks());
  const session = await workerSession(cdp, control);
  await session.call('Profiler.enable');
  await session.call('Profiler.setSamplingInterval', { interval: 200 });
  await session.call('Profiler.start');
  const result = await work();
  const { profile } = await session.call('Profiler.stop');
  await session.close();
  const counts = await worker.evaluate(() => ({ ...globalThis.qrIdbCounts }));
  const received = await worker.evaluate(() => {
    const out = {};
    for (const m of performance.getEntriesByType('mark'))
      if (m.name.startsWith('qr:received:')) out[m.name.slice(12)] = (out[m.name.slice(12)] ?? 0) + 1;
    return out;
  });
  const { busy, top } = hottest(profile);
  console.log(`\n### ${label}: ${result.times.length} captures, shown ${result.times.map((t) => Math.round(t)).join(', ')} ms`);
  console.log(`worker busy (sampled, not idle): ${busy.toFixed(0)} ms`);
  console.log('requests received:', JSON.stringify(received));
  console.log('IndexedDB calls:', JSON.stringify(Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]))));
  for (const [k, v] of top) console.log(`  ${v.toFixed(1).padStart(8)} ms  ${k}`);
  printCaptureSteps(result.steps);
}

const { context, cdp, cdpBrowser, userDataDir, extensionId, control, wake } = await launchBenchExtension();
try {
  const worker = await benchReady(await control.live(wake));
  for (const page of context.pages()) if (page.url().includes('/options.html')) await page.close();
  await worker.evaluate(async (quotas) => {
    const { service, store } = globalThis.quotaRadarBench;
    await store.deleteAll();
    await service.handle({ type: 'quotas/save', quotas });
  }, BENCH_QUOTAS);
  await seedInWorker(worker, SIZE, Date.now());
  await settle(worker);
  const wait = { timeoutMs: 60_000, tolerant: true };
  await profiled(cdp, control, `${SIZE} activities, options page closed`, () => captureToPopup(context, extensionId, control, wait));
  const options = await openOptions(context, extensionId);
  if (process.env.QR_BENCH_PROFILE_MEMO) {
    // Diagnosis: History's kept counts, each ask, hit or read, and what dropped them.
    await (await control.live(wake)).evaluate(() => {
      const { store } = globalThis.quotaRadarBench;
      const memo = store.counts;
      const log = (globalThis.qrMemoLog = []);
      const t0 = performance.now();
      const at = () => Math.round(performance.now() - t0);
      const through = memo.through.bind(memo);
      memo.through = async (kinds, from, to, read) => {
        const hit = memo.get(JSON.stringify([kinds ?? null, from, to])) !== undefined;
        const start = at();
        const count = await through(kinds, from, to, read);
        log.push(`${start}-${at()} count ${hit ? 'kept' : 'read'} ${count} kept now: ${memo.counts.size} running: ${store.writesRunning}`);
        return count;
      };
      for (const name of ['forget', 'writeStarted']) {
        const original = memo[name].bind(memo);
        memo[name] = () => {
          log.push(`${at()} ${name} ${new Error().stack.split('\n').slice(2, 4).join(' < ')}`);
          original();
        };
      }
    });
  }
  await profiled(cdp, control, `${SIZE} activities, options page open`, () => captureToPopup(context, extensionId, control, wait));
  await options.close();
  if (process.env.QR_BENCH_PROFILE_MEMO) console.log((await (await control.live(wake)).evaluate(() => globalThis.qrMemoLog)).join('\n'));
} finally {
  await cdp.detach().catch(() => undefined);
  await cdpBrowser.close().catch(() => undefined);
  await context.close();
  const { rmSync } = await import('node:fs');
  rmSync(userDataDir, { recursive: true, force: true });
}
