import { KEPT_PROGRESS_KEY, type KeptProgress, usableKeptProgress } from '@/lib/kept-progress';
import type { ProgressReport } from '@/lib/quota/progress';

/**
 * The popup's first frame, before React and before any answer from the background (which the
 * browser has usually stopped, so it must start first): the progress the background kept, painted
 * as plain DOM and marked as updating. React replaces it as soon as it mounts. Nothing here may
 * import React, zod or the protocol: this is the only script the popup runs before its first frame.
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
