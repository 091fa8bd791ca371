// Issue 5: time from opening the popup to the first frame showing the numbers, with 100,000
// activities stored, beside the same with an empty store; and the popup's bundle size.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { buildExtension, launch, median, ms } from './launch.mjs';

const SIZE = Number(process.env.QR_BENCH_POPUP_SIZE ?? 100_000);
const OPENS = 15;

/** Fills the store inside the service worker (bench build) with `size` activities over two years. */
async function fill(size) {
  for (let i = 0; i < 100 && !globalThis.quotaRadarBench; i += 1) await new Promise((r) => setTimeout(r, 50));
  const { store, service } = globalThis.quotaRadarBench;
  await store.deleteAll();
  const kinds = ['email', 'email', 'email', 'call', 'call', 'linkedin_message', 'linkedin_invite', 'social_touch', 'meeting', 'deal'];
  const now = Date.now();
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const activities = [];
  for (let i = 0; i < size; i += 1) {
    const kind = kinds[Math.floor(random() * kinds.length)];
    const at = Math.floor(now - random() * 2 * 365 * 86_400_000);
    activities.push({
      id: `popup-${i}`, kind, channel: 'manual', occurredAt: at, account: 'rep@acme.example',
      recipients: [{ address: `p${Math.floor(random() * 5000)}@prospect.example` }],
      dedupeKey: `popup:${i}`, status: 'counted', detection: { method: 'import' }, createdAt: at, updatedAt: at,
    });
  }
  await store.importAll(activities);
  service.invalidate();
  return store.count();
}

async function opens(context, worker, extensionId, cold) {
  const times = [];
  for (let i = 0; i < OPENS; i += 1) {
    // Cold: the background's cache is dropped, as after the browser stopped an idle worker.
    if (cold) await worker.evaluate(() => globalThis.quotaRadarBench.service.invalidate());
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    const shown = await page.waitForFunction(
      () => performance.getEntriesByName('quota-radar:numbers-shown')[0]?.startTime,
      undefined,
      { timeout: 30_000 },
    );
    times.push(await shown.jsonValue());
    await page.close();
  }
  return median(times);
}

function popupBytes(dir) {
  const chunks = path.join(dir, 'chunks');
  const files = readdirSync(chunks).filter((f) => f.startsWith('popup-') || f.startsWith('jsx-runtime-'));
  return files.map((f) => {
    const full = path.join(chunks, f);
    return { file: f, bytes: statSync(full).size, gzip: gzipSync(readFileSync(full)).length };
  });
}

export async function run() {
  const dir = buildExtension('.output-bench', { VITE_QR_BENCH: '1' });
  const { context, worker } = await launch(dir);
  try {
    const extensionId = new URL(worker.url()).host;
    console.log('\n## Popup: first frame with the numbers after opening (median of 15 opens)\n');
    console.log('| activities stored | background cache dropped (cold) | background warm |');
    console.log('|---:|---:|---:|');
    for (const size of [0, SIZE]) {
      const stored = await worker.evaluate(fill, size);
      const cold = await opens(context, worker, extensionId, true);
      const warm = await opens(context, worker, extensionId, false);
      console.log(`| ${stored.toLocaleString('en')} | ${ms(cold)} | ${ms(warm)} |`);
    }
    console.log('\nGoal: under 150 ms with 100,000 activities stored.');
    console.log('\nPopup bundle (the React runtime chunk is shared with the options page):\n');
    console.log('| file | bytes | gzip |');
    console.log('|---|---:|---:|');
    for (const { file, bytes, gzip } of popupBytes(dir)) console.log(`| ${file} | ${bytes.toLocaleString('en')} | ${gzip.toLocaleString('en')} |`);
    await worker.evaluate(() => globalThis.quotaRadarBench.store.deleteAll());
  } finally {
    await context.close();
  }
}
