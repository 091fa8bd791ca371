// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { useProgress } from '../../../components/useProgress';
import { paintKept, readKeptProgress, startFirstPaint } from '../../../entrypoints/popup/first-paint';
import { type EarlyProgress, KEPT_PROGRESS_KEY, type KeptProgress } from '../../../lib/kept-progress';
import type { ProgressReport } from '../../../lib/quota/progress';
import { speak } from './locale';

const send = vi.hoisted(() => vi.fn());
vi.mock('../../../lib/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lib/messaging')>()),
  send,
}));

const AT = Date.parse('2026-01-14T12:00:00-05:00');

function aReport(done: number, at = AT): ProgressReport {
  return {
    at,
    quotas: [
      {
        quotaId: 'calls',
        name: 'Calls',
        measure: 'count',
        period: { start: AT - 13 * 86_400_000, end: AT + 18 * 86_400_000 },
        done,
        pending: 0,
        target: 150,
        fullTarget: 150,
        asked: true,
        trackedFrom: null,
        remaining: 150 - done,
        percent: (done / 150) * 100,
        expectedByNow: 60,
        expectedByEndOfToday: 68,
        pace: 'behind',
        met: false,
        projection: null,
        neededPerRemainingWorkingDay: 8,
        neededToday: 20,
        doneToday: 2,
        workingDays: { total: 22, elapsed: 9.4, remaining: 12.6 },
        streak: 0,
        limitedByInviteCap: false,
      },
    ],
    today: { call: 2 },
    pending: [],
    streak: 0,
    inviteGuard: { sentThisWeek: 0, limit: 100, remainingThisWeek: 100, level: 'ok' },
    workingToday: true,
  };
}

const kept = (done: number): KeptProgress => ({ report: aReport(done), validUntil: AT + 3_600_000 });

beforeEach(() => {
  speak('en');
  vi.stubGlobal('browser', fakeBrowser);
  fakeBrowser.reset();
  speak('en');
  send.mockReset();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("the popup's first paint", () => {
  it('paints the kept numbers, marked as updating, and never over what React rendered', () => {
    const root = document.createElement('div');
    paintKept(root, kept(42));
    expect(root.querySelector('[data-kept-quota="calls"] .quota-numbers')?.textContent).toBe('42 / 150');
    expect(root.textContent).toContain('Updating…');
    expect(root.querySelector('main')?.getAttribute('aria-busy')).toBe('true');

    const mounted = document.createElement('div');
    mounted.append(document.createElement('main'));
    paintKept(mounted, kept(42));
    expect(mounted.querySelector('[data-kept-quota]')).toBeNull();
  });

  it('reads a kept progress only while it is valid and fits', async () => {
    await fakeBrowser.storage.local.set({ [KEPT_PROGRESS_KEY]: kept(7) });
    expect((await readKeptProgress(AT + 1))?.report.quotas[0]?.done).toBe(7);
    expect(await readKeptProgress(AT + 3_600_000)).toBeUndefined();
    expect(await readKeptProgress(AT - 1)).toBeUndefined();
    await fakeBrowser.storage.local.set({ [KEPT_PROGRESS_KEY]: { validUntil: AT + 10, report: { at: AT, quotas: [{ done: 'x' }] } } });
    expect(await readKeptProgress(AT + 1)).toBeUndefined();
  });
});

/** A document still being parsed: `#root` not there yet, readyState "loading" until `finish()`. */
function aLoadingDocument() {
  const doc = document.implementation.createHTMLDocument('Quota Radar');
  Object.defineProperty(doc, 'readyState', { value: 'loading', configurable: true });
  const finish = () => {
    const root = doc.createElement('div');
    root.id = 'root';
    doc.body.append(root);
    Object.defineProperty(doc, 'readyState', { value: 'interactive', configurable: true });
    doc.dispatchEvent(new Event('readystatechange'));
    return root;
  };
  return { doc, finish };
}

describe("the popup's first script", () => {
  afterEach(() => {
    globalThis.quotaRadarFirstPaint = undefined;
    vi.restoreAllMocks();
  });

  it('paints the kept numbers into #root once both are there, then asks for the current progress', async () => {
    await fakeBrowser.storage.local.set({ [KEPT_PROGRESS_KEY]: kept(42) });
    const { doc, finish } = aLoadingDocument();
    let paintedWhenAsked: string | null | undefined;
    const sendMessage = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async () => {
      paintedWhenAsked = doc.querySelector('[data-kept-quota="calls"] .quota-numbers')?.textContent;
      return { ok: true, data: aReport(43, AT + 1000) };
    });
    const started = startFirstPaint(doc, AT + 1);
    expect(globalThis.quotaRadarFirstPaint).toBe(started);
    // The pace colours the bars need are set before anything is painted.
    expect(doc.documentElement.style.getPropertyValue('--pace-behind')).not.toBe('');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(doc.querySelector('[data-kept-quota]')).toBeNull();

    const root = finish();
    expect((await started.painted)?.report.quotas[0]?.done).toBe(42);
    expect(root.querySelector('[data-kept-quota="calls"] .quota-numbers')?.textContent).toBe('42 / 150');
    expect((await started.first).quotas[0]?.done).toBe(43);
    expect(sendMessage).toHaveBeenCalledWith({ type: 'progress/get' });
    // Asked only after the kept numbers were on the page (a worker starting meanwhile would slow them down).
    expect(paintedWhenAsked).toBe('42 / 150');
  });

  it('paints nothing when what was kept is no longer exact, and still asks', async () => {
    await fakeBrowser.storage.local.set({ [KEPT_PROGRESS_KEY]: kept(42) });
    const sendMessage = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue({ ok: true, data: aReport(43) });
    const { doc, finish } = aLoadingDocument();
    const root = finish();
    const started = startFirstPaint(doc, AT + 3_600_000);
    expect(await started.painted).toBeUndefined();
    await started.first;
    expect(root.childElementCount).toBe(0);
    expect(sendMessage).toHaveBeenCalledTimes(1);
  });
});

function Probe({ early }: { early: EarlyProgress }) {
  const { report, updating, error } = useProgress(early);
  return (
    <p data-testid="probe">
      {error ? `error: ${error}` : report ? `${report.quotas[0]!.done}${updating ? ' (updating)' : ''}` : 'nothing'}
    </p>
  );
}

describe('React mounted over the kept numbers', () => {
  it('replaces them in the same task with its own rendering of them: the popup is never empty', async () => {
    const root = document.createElement('div');
    document.body.append(root);
    paintKept(root, kept(42));
    // Whatever else the popup asks while mounting stays unanswered: only the kept numbers are known.
    send.mockReturnValue(new Promise(() => undefined));
    const { mount } = await import('../../../entrypoints/popup/mount');
    // Not inside act(): what the browser would paint once this task ends is what the root holds now.
    mount(root, { kept: Promise.resolve(kept(42)), keptNow: kept(42), first: new Promise(() => undefined) });
    expect(root.childElementCount).toBeGreaterThan(0);
    // React's own markup (not the plain DOM one), with the kept numbers.
    expect(root.querySelector('[data-kept-quota]')).toBeNull();
    expect(root.textContent).toContain('42');
    act(() => undefined);
    root.remove();
  });
});

describe('useProgress in the popup', () => {
  it('shows the kept report as updating until the early request answers, then the current one', async () => {
    let answer!: (report: ProgressReport) => void;
    const first = new Promise<ProgressReport>((resolve) => (answer = resolve));
    const early: EarlyProgress = { kept: Promise.resolve(kept(41)), keptNow: kept(41), first };
    render(<Probe early={early} />);
    expect(screen.getByTestId('probe').textContent).toBe('41 (updating)');
    await act(async () => answer(aReport(43, AT + 1000)));
    expect(screen.getByTestId('probe').textContent).toBe('43');
    // The early request was the first load: no second request for it.
    expect(send).not.toHaveBeenCalled();
  });

  it('drops the kept report when the request fails, rather than leave it looking current', async () => {
    let fail!: (error: Error) => void;
    const first = new Promise<ProgressReport>((_, reject) => (fail = reject));
    const early: EarlyProgress = { kept: Promise.resolve(kept(41)), keptNow: kept(41), first };
    render(<Probe early={early} />);
    await act(async () => fail(new Error('the extension did not answer')));
    expect(screen.getByTestId('probe').textContent).toBe('error: the extension did not answer');
  });

  it('without a kept progress shows nothing until the answer', async () => {
    let answer!: (report: ProgressReport) => void;
    const first = new Promise<ProgressReport>((resolve) => (answer = resolve));
    render(<Probe early={{ kept: Promise.resolve(undefined), first }} />);
    expect(screen.getByTestId('probe').textContent).toBe('nothing');
    await act(async () => answer(aReport(5)));
    expect(screen.getByTestId('probe').textContent).toBe('5');
  });
});
