import { afterEach, describe, expect, it } from 'vitest';
import { anActivity } from '../../builders/activity';
import { countReads } from './count-reads';
import { aGmailCapture, createHarness, type Harness, ok, record, WED_NOON } from './harness';

/**
 * Issue 24: nothing on a capture's path, and nothing the change sets going in an open options page
 * (its History page and Reports asked again), reads in proportion to history. Every IndexedDB read
 * request is counted, with the records (and index entries counted) it went through: the same for
 * 1,000 and 20,000 activities. The options page's own components are in open-page-reads.test.tsx.
 */
describe('reads per capture', () => {
  let harness: Harness;
  afterEach(() => harness?.close());

  /** Reads of one capture, then of what an open options page asks after it (History page 1, a report). */
  async function readsAt(size: number) {
    harness = await createHarness();
    const history = Array.from({ length: size }, (_, i) =>
      anActivity({ id: `h-${i}`, dedupeKey: `h:${i}`, occurredAt: WED_NOON - 3_600_000 - Math.floor((i * 400 * 86_400_000) / size) }),
    );
    await harness.store.importAll(history, WED_NOON);
    const { service } = harness;
    // The open page and the popup asked once already (their first load may read history; later ones may not).
    await service.progress();
    await ok(service, { type: 'report/get', period: 'this_month' });
    await ok(service, { type: 'activity/list', filter: {}, offset: 0, limit: 50 });
    // A first capture settles what the first write changes once (kept progress dropped, the badge's read).
    await service.applyEvents([record(aGmailCapture())]);
    await service.progress();

    const capture = countReads();
    await service.applyEvents([record(aGmailCapture())]);
    await service.progress();
    capture.stop();
    const page = countReads();
    const first = await ok(service, { type: 'activity/list', filter: {}, offset: 0, limit: 50 });
    await ok(service, { type: 'report/get', period: 'this_month' });
    page.stop();
    // History's next page: an index range from the last row shown (keyset), not a skip over the first.
    const last = first.items.at(-1)!;
    const next = countReads();
    await ok(service, { type: 'activity/list', filter: {}, offset: 0, limit: 50, after: { occurredAt: last.occurredAt, id: last.id } });
    next.stop();
    // The open popup's lists after a capture: Recent, and the last manual sale (none here: a bounded look back).
    const popup = countReads();
    await ok(service, { type: 'activity/list', filter: { statuses: ['counted', 'pending'] }, offset: 0, limit: 5, withTotal: false });
    await ok(service, {
      type: 'activity/list',
      filter: { channels: ['manual'], kinds: ['deal', 'new_customer', 'opportunity'], statuses: ['counted', 'pending'] },
      offset: 0,
      limit: 20,
      withTotal: false,
    });
    popup.stop();
    return { capture: capture.counted, page: page.counted, next: next.counted, popup: popup.counted };
  }

  it('are the same with 1,000 and 20,000 activities stored', { timeout: 120_000 }, async () => {
    const small = await readsAt(1_000);
    harness.close();
    const large = await readsAt(20_000);
    expect(large.capture).toEqual(small.capture);
    // History's first page: its 50 rows (the cursor), whatever the history; the report reads nothing.
    expect(large.page).toEqual(small.page);
    expect(large.capture.records).toBeLessThan(60);
    expect(large.page.records).toBeLessThan(120);
    expect(large.next).toEqual(small.next);
    expect(large.next.records).toBeLessThan(120);
    expect(large.popup).toEqual(small.popup);
    expect(large.popup.records).toBeLessThan(60);
  });
});
