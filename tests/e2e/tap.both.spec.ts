import { expect, type SiteHandler, type SitePage, test } from './driver';
import { pageResults } from './page-results';

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
