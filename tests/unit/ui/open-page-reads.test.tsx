// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { History } from '../../../components/History';
import { Reports } from '../../../components/Reports';
import type { ListFilter } from '../../../lib/activity';
import { QuotaRadarService } from '../../../lib/background';
import { anActivity } from '../../builders/activity';
import { countReads } from '../service/count-reads';
import { aGmailCapture, createHarness, type Harness, record, WED_NOON } from '../service/harness';
import { speak } from './locale';

/**
 * Issue 24, through the options page's own components: History and Reports rendered over a real
 * service (fake-indexeddb), hearing its change broadcast as an open page does. A capture, and
 * everything the open page asks after it and after its confirmation, reads the same at 1,000 and 10,000 activities stored: the
 * page's rows, never the history again (no recount of History's total, no re-read of Reports' facts).
 */
const page = vi.hoisted(() => ({
  service: undefined as QuotaRadarService | undefined,
  listeners: new Set<() => void>(),
  asked: [] as { type: string; filter?: ListFilter }[],
  inFlight: 0,
}));
vi.mock('../../../lib/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lib/messaging')>()),
  send: async (request: { type: string; filter?: ListFilter }) => {
    page.asked.push(request);
    page.inFlight += 1;
    try {
      const answer = await page.service!.handle(request);
      if (!answer.ok) throw new Error(answer.error);
      return answer.data;
    } finally {
      page.inFlight -= 1;
    }
  },
  onBroadcast: (type: string, listener: (message: { type: string }) => void) => {
    if (type !== 'progress/changed') return () => undefined;
    const heard = () => listener({ type });
    page.listeners.add(heard);
    return () => page.listeners.delete(heard);
  },
}));

afterEach(cleanup);

describe('an open options page (History and Reports) after a capture', () => {
  let harness: Harness | undefined;
  afterEach(() => harness?.close());

  const asked = (type: string) => page.asked.filter((r) => r.type === type).length;

  /** Waits until `change` made the page ask again (History's page and count, the report) and all is answered. */
  async function changedAndAnswered(change: () => Promise<unknown>) {
    const before = { list: asked('activity/list'), report: asked('report/get') };
    await change();
    await waitFor(
      () => {
        expect(asked('activity/list')).toBeGreaterThanOrEqual(before.list + 2);
        expect(asked('report/get')).toBe(before.report + 1);
        expect(page.inFlight).toBe(0);
      },
      { timeout: 10_000, interval: 20 },
    );
  }

  /** A Gmail send (held for its undo window) and the popup's progress, then its confirmation when the window ends. */
  async function captureAndWait(service: QuotaRadarService, clock: Harness) {
    await changedAndAnswered(async () => {
      await service.applyEvents([record(aGmailCapture())]);
      await service.progress();
    });
    clock.advance(120_000);
    await changedAndAnswered(async () => expect(await service.confirmDue()).toBe(1));
  }

  async function readsAt(size: number) {
    speak('en');
    harness = await createHarness();
    const history = Array.from({ length: size }, (_, i) =>
      anActivity({ id: `h-${i}`, dedupeKey: `h:${i}`, occurredAt: WED_NOON - 3_600_000 - Math.floor((i * 400 * 86_400_000) / size) }),
    );
    await harness.store.importAll(history, WED_NOON);
    const service = new QuotaRadarService(harness.store, harness.now, {
      onChange: () => {
        for (const heard of page.listeners) heard();
      },
    });
    page.service = service;
    page.asked = [];
    const [settings, quotas] = await Promise.all([service.getSettings(), service.getQuotas()]);
    render(
      <>
        <History quotas={quotas} timeZone={settings.timeZone} settings={settings} />
        <Reports />
      </>,
    );
    // Opened: History's count and the report shown (their first load may read history).
    await waitFor(() => expect(screen.getByTestId('history-count').textContent).toMatch(/\d/), { timeout: 20_000 });
    await screen.findByTestId('report-quotas', {}, { timeout: 20_000 });
    // A first capture settles what a first write changes once (the kept progress dropped).
    await captureAndWait(service, harness);

    const reads = countReads();
    await captureAndWait(service, harness);
    reads.stop();
    const shown = screen.getByTestId('history-count').textContent;
    cleanup();
    harness.close();
    harness = undefined;
    return { reads: reads.counted, shown };
  }

  it('reads the same at 1,000 and 10,000 activities stored', { timeout: 180_000 }, async () => {
    const small = await readsAt(1_000);
    const large = await readsAt(10_000);
    // Both captures are in History's count, moved by the writes themselves.
    expect(small.shown).toContain('1,002');
    expect(large.shown).toContain('10,002');
    expect(large.reads).toEqual(small.reads);
    // Twice (the capture, its confirmation): History's first page (50 rows), its count's one row, the
    // popup's progress, settings and kinds (114 records in 16 requests today): no pass over the
    // history, nor over Reports' day packs (a re-read of a year of packs is some 270 records).
    expect(large.reads.records).toBeLessThan(200);
    expect(large.reads.requests).toBeLessThan(60);
  });
});
