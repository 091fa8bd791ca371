import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, type BrowserContext, type CDPSession, chromium, type Page, type Worker } from '@playwright/test';

/**
 * Stops the extension's service worker alone, as Chrome does when it is idle or wants the memory:
 * a second DevTools client closes the worker's target. The next message or extension page starts a
 * fresh worker with none of the old one's globals (Chrome's guide "Test service worker termination
 * with Puppeteer" does the same). Closing the whole browser, as restartBrowser does, never stops a
 * worker in the middle of a message.
 */

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

/** The DevTools port Chromium picked for `--remote-debugging-port=0`, from the profile directory. */
export async function devToolsPort(userDataDir: string, timeoutMs = 10_000): Promise<number> {
  const file = path.join(userDataDir, 'DevToolsActivePort');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await readFile(file, 'utf8').catch(() => '');
    const port = Number.parseInt(text.split('\n')[0] ?? '', 10);
    if (Number.isInteger(port) && port > 0) return port;
    if (Date.now() > deadline)
      throw new Error(`no DevToolsActivePort in ${userDataDir}: was the browser launched with --remote-debugging-port=0?`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export class WorkerStopper {
  /** How many workers this stopper ended. */
  stops = 0;

  private constructor(
    private readonly browser: Browser,
    private readonly session: CDPSession,
    private readonly extensionId: string,
  ) {}

  /** Connects to a browser started by launchWithDebugging. */
  static async attach(userDataDir: string, extensionId: string): Promise<WorkerStopper> {
    const port = await devToolsPort(userDataDir);
    const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    const session = await browser.newBrowserCDPSession();
    return new WorkerStopper(browser, session, extensionId);
  }

  /** The extension's running service workers (none while it is stopped). */
  async workerTargets(): Promise<TargetInfo[]> {
    const { targetInfos } = (await this.session.send('Target.getTargets')) as { targetInfos: TargetInfo[] };
    return targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${this.extensionId}/`));
  }

  /**
   * Ends the worker if one runs; returns whether one was stopped. It does not wait for the target to
   * disappear: a message already on its way (a resend) starts a fresh worker at once, under the
   * same target id.
   */
  async stop(): Promise<boolean> {
    let stopped = false;
    for (const target of await this.workerTargets()) {
      const { success } = (await this.session
        .send('Target.closeTarget', { targetId: target.targetId })
        .catch(() => ({ success: false }))) as {
        success: boolean;
      };
      stopped ||= success;
    }
    if (stopped) this.stops += 1;
    return stopped;
  }

  /** Disconnects this client only; the browser keeps running. */
  async detach(): Promise<void> {
    await this.session.detach().catch(() => undefined);
    await this.browser.close().catch(() => undefined);
  }
}

/** The extension's live worker in this context, waking one if it was stopped. */
export async function liveWorker(context: BrowserContext, wake: () => Promise<unknown>): Promise<Worker> {
  const running = context.serviceWorkers().filter((w) => w.url().startsWith('chrome-extension://'));
  for (const worker of running.reverse()) {
    const alive = await worker.evaluate(() => true).catch(() => false);
    if (alive) return worker;
  }
  const next = context.waitForEvent('serviceworker');
  await wake();
  return next;
}

/** Messages from an extension page; undefined when the worker was stopped under the message. */
export async function ask<T = unknown>(page: Page, message: unknown): Promise<T | undefined> {
  const response = (await page.evaluate((m) => chrome.runtime.sendMessage(m), message).catch(() => undefined)) as
    | { ok: boolean; data: T; error?: string }
    | undefined;
  if (response && !response.ok) throw new Error(`${JSON.stringify(message)}: ${response.error}`);
  return response?.data;
}
