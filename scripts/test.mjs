#!/usr/bin/env node
// The one test command: type check, lint and format check, unit tests, fresh builds for both browsers, then end-to-end tests in
// Debian's Chromium (every spec) and Firefox ESR (the cross-browser scenarios, *.both.spec.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const CHROMIUM_CANDIDATES = ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
const FIREFOX_CANDIDATES = ['/usr/bin/firefox-esr', '/usr/lib/firefox-esr/firefox-esr', '/usr/bin/firefox'];
const chromium = process.env.CHROMIUM_PATH ?? CHROMIUM_CANDIDATES.find((p) => existsSync(p));
const firefox = process.env.FIREFOX_PATH ?? FIREFOX_CANDIDATES.find((p) => existsSync(p));
const missing = [
  (!chromium || !existsSync(chromium)) && 'Chromium (Debian: apt-get install -y chromium, or set CHROMIUM_PATH)',
  (!firefox || !existsSync(firefox)) && 'Firefox (Debian: apt-get install -y firefox-esr, or set FIREFOX_PATH)',
].filter(Boolean);
if (missing.length > 0) {
  console.error(`npm test needs both browsers for the end-to-end tests and found no:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}

function run(command, args, env = {}) {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

// Static checks first: the type check and the linter/formatter (Biome) over the whole tree.
const typecheck = run('npx', ['tsc', '--noEmit']);
const lint = run('npx', ['biome', 'check', '.']);
const unit = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=test-results/unit-report.json']);
const build = run('npx', ['wxt', 'build']) || run('npx', ['wxt', 'build', '-b', 'firefox', '--mv3']);
// One Playwright run, both projects: one browser at a time (workers: 1), one report.
const e2e = build === 0 ? run('npx', ['playwright', 'test'], { CHROMIUM_PATH: chromium, FIREFOX_PATH: firefox }) : 1;

function read(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
const zero = () => ({ passed: 0, failed: 0, skipped: 0 });
const unitReport = read('test-results/unit-report.json');
const u = unitReport
  ? { passed: unitReport.numPassedTests, failed: unitReport.numFailedTests, skipped: unitReport.numPendingTests + unitReport.numTodoTests }
  : zero();

/** Per browser (Playwright project): the last result of each test decides, as Playwright's own stats do. */
const perBrowser = { chromium: zero(), firefox: zero() };
function walk(suite) {
  for (const spec of suite.specs ?? []) {
    for (const t of spec.tests ?? []) {
      const counts = (perBrowser[t.projectName] ??= zero());
      if (t.status === 'skipped') counts.skipped += 1;
      else if (t.status === 'expected' || t.status === 'flaky') counts.passed += 1;
      else counts.failed += 1;
    }
  }
  for (const child of suite.suites ?? []) walk(child);
}
const e2eReport = read('test-results/e2e-report.json');
for (const suite of e2eReport?.suites ?? []) walk(suite);
const e = Object.values(perBrowser).reduce(
  (a, b) => ({ passed: a.passed + b.passed, failed: a.failed + b.failed, skipped: a.skipped + b.skipped }),
  zero(),
);

console.log(`\nunit: ${u.passed} passed, ${u.failed} failed, ${u.skipped} skipped`);
for (const [browser, c] of Object.entries(perBrowser))
  console.log(`e2e ${browser}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
console.log(`e2e: ${e.passed} passed, ${e.failed} failed, ${e.skipped} skipped`);
console.log(`typecheck: ${typecheck === 0 ? 'passed' : 'FAILED'}; lint and format: ${lint === 0 ? 'passed' : 'FAILED'}`);
const failed = typecheck !== 0 || lint !== 0 || unit !== 0 || build !== 0 || e2e !== 0;
console.log(
  `all: ${u.passed + e.passed} passed, ${u.failed + e.failed + (failed && u.failed + e.failed === 0 ? 1 : 0)} failed, ${u.skipped + e.skipped} skipped`,
);
process.exit(failed ? 1 : 0);
