/**
 * What the page sees from fetch and XHR, for comparing a page with the tap and one without: in-page
 * code, self-contained (run with `page.evaluate(pageResults)`), against a site served with the
 * watched Gmail sync path and a plain path.
 */
export function pageResults(): Promise<unknown> {
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
    toStringOwnKeys: Reflect.ownKeys(Function.prototype.toString).map(String).sort(),
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
