#!/usr/bin/env node
// The one test command: unit tests, a fresh build, then end-to-end tests in Debian's Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const CANDIDATES = ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
const chromium = process.env.CHROMIUM_PATH ?? CANDIDATES.find((p) => existsSync(p));
if (!chromium || !existsSync(chromium)) {
  console.error(
    'npm test needs Chromium for the end-to-end tests and found none.\n' +
      'Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH to its executable.',
  );
  process.exit(1);
}

function run(command, args, env = {}) {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

const unit = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=test-results/unit-report.json']);
const build = run('npx', ['wxt', 'build']);
const e2e = build === 0 ? run('npx', ['playwright', 'test'], { CHROMIUM_PATH: chromium }) : 1;

function counts(file, read) {
  try {
    return read(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return { passed: 0, failed: 0, skipped: 0 };
  }
}
const u = counts('test-results/unit-report.json', (r) => ({
  passed: r.numPassedTests,
  failed: r.numFailedTests,
  skipped: r.numPendingTests + r.numTodoTests,
}));
const e = counts('test-results/e2e-report.json', (r) => ({
  passed: r.stats.expected + r.stats.flaky,
  failed: r.stats.unexpected,
  skipped: r.stats.skipped,
}));
console.log(`\nunit: ${u.passed} passed, ${u.failed} failed, ${u.skipped} skipped`);
console.log(`e2e: ${e.passed} passed, ${e.failed} failed, ${e.skipped} skipped`);
const failed = unit !== 0 || build !== 0 || e2e !== 0;
console.log(`all: ${u.passed + e.passed} passed, ${u.failed + e.failed + (failed && u.failed + e.failed === 0 ? 1 : 0)} failed, ${u.skipped + e.skipped} skipped`);
process.exit(failed ? 1 : 0);
