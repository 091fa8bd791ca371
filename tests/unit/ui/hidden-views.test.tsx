// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useCustomKinds } from '../../../components/kindLabels';
import { useBackgroundVersion, ViewShown } from '../../../components/useBackgroundChanges';
import type { CustomKind } from '../../../lib/kinds';

/**
 * Issue 24: the options page shares the popup's renderer, so a section not on screen (or the page's
 * tab in the background) asks nothing when the background changes; it catches up, once, when shown.
 */
const bus = vi.hoisted(() => ({ listeners: new Set<() => void>(), kinds: [] as unknown[] }));
vi.mock('../../../lib/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lib/messaging')>()),
  send: async (request: { type: string }) => {
    if (request.type !== 'kinds/list') throw new Error(`unexpected ${request.type}`);
    return structuredClone(bus.kinds);
  },
  onBroadcast: (type: string, listener: (message: { type: string }) => void) => {
    if (type !== 'progress/changed') return () => undefined;
    const heard = () => listener({ type });
    bus.listeners.add(heard);
    return () => bus.listeners.delete(heard);
  },
}));

const changed = () =>
  act(() => {
    for (const heard of bus.listeners) heard();
  });

function Probe() {
  return <output data-testid="version">{useBackgroundVersion()}</output>;
}
const version = () => Number(screen.getByTestId('version').textContent);

let visibility: DocumentVisibilityState = 'visible';
beforeEach(() => {
  visibility = 'visible';
  vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('a view not on screen', () => {
  it('follows changes while shown, holds them while hidden, and catches up once when shown again', () => {
    const view = (shown: boolean) => (
      <ViewShown.Provider value={shown}>
        <Probe />
      </ViewShown.Provider>
    );
    const { rerender } = render(view(true));
    changed();
    expect(version()).toBe(1);
    rerender(view(false));
    changed();
    changed();
    changed();
    expect(version()).toBe(1);
    rerender(view(true));
    expect(version()).toBe(2);
    // Nothing missed meanwhile: showing it again asks nothing.
    rerender(view(false));
    rerender(view(true));
    expect(version()).toBe(2);
  });

  it('holds changes while the page is in a background tab', () => {
    render(<Probe />);
    visibility = 'hidden';
    act(() => {
      document.dispatchEvent(new Event('visibilitychange'));
    });
    changed();
    changed();
    expect(version()).toBe(0);
    visibility = 'visible';
    act(() => {
      document.dispatchEvent(new Event('visibilitychange'));
    });
    expect(version()).toBe(1);
  });
});

describe("a page's own kinds", () => {
  const aKind = (name: string, id: CustomKind['id'] = 'custom:demo'): CustomKind => ({
    id,
    names: { en: name },
    oneClick: false,
    hidden: false,
  });

  it('re-render the page only when they change, not on every capture', async () => {
    bus.kinds = [aKind('Demo')];
    let renders = 0;
    function Kinds() {
      renders += 1;
      return <output data-testid="kinds">{useCustomKinds().length}</output>;
    }
    render(<Kinds />);
    await screen.findByText('1');
    const settled = renders;
    // Captures: the kinds are asked again, answer the same, and nothing renders.
    await act(async () => {
      for (const heard of bus.listeners) heard();
      await new Promise((r) => setTimeout(r, 20));
    });
    expect(renders).toBe(settled);
    bus.kinds = [aKind('Demo'), aKind('Other', 'custom:other')];
    await act(async () => {
      for (const heard of bus.listeners) heard();
      await new Promise((r) => setTimeout(r, 20));
    });
    expect(screen.getByTestId('kinds').textContent).toBe('2');
    expect(renders).toBe(settled + 1);
  });
});
