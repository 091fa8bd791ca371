import { KEPT_PROGRESS_KEY, type KeptProgress, usableKeptProgress } from '@/lib/kept-progress';
import { PACE_COLORS, paceColorVariable } from '@/lib/quota/pace-colors';
import type { Pace, ProgressReport } from '@/lib/quota/progress';

/**
 * The popup's first frame, before React and before any answer from the background (which the
 * browser has usually stopped, so it must start first): the progress the background kept, painted
 * as plain DOM and marked as updating. React replaces it as soon as it mounts. Built on its own
 * (entrypoints/popup-first-paint.ts, a classic script at the top of popup.html): it starts the
 * storage read before the page is even parsed, without waiting for the popup's module scripts or its
 * CSS. Nothing here may import React, zod, the polyfill or the protocol.
 */

/** Marks the frame that shows the kept numbers; `npm run bench` reads it. */
export const KEPT_MARK = 'qr:kept-shown';

/** The extension API without the polyfill: Firefox has `browser`, Chrome's MV3 `chrome` returns promises. */
interface MinimalApi {
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  i18n: { getMessage(key: string, substitutions?: string | string[]): string };
}
const api = (): MinimalApi =>
  ((globalThis as { browser?: MinimalApi }).browser ?? (globalThis as unknown as { chrome: MinimalApi }).chrome) as MinimalApi;

const message = (key: string, substitutions?: string | string[]) => api().i18n.getMessage(key, substitutions) || key;

/** The kept progress, when there is one still exact for now. */
export async function readKeptProgress(now = Date.now()): Promise<KeptProgress | undefined> {
  try {
    const stored = await api().storage.local.get(KEPT_PROGRESS_KEY);
    return usableKeptProgress(stored[KEPT_PROGRESS_KEY], now);
  } catch {
    return undefined;
  }
}

/**
 * The first progress request, sent before React loads so that a stopped background starts while
 * the popup's scripts are parsed. Answered as `sendUntilAnswered` (lib/messaging) answers, without
 * its imports: asking for progress is harmless to repeat, so a worker stopped mid-answer is asked again.
 */
export async function requestProgressEarly(tries = 4): Promise<ProgressReport> {
  for (let attempt = 1; ; attempt += 1) {
    let response: { ok: true; data: ProgressReport } | { ok: false; error: string } | undefined;
    try {
      response = (await api().runtime.sendMessage({ type: 'progress/get' })) as typeof response;
    } catch (error) {
      if (attempt >= tries) throw error;
    }
    if (response) {
      if (!response.ok) throw new Error(response.error);
      return response.data;
    }
    if (attempt >= tries) throw new Error('the extension did not answer');
    await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
  }
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Paints the kept numbers into `root` (only while React has not rendered there yet): per quota its
 * name, done / target, the bar and the pace in words, under an "updating" line.
 */
export function paintKept(root: HTMLElement, kept: KeptProgress): void {
  if (root.childElementCount > 0) return;
  const locale = message('locale') || navigator.language;
  // The words' language until React's entry declares the browser's exact one (declarePageLanguage).
  root.ownerDocument.documentElement.lang = locale;
  const number = (value: number, digits: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
  const main = element('main', 'popup kept');
  main.setAttribute('aria-busy', 'true');
  main.dataset.testid = 'kept-progress';
  const header = element('header', '');
  header.append(element('h1', '', message('extName')));
  main.append(header);
  main.append(element('p', 'muted updating', message('progressUpdating')));
  const quotas = element('div', 'quotas');
  for (const q of kept.report.quotas) {
    const digits = q.measure === 'sum' ? 2 : 0;
    const scale = Math.max(q.target, q.done, 1);
    const card = element('section', 'quota');
    card.dataset.keptQuota = q.quotaId;
    card.dataset.pace = q.pace;
    const head = element('div', 'quota-head');
    head.append(element('h2', '', q.name), element('span', 'quota-numbers', `${number(q.done, digits)} / ${number(q.target, digits)}`));
    const bar = element('div', 'bar');
    const fill = element('div', `bar-fill fill-${q.pace}`);
    fill.style.width = `${Math.min(100, (q.done / scale) * 100)}%`;
    bar.append(fill);
    const foot = element('div', 'quota-foot');
    foot.append(element('span', `pace pace-${q.met ? 'met' : q.pace}`, q.met ? message('paceMet') : message(`pace_${q.pace}`)));
    card.append(head, bar, foot);
    quotas.append(card);
  }
  main.append(quotas);
  root.append(main);
  requestAnimationFrame(() => performance.mark(KEPT_MARK));
}

/** What the first script started, handed to the popup's module script (main.tsx) through `quotaRadarFirstPaint`. */
export interface FirstPaint {
  /** The kept progress, once read and, if there is one, painted. */
  painted: Promise<KeptProgress | undefined>;
  /** Once the kept numbers' frame is out (at once when there were none to paint). */
  shown: Promise<void>;
  /** The first progress request, sent once `shown`. */
  first: Promise<ProgressReport>;
}

declare global {
  /** Set by the popup's first script (startFirstPaint); read by main.tsx. */
  var quotaRadarFirstPaint: FirstPaint | undefined;
}

/**
 * The popup's `#root`: at once when the parser has reached it (usually by the time storage answers),
 * else when parsing ends (readyState "interactive", before the module scripts run).
 */
function rootOf(doc: Document): Promise<HTMLElement | null> {
  const root = doc.getElementById('root');
  if (root || doc.readyState !== 'loading') return Promise.resolve(root);
  return new Promise((resolve) => doc.addEventListener('readystatechange', () => resolve(doc.getElementById('root')), { once: true }));
}

/** After the next frame; a page drawing no frames (a hidden tab) waits 100 ms at most. */
const afterFrame = () =>
  new Promise<void>((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });

/**
 * Run by the popup's first script while popup.html is still being parsed: the pace colours (the
 * bars' fill), the kept progress read, painted into `#root` as soon as both it and the page are
 * there, and, once that frame is out, the first progress request: a stopped worker starting (the
 * browser's work, then its 500 kB script parsed on the second core) slows the read and the frame
 * down when sent earlier.
 */
export function startFirstPaint(doc: Document = document, now = Date.now()): FirstPaint {
  for (const [pace, colour] of Object.entries(PACE_COLORS) as [Pace, string][])
    doc.documentElement.style.setProperty(paceColorVariable(pace), colour);
  const painted = readKeptProgress(now).then(async (kept) => {
    const root = kept && (await rootOf(doc));
    if (kept && root) paintKept(root, kept);
    return kept;
  });
  const shown = painted.then((kept) => (kept ? afterFrame() : undefined));
  const first = shown.then(() => requestProgressEarly());
  // Handled by whoever awaits it (React's useProgress); not an unhandled rejection before it mounts.
  first.catch(() => undefined);
  const started: FirstPaint = { painted, shown, first };
  globalThis.quotaRadarFirstPaint = started;
  return started;
}
