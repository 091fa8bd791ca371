import type { Observation } from '../../../lib/capture/types';
import type { SiteAnswer, SiteHandler, SiteRequest } from './types';

/**
 * A watched site without the network: navigations get a bare page, API calls the answer
 * registered for exactly that request (the recorded or built response), anything else 404.
 * Browser-neutral: each driver feeds it the requests its browser intercepts.
 */
export class FakeSite {
  private readonly answers = new Map<string, SiteAnswer>();
  /** Every API request seen (navigations excluded), in order. */
  readonly seen: string[] = [];

  constructor(readonly origin: string) {}

  private static keyOf(url: string, body: string | null, urlPostData: string | undefined): string {
    return `${url}\n${body ?? ''}\n${urlPostData ?? ''}`;
  }

  answer(observation: Observation, headers: Record<string, string> = {}): void {
    const { request, response } = observation;
    this.answers.set(FakeSite.keyOf(request.url, request.body, request.headers['x-owa-urlpostdata']), {
      status: response.status,
      body: response.body ?? '',
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    });
  }

  readonly handle: SiteHandler = (request: SiteRequest) => {
    if (request.isNavigation) {
      return {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: '<!doctype html><html><head><title>fake site</title></head><body><div id="app"></div></body></html>',
      };
    }
    this.seen.push(request.url);
    const answer = this.answers.get(FakeSite.keyOf(request.url, request.body, request.headers['x-owa-urlpostdata']));
    return answer ?? { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' };
  };
}

export type Transport = 'fetch' | 'xhr';

/** Makes the observation's request from inside the page, as the site's own code would. */
export function replayInPage(arg: {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  transport: Transport;
}): Promise<{ status: number; text: string }> {
  const { method, url, headers, body, transport } = arg;
  if (transport === 'fetch') {
    return fetch(url, { method, headers, body: body === null ? undefined : body, credentials: 'include' }).then(async (response) => ({
      status: response.status,
      text: await response.text(),
    }));
  }
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url, true);
    xhr.withCredentials = true;
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => reject(new Error('xhr failed'));
    xhr.send(body);
  });
}
