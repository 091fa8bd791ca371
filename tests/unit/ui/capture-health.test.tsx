// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CaptureHealth } from '../../../components/settings/CaptureHealth';
import type { CaptureFailures } from '../../../lib/store/kv';
import { speak } from './locale';

const send = vi.hoisted(() => vi.fn());
vi.mock('../../../lib/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lib/messaging')>()),
  send,
}));

const SINCE = Date.parse('2026-03-02T09:30:00Z');
let failures: CaptureFailures;
beforeEach(() => {
  failures = {
    gmail: { count: 2, since: SINCE, lastAt: SINCE + 60_000, reason: 'threw', message: 'odd traffic' },
    linkedin: { count: 1, since: SINCE, lastAt: SINCE + 120_000, reason: 'invalid-event', message: 'occurredAt: too small' },
  };
  send.mockReset();
  send.mockImplementation(async (request: { type: string }) => {
    if (request.type === 'capture/failures') return failures;
    if (request.type === 'capture/failures-clear') return (failures = {});
    throw new Error(`unexpected ${request.type}`);
  });
});
afterEach(cleanup);

describe('requests a source did not understand', () => {
  it('names each source with its count and since when, newest first, and clears them', async () => {
    speak('en');
    render(<CaptureHealth timeZone="UTC" />);
    const gmail = await screen.findByTestId('capture-failure-gmail');
    expect(gmail.textContent).toContain('Gmail: 2 requests not understood since 3/2/26, 9:30');
    expect(screen.getByTestId('capture-failure-linkedin').textContent).toContain('LinkedIn: 1 request not understood');
    const items = screen.getAllByRole('listitem').map((li) => li.dataset.testid);
    expect(items).toEqual(['capture-failure-linkedin', 'capture-failure-gmail']);
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    await screen.findByText('Every watched request was understood.');
    expect(send).toHaveBeenCalledWith({ type: 'capture/failures-clear' });
  });

  it('speaks Russian in the Russian UI', async () => {
    speak('ru');
    render(<CaptureHealth timeZone="Europe/Moscow" />);
    await waitFor(() =>
      expect(screen.getByTestId('capture-failure-gmail').textContent).toContain('нераспознанных запросов — 2, начиная с 02.03.2026, 12:30'),
    );
  });
});
