import { defineConfig } from '@playwright/test';
import type { BrowserName } from './tests/e2e/driver/types';

/** The cross-browser scenarios: written once against tests/e2e/driver, run in each browser. */
const CROSS_BROWSER = /\.both\.spec\.ts$/;

/** One id per run, inherited by the test workers: the granted test build is made once per run (tests/e2e/granted-build.ts). */
process.env.QR_E2E_RUN_ID ??= `${process.pid}-${Date.now()}`;

export default defineConfig<{ extensionBrowser: BrowserName }>({
  testDir: 'tests/e2e',
  // Each test starts its own browser with the extension and mostly waits (for the page, the worker,
  // an undo window): two at a time on a two-core machine (QR_E2E_WORKERS to change it).
  workers: Number(process.env.QR_E2E_WORKERS ?? 2),
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: process.env.CI ? 1 : 0,
  outputDir: 'test-results/e2e-artifacts',
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-report.json' }]],
  projects: [
    // Every spec: the Chromium-only ones and the cross-browser scenarios.
    { name: 'chromium', use: { extensionBrowser: 'chromium' } },
    // Firefox runs the cross-browser scenarios (npm test builds .output/firefox-mv3 first).
    { name: 'firefox', testMatch: CROSS_BROWSER, use: { extensionBrowser: 'firefox' } },
  ],
});
