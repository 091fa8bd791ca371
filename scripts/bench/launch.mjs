// Shared by the benchmark sections: builds the extension and starts Debian's Chromium with it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';

const CANDIDATES = ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium() {
  const found = process.env.CHROMIUM_PATH ?? CANDIDATES.find((p) => existsSync(p));
  if (!found) throw new Error('Chromium not found: apt-get install -y chromium, or set CHROMIUM_PATH');
  return found;
}

/**
 * Builds into its own folder so that a benchmark build never replaces the one tests use
 * (QR_BENCH_OUT_DIR: another folder, so that two benchmark runs never rebuild under each other).
 */
export function buildExtension(defaultOutDir, env = {}) {
  const outDir = process.env.QR_BENCH_OUT_DIR ?? defaultOutDir;
  const result = spawnSync('npx', ['wxt', 'build'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, QR_OUT_DIR: outDir, ...env },
  });
  if (result.status !== 0) throw new Error(`build into ${outDir} failed`);
  return path.resolve(outDir, 'chrome-mv3');
}

export async function launch(extensionDir, extraArgs = [], userDataDir = '') {
  const args = [
    ...extraArgs,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
  if (extensionDir) args.push(`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`);
  const context = await chromium.launchPersistentContext(userDataDir, { headless: true, executablePath: findChromium(), args });
  const worker = extensionDir ? (context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'))) : undefined;
  return { context, worker };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const ms = (v) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;

/**
 * A browser with the extension whose DevTools endpoint a second client can reach (to stop the
 * worker alone). Chromium picks the port (several browsers run at once on one machine) and writes
 * it to DevToolsActivePort in the profile directory.
 */
export async function launchWithDebugging(extensionDir) {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'qr-bench-'));
  const { context, worker } = await launch(extensionDir, ['--remote-debugging-port=0'], userDataDir);
  const file = path.join(userDataDir, 'DevToolsActivePort');
  // A busy machine is slow, not wrong: the browser may take long to write its port.
  const deadline = Date.now() + 180_000;
  let port;
  while (!port) {
    const text = await readFile(file, 'utf8').catch(() => '');
    const value = Number.parseInt(text.split('\n')[0] ?? '', 10);
    if (Number.isInteger(value) && value > 0) port = value;
    else if (Date.now() > deadline) throw new Error(`no DevToolsActivePort in ${userDataDir}`);
    else await new Promise((r) => setTimeout(r, 50));
  }
  const cdpBrowser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const cdp = await cdpBrowser.newBrowserCDPSession();
  return { context, worker, cdp, cdpBrowser, userDataDir };
}
