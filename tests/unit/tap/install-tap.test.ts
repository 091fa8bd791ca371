// @vitest-environment jsdom
import { Blob as NodeBlob } from 'node:buffer';
import vm from 'node:vm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Observation } from '../../../lib/capture/types';
import { type IsWatched, installTap } from '../../../lib/tap/install-tap';

// jsdom's Blob has no text(); browsers' (and Node's) do. The tap recognises blobs by their tag.
const TextBlob = NodeBlob as unknown as typeof Blob;

const BASE = 'https://mail.google.com/mail/u/0/';
const WATCHED = 'https://mail.google.com/sync/u/0/i/s?rt=r&pt=ji';
const OTHER = 'https://mail.google.com/sync/u/0/i/fd?rt=r';

/** Watches POST /sync/…/i/s only, and counts its calls. */
const isWatched = vi.fn<IsWatched>((method, host, path) => method === 'POST' && host === 'mail.google.com' && /\/i\/s$/.test(path));

interface FakeXhr extends EventTarget {
  opened?: unknown[];
  sentBody?: unknown;
  headers: Record<string, string>;
  responseType: XMLHttpRequestResponseType;
  readonly responseText: string;
  response: unknown;
  status: number;
  open(...args: unknown[]): void;
  setRequestHeader(name: string, value: string): void;
  send(body?: unknown): void;
  /** Test helper: the server answered. */
  respond(status: number, response: unknown): void;
  abortNow(): void;
}

/** A fresh XMLHttpRequest stand-in per test (installTap patches its prototype). */
function makeXhrClass() {
  return class FakeXMLHttpRequest extends EventTarget implements FakeXhr {
    opened?: unknown[];
    sentBody?: unknown;
    headers: Record<string, string> = {};
    responseType: XMLHttpRequestResponseType = '';
    response: unknown = null;
    status = 0;
    private state = 0;
    get responseText(): string {
      if (this.responseType !== '' && this.responseType !== 'text') throw new DOMException('not text', 'InvalidStateError');
      return this.response as string;
    }
    open(...args: unknown[]) {
      this.opened = args;
      this.state = 1;
    }
    setRequestHeader(name: string, value: string) {
      if (this.state !== 1) throw new DOMException('not opened', 'InvalidStateError');
      this.headers[name] = value;
    }
    send(body?: unknown) {
      if (this.state !== 1) throw new DOMException('not opened', 'InvalidStateError');
      this.sentBody = body;
      this.state = 2;
    }
    respond(status: number, response: unknown) {
      this.status = status;
      this.response = response;
      this.dispatchEvent(new Event('load'));
      this.dispatchEvent(new Event('loadend'));
    }
    abortNow() {
      this.status = 0;
      this.dispatchEvent(new Event('abort'));
      this.dispatchEvent(new Event('loadend'));
    }
  };
}

interface Setup {
  win: Window & typeof globalThis;
  pageFetch: ReturnType<typeof vi.fn>;
  reports: Observation[];
  nextReport: () => Promise<Observation>;
  Xhr: new () => FakeXhr;
}

function setup(
  fetchImpl: (...args: unknown[]) => unknown = async () => new Response('{"ok":true}', { status: 200 }),
  report?: (o: Observation) => void,
): Setup {
  const pageFetch = vi.fn(fetchImpl);
  const Xhr = makeXhrClass();
  const win = {
    fetch: pageFetch,
    XMLHttpRequest: Xhr,
    location: { href: `${BASE}#inbox` },
    document: { baseURI: BASE },
    URL,
    URLSearchParams,
    TextDecoder,
  } as unknown as Window & typeof globalThis;
  const reports: Observation[] = [];
  const waiters: ((o: Observation) => void)[] = [];
  installTap(win, isWatched, (observation) => {
    reports.push(observation);
    waiters.shift()?.(observation);
    report?.(observation);
  });
  const nextReport = () =>
    new Promise<Observation>((resolve, reject) => {
      waiters.push(resolve);
      setTimeout(() => reject(new Error('no report')), 1000);
    });
  return { win, pageFetch, reports, nextReport, Xhr: win.XMLHttpRequest as unknown as new () => FakeXhr };
}

/** Lets pending promise jobs run (a report would have arrived by then). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  isWatched.mockClear();
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

describe('installTap: fetch', () => {
  it('leaves requests it does not watch untouched: same promise, same arguments, no report', async () => {
    const answer = Promise.resolve(new Response('page data'));
    const { win, pageFetch, reports } = setup(() => answer);
    const init = { method: 'POST', body: 'x' };
    const result = win.fetch(OTHER, init);
    expect(result).toBe(answer);
    expect(pageFetch).toHaveBeenCalledWith(OTHER, init);
    expect(pageFetch.mock.calls[0]).toHaveLength(2);
    win.fetch('/other');
    expect(pageFetch.mock.calls[1]).toHaveLength(1);
    await settle();
    expect(reports).toEqual([]);
  });

  it('passes rejections and synchronous throws through unchanged', async () => {
    const failure = new TypeError('Failed to fetch');
    const rejected = Promise.reject(failure);
    rejected.catch(() => {});
    const { win } = setup(() => rejected);
    expect(win.fetch(OTHER)).toBe(rejected);
    await expect(win.fetch(WATCHED, { method: 'POST', body: '[]' })).rejects.toBe(failure);

    const thrown = new TypeError('Illegal invocation');
    const throwing = setup(() => {
      throw thrown;
    });
    expect(() => throwing.win.fetch(OTHER)).toThrow(thrown);
    expect(() => throwing.win.fetch(WATCHED, { method: 'POST' })).toThrow(thrown);
    await settle();
    expect(throwing.reports).toEqual([]);
  });

  it("keeps the page's this binding", () => {
    const { win, pageFetch } = setup();
    win.fetch(OTHER);
    expect(pageFetch.mock.contexts[0]).toBe(win);
  });

  it('reports a watched request with method, absolute URL, lower-cased headers, body, status and response text', async () => {
    const { win, nextReport } = setup(async () => new Response('[[1,"resp"]]', { status: 200 }));
    const reported = nextReport();
    win.fetch('/sync/u/0/i/s?rt=r&pt=ji', {
      method: 'post',
      headers: { 'Content-Type': 'application/json', 'X-Framework-Xsrf-Token': 't0k' },
      body: '[[1,"req"]]',
    });
    expect(await reported).toEqual({
      pageUrl: `${BASE}#inbox`,
      request: {
        method: 'POST',
        url: WATCHED,
        headers: { 'content-type': 'application/json', 'x-framework-xsrf-token': 't0k' },
        body: '[[1,"req"]]',
      },
      response: { status: 200, body: '[[1,"resp"]]' },
      startedAt: expect.any(Number),
    });
  });

  it('the page can still read the response body after the tap read its clone', async () => {
    const { win, nextReport } = setup(async () => new Response('server says hi', { status: 200 }));
    const reported = nextReport();
    const response = await win.fetch(WATCHED, { method: 'POST', body: 'x' });
    expect(await response.text()).toBe('server says hi');
    expect((await reported).response.body).toBe('server says hi');
  });

  it('reports error statuses too (the detector decides)', async () => {
    const { win, nextReport } = setup(async () => new Response('oops', { status: 500 }));
    const reported = nextReport();
    win.fetch(WATCHED, { method: 'POST', body: 'x' });
    expect((await reported).response).toEqual({ status: 500, body: 'oops' });
  });

  it('reads headers given as Headers or as pairs', async () => {
    const { win, nextReport } = setup();
    let reported = nextReport();
    win.fetch(WATCHED, { method: 'POST', headers: new Headers({ 'X-One': '1' }) });
    expect((await reported).request.headers).toEqual({ 'x-one': '1' });
    reported = nextReport();
    win.fetch(WATCHED, { method: 'POST', headers: [['X-Two', '2']] });
    expect((await reported).request.headers).toEqual({ 'x-two': '2' });
  });

  describe('request bodies', () => {
    const cases: [string, () => unknown, string | null][] = [
      ['string', () => 'plain text', 'plain text'],
      ['URLSearchParams', () => new URLSearchParams({ batchJson: '{"a":1}' }), 'batchJson=%7B%22a%22%3A1%7D'],
      [
        'FormData (files skipped)',
        () => {
          const form = new FormData();
          form.append('batchJson', '{"requests":[]}');
          form.append('attachment', new File(['binary'], 'a.bin'));
          form.append('n', 'a b');
          return form;
        },
        'batchJson=%7B%22requests%22%3A%5B%5D%7D&n=a+b',
      ],
      ['Blob', () => new TextBlob(['{"blob":true}']), '{"blob":true}'],
      ['ArrayBuffer', () => new TextEncoder().encode('ärray').buffer, 'ärray'],
      ['Uint8Array', () => new TextEncoder().encode('typed ✓'), 'typed ✓'],
      ['DataView', () => new DataView(new TextEncoder().encode('view').buffer), 'view'],
      ['ReadableStream (skipped)', () => new ReadableStream(), null],
      ['none', () => undefined, null],
    ];
    for (const [name, make, expected] of cases) {
      it(name, async () => {
        const { win, nextReport } = setup();
        const reported = nextReport();
        win.fetch(WATCHED, { method: 'POST', body: make() as BodyInit });
        expect((await reported).request.body).toBe(expected);
      });
    }
  });

  it("reads a Request object: its method, URL, headers and body (through a clone the page's fetch can still send)", async () => {
    const seen: string[] = [];
    const { win, nextReport } = setup(async (input: unknown) => {
      seen.push(await (input as Request).text());
      return new Response('ok');
    });
    const reported = nextReport();
    const request = new Request(WATCHED, { method: 'POST', headers: { 'X-Req': 'yes' }, body: '{"from":"request"}' });
    await win.fetch(request);
    const observation = await reported;
    expect(observation.request).toEqual({
      method: 'POST',
      url: WATCHED,
      headers: { 'x-req': 'yes', 'content-type': 'text/plain;charset=UTF-8' },
      body: '{"from":"request"}',
    });
    expect(seen).toEqual(['{"from":"request"}']);
  });

  it("init.body and init.headers win over the Request's", async () => {
    const { win, nextReport } = setup();
    const reported = nextReport();
    win.fetch(new Request(WATCHED, { method: 'POST', headers: { 'X-A': 'request' }, body: 'from request' }), {
      headers: { 'X-A': 'init' },
      body: 'from init',
    });
    const { request } = await reported;
    expect(request.body).toBe('from init');
    expect(request.headers['x-a']).toBe('init');
  });

  it('accepts URL objects as input', async () => {
    const { win, nextReport, pageFetch } = setup();
    const reported = nextReport();
    const url = new URL(WATCHED);
    win.fetch(url, { method: 'POST', body: 'u' });
    expect((await reported).request.url).toBe(WATCHED);
    expect(pageFetch.mock.calls[0]?.[0]).toBe(url);
  });

  it('errors inside report() or isWatched() never reach the page', async () => {
    const { win } = setup(undefined, () => {
      throw new Error('reporter broke');
    });
    const response = await win.fetch(WATCHED, { method: 'POST', body: 'x' });
    expect(await response.text()).toBe('{"ok":true}');
    await settle();

    isWatched.mockImplementationOnce(() => {
      throw new Error('watchlist broke');
    });
    await expect(win.fetch(WATCHED, { method: 'POST' })).resolves.toBeInstanceOf(Response);
    await settle();
  });

  it('an unreadable request body still reports, with a null body', async () => {
    const { win, nextReport } = setup();
    const reported = nextReport();
    const broken = new TextBlob(['x']);
    Object.defineProperty(broken, 'text', { value: () => Promise.reject(new Error('gone')) });
    win.fetch(WATCHED, { method: 'POST', body: broken as unknown as Blob });
    expect((await reported).request.body).toBeNull();
  });

  it('looks like the fetch it wraps: name, length, toString, no prototype', () => {
    async function fetch(_input: unknown) {
      return new Response('');
    }
    const win = { fetch, location: { href: BASE }, document: { baseURI: BASE }, URL, URLSearchParams, TextDecoder } as unknown as Window;
    installTap(win, isWatched, () => {});
    expect(win.fetch).not.toBe(fetch);
    expect(win.fetch.name).toBe('fetch');
    expect(win.fetch.length).toBe(1);
    expect(win.fetch.toString()).toBe(fetch.toString());
    expect('prototype' in win.fetch).toBe(false);
  });

  it('installs once per window', async () => {
    const { win, reports } = setup();
    installTap(win, isWatched, () => reports.push({} as Observation));
    await win.fetch(WATCHED, { method: 'POST' });
    await settle();
    expect(reports).toHaveLength(1);
  });
});

describe('installTap: XMLHttpRequest', () => {
  it('leaves requests it does not watch untouched', async () => {
    const { Xhr, reports } = setup();
    const xhr = new Xhr();
    xhr.open('POST', OTHER, true);
    xhr.setRequestHeader('X-A', '1');
    xhr.send('body');
    expect(xhr.opened).toEqual(['POST', OTHER, true]);
    expect(xhr.headers).toEqual({ 'X-A': '1' });
    expect(xhr.sentBody).toBe('body');
    xhr.respond(200, 'data');
    await settle();
    expect(reports).toEqual([]);
  });

  it('passes errors of the original methods through', () => {
    const { Xhr } = setup();
    const xhr = new Xhr();
    expect(() => xhr.setRequestHeader('X-A', '1')).toThrow(/not opened/);
    expect(() => xhr.send('x')).toThrow(/not opened/);
  });

  it('reports a watched request after it loaded, with headers, body, status and response text', async () => {
    const { Xhr, nextReport } = setup();
    const reported = nextReport();
    const xhr = new Xhr();
    xhr.open('post', '/sync/u/0/i/s?rt=r&pt=ji');
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.send('[[1]]');
    xhr.respond(200, '[[2]]');
    expect(await reported).toEqual({
      pageUrl: `${BASE}#inbox`,
      request: { method: 'POST', url: WATCHED, headers: { 'content-type': 'application/json' }, body: '[[1]]' },
      response: { status: 200, body: '[[2]]' },
      startedAt: expect.any(Number),
    });
  });

  const responses: [XMLHttpRequestResponseType, () => unknown, string | null][] = [
    ['text', () => 'as text', 'as text'],
    ['json', () => ({ Body: { ResponseMessages: { Items: [] } } }), '{"Body":{"ResponseMessages":{"Items":[]}}}'],
    ['arraybuffer', () => new TextEncoder().encode('bytes ✓').buffer, 'bytes ✓'],
    ['blob', () => new TextBlob(['from blob']), 'from blob'],
    ['document', () => ({}), null],
  ];
  for (const [type, make, expected] of responses) {
    it(`reads responseType "${type}"`, async () => {
      const { Xhr, nextReport } = setup();
      const reported = nextReport();
      const xhr = new Xhr();
      xhr.open('POST', WATCHED);
      xhr.responseType = type;
      xhr.send(new URLSearchParams({ a: '1' }));
      xhr.respond(200, make());
      const observation = await reported;
      expect(observation.response.body).toBe(expected);
      expect(observation.request.body).toBe('a=1');
    });
  }

  it('does not report aborted requests, nor a stale request after the XHR is reopened', async () => {
    const { Xhr, reports } = setup();
    const xhr = new Xhr();
    xhr.open('POST', WATCHED);
    xhr.send('first');
    xhr.abortNow();
    xhr.open('POST', WATCHED);
    xhr.send('second');
    xhr.open('POST', OTHER);
    xhr.send('third');
    xhr.respond(200, 'answer');
    await settle();
    expect(reports).toEqual([]);
  });

  it('errors inside report() never reach the page', async () => {
    const { Xhr } = setup(undefined, () => {
      throw new Error('reporter broke');
    });
    const xhr = new Xhr();
    const pageListener = vi.fn();
    xhr.addEventListener('load', pageListener);
    xhr.open('POST', WATCHED);
    xhr.send('x');
    expect(() => xhr.respond(200, 'ok')).not.toThrow();
    expect(pageListener).toHaveBeenCalledTimes(1);
    await settle();
  });

  it('keeps names and lengths of the wrapped methods', () => {
    const Original = makeXhrClass();
    const { Xhr } = setup();
    for (const name of ['open', 'send', 'setRequestHeader'] as const) {
      const wrapped = Xhr.prototype[name];
      expect(wrapped.name).toBe(name);
      expect(wrapped.length).toBe(Original.prototype[name].length);
      expect(wrapped.toString()).toBe(Original.prototype[name].toString());
    }
  });
});

describe('installTap on the jsdom window itself', () => {
  it('wraps the real XMLHttpRequest prototype without breaking it', () => {
    const w = window as Window & typeof globalThis;
    const fetchBefore = vi.fn(async () => new Response(''));
    w.fetch = fetchBefore;
    installTap(w, isWatched, () => {});
    expect(w.fetch).not.toBe(fetchBefore);
    const xhr = new XMLHttpRequest();
    expect(() => xhr.open('GET', '/nothing')).not.toThrow();
    expect(() => xhr.setRequestHeader('X-A', '1')).not.toThrow();
    expect(XMLHttpRequest.prototype.open.name).toBe('open');
    xhr.abort();
  });
});

describe('installTap in a realm of its own (a page frame)', () => {
  // Bug: the wrappers had an own `toString`, so `Function.prototype.toString.call(fetch)` (what
  // anti-tamper checks call) showed the wrapper's minified source, and `hasOwn(fetch, 'toString')`
  // was true where the native fetch has none.
  it('Function.prototype.toString shows the original sources, and itself looks native', () => {
    const realm = vm.createContext({});
    const run = (code: string) => vm.runInContext(code, realm) as unknown;
    run(`
      var fetch = async function fetch(input) { return 'page'; };
      function XMLHttpRequest() {}
      XMLHttpRequest.prototype.open = function open(method, url) {};
      XMLHttpRequest.prototype.send = function send(body) {};
      XMLHttpRequest.prototype.setRequestHeader = function setRequestHeader(name, value) {};
      var location = { href: 'https://mail.google.com/mail/u/0/' };
      var document = { baseURI: 'https://mail.google.com/mail/u/0/' };
    `);
    const win = run('this') as Window & typeof globalThis;
    Object.assign(win, { URL, URLSearchParams, TextDecoder });
    const nativeToStringSource = run('Function.prototype.toString.call(Function.prototype.toString)');
    const originalOpen = run('XMLHttpRequest.prototype.open');
    installTap(win, isWatched, () => {});

    expect(run('fetch instanceof Function')).toBe(true);
    expect(run('XMLHttpRequest.prototype.open')).not.toBe(originalOpen);
    expect(run('Function.prototype.toString.call(fetch)')).toBe("async function fetch(input) { return 'page'; }");
    expect(run('fetch.toString()')).toBe("async function fetch(input) { return 'page'; }");
    expect(run('String(fetch)')).toBe("async function fetch(input) { return 'page'; }");
    expect(run('Object.prototype.hasOwnProperty.call(fetch, "toString")')).toBe(false);
    expect(run('Function.prototype.toString.call(XMLHttpRequest.prototype.open)')).toBe('function open(method, url) {}');
    expect(run('Function.prototype.toString.call(XMLHttpRequest.prototype.send)')).toBe('function send(body) {}');
    // The replacement answers for itself like the native one, and other functions are untouched.
    expect(run('Function.prototype.toString.call(Function.prototype.toString)')).toBe(nativeToStringSource);
    expect(run('Function.prototype.toString.name')).toBe('toString');
    expect(run('Function.prototype.toString.length')).toBe(0);
    expect(run('"prototype" in Function.prototype.toString')).toBe(false);
    expect(run('Object.getOwnPropertyDescriptor(Function.prototype, "toString").enumerable')).toBe(false);
    expect(run('(function other(a) { return a; }).toString()')).toBe('function other(a) { return a; }');
    expect(run('try { Function.prototype.toString.call({}); "no error" } catch (e) { e instanceof TypeError }')).toBe(true);
  });
});
