// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NOTICE_ATTRIBUTE, NOTICE_FALLBACK, noticeTexts, showOrphanNotice } from '../../../lib/tap/orphan-notice';
import ru from '../../../public/_locales/ru/messages.json';

const host = () => document.querySelector(`[${NOTICE_ATTRIBUTE}]`) as HTMLElement | null;

afterEach(() => {
  host()?.remove();
  vi.restoreAllMocks();
});

describe('noticeTexts', () => {
  it("reads the extension's messages while it can, English when it cannot", () => {
    const messages = ru as Record<string, { message: string }>;
    const texts = noticeTexts((key) => messages[key]?.message ?? '');
    expect(texts).toEqual({
      text: messages.reloadNoticeText!.message,
      reload: messages.reloadNoticeReload!.message,
      dismiss: messages.reloadNoticeDismiss!.message,
    });
    expect(noticeTexts(undefined)).toEqual(NOTICE_FALLBACK);
    expect(
      noticeTexts(() => {
        throw new Error('Extension context invalidated.');
      }),
    ).toEqual(NOTICE_FALLBACK);
  });
});

describe('showOrphanNotice', () => {
  it('shows one note in a shadow root, built without innerHTML, with a reload and a dismiss button', () => {
    const innerHTML = vi.spyOn(Element.prototype, 'innerHTML', 'set');
    const reload = vi.fn();
    const remove = showOrphanNotice(document, NOTICE_FALLBACK, reload);
    showOrphanNotice(document, NOTICE_FALLBACK, reload);
    expect(document.querySelectorAll(`[${NOTICE_ATTRIBUTE}]`)).toHaveLength(1);
    expect(innerHTML).not.toHaveBeenCalled();
    const root = host()!.shadowRoot!;
    expect(root.querySelector('[role="status"]')!.textContent).toContain(NOTICE_FALLBACK.text);
    // The page's CSS stays out: the host resets everything, styles are set on the elements.
    expect(host()!.style.getPropertyValue('position')).toBe('fixed');
    expect(document.querySelectorAll('style')).toHaveLength(0);

    const [reloadButton, dismissButton] = [...root.querySelectorAll('button')];
    reloadButton!.click();
    expect(reload).toHaveBeenCalledTimes(1);
    expect(dismissButton!.getAttribute('aria-label')).toBe(NOTICE_FALLBACK.dismiss);
    dismissButton!.click();
    expect(host()).toBeNull();
    expect(() => remove()).not.toThrow();
  });

  it('can be removed by the relay that shows it (a new relay took over)', () => {
    const remove = showOrphanNotice(document, NOTICE_FALLBACK, vi.fn());
    expect(host()).not.toBeNull();
    remove();
    expect(host()).toBeNull();
  });
});
