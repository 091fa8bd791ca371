// Over 300 lines on purpose: the fetch and XHR wrappers share their rules (own references, never
// throw into the page, read clones only), and keeping them in one file keeps those rules in one view.
import type { Observation } from '../capture/types';

/**
 * The page-world tap: wraps `fetch` and `XMLHttpRequest` so that the few requests worth a look
 * (isWatched) are reported with their bodies and the server's answer.
 *
 * Rules, because this runs inside Gmail, Outlook, Yahoo and LinkedIn on every request:
 * - the page must not notice: same return values, same errors (the original call is never
 *   inside our try/catch), same timing for requests we do not watch (one URL parse and the
 *   isWatched check, nothing else: no await, no clone);
 * - our own work never throws into the page (every piece is in try/catch, promise handlers
 *   swallow), and a failing `report` is the caller's problem only;
 * - no innerHTML, eval or Trusted Types policy: nothing here touches the DOM;
 * - a fetch response is read only through `clone()`, an XHR response only after it loaded.
 * It imports types only, so that the bundle stays a few kB.
 */

export type IsWatched = (method: string, host: string, path: string, query: string) => boolean;
export type Report = (observation: Observation) => void;

type Text = string | null;
type MaybeAsync = Text | Promise<Text>;

interface Pending {
  pageUrl: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: MaybeAsync;
  startedAt: number;
}

/** Limits of the Observation schema: larger texts are dropped rather than failing validation. */
const MAX_BODY = 20_000_000;
const MAX_HEADER = 100_000;
const INSTALLED = Symbol.for('quota-radar.tap');

const noop = () => {};

export function installTap(win: Window, isWatched: IsWatched, report: Report): void {
  const marked = win as Window & { [INSTALLED]?: boolean };
  if (marked[INSTALLED]) return;
  try {
    Object.defineProperty(win, INSTALLED, { value: true });
  } catch {
    // a frozen window: install anyway, a second install is unlikely
  }

  const g = win as Window & typeof globalThis;
  // Keep our own references: the page may replace these globals after we ran.
  const tagOf = Object.prototype.toString;
  const fnToString = Function.prototype.toString;
  const UrlCtor = g.URL;
  const Params = g.URLSearchParams;
  const Decoder = g.TextDecoder;
  const now = Date.now;
  const PromiseCtor = Promise;

  const tag = (value: unknown): string => tagOf.call(value);

  /** A body still being read (Blob, Request) settles to null on failure, never rejects. */
  const settled = (value: MaybeAsync): MaybeAsync =>
    typeof value === 'object' && value !== null ? PromiseCtor.resolve(value).catch(() => null) : value;

  const clip = (text: Text): Text => (text !== null && text.length > MAX_BODY ? null : text);

  const decode = (data: unknown): Text => new Decoder().decode(data as ArrayBuffer);

  /** Body text: FormData/URLSearchParams URL-encoded, binary decoded as UTF-8, files and streams skipped. */
  const bodyText = (body: unknown): MaybeAsync => {
    if (body === null || body === undefined) return null;
    if (typeof body === 'string') return body;
    const kind = tag(body);
    if (kind === '[object URLSearchParams]') return String(body);
    if (kind === '[object FormData]') {
      const params = new Params();
      (body as FormData).forEach((value, key) => {
        if (typeof value === 'string') params.append(key, value);
      });
      return params.toString();
    }
    if (kind === '[object Blob]' || kind === '[object File]') return (body as Blob).text();
    if (kind === '[object ArrayBuffer]' || ArrayBuffer.isView(body)) return decode(body);
    return null;
  };

  const addHeaders = (source: unknown, into: Record<string, string>): void => {
    if (!source || typeof source !== 'object') return;
    const put = (name: unknown, value: unknown) => {
      into[String(name).toLowerCase()] = String(value).slice(0, MAX_HEADER);
    };
    if (tag(source) === '[object Headers]') {
      (source as Headers).forEach((value, name) => {
        put(name, value);
      });
    } else if (Array.isArray(source)) {
      for (const pair of source) if (Array.isArray(pair) && pair.length === 2) put(pair[0], pair[1]);
    } else for (const name of Object.keys(source)) put(name, (source as Record<string, unknown>)[name]);
  };

  /** The absolute URL when the request is watched; undefined (cheaply) otherwise. */
  const watched = (method: string, url: string): string | undefined => {
    const parsed = new UrlCtor(url, win.document.baseURI);
    return isWatched(method, parsed.hostname, parsed.pathname, parsed.search.slice(1)) ? parsed.href : undefined;
  };

  const start = (method: string, url: string): Pending | undefined => {
    const href = watched(method, url);
    return href === undefined
      ? undefined
      : { pageUrl: String(win.location.href), method, url: href, headers: {}, body: null, startedAt: now() };
  };

  /** Reports once the request body and the response text are both known. */
  const finish = (pending: Pending, status: number, responseBody: MaybeAsync): void => {
    PromiseCtor.all([pending.body, responseBody]).then(([requestText, responseText]) => {
      try {
        report({
          pageUrl: pending.pageUrl,
          request: { method: pending.method, url: pending.url, headers: pending.headers, body: clip(requestText) },
          response: { status, body: clip(responseText) },
          startedAt: pending.startedAt,
        });
      } catch {
        // the reporter's failure must not surface in the page
      }
    }, noop);
  };

  /**
   * Source text: wrappers answer with their original's, through Function.prototype.toString itself,
   * because pages (and their anti-tamper checks) call `Function.prototype.toString.call(fetch)`,
   * which an own `toString` property does not cover and which would itself be a visible own key.
   * The replacement answers for itself as the native one. Windows without `Function` (test
   * stand-ins) get an own `toString` instead.
   */
  const originalOf = new WeakMap<object, (...args: never[]) => unknown>();
  const FunctionProto = g.Function?.prototype as { toString: () => string } | undefined;
  if (FunctionProto && typeof FunctionProto.toString === 'function') {
    try {
      const nativeToString = FunctionProto.toString;
      const replacement = {
        toString(this: unknown): string {
          const original = typeof this === 'function' ? originalOf.get(this) : undefined;
          return nativeToString.call(original ?? this);
        },
      }.toString;
      originalOf.set(replacement, nativeToString);
      Object.defineProperty(FunctionProto, 'toString', { value: replacement, writable: true, configurable: true, enumerable: false });
    } catch {
      // a frozen prototype: sources show, nothing else changes
    }
  }
  const sourceFromPrototype = FunctionProto !== undefined && FunctionProto.toString !== fnToString;

  /** Makes a wrapper look like the function it wraps (name, length, source text). */
  const disguise = (wrapper: object, original: (...args: never[]) => unknown): void => {
    try {
      originalOf.set(wrapper, original);
      // Same prototype as the original (a no-op in the page's own realm; matters across realms).
      if (Object.getPrototypeOf(wrapper) !== Object.getPrototypeOf(original))
        Object.setPrototypeOf(wrapper, Object.getPrototypeOf(original));
      Object.defineProperty(wrapper, 'name', { value: original.name, configurable: true });
      Object.defineProperty(wrapper, 'length', { value: original.length, configurable: true });
      if (!sourceFromPrototype) {
        Object.defineProperty(wrapper, 'toString', {
          value: { toString: () => fnToString.call(original) }.toString,
          writable: true,
          configurable: true,
        });
      }
    } catch {
      // cosmetic only
    }
  };

  // --- fetch ---
  const originalFetch = win.fetch;
  if (typeof originalFetch === 'function') {
    const inspect = (input: unknown, init: RequestInit | undefined): Pending | undefined => {
      const isRequest = tag(input) === '[object Request]';
      const request = input as Request;
      const method = String(init?.method ?? (isRequest ? request.method : 'GET')).toUpperCase();
      const pending = start(method, isRequest ? request.url : String(input));
      if (!pending) return undefined;
      if (isRequest) addHeaders(request.headers, pending.headers);
      addHeaders(init?.headers, pending.headers);
      try {
        // A Request's body must be cloned before fetch consumes it; init.body wins over it.
        pending.body = settled(init && init.body !== undefined ? bodyText(init.body) : isRequest ? request.clone().text() : null);
      } catch {
        pending.body = null;
      }
      return pending;
    };

    // A method definition, like the native fetch, has no prototype and cannot be constructed.
    const wrapped = {
      fetch(this: unknown, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
        let pending: Pending | undefined;
        try {
          pending = inspect(input, init);
        } catch {
          pending = undefined;
        }
        // biome-ignore lint/complexity/noArguments: pass exactly what the page passed
        const result = originalFetch.apply(this, arguments as unknown as [RequestInfo | URL, RequestInit?]);
        if (pending) {
          const seen = pending;
          try {
            result.then((response) => {
              try {
                // Cloned before the page's own handlers run (ours was attached first).
                finish(seen, response.status, settled(response.clone().text()));
              } catch {
                // unreadable response: nothing to report
              }
            }, noop);
          } catch {
            // a non-promise result from a patched fetch: nothing to follow
          }
        }
        return result;
      },
    }.fetch;
    disguise(wrapped, originalFetch);
    win.fetch = wrapped as typeof fetch;
  }

  // --- XMLHttpRequest ---
  const proto = g.XMLHttpRequest?.prototype;
  if (proto) {
    const pendingOf = new WeakMap<XMLHttpRequest, Pending>();
    const { open, send, setRequestHeader } = proto;

    const responseText = (xhr: XMLHttpRequest): MaybeAsync => {
      const type = xhr.responseType;
      if (type === '' || type === 'text') return xhr.responseText;
      if (type === 'json') return xhr.response === null ? null : JSON.stringify(xhr.response);
      if (type === 'arraybuffer' || type === 'blob') return xhr.response ? bodyText(xhr.response) : null;
      return null; // document
    };

    const methods = {
      open(this: XMLHttpRequest, method: string, url: string | URL) {
        // biome-ignore lint/complexity/noArguments: pass exactly what the page passed
        const result = open.apply(this, arguments as unknown as [string, string | URL, boolean]);
        try {
          pendingOf.delete(this);
          const pending = start(String(method).toUpperCase(), String(url));
          if (pending) pendingOf.set(this, pending);
        } catch {
          // not watched
        }
        return result;
      },
      setRequestHeader(this: XMLHttpRequest, name: string, value: string) {
        // biome-ignore lint/complexity/noArguments: pass exactly what the page passed
        const result = setRequestHeader.apply(this, arguments as unknown as [string, string]);
        try {
          const pending = pendingOf.get(this);
          if (pending) addHeaders([[name, value]], pending.headers);
        } catch {
          // ignore
        }
        return result;
      },
      send(this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
        const pending = pendingOf.get(this);
        if (pending) {
          try {
            // biome-ignore lint/complexity/noUselessThisAlias: the loadend listener below is an arrow in a nested scope; a name reads clearer than `this`
            const xhr = this;
            try {
              pending.body = settled(bodyText(body));
            } catch {
              pending.body = null;
            }
            pending.startedAt = now();
            xhr.addEventListener(
              'loadend',
              () => {
                try {
                  // Skip aborts and network errors (status 0), and a listener left from an earlier open().
                  if (pendingOf.get(xhr) !== pending || xhr.status === 0) return;
                  pendingOf.delete(xhr);
                  let text: MaybeAsync = null;
                  try {
                    text = settled(responseText(xhr));
                  } catch {
                    text = null;
                  }
                  finish(pending, xhr.status, text);
                } catch {
                  // ignore
                }
              },
              { once: true },
            );
          } catch {
            // ignore
          }
        }
        // biome-ignore lint/complexity/noArguments: pass exactly what the page passed
        return send.apply(this, arguments as unknown as [XMLHttpRequestBodyInit?]);
      },
    };
    disguise(methods.open, open);
    disguise(methods.setRequestHeader, setRequestHeader);
    disguise(methods.send, send);
    proto.open = methods.open as typeof open;
    proto.setRequestHeader = methods.setRequestHeader;
    proto.send = methods.send;
  }
}
