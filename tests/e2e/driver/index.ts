import { test as base } from '@playwright/test';
import { launchChromium } from './chromium';
import { launchFirefox } from './firefox';
import type { BrowserName, ExtensionDriver, LaunchOptions } from './types';

export * from './types';

/** Starts the extension in the project's browser (the Playwright project names it). */
export function launch(browserName: BrowserName, options: LaunchOptions = {}): Promise<ExtensionDriver> {
  return browserName === 'firefox' ? launchFirefox(options) : launchChromium(options);
}

/**
 * Cross-browser tests take `driver` (one fresh browser with the extension per test) or
 * `launchDriver` (for a test that needs its own launch options) and run in every project.
 */
export const test = base.extend<
  { driver: ExtensionDriver; launchDriver: (options?: LaunchOptions) => Promise<ExtensionDriver> },
  { extensionBrowser: BrowserName }
>({
  extensionBrowser: ['chromium', { option: true, scope: 'worker' }],
  launchDriver: async ({ extensionBrowser }, use) => {
    const started: ExtensionDriver[] = [];
    await use(async (options) => {
      const driver = await launch(extensionBrowser, options);
      started.push(driver);
      return driver;
    });
    for (const driver of started) await driver.close();
  },
  driver: async ({ launchDriver }, use) => {
    const driver = await launchDriver();
    // Whole periods, as the Chromium specs' countWholePeriods: a fresh install pro-rates its first
    // period from the install (issue 14), which would make each target depend on the day the test runs.
    const answer = await driver.send<{ ok: boolean; error?: string }>({ type: 'tracking/set', since: Date.now() - 366 * 86_400_000 });
    if (!answer.ok) throw new Error(`tracking/set: ${answer.error}`);
    await use(driver);
  },
});
export const expect = test.expect;
