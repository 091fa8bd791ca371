// @vitest-environment jsdom
// @vitest-environment-options {"url": "https://web.telegram.org/k/#@buyer"}
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import pageWorldHooks from '../../../entrypoints/page-world-hooks.content';
import relay from '../../../entrypoints/relay.content';
import { pageWorldHooksFor } from '../../../lib/capture/page-world-hooks';
import { TELEGRAM_K_EVENT_URL, telegramPageWorldHook } from '../../../lib/capture/telegram/page-world-hook';
import { whatsappPageWorldHook } from '../../../lib/capture/whatsapp/page-world-hook';
import { MY_ID, messageSentEvent } from '../../builders/telegram';

/** tweb's rootScope as the K hook finds it on window: an event bus. */
class FakeRootScope {
  myId = MY_ID;
  private listeners = new Map<string, ((event: unknown) => void)[]>();
  addEventListener(name: string, callback: (event: unknown) => void) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), callback]);
  }
  dispatchEvent(name: string, event: unknown) {
    for (const callback of this.listeners.get(name) ?? []) callback(event);
  }
}

const sendMessage = vi.spyOn(fakeBrowser.runtime, 'sendMessage');
const rootScope = new FakeRootScope();

beforeAll(() => {
  vi.stubGlobal('chrome', { runtime: fakeBrowser.runtime });
  (window as Window & { rootScope?: unknown }).rootScope = rootScope;
  (pageWorldHooks.main as () => void)();
  relay.main({} as never);
});

beforeEach(() => {
  sendMessage.mockReset();
  sendMessage.mockResolvedValue(undefined);
});

describe('page-world hooks content script on Telegram Web K', () => {
  it("runs Telegram's hook there and nowhere else (WhatsApp Web has its own)", () => {
    expect(pageWorldHooksFor('web.telegram.org')).toEqual([telegramPageWorldHook]);
    expect(pageWorldHooksFor('web.whatsapp.com')).toEqual([whatsappPageWorldHook]);
    for (const host of ['mail.google.com', 'vk.com', 'evil.example']) expect(pageWorldHooksFor(host)).toEqual([]);
    expect(pageWorldHooks.matches).toEqual(['https://web.telegram.org/*', 'https://web.whatsapp.com/*']);
    expect(pageWorldHooks.world).toBe('MAIN');
  });

  it("a sent message on the client's bus reaches the background as a capture/observed, without its text", async () => {
    rootScope.dispatchEvent('message_sent', messageSentEvent());
    await vi.waitFor(() => expect(sendMessage).toHaveBeenCalledTimes(1));
    const message = sendMessage.mock.calls[0]?.[0] as { type: string; observation: { request: { url: string; body: string } } };
    expect(message.type).toBe('capture/observed');
    expect(message.observation.request.url).toBe(TELEGRAM_K_EVENT_URL);
    expect(JSON.parse(message.observation.request.body)).toMatchObject({
      v: 1,
      client: 'k',
      peerId: '5550001',
      peerKind: 'user',
      mid: '4242',
    });
    expect(JSON.stringify(message)).not.toContain('SECRET');
  });

  it('an incoming message (not pFlags.out) is not reported', async () => {
    rootScope.dispatchEvent('message_sent', messageSentEvent({ out: false }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sendMessage).not.toHaveBeenCalled();
  });

  it('each client gets its own hook: Worker is wrapped on A pages only', () => {
    class FakeWorker extends EventTarget {}
    const windowAt = (pathname: string) =>
      ({
        location: { pathname, href: `https://web.telegram.org${pathname}` },
        Worker: FakeWorker,
        EventTarget,
        setTimeout,
      }) as unknown as Window & { Worker: typeof Worker };
    const k = windowAt('/k/');
    telegramPageWorldHook({ window: k, report: () => {} });
    expect(k.Worker).toBe(FakeWorker);
    const a = windowAt('/a/');
    telegramPageWorldHook({ window: a, report: () => {} });
    expect(a.Worker).not.toBe(FakeWorker);
    expect(new a.Worker('x')).toBeInstanceOf(FakeWorker);
  });
});
