// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installPhoneLinkHook, type PhoneLinkClickFact } from '../../../lib/capture/phone-link/click-hook';
import { detectPhoneLinkCall, PHONE_LINK_DEDUPE_BUCKET_MS } from '../../../lib/capture/phone-link/detect';
import { findAttemptToMerge, mergeCallAttempt } from '../../../lib/capture/phone-link/merge';
import { type Capture, DetectorEvent } from '../../../lib/capture/types';

const AT = Date.parse('2026-01-14T17:00:03Z');

describe('installPhoneLinkHook', () => {
  // jsdom cannot navigate: the page (this test) keeps links from following, after the hook has seen them.
  beforeAll(() => document.addEventListener('click', (e) => e.preventDefault()));
  let cleanup: (() => void) | undefined;
  afterEach(() => {
    cleanup?.();
    document.body.innerHTML = '';
  });

  function hook(options: { acceptUntrusted?: boolean; signal?: AbortSignal } = { acceptUntrusted: true }) {
    const seen: PhoneLinkClickFact[] = [];
    cleanup = installPhoneLinkHook(document, (c) => seen.push(c), { now: () => AT, ...options });
    return seen;
  }

  it('reports a click on a tel:, callto: or sip: link, whatever the case of the scheme', () => {
    document.body.innerHTML =
      '<a id="t" href="TEL:+14155550123">call</a><a id="c" href="callto:+442079460958">c</a><a id="s" href="sip:+14155550123@pbx.example">s</a>';
    const seen = hook();
    for (const id of ['t', 'c', 's']) document.getElementById(id)!.click();
    expect(seen).toEqual([
      { href: 'TEL:+14155550123', pageHost: 'localhost', at: AT },
      { href: 'callto:+442079460958', pageHost: 'localhost', at: AT },
      { href: 'sip:+14155550123@pbx.example', pageHost: 'localhost', at: AT },
    ]);
  });

  it('finds the link from a click on something inside it, also through an open shadow root', () => {
    document.body.innerHTML = '<a href="tel:+14155550123"><span><b id="inner">☎</b></span></a><div id="host"></div>';
    const host = document.getElementById('host')!;
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<a href="tel:+442079460958"><i id="deep">x</i></a>';
    const seen = hook();
    document.getElementById('inner')!.click();
    (root.getElementById('deep') as HTMLElement).click();
    expect(seen.map((s) => s.href)).toEqual(['tel:+14155550123', 'tel:+442079460958']);
  });

  it('ignores other links, middle clicks, clicks from script, and stops when aborted', () => {
    document.body.innerHTML = '<a id="web" href="https://example.com">w</a><a id="tel" href="tel:+14155550123">t</a>';
    const controller = new AbortController();
    const trustedOnly: PhoneLinkClickFact[] = [];
    const off = installPhoneLinkHook(document, (c) => trustedOnly.push(c));
    const seen = hook({ acceptUntrusted: true, signal: controller.signal });
    document.getElementById('web')!.click();
    document.getElementById('tel')!.dispatchEvent(new MouseEvent('click', { bubbles: true, button: 1 }));
    expect(seen).toEqual([]);
    document.getElementById('tel')!.click();
    expect(seen).toHaveLength(1);
    // A page clicking its own link from script is not the rep.
    expect(trustedOnly).toEqual([]);
    controller.abort();
    document.getElementById('tel')!.click();
    expect(seen).toHaveLength(1);
    off();
  });

  it('never throws into the page, and leaves the click to the page', () => {
    document.body.innerHTML = '<a id="tel" href="tel:+14155550123">t</a>';
    cleanup = installPhoneLinkHook(
      document,
      () => {
        throw new Error('relay gone');
      },
      { acceptUntrusted: true },
    );
    const pageHandler = vi.fn((e: Event) => e.preventDefault());
    document.getElementById('tel')!.addEventListener('click', pageHandler);
    expect(() => document.getElementById('tel')!.click()).not.toThrow();
    expect(pageHandler).toHaveBeenCalledOnce();
  });
});

const record = (events: DetectorEvent[]): Capture => {
  expect(events).toHaveLength(1);
  const event = DetectorEvent.parse(events[0]);
  if (event.type !== 'record') throw new Error('not a record');
  return event.capture;
};

describe('detectPhoneLinkCall', () => {
  it("records a call attempt to the E.164 number, with the page's site", () => {
    const capture = record(detectPhoneLinkCall({ href: 'tel:+1 (415) 555-0123', pageHost: 'CRM.Example.com', at: AT }));
    expect(capture).toEqual({
      kind: 'call',
      channel: 'phone',
      occurredAt: AT,
      account: 'me',
      recipients: [{ phone: '+14155550123', role: 'to' }],
      subtype: 'attempt',
      dedupeKey: 'phone-link:+14155550123:1768410000000',
      detection: { method: 'page-request', source: 'phone-link', ids: { number: '+14155550123', site: 'crm.example.com' } },
    });
  });

  it('a double click records once: both clicks share a key within the bucket', () => {
    const first = record(detectPhoneLinkCall({ href: 'tel:+14155550123', pageHost: 'a.example', at: AT }));
    const second = record(detectPhoneLinkCall({ href: 'tel:+1-415-555-0123', pageHost: 'a.example', at: AT + 400 }));
    const later = record(detectPhoneLinkCall({ href: 'tel:+14155550123', pageHost: 'a.example', at: AT + PHONE_LINK_DEDUPE_BUCKET_MS }));
    expect(second.dedupeKey).toBe(first.dedupeKey);
    expect(later.dedupeKey).not.toBe(first.dedupeKey);
  });

  it('uses the default calling code for a national number, and keeps an unresolved one out of the recipients', () => {
    const national = record(
      detectPhoneLinkCall(
        { href: 'tel:020 7946 0958', pageHost: 'x.example', at: AT },
        { defaultCallingCode: '44', account: 'rep@seller.example' },
      ),
    );
    expect(national.recipients).toEqual([{ phone: '+442079460958', role: 'to' }]);
    expect(national.account).toBe('rep@seller.example');
    const unresolved = record(detectPhoneLinkCall({ href: 'tel:020 7946 0958', pageHost: 'x.example', at: AT }));
    expect(unresolved.recipients).toEqual([]);
    expect(unresolved.dedupeKey).toBe('phone-link:02079460958:1768410000000');
  });

  it('records nothing for a link without a number or a fact that does not parse', () => {
    expect(detectPhoneLinkCall({ href: 'sip:alice@example.com', pageHost: 'x.example', at: AT })).toEqual([]);
    expect(detectPhoneLinkCall({ href: 'tel:+14155550123', pageHost: 'x.example', at: -1 })).toEqual([]);
    expect(detectPhoneLinkCall({ href: 'tel:+14155550123' })).toEqual([]);
    expect(detectPhoneLinkCall('tel:+14155550123')).toEqual([]);
  });
});

describe('mergeCallAttempt', () => {
  const attempt = record(detectPhoneLinkCall({ href: 'tel:+14155550123', pageHost: 'crm.example', at: AT }));
  const polled: Capture = {
    kind: 'call',
    channel: 'aircall',
    occurredAt: AT + 40_000,
    account: 'rep@seller.example',
    recipients: [{ phone: '+14155550123', role: 'to' }],
    subtype: 'outbound',
    dedupeKey: 'aircall:812',
    detection: { method: 'api', source: 'aircall-calls', ids: { call: '812' } },
    outcome: 'connected',
    durationSec: 40,
  };

  it('the polled call wins and takes the attempt in; the attempt is retracted', () => {
    const decision = mergeCallAttempt(attempt, polled);
    expect(decision).toEqual({
      same: true,
      record: { ...polled, detection: { ...polled.detection, ids: { call: '812', attempt: attempt.dedupeKey, site: 'crm.example' } } },
      retract: attempt.dedupeKey,
    });
  });

  it('another number, or the same number outside the window, is another call', () => {
    expect(mergeCallAttempt(attempt, { ...polled, recipients: [{ phone: '+14155550124', role: 'to' }] })).toEqual({ same: false });
    expect(mergeCallAttempt(attempt, { ...polled, occurredAt: AT + 5 * 60_000 + 1 })).toEqual({ same: false });
    expect(mergeCallAttempt(attempt, { ...polled, occurredAt: AT - 5 * 60_000 })).toMatchObject({ same: true });
    expect(mergeCallAttempt(attempt, { ...polled, occurredAt: AT + 90_000 }, 60_000)).toEqual({ same: false });
  });

  it('only a phone-link attempt folds into a polled call, and only calls', () => {
    expect(mergeCallAttempt(polled, polled)).toEqual({ same: false });
    expect(mergeCallAttempt(attempt, attempt)).toEqual({ same: false });
    expect(mergeCallAttempt({ ...attempt, recipients: [] }, polled)).toEqual({ same: false });
    expect(mergeCallAttempt(attempt, { ...polled, kind: 'meeting' })).toEqual({ same: false });
  });

  it('of two clicks on the same number, a polled call takes the nearer one', () => {
    const early = record(detectPhoneLinkCall({ href: 'tel:+14155550123', pageHost: 'crm.example', at: AT - 200_000 }));
    const found = findAttemptToMerge([early, attempt], polled);
    expect(found?.attempt.dedupeKey).toBe(attempt.dedupeKey);
    expect(findAttemptToMerge([early], { ...polled, occurredAt: AT + 200_000 })).toBeUndefined();
  });
});
