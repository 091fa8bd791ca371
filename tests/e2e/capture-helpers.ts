import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page, Route, Worker } from '@playwright/test';
import type { Observation } from '../../lib/capture/types';
import { dumpDatabaseInPage } from './driver/in-page';

/**
 * Capture end to end without the real sites: every request to a watched host is answered by a
 * Playwright route (a bare page for navigations, the recorded or built answer for API calls), and
 * the page makes the API calls itself, so the MAIN-world tap and the relay see them as they
 * would in Gmail or LinkedIn.
 */

/** Recorded traffic lives beside the checkout; it is never copied into the project. */
export const SHARED_FIXTURES = fileURLToPath(new URL('../../../shared/fixtures', import.meta.url));

export function readRecording(dir: string, name: string): { request: string; response: string } | undefined {
  const base = path.join(SHARED_FIXTURES, dir, name);
  if (!existsSync(`${base}.request.json`)) return undefined;
  return { request: readFileSync(`${base}.request.json`, 'utf8'), response: readFileSync(`${base}.response.json`, 'utf8') };
}

export interface Answer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/** What a route answers for one API request; the key is what the page sent. */
function keyOf(url: string, body: string | null, urlPostData: string | undefined): string {
  return `${url}\n${body ?? ''}\n${urlPostData ?? ''}`;
}

export class FakeHost {
  private readonly answers = new Map<string, Answer>();
  /** Every API request the route saw (navigations excluded), in order. */
  readonly seen: string[] = [];

  /** `document`: the HTML every navigation gets (a stub of the site's page, e.g. one that defines the client's globals). */
  constructor(
    readonly origin: string,
    private readonly document = '<!doctype html><html><head><title>fake host</title></head><body><div id="app"></div></body></html>',
  ) {}

  /** Registers the answer for an observation's request (status and body from its response). */
  answer(observation: Observation, headers: Record<string, string> = {}): void {
    const { request, response } = observation;
    this.answers.set(keyOf(request.url, request.body, request.headers['x-owa-urlpostdata']), {
      status: response.status,
      body: response.body ?? '',
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    });
  }

  async install(context: BrowserContext): Promise<void> {
    await context.route(`${this.origin}/**`, (route) => this.handle(route));
  }

  private async handle(route: Route): Promise<void> {
    const request = route.request();
    if (request.resourceType() === 'document') {
      await route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: this.document,
      });
      return;
    }
    this.seen.push(request.url());
    const answer = this.answers.get(
      keyOf(request.url(), request.postData(), (await request.headerValue('x-owa-urlpostdata')) ?? undefined),
    );
    if (!answer) {
      await route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
      return;
    }
    await route.fulfill({ status: answer.status, headers: answer.headers, body: answer.body });
  }
}

export type Transport = 'fetch' | 'xhr';

/** Makes the observation's request from inside the page, as the site's own code would. */
export async function replay(
  page: Page,
  observation: Observation,
  transport: Transport = 'xhr',
): Promise<{ status: number; text: string }> {
  const { method, url, headers, body } = observation.request;
  return page.evaluate(
    async ({ method, url, headers, body, transport }) => {
      if (transport === 'fetch') {
        const response = await fetch(url, { method, headers, body: body === null ? undefined : body, credentials: 'include' });
        return { status: response.status, text: await response.text() };
      }
      return new Promise<{ status: number; text: string }>((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open(method, url, true);
        xhr.withCredentials = true;
        for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
        xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
        xhr.onerror = () => reject(new Error('xhr failed'));
        xhr.send(body);
      });
    },
    { method, url, headers, body, transport },
  );
}

/** Answers and replays in one go. */
export async function exchange(host: FakeHost, page: Page, observation: Observation, transport: Transport = 'xhr') {
  host.answer(observation);
  return replay(page, observation, transport);
}

/** Every object store of the extension's database, with keys (activities and kv). */
export async function dumpDatabase(worker: Worker): Promise<Record<string, { key: unknown; value: unknown }[]>> {
  return worker.evaluate(dumpDatabaseInPage);
}

/** Opens a routed page of the fake host and waits until the relay is listening. */
export async function openHostPage(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** Settings with every day a working day, so that "today" and the period do not depend on the date. */
export async function saveSettings(page: Page, patch: Record<string, unknown>): Promise<void> {
  const current = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'settings/get' }));
  const settings = (current as { data: { settings: Record<string, unknown> } }).data.settings;
  const saved = await page.evaluate((s) => chrome.runtime.sendMessage({ type: 'settings/save', settings: s }), { ...settings, ...patch });
  if (!(saved as { ok: boolean }).ok) throw new Error(`settings/save failed: ${JSON.stringify(saved)}`);
}
