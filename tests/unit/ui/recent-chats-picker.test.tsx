// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RecentChatsPicker } from '../../../components/settings/RecentChatsPicker';
import { speak } from './locale';

const send = vi.hoisted(() => vi.fn());
vi.mock('../../../lib/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lib/messaging')>()),
  send,
}));

/** Issue 27, point 7: the Capture section's pick list of recent chats, in Russian. */

const AT = Date.parse('2026-12-07T09:00:00+03:00');

beforeEach(() => {
  speak('ru');
  send.mockReset();
});
afterEach(cleanup);

function answer(chats: unknown) {
  send.mockImplementation(async (request: { type: string }) => {
    if (request.type === 'capture/recent-chats') return chats;
    throw new Error(`unexpected ${request.type}`);
  });
}

describe('RecentChatsPicker', () => {
  it('names the chats where names are kept; a person is excluded, a group marked as work, with one click', async () => {
    answer([
      { id: 'vk:2000000042', channel: 'vk', group: true, name: 'Отдел продаж', lastSeen: AT },
      { id: 'tg:5550001', channel: 'telegram', group: false, name: 'Мария Иванова', lastSeen: AT - 1 },
    ]);
    const onExclude = vi.fn();
    const onWork = vi.fn();
    render(<RecentChatsPicker excluded={[]} work={[]} onExclude={onExclude} onWork={onWork} namesKept />);
    const rows = await screen.findAllByTestId('recent-chat');
    expect(rows.map((row) => row.textContent)).toEqual([
      'Отдел продаж · групповой чат ВКонтакте Отметить как рабочий',
      'Мария Иванова · личный чат Telegram Исключить',
    ]);
    fireEvent.click(screen.getByTestId('recent-chat-work'));
    fireEvent.click(screen.getByTestId('recent-chat-exclude'));
    expect(onWork).toHaveBeenCalledWith('vk:2000000042');
    expect(onExclude).toHaveBeenCalledWith('tg:5550001');

    fireEvent.change(screen.getByTestId('recent-chats-search'), { target: { value: 'мария' } });
    expect(screen.getAllByTestId('recent-chat').map((row) => row.dataset.chatId)).toEqual(['tg:5550001']);
  });

  it('without names: the chat by its id with a neutral label, and why', async () => {
    answer([{ id: 'vk:123456789', channel: 'vk', group: false, lastSeen: AT }]);
    render(<RecentChatsPicker excluded={['vk:123456789']} work={[]} onExclude={vi.fn()} onWork={vi.fn()} namesKept={false} />);
    const [row] = await screen.findAllByTestId('recent-chat');
    expect(row!.textContent).toBe('личный чат ВКонтакте vk:123456789 исключён');
    expect(screen.getByTestId('recent-chats').textContent).toContain('имена адресатов не хранятся');
  });

  it('an answer that is not a list of chats shows no chat but says so (parsed at the boundary)', async () => {
    answer([{ id: 'vk:1; drop', channel: 'vk', group: false, lastSeen: AT }]);
    render(<RecentChatsPicker excluded={[]} work={[]} onExclude={vi.fn()} onWork={vi.fn()} namesKept />);
    expect(await screen.findByTestId('recent-chats-error')).toBeTruthy();
    expect(screen.queryAllByTestId('recent-chat')).toEqual([]);
  });
});
