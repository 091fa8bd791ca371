import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The "permissions granted" test build: headless Chromium cannot answer a permission prompt, so the
 * specs that connect phone systems, calendars and CRMs run on a build holding the optional hosts from
 * install (QR_GRANT_OPTIONAL_FOR_TESTS=1), with the test timers (VITE_QR_TEST_TIMERS=1: the CRM claim
 * lease in seconds, lib/test-timers.ts). Never a release build.
 *
 * Built once per Playwright run (the run id is set in playwright.config.ts), or not at all when the
 * caller built it already (`npm test` builds it beside the other two: QR_REUSE_GRANTED_BUILD=1).
 */
export const GRANTED_OUT = '.output-e2e-granted';
export const GRANTED_DIR = path.resolve(GRANTED_OUT, 'chrome-mv3');
export const GRANTED_BUILD_ENV = { QR_OUT_DIR: GRANTED_OUT, QR_GRANT_OPTIONAL_FOR_TESTS: '1', VITE_QR_TEST_TIMERS: '1' };

const STAMP = path.join(GRANTED_OUT, 'run-id');

export function ensureGrantedBuild(): string {
  if (process.env.QR_REUSE_GRANTED_BUILD === '1' && existsSync(GRANTED_DIR)) return GRANTED_DIR;
  const runId = process.env.QR_E2E_RUN_ID ?? '';
  const current = () => Boolean(runId) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === runId && existsSync(GRANTED_DIR);
  if (current()) return GRANTED_DIR;
  // Two Playwright workers may get here together: one builds, the other waits for its stamp.
  mkdirSync(GRANTED_OUT, { recursive: true });
  while (!tryLock()) {
    if (current()) return GRANTED_DIR;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
  }
  try {
    if (!current()) {
      execFileSync('npx', ['wxt', 'build'], { env: { ...process.env, ...GRANTED_BUILD_ENV }, stdio: 'ignore' });
      if (runId) writeFileSync(STAMP, runId);
    }
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
  return GRANTED_DIR;
}

const LOCK = path.join(GRANTED_OUT, '.building');
function tryLock(): boolean {
  // A lock left by a run that died mid-build is not waited for.
  if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 5 * 60_000) rmSync(LOCK, { recursive: true, force: true });
  try {
    mkdirSync(LOCK);
    return true;
  } catch {
    return false;
  }
}
