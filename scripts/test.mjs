#!/usr/bin/env node
// The one test command: fresh builds for both browsers, then the end-to-end tests in Debian's Chromium (every spec)
// and Firefox ESR (the cross-browser scenarios, *.both.spec.ts) beside the type check, lint and format check, and unit tests.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** The granted test build's settings (tests/e2e/granted-build.ts says why). */
const GRANTED_BUILD_ENV = { QR_OUT_DIR: '.output-e2e-granted', QR_GRANT_OPTIONAL_FOR_TESTS: '1', VITE_QR_TEST_TIMERS: '1' };

const CHROMIUM_CANDIDATES = ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
const FIREFOX_CANDIDATES = ['/usr/bin/firefox-esr', '/usr/lib/firefox-esr/firefox-esr', '/usr/bin/firefox'];
const STARTED = performance.now();
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

/** Runs a command; `quiet` keeps its output until it ends and prints it then (parallel phases stay readable). */
function run(command, args, { env = {}, quiet = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit', env: { ...process.env, ...env } });
    let output = '';
    if (quiet) {
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
    }
    child.on('close', (code) => {
      console.log(`\n$ ${command} ${args.join(' ')}${quiet && output ? `\n${output.trimEnd()}` : ''}\n(exit ${code ?? 1})`);
      resolve(code ?? 1);
    });
  });
}

/** Wall time of each phase, printed at the end. */
const phases = [];
async function phase(name, work) {
  const began = performance.now();
  const result = await work();
  phases.push([name, (performance.now() - began) / 1000]);
  return result;
}

// Phase 1: the Chrome and Firefox builds, and the "permissions granted" test build (made once, here).
const builds = await phase('builds: Chrome, Firefox, granted test build', () =>
  Promise.all([
    run('npx', ['wxt', 'build'], { quiet: true }),
    run('npx', ['wxt', 'build', '-b', 'firefox', '--mv3'], { quiet: true }),
    run('npx', ['wxt', 'build'], { quiet: true, env: GRANTED_BUILD_ENV }),
  ]),
);
const build = builds.find((code) => code !== 0) ?? 0;
// Phase 2, side by side: the end-to-end tests (one Playwright run, both projects: chromium every
// spec, firefox *.both.spec.ts), which mostly wait (pages, undo windows, workers), and the checks
// that keep the cores busy meanwhile: the type check then Biome, and the unit tests.
const [e2e, [typecheck, lint], unit] = await phase('end to end beside type check, lint, unit', () =>
  Promise.all([
    build === 0
      ? run('npx', ['playwright', 'test'], { env: { CHROMIUM_PATH: chromium, FIREFOX_PATH: firefox, QR_REUSE_GRANTED_BUILD: '1' } })
      : Promise.resolve(1),
    (async () => {
      const tsc = await run('npx', ['tsc', '--noEmit'], { quiet: true });
      return [tsc, await run('npx', ['biome', 'check', '.'], { quiet: true })];
    })(),
    run('npx', ['vitest', 'run', '--reporter=dot', '--reporter=json', '--outputFile=test-results/unit-report.json'], { quiet: true }),
  ]),
);

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
for (const [name, seconds] of phases) console.log(`phase ${name}: ${seconds.toFixed(0)} s`);
console.log(`total: ${((performance.now() - STARTED) / 1000).toFixed(0)} s`);
const failed = typecheck !== 0 || lint !== 0 || unit !== 0 || build !== 0 || e2e !== 0;
console.log(
  `all: ${u.passed + e.passed} passed, ${u.failed + e.failed + (failed && u.failed + e.failed === 0 ? 1 : 0)} failed, ${u.skipped + e.skipped} skipped`,
);
process.exit(failed ? 1 : 0);
