// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { TAP_EVENT } from '../../../lib/tap/channel';
import { claimWorld, createSuccession, MAX_HELD, RELAY_READY_EVENT } from '../../../lib/tap/succession';

/** Every tap event the page (or a new relay) hears, as it would. */
function hearTapEvents(): string[] {
  const heard: string[] = [];
  window.addEventListener(TAP_EVENT, (event) => heard.push((event as CustomEvent).detail as string));
  return heard;
}

describe('claimWorld', () => {
  it('lets one relay per live context serve a world, and a new one replace an orphaned one', () => {
    let firstAlive = true;
    expect(claimWorld(window, { alive: () => firstAlive })).toBe(true);
    // Injected again while the first still works: the first serves the page.
    expect(claimWorld(window, { alive: () => true })).toBe(false);
    firstAlive = false;
    expect(claimWorld(window, { alive: () => true })).toBe(true);
    expect(claimWorld(window, { alive: () => true })).toBe(false);
  });
});

describe('createSuccession', () => {
  it('an orphaned relay hands what it held to the relay that announces itself, once, after retiring', () => {
    const heard = hearTapEvents();
    const retire = vi.fn((): string[] => []);
    const orphan = createSuccession(window, () => false, retire);
    orphan.hold('{"a":1}');
    orphan.hold('{"b":2}');
    expect(orphan.held()).toBe(2);

    const successor = createSuccession(
      window,
      () => true,
      () => [],
    );
    successor.announce();
    expect(retire).toHaveBeenCalledTimes(1);
    expect(heard).toEqual(['{"a":1}', '{"b":2}']);
    expect(orphan.held()).toBe(0);
    // Retired: a second announcement hands nothing over again, and nothing is held any more.
    orphan.hold('{"c":3}');
    successor.announce();
    expect(heard).toEqual(['{"a":1}', '{"b":2}']);
    expect(retire).toHaveBeenCalledTimes(1);
  });

  it('a relay whose context works ignores announcements (the page can dispatch them too)', () => {
    const heard = hearTapEvents();
    const retire = vi.fn((): string[] => []);
    const live = createSuccession(window, () => true, retire);
    live.hold('{"kept":true}');
    window.dispatchEvent(new CustomEvent(RELAY_READY_EVENT));
    expect(retire).not.toHaveBeenCalled();
    expect(heard).toEqual([]);
    expect(live.held()).toBe(1);
  });

  it('keeps at most MAX_HELD observations, the newest', () => {
    const heard = hearTapEvents();
    const orphan = createSuccession(
      window,
      () => false,
      () => [],
    );
    for (let i = 0; i < MAX_HELD + 5; i += 1) orphan.hold(String(i));
    expect(orphan.held()).toBe(MAX_HELD);
    window.dispatchEvent(new CustomEvent(RELAY_READY_EVENT));
    expect(heard[0]).toBe('5');
    expect(heard).toHaveLength(MAX_HELD);
  });

  it('hands over, after what it held, what its delivery still waited to resend', () => {
    const heard = hearTapEvents();
    // The send in flight when the extension went waits for its resend: a quick new relay comes first.
    const orphan = createSuccession(
      window,
      () => false,
      () => ['{"in-flight":1}'],
    );
    orphan.hold('{"after":2}');
    window.dispatchEvent(new CustomEvent(RELAY_READY_EVENT));
    expect(heard).toEqual(['{"after":2}', '{"in-flight":1}']);
  });
});
