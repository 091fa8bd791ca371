import type { PageWorldHook, PageWorldHookEntry } from '../page-hook';
import type { Observation } from '../types';
import { WHATSAPP_EVENT_URL, WHATSAPP_HOST } from './rules';

/**
 * MAIN-world hook for WhatsApp Web: reports each message the rep sent from this tab, once, when the
 * server took it. Read from the page, as public projects that observe the client do:
 *
 * - each message row carries `data-id="<fromMe>_<chat>_<message id>[_<author>]"`, the serialized
 *   message key that whatsapp-web.js exposes as `Message.id._serialized` (`true_…` = the rep's own);
 * - the row's status icon is `data-icon="msg-time"` while pending (the clock), then `msg-check`
 *   (sent to the server), `msg-dblcheck` (delivered) or `msg-dblcheck-ack` (read) — the same
 *   ack steps as whatsapp-web.js's `MessageAck` (PENDING 0, SERVER 1, DEVICE 2, READ 3), and the
 *   attributes automation scripts wait on (`[data-icon="msg-time"]` disappearing = sent).
 *
 * Both are attribute values, not words: they survive a change of interface language. A row is
 * counted only when this hook saw it pending first and then saw a tick, so history loaded when a
 * chat opens (already ticked) and a failed send (the clock turns into an error, never a tick) count
 * nothing. The fact names the row's key only: the text is never read.
 */

const OWN = '[data-id^="true_"]';
const PENDING = 'msg-time';
const SENT = /^msg-(check|dblcheck)/;

export function installWhatsAppHook(win: Window, report: (observation: Observation) => void): void {
  const doc = win.document;
  const Observer = (win as Window & typeof globalThis).MutationObserver;
  if (!doc || typeof Observer !== 'function') return;
  const now = Date.now;
  const stringify = JSON.stringify;
  const pending = new Set<string>();
  const done = new Set<string>();

  const check = (row: Element) => {
    const id = row.getAttribute('data-id');
    if (!id || done.has(id)) return;
    const icon = row.querySelector('[data-icon^="msg-"]')?.getAttribute('data-icon') ?? '';
    if (icon === PENDING) pending.add(id);
    else if (SENT.test(icon) && pending.delete(id)) {
      done.add(id);
      report({
        pageUrl: win.location.href.slice(0, 4000),
        request: { method: 'POST', url: WHATSAPP_EVENT_URL, headers: {}, body: stringify({ v: 1, dataId: id.slice(0, 300) }) },
        response: { status: 200, body: null },
        startedAt: now(),
      });
    }
  };

  const visit = (node: Node) => {
    const element = node.nodeType === 1 ? (node as Element) : node.parentElement;
    if (!element) return;
    const row = element.closest(OWN);
    if (row) check(row);
    else for (const inner of element.querySelectorAll(OWN)) check(inner);
  };

  new Observer((mutations: MutationRecord[]) => {
    try {
      for (const mutation of mutations) {
        visit(mutation.target);
        for (const added of mutation.addedNodes) visit(added);
      }
    } catch {
      // never into the page
    }
  }).observe(doc, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-icon', 'data-id'] });
}

export const whatsappPageWorldHook: PageWorldHook = ({ window, report }) => installWhatsAppHook(window, report);

/** Run in the page's world on WhatsApp Web (page-world-hooks.ts finds it here by name). */
export const pageWorld: PageWorldHookEntry = { pages: [WHATSAPP_HOST], hook: whatsappPageWorldHook };
