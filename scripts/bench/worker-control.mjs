import { buildExtension, launchWithDebugging } from './launch.mjs';
// The extension's service worker seen through a second DevTools client: stopped for real (as Chrome
// stops an idle worker), found again once something wakes it, and asked for its heap.

export class WorkerControl {
  /** @param {import('@playwright/test').BrowserContext} context @param {import('@playwright/test').CDPSession} cdp */
  constructor(context, cdp, extensionId) {
    this.context = context;
    this.cdp = cdp;
    this.extensionId = extensionId;
    this.nextId = 1;
  }

  async targets() {
    const { targetInfos } = await this.cdp.send('Target.getTargets');
    return targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${this.extensionId}/`));
  }

  /** Closes the worker's target and waits until the browser lists no worker for the extension. */
  async stop() {
    for (const target of await this.targets())
      await this.cdp.send('Target.closeTarget', { targetId: target.targetId }).catch(() => undefined);
    const deadline = Date.now() + 10_000;
    while ((await this.targets()).length > 0) {
      if (Date.now() > deadline) throw new Error('the service worker did not stop');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /**
   * The running worker (Playwright's handle), waking one with `wake` if none answers. A busy machine
   * is slow, not wrong: a wake whose page or worker went away meanwhile ("Target page, context or
   * browser has been closed") is tried again, for up to three minutes.
   */
  async live(wake) {
    const deadline = Date.now() + 180_000;
    for (let attempt = 1; ; attempt += 1) {
      for (const worker of [...this.context.serviceWorkers()].reverse()) {
        if (!worker.url().startsWith(`chrome-extension://${this.extensionId}/`)) continue;
        if (await worker.evaluate(() => true).catch(() => false)) return worker;
      }
      const next = this.context.waitForEvent('serviceworker', { timeout: 60_000 });
      next.catch(() => undefined);
      try {
        await wake();
        return await next;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`no service worker after ${attempt} wakes: ${error}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /**
   * Evaluates `fn(arg)` in the running worker (its benchmark handle ready), waking one with `wake` if
   * none answers; an evaluation cut short because the worker went away meanwhile (a busy machine:
   * "Target page, context or browser has been closed") runs again in the next one. For idempotent
   * steps only.
   */
  async evaluate(wake, fn, arg) {
    const deadline = Date.now() + 180_000;
    for (;;) {
      const worker = await this.live(wake);
      try {
        await worker.evaluate(async () => {
          for (let i = 0; i < 400 && !globalThis.quotaRadarBench; i += 1) await new Promise((r) => setTimeout(r, 25));
        });
        return await worker.evaluate(fn, arg);
      } catch (error) {
        if (!/closed|destroyed|detached/i.test(String(error)) || Date.now() > deadline) throw error;
      }
    }
  }

  /**
   * The worker's JavaScript heap after a full garbage collection, in bytes (what it holds, not what
   * it allocated on the way), through a flat-less target session: Runtime.getHeapUsage.
   */
  async heap() {
    const [target] = await this.targets();
    if (!target) throw new Error('no worker to measure');
    const { sessionId } = await this.cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
    const pending = new Map();
    const onMessage = (event) => {
      if (event.sessionId !== sessionId) return;
      const message = JSON.parse(event.message);
      const resolve = pending.get(message.id);
      if (resolve) {
        pending.delete(message.id);
        resolve(message);
      }
    };
    this.cdp.on('Target.receivedMessageFromTarget', onMessage);
    const call = (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = this.nextId++;
        pending.set(id, (message) => (message.error ? reject(new Error(message.error.message)) : resolve(message.result)));
        this.cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
      });
    try {
      await call('HeapProfiler.enable');
      await call('HeapProfiler.collectGarbage');
      const { usedSize, totalSize } = await call('Runtime.getHeapUsage');
      return { usedSize, totalSize };
    } finally {
      this.cdp.off('Target.receivedMessageFromTarget', onMessage);
      await this.cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
    }
  }
}

/**
 * The benchmark build launched with DevTools: its worker under control, and `wake`, which starts a
 * stopped worker the way a rep does (an extension page opened). `prepare(dir)` runs on the build first.
 */
export async function launchBenchExtension(prepare = () => undefined) {
  const dir = buildExtension('.output-bench', { VITE_QR_BENCH: '1' });
  prepare(dir);
  const launched = await launchWithDebugging(dir);
  const extensionId = new URL(launched.worker.url()).host;
  const control = new WorkerControl(launched.context, launched.cdp, extensionId);
  const wake = async () => {
    const page = await launched.context.newPage();
    await page.goto(`chrome-extension://${extensionId}/options.html`);
    await page.close();
  };
  return { ...launched, extensionId, control, wake };
}
