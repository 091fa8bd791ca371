// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { History } from '../../../components/History';
import type { Activity } from '../../../lib/activity';
import { defaultQuotas, defaultSettings } from '../../../lib/settings';
import { aManualCall } from '../../builders/activity';
import { speak } from './locale';

/**
 * Issue 24: History on screen asks for its page again after each capture; only the new and changed
 * rows render again (the options page shares its renderer with the open popup). A row's render is
 * seen through countingOf, which each rendered row calls once.
 */
const page = vi.hoisted(() => ({ items: [] as Activity[], listeners: new Set<() => void>() }));
vi.mock('../../../lib/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lib/messaging')>()),
  send: async (request: { type: string; limit?: number }) => {
    if (request.type === 'kinds/list') return [];
    if (request.type === 'activity/list') return { items: structuredClone(page.items).slice(0, request.limit), total: page.items.length };
    throw new Error(`unexpected ${request.type}`);
  },
  onBroadcast: (type: string, listener: (message: { type: string }) => void) => {
    if (type !== 'progress/changed') return () => undefined;
    const heard = () => listener({ type });
    page.listeners.add(heard);
    return () => page.listeners.delete(heard);
  },
}));
const counting = vi.hoisted(() => ({ calls: 0 }));
vi.mock('../../../lib/quota/counting', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../lib/quota/counting')>();
  return {
    ...original,
    countingOf: (...args: Parameters<typeof original.countingOf>) => {
      counting.calls += 1;
      return original.countingOf(...args);
    },
  };
});

afterEach(cleanup);

describe('History after a capture', () => {
  it('renders the new row and the changed one, not the whole page again', async () => {
    speak('en');
    const T = Date.UTC(2026, 0, 14, 12);
    page.items = Array.from({ length: 50 }, (_, i) => aManualCall({ id: `c-${i}`, occurredAt: T - i * 60_000, updatedAt: T }));
    render(<History quotas={defaultQuotas()} timeZone="UTC" settings={defaultSettings('UTC')} />);
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(50));
    await waitFor(() => expect(screen.getByTestId('history-count').textContent).toMatch(/50/));
    counting.calls = 0;
    // A capture arrives (newest first) and an entry is edited: the page is asked again.
    page.items = [aManualCall({ id: 'new', occurredAt: T + 60_000, updatedAt: T + 1 }), ...page.items.slice(0, 49)];
    page.items[5] = { ...page.items[5]!, note: 'edited', updatedAt: T + 2 };
    await act(async () => {
      for (const heard of page.listeners) heard();
    });
    await waitFor(() => expect(screen.getByTestId('history-count').textContent).toMatch(/50/));
    await waitFor(() => expect(screen.getAllByTestId('history-row')[0]!.dataset.id).toBe('new'));
    expect(screen.getAllByTestId('history-row')[5]!.textContent).toContain('edited');
    expect(counting.calls).toBe(2);
  });
});
