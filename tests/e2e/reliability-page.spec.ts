import { type Browser, type BrowserContext, chromium, type Page } from '@playwright/test';
import { findChromium } from './chromium-path';
import { expect, launchWithExtension, test } from './fixtures';

/**
 * The page never notices the tap: each case runs in a routed Gmail page with the extension and in
 * the same page in a browser without it, and the page sees the same results, the same errors, and
 * no error of ours (window "error" and "unhandledrejection" are counted in the page).
 */

const GMAIL = 'https://mail.google.com';
const WATCHED = '/sync/u/0/i/s?hl=en&rt=r&pt=ji';
/** A body large enough to arrive in several chunks. */
const BIG = JSON.stringify([['chunk', 'x'.repeat(300_000)], { a: 'é' }]);

async function route(context: BrowserContext): Promise<void> {
  await context.route(`${GMAIL}/**`, async (r) => {
    const request = r.request();
    const url = new URL(request.url());
    if (request.resourceType() === 'document') {
      // /csp/: a page with a strict policy, Trusted Types required, no inline script.
      const headers: Record<string, string> = url.pathname.startsWith('/csp/')
        ? {
            'content-security-policy':
              "default-src 'self'; script-src 'none'; object-src 'none'; require-trusted-types-for 'script'; trusted-types 'none'",
          }
        : {};
      await r.fulfill({
        status: 200,
        headers: { 'content-type': 'text/html', ...headers },
        body: '<!doctype html><title>g</title><body></body>',
      });
      return;
    }
    const kind = url.searchParams.get('case');
    if (kind === 'network-error') await r.abort('connectionreset');
    else if (kind === 'html')
      await r.fulfill({
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: '<!doctype html><html><head><title>doc answer</title></head><body><p>hi</p></body></html>',
      });
    else if (kind === 'big') await r.fulfill({ status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: BIG });
    else if (kind === 'slow') {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await r.fulfill({ status: 200, headers: { 'content-type': 'application/json' }, body: '[1]' }).catch(() => undefined);
    } else
      await r.fulfill({
        status: 200,
        headers: { 'content-type': 'application/json; charset=utf-8', 'x-answer': 'sync' },
        body: '[[["ok",1]],{"a":"é"}]',
      });
  });
}

/** Runs `body` in the page with the page's own error counters around it. */
type Case = (watched: string) => Promise<unknown>;

const CASES: Record<string, Case> = {
  'streamed response body read with getReader': async (watched) => {
    const response = await fetch(`${watched}&case=big`, { method: 'POST', body: '[]' });
    const reader = response.body!.getReader();
    let bytes = 0;
    let chunks = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      chunks += 1;
    }
    let again: string;
    try {
      await response.text();
      again = 'read twice';
    } catch (error) {
      again = (error as Error).name;
    }
    return { bytes, severalChunks: chunks > 1, bodyUsed: response.bodyUsed, again };
  },
  'streamed response body piped through a TextDecoderStream': async (watched) => {
    const response = await fetch(`${watched}&case=big`, { method: 'POST', body: '[]' });
    let text = '';
    await response.body!.pipeThrough(new TextDecoderStream()).pipeTo(new WritableStream({ write: (chunk) => void (text += chunk) }));
    return { length: text.length, end: text.slice(-12), bodyUsed: response.bodyUsed };
  },
  'request body as a ReadableStream (half duplex)': async (watched) => {
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('[1,2]'));
        controller.close();
      },
    });
    try {
      const response = await fetch(watched, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
      return { status: response.status, text: await response.text() };
    } catch (error) {
      return { error: (error as Error).name };
    }
  },
  'aborted before the response': async (watched) => {
    const controller = new AbortController();
    const pending = fetch(`${watched}&case=slow`, { method: 'POST', body: '[]', signal: controller.signal });
    controller.abort();
    try {
      await pending;
      return 'resolved';
    } catch (error) {
      return { name: (error as Error).name, isDomException: error instanceof DOMException };
    }
  },
  'aborted with a reason, before the response': async (watched) => {
    const controller = new AbortController();
    const pending = fetch(`${watched}&case=slow`, { method: 'POST', body: '[]', signal: controller.signal });
    controller.abort(new Error('page reason'));
    try {
      await pending;
      return 'resolved';
    } catch (error) {
      return { message: (error as Error).message };
    }
  },
  'aborted after the response, while reading the body': async (watched) => {
    const controller = new AbortController();
    const response = await fetch(`${watched}&case=big`, { method: 'POST', body: '[]', signal: controller.signal });
    controller.abort();
    try {
      await response.text();
      return 'read';
    } catch (error) {
      return { name: (error as Error).name, status: response.status };
    }
  },
  'XHR aborted': async (watched) =>
    new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      const events: string[] = [];
      for (const type of ['loadstart', 'progress', 'abort', 'error', 'load', 'loadend'])
        xhr.addEventListener(type, () => events.push(type));
      xhr.open('POST', `${watched}&case=slow`);
      xhr.send('[]');
      xhr.abort();
      setTimeout(() => resolve({ events, status: xhr.status, readyState: xhr.readyState }), 500);
    }),
  'synchronous XHR': async (watched) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', watched, false);
    xhr.setRequestHeader('content-type', 'application/json');
    xhr.send('[[null,null,2]]');
    return { status: xhr.status, readyState: xhr.readyState, text: xhr.responseText, headers: xhr.getResponseHeader('x-answer') };
  },
  'XHR every responseType': async (watched) => {
    const one = (type: XMLHttpRequestResponseType, kind = '') =>
      new Promise((resolve) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', `${watched}${kind}`);
        xhr.responseType = type;
        xhr.onloadend = async () => {
          const r: unknown = xhr.response;
          let summary: unknown;
          if (type === 'arraybuffer') summary = [...new Uint8Array(r as ArrayBuffer)];
          else if (type === 'blob') summary = { size: (r as Blob).size, type: (r as Blob).type, text: await (r as Blob).text() };
          else if (type === 'document') summary = (r as Document | null)?.title ?? null;
          else summary = r;
          let textAccess: string;
          try {
            textAccess = typeof xhr.responseText;
          } catch (error) {
            textAccess = (error as Error).name;
          }
          resolve({ type, status: xhr.status, summary, textAccess });
        };
        xhr.send('[]');
      });
    return Promise.all([
      one(''),
      one('text'),
      one('json'),
      one('arraybuffer'),
      one('blob'),
      one('document', '&case=html'),
      one('json', '&case=html'),
    ]);
  },
  'fetch(Request) with an unconsumed body': async (watched) => {
    const request = new Request(watched, { method: 'POST', body: '[[1]]', headers: { 'content-type': 'application/json' } });
    const response = await fetch(request);
    return { status: response.status, text: await response.text(), requestBodyUsed: request.bodyUsed };
  },
  'fetch(Request) with a consumed body': async (watched) => {
    const request = new Request(watched, { method: 'POST', body: '[[1]]' });
    const consumed = await request.text();
    try {
      await fetch(request);
      return 'resolved';
    } catch (error) {
      return { consumed, name: (error as Error).name, isTypeError: error instanceof TypeError };
    }
  },
  'fetch(Request, init) overriding the body': async (watched) => {
    const request = new Request(watched, { method: 'POST', body: '[[1]]' });
    const response = await fetch(request, { method: 'POST', body: '[[2]]' });
    return { status: response.status, requestBodyUsed: request.bodyUsed };
  },
  'network errors': async (watched) => {
    let fetchError: unknown;
    try {
      await fetch(`${watched}&case=network-error`, { method: 'POST', body: '[]' });
      fetchError = 'resolved';
    } catch (error) {
      fetchError = { name: (error as Error).name, message: (error as Error).message };
    }
    const xhr = await new Promise((resolve) => {
      const x = new XMLHttpRequest();
      const events: string[] = [];
      for (const type of ['error', 'load', 'loadend']) x.addEventListener(type, () => events.push(type));
      x.open('POST', `${watched}&case=network-error`);
      x.onloadend = () => resolve({ events, status: x.status });
      x.send('[]');
    });
    let syncXhr: unknown;
    try {
      const x = new XMLHttpRequest();
      x.open('POST', `${watched}&case=network-error`, false);
      x.send('[]');
      syncXhr = x.status;
    } catch (error) {
      syncXhr = (error as Error).name;
    }
    return { fetchError, xhr, syncXhr };
  },
};

test.describe('the page never notices the tap', () => {
  let withExtension: BrowserContext;
  let plainBrowser: Browser;
  let plain: BrowserContext;
  const pages = new Map<string, [Page, Page]>();

  test.beforeAll(async () => {
    withExtension = await launchWithExtension();
    await route(withExtension);
    plainBrowser = await chromium.launch({ headless: true, executablePath: findChromium(), args: ['--no-sandbox', '--disable-gpu'] });
    plain = await plainBrowser.newContext();
    await route(plain);
  });

  test.afterAll(async () => {
    await withExtension?.close();
    await plainBrowser?.close();
  });

  /** One page per browser and path, with the page's own error counters. */
  async function pagesFor(path: string): Promise<[Page, Page]> {
    const existing = pages.get(path);
    if (existing) return existing;
    const open = async (context: BrowserContext) => {
      const page = await context.newPage();
      await page.goto(`${GMAIL}${path}`);
      await page.evaluate(() => {
        const w = window as unknown as { pageErrors: string[]; tapReports: number };
        w.pageErrors = [];
        // What the tap hands to the relay is visible here too: proof that it saw the requests.
        w.tapReports = 0;
        window.addEventListener('quota-radar:observation', () => (w.tapReports += 1));
        window.addEventListener('error', (e) => w.pageErrors.push(`error ${e.message}`));
        window.addEventListener('unhandledrejection', (e) => w.pageErrors.push(`rejection ${String(e.reason)}`));
      });
      return page;
    };
    const pair: [Page, Page] = [await open(withExtension), await open(plain)];
    expect(await pair[0].evaluate(() => Symbol.for('quota-radar.tap') in window), 'the tap is in the extension page').toBe(true);
    expect(await pair[1].evaluate(() => Symbol.for('quota-radar.tap') in window)).toBe(false);
    pages.set(path, pair);
    return pair;
  }

  async function same(path: string, run: Case): Promise<unknown> {
    const [tapped, untouched] = await pagesFor(path);
    const seen = await tapped.evaluate(run, WATCHED);
    const expected = await untouched.evaluate(run, WATCHED);
    expect(seen).toEqual(expected);
    // Let late work (the tap's clones and reports) finish, then: no error reached the page.
    await tapped.waitForTimeout(100);
    const errors = async (page: Page) => page.evaluate(() => (window as unknown as { pageErrors: string[] }).pageErrors.splice(0));
    expect(await errors(tapped)).toEqual(await errors(untouched));
    return expected;
  }

  for (const [name, run] of Object.entries(CASES)) {
    test(name, async () => {
      await same('/mail/u/0/', run);
    });
  }

  test('a page with a strict CSP and Trusted Types: same results, the tap installed', async () => {
    const run: Case = async (watched) => {
      const viaFetch = await fetch(watched, { method: 'POST', body: '[]' }).then(async (r) => ({ status: r.status, text: await r.text() }));
      const viaXhr = await new Promise((resolve) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', watched);
        xhr.onloadend = () => resolve({ status: xhr.status, text: xhr.responseText });
        xhr.send('[]');
      });
      return { viaFetch, viaXhr, policy: document.querySelector('meta') === null };
    };
    const [tapped] = await pagesFor('/csp/mail/u/0/');
    const violations = await tapped.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let count = 0;
          document.addEventListener('securitypolicyviolation', () => (count += 1));
          setTimeout(() => resolve(count), 200);
        }),
    );
    expect(violations).toBe(0);
    await same('/csp/mail/u/0/', run);
  });

  test('the tap reported the watched requests above (the comparisons were not vacuous)', async () => {
    let reports = 0;
    for (const [tapped, untouched] of pages.values()) {
      reports += await tapped.evaluate(() => (window as unknown as { tapReports: number }).tapReports);
      expect(await untouched.evaluate(() => (window as unknown as { tapReports: number }).tapReports)).toBe(0);
    }
    // Streams, aborts and network errors report nothing; the rest (about 15 requests) do.
    expect(reports).toBeGreaterThanOrEqual(12);
  });
});
