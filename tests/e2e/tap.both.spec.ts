import { expect, type SiteHandler, type SitePage, test } from './driver';

/**
 * The MAIN-world tap must not change what the page sees. Firefox's MAIN-world content scripts are
 * newer than Chromium's, so the comparison runs in both: the same calls on a watched host (tap
 * installed) and on a host the extension does not watch (no tap), served the same answers.
 */

const WATCHED = 'https://mail.google.com';
const UNWATCHED = 'https://mail.unwatched.example';

const answers: SiteHandler = (request): ReturnType<SiteHandler> => {
  const url = new URL(request.url);
  if (request.isNavigation)
    return { status: 200, headers: { 'content-type': 'text/html' }, body: '<!doctype html><title>g</title><body></body>' };
  if (url.searchParams.has('abort') || url.pathname.endsWith('/abort')) return 'reset';
  if (url.pathname.startsWith('/sync/')) {
    return {
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-answer': 'sync' },
      body: '[[["ok",1]],{"a":"é"}]',
    };
  }
  return { status: 203, headers: { 'content-type': 'text/plain', 'x-answer': 'plain' }, body: 'plain answer' };
};

/** What the page sees from fetch and XHR (in-page code, self-contained). */
function pageResults(): Promise<unknown> {
  const headersOf = (h: Headers) => [...h.entries()].sort();
  const viaFetch = async (url: string, init?: RequestInit) => {
    const r = await fetch(url, init);
    return {
      status: r.status,
      statusText: r.statusText,
      ok: r.ok,
      headers: headersOf(r.headers),
      text: await r.text(),
      type: r.type,
      url: r.url,
    };
  };
  const viaXhr = (url: string, method: string, body: string | null, responseType: XMLHttpRequestResponseType = '') =>
    new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.responseType = responseType;
      xhr.setRequestHeader('content-type', 'application/json');
      xhr.onloadend = () =>
        resolve({
          status: xhr.status,
          readyState: xhr.readyState,
          headers: xhr.getAllResponseHeaders(),
          response:
            responseType === 'json'
              ? xhr.response
              : responseType === 'arraybuffer'
                ? [...new Uint8Array(xhr.response as ArrayBuffer)]
                : xhr.responseText,
        });
      xhr.send(body);
    });
  const rejection = async (url: string, init?: RequestInit) => {
    try {
      await fetch(url, init);
      return 'resolved';
    } catch (error) {
      return { name: (error as Error).name, message: (error as Error).message, isTypeError: error instanceof TypeError };
    }
  };
  const watched = '/sync/u/0/i/s?hl=en&c=900&rt=r&pt=ji';
  const body = JSON.stringify([[null, null, 2], [[]]]);
  return (async () => ({
    fetchWatched: await viaFetch(watched, { method: 'POST', body, headers: { 'content-type': 'application/json' } }),
    fetchWatchedRequest: await viaFetch(new Request(watched, { method: 'POST', body }) as unknown as string),
    fetchPlain: await viaFetch('/mail/u/0/plain?x=1'),
    xhrWatched: await viaXhr(watched, 'POST', body),
    xhrWatchedJson: await viaXhr(watched, 'POST', body, 'json'),
    xhrWatchedBuffer: await viaXhr(watched, 'POST', body, 'arraybuffer'),
    xhrPlain: await viaXhr('/mail/u/0/plain?x=1', 'GET', null),
    rejectedWatched: await rejection('/sync/u/0/i/s?hl=en&c=901&rt=r&pt=ji&abort=1', { method: 'POST', body }),
    rejectedPlain: await rejection('/mail/u/0/abort'),
    rejectedBadUrl: await rejection('http://[bad'),
    rejectedBadMethod: await rejection('/mail/u/0/plain', { method: 'GET', body: 'x' }),
    fetchName: fetch.name,
    fetchLength: fetch.length,
    fetchSource: Function.prototype.toString.call(fetch),
    openSource: Function.prototype.toString.call(XMLHttpRequest.prototype.open),
    sendSource: String(XMLHttpRequest.prototype.send),
    fetchOwnKeys: Reflect.ownKeys(fetch).map(String).sort(),
    fetchHasPrototype: 'prototype' in fetch,
    toStringSource: Function.prototype.toString.call(Function.prototype.toString),
    constructFetch: (() => {
      try {
        Reflect.construct(fetch as unknown as () => void, []);
        return 'constructed';
      } catch (error) {
        return (error as Error).name;
      }
    })(),
  }))();
}

const tapInstalled = (page: SitePage) => page.evaluate(() => Symbol.for('quota-radar.tap') in window);

test('the page sees the same fetch and XHR results with and without the tap', async ({ driver }) => {
  await driver.serve(WATCHED, answers);
  await driver.serve(UNWATCHED, answers);
  const tapped = await driver.openSite(`${WATCHED}/mail/u/0/#inbox`);
  const plain = await driver.openSite(`${UNWATCHED}/mail/u/0/#inbox`);
  // Not vacuous: the tap is in one page and not in the other.
  expect(await tapInstalled(tapped)).toBe(true);
  expect(await tapInstalled(plain)).toBe(false);

  const seen = JSON.stringify(await tapped.evaluate(pageResults)).replaceAll(WATCHED, 'ORIGIN');
  const expected = JSON.stringify(await plain.evaluate(pageResults)).replaceAll(UNWATCHED, 'ORIGIN');
  expect(JSON.parse(seen)).toEqual(JSON.parse(expected));
  expect(JSON.parse(expected)).toMatchObject({
    rejectedWatched: { isTypeError: true },
    fetchSource: expect.stringContaining('[native code]'),
  });
  // An empty sync, though watched, records nothing.
  expect((await driver.database()).activities ?? []).toEqual([]);
});
