/**
 * The note an orphaned relay shows when the extension was updated or reloaded under the page and
 * no new relay took over (no host access to inject one, or a browser that cannot): the rep must
 * know that sends in this tab are not counted until it is reloaded.
 *
 * Small and out of the way (a corner card, dismissible), built with DOM calls only (Gmail and
 * LinkedIn enforce Trusted Types: no innerHTML), styled through CSSOM in a shadow root (a
 * `<style>` element could be refused by the page's CSP; the page's CSS does not reach in).
 * Dependency-free: bundled into the relay.
 */

export interface NoticeTexts {
  text: string;
  reload: string;
  dismiss: string;
}

/** English, for when the extension's messages cannot be read. */
export const NOTICE_FALLBACK: NoticeTexts = {
  text: 'Quota Radar was updated, reloaded or turned off: what you send in this tab is not counted until you reload it.',
  reload: 'Reload',
  dismiss: 'Dismiss',
};

/**
 * The texts in the extension's language, read now: an orphaned script's chrome.i18n is gone, so
 * the relay reads them at start-up, while its context still works.
 */
export function noticeTexts(getMessage: ((key: string) => string) | undefined): NoticeTexts {
  const read = (key: string, fallback: string) => {
    try {
      return getMessage?.(key) || fallback;
    } catch {
      return fallback;
    }
  };
  return {
    text: read('reloadNoticeText', NOTICE_FALLBACK.text),
    reload: read('reloadNoticeReload', NOTICE_FALLBACK.reload),
    dismiss: read('reloadNoticeDismiss', NOTICE_FALLBACK.dismiss),
  };
}

/** The host element's attribute, so that a test (or the rep's devtools) can find it. */
export const NOTICE_ATTRIBUTE = 'data-quota-radar-notice';

type Styles = Record<string, string>;

function styled<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, styles: Styles): HTMLElementTagNameMap[K] {
  const element = doc.createElement(tag);
  for (const [name, value] of Object.entries(styles)) element.style.setProperty(name, value, 'important');
  return element;
}

const BUTTON: Styles = {
  font: 'inherit',
  'font-weight': '600',
  color: '#ffffff',
  background: 'transparent',
  border: '1px solid rgba(255,255,255,0.5)',
  'border-radius': '4px',
  padding: '2px 8px',
  cursor: 'pointer',
  'flex-shrink': '0',
};

/** Shows the note (once per document) and returns a function that removes it. */
export function showOrphanNotice(doc: Document, texts: NoticeTexts, reload: () => void): () => void {
  const existing = doc.querySelector(`[${NOTICE_ATTRIBUTE}]`);
  if (existing) return () => existing.remove();
  const host = styled(doc, 'div', { all: 'initial', position: 'fixed', right: '16px', bottom: '16px', 'z-index': '2147483647' });
  host.setAttribute(NOTICE_ATTRIBUTE, 'reload');
  const root = host.attachShadow({ mode: 'open' });
  const card = styled(doc, 'div', {
    display: 'flex',
    'align-items': 'center',
    gap: '8px',
    'max-width': '340px',
    padding: '8px 10px',
    'border-radius': '6px',
    background: '#1f2937',
    color: '#ffffff',
    font: '13px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    'box-shadow': '0 2px 8px rgba(0,0,0,0.3)',
  });
  card.setAttribute('role', 'status');
  const text = styled(doc, 'span', {});
  text.textContent = texts.text;
  const reloadButton = styled(doc, 'button', BUTTON);
  reloadButton.type = 'button';
  reloadButton.textContent = texts.reload;
  reloadButton.addEventListener('click', () => reload());
  const dismissButton = styled(doc, 'button', { ...BUTTON, border: 'none', 'font-size': '16px', 'line-height': '1' });
  dismissButton.type = 'button';
  dismissButton.textContent = '×';
  dismissButton.title = texts.dismiss;
  dismissButton.setAttribute('aria-label', texts.dismiss);
  dismissButton.addEventListener('click', () => host.remove());
  card.append(text, reloadButton, dismissButton);
  root.append(card);
  (doc.body ?? doc.documentElement).append(host);
  return () => host.remove();
}
