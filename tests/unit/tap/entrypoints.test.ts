// @vitest-environment jsdom
// @vitest-environment-options {"url": "https://mail.google.com/mail/u/0/"}
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import relay from '../../../entrypoints/relay.content';
import tap from '../../../entrypoints/tap.content';
import tapLinkedIn from '../../../entrypoints/tap-linkedin.content';
import { TAP_EVENT } from '../../../lib/tap/channel';
import { WATCHED_HOSTS } from '../../../lib/watched-hosts';
import config from '../../../wxt.config';

const sendMessage = vi.spyOn(fakeBrowser.runtime, 'sendMessage');

beforeAll(() => {
  // The relay calls the runtime API directly (no polyfill), as chrome.runtime in Chrome.
  vi.stubGlobal('chrome', { runtime: fakeBrowser.runtime });
  // The page's fetch, as the tap finds it at document_start.
  window.fetch = vi.fn(async () => new Response('[[["resp"]]]', { status: 200 }));
  (tap.main as () => void)();
  relay.main({} as never);
});

beforeEach(() => {
  sendMessage.mockReset();
  // The background's answer once it committed (see lib/tap/delivery.ts).
  sendMessage.mockResolvedValue({ ok: true, data: { recorded: 0, retracted: 0 } });
});

const valid = {
  pageUrl: 'https://mail.google.com/mail/u/0/',
  request: { method: 'POST', url: 'https://mail.google.com/sync/u/0/i/s', headers: {}, body: '[]' },
  response: { status: 200, body: null },
  startedAt: 1,
};

describe('tap and relay content scripts', () => {
  it('run on exactly the watched hosts, at document_start in all frames, the tap in the page world', () => {
    // Both ask for the same hosts as permissions: Firefox because MV3 host permissions are optional
    // there, Chrome because injecting into tabs open across an update needs them (matches are not enough).
    const manifest = config.manifest as (env: { browser: string }) => { host_permissions?: string[]; permissions?: string[] };
    expect(manifest({ browser: 'firefox' }).host_permissions).toEqual(WATCHED_HOSTS);
    expect(manifest({ browser: 'chrome' }).host_permissions).toEqual(WATCHED_HOSTS);
    expect(manifest({ browser: 'chrome' }).permissions).toContain('scripting');
    // Gmail 1, Outlook 4, Yahoo 1, LinkedIn 1, Mail.ru 1, Yandex 18, Proton 2, Zoho 9, VK 2, Telegram 1, WhatsApp 1.
    expect(WATCHED_HOSTS).toHaveLength(41);
    for (const host of [
      'www.linkedin.com',
      'e.mail.ru',
      'mail.yandex.ru',
      'mail.proton.me',
      'mail.zoho.eu',
      'vk.com',
      'web.vk.me',
      'web.telegram.org',
    ]) {
      expect(WATCHED_HOSTS).toContain(`https://${host}/*`);
    }
    // VK's API hosts are requested from its pages, never pages themselves.
    expect(WATCHED_HOSTS).not.toContain('https://api.vk.com/*');
    // The tap stays off Telegram Web and WhatsApp Web (nothing to tap there: their page-world hooks report instead).
    expect([...(relay.matches as string[])].sort()).toEqual([...WATCHED_HOSTS].sort());
    // Two tap bundles, each with its own sources' rules: together every tapped page, none twice (a
    // second tap on a page would find the first installed and stand aside, its rules unused).
    expect([...(tap.matches as string[]), ...(tapLinkedIn.matches as string[])].sort()).toEqual(
      WATCHED_HOSTS.filter((host) => host !== 'https://web.telegram.org/*' && host !== 'https://web.whatsapp.com/*').sort(),
    );
    expect(tapLinkedIn.matches).toEqual(['https://www.linkedin.com/*']);
    expect(tap.matches).not.toContain('https://www.linkedin.com/*');
    for (const script of [tap, tapLinkedIn, relay]) {
      expect(script).toMatchObject({ runAt: 'document_start', allFrames: true });
    }
    expect(tap.world).toBe('MAIN');
    expect(tapLinkedIn.world).toBe('MAIN');
    expect((relay as { world?: string }).world).toBeUndefined();
  });

  it('a watched page request reaches the background as capture/observed', async () => {
    const response = await window.fetch('/sync/u/0/i/s?rt=r&pt=ji', { method: 'POST', body: '[[1]]' });
    expect(await response.text()).toBe('[[["resp"]]]');
    await vi.waitFor(() => expect(sendMessage).toHaveBeenCalledTimes(1));
    expect(sendMessage).toHaveBeenCalledWith({
      type: 'capture/observed',
      observation: {
        pageUrl: 'https://mail.google.com/mail/u/0/',
        request: { method: 'POST', url: 'https://mail.google.com/sync/u/0/i/s?rt=r&pt=ji', headers: {}, body: '[[1]]' },
        response: { status: 200, body: '[[["resp"]]]' },
        startedAt: expect.any(Number),
      },
    });
  });

  it('an unwatched request sends nothing', async () => {
    await window.fetch('/mail/u/0/logstreamz', { method: 'POST', body: 'x' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sendMessage).not.toHaveBeenCalled();
  });

  it('forged or malformed events from the page are dropped', () => {
    const dispatch = (detail: unknown) => window.dispatchEvent(new CustomEvent(TAP_EVENT, { detail }));
    dispatch(valid); // an object, not the JSON string the tap sends
    dispatch('{not json');
    dispatch(JSON.stringify({ ...valid, startedAt: -1 }));
    dispatch(JSON.stringify({ ...valid, request: { ...valid.request, headers: { a: 1 } } }));
    expect(sendMessage).not.toHaveBeenCalled();
    dispatch(JSON.stringify(valid));
    expect(sendMessage).toHaveBeenCalledWith({ type: 'capture/observed', observation: valid });
  });

  it('a stopped worker (rejected sendMessage) gets the observation again once it answers', async () => {
    sendMessage.mockRejectedValueOnce(new Error('The message port closed before a response was received.'));
    expect(() => window.dispatchEvent(new CustomEvent(TAP_EVENT, { detail: JSON.stringify(valid) }))).not.toThrow();
    await vi.waitFor(() => expect(sendMessage).toHaveBeenCalledTimes(2), { timeout: 2000 });
    expect(sendMessage).toHaveBeenLastCalledWith({ type: 'capture/observed', observation: valid });
  });

  it("reports a click on Gmail's undo link (or inside it), and not other clicks", () => {
    document.body.innerHTML = '<div><span id="link_undo" role="link"><b>Undo</b></span></div><button id="other">Other</button>';
    document.querySelector('#other')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(sendMessage).not.toHaveBeenCalled();
    document.querySelector('#link_undo b')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(sendMessage).toHaveBeenCalledWith({ type: 'capture/undo-clicked', provider: 'gmail', at: expect.any(Number) });
  });

  // Last: the relay's context is dead from here on (it keeps observations for a new relay).
  it('a failing sendMessage (extension reloaded) is swallowed', async () => {
    // dispatchEvent never throws what a listener throws: jsdom reports it as an error event on the
    // window instead, and a rejected promise nobody caught as an unhandled rejection. Count both.
    const uncaught: unknown[] = [];
    const onError = (event: ErrorEvent) => uncaught.push(event.error);
    const onRejection = (reason: unknown) => uncaught.push(reason);
    window.addEventListener('error', onError);
    process.on('unhandledRejection', onRejection);
    try {
      sendMessage.mockImplementation(() => {
        throw new Error('Extension context invalidated.');
      });
      window.dispatchEvent(new CustomEvent(TAP_EVENT, { detail: JSON.stringify(valid) }));
      await new Promise((resolve) => setTimeout(resolve, 20));
      // A dead context never comes back: not retried (kept for a relay injected after the update).
      expect(sendMessage).toHaveBeenCalledTimes(1);
      expect(uncaught).toEqual([]);
    } finally {
      window.removeEventListener('error', onError);
      process.off('unhandledRejection', onRejection);
    }
  });
});
