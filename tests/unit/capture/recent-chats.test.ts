// @vitest-environment jsdom
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { chatSeenHook, openPeerOfHref, shownChatName } from '../../../lib/capture/chat-seen-hook';
import type { PageHookMessage } from '../../../lib/capture/page-hook';
import {
  allowedRecentChats,
  ChatSeen,
  chatSeenOfProfile,
  pruneRecentChats,
  RECENT_CHATS_DAYS,
  RECENT_CHATS_MAX,
  type RecentChat,
  rememberChat,
  searchRecentChats,
} from '../../../lib/capture/recent-chats';
import { openTelegramPeer, TELEGRAM_CHAT_HEADER } from '../../../lib/capture/telegram/chat-seen';
import { openVkPeer, VK_CHAT_HEADER } from '../../../lib/capture/vk/chat-seen';
import { defaultSettings, type Settings } from '../../../lib/settings';

/** Issue 27, point 7: the recent chats the Capture section offers, and how the page hooks see them. */

const NOW = Date.parse('2026-12-07T09:00:00+03:00');
const DAY = 86_400_000;

function settings(patch: Partial<Settings> = {}): Settings {
  return {
    ...defaultSettings('Europe/Moscow'),
    channels: { ...defaultSettings('Europe/Moscow').channels, vk: true, telegram: true },
    privacy: { storeSubjects: false, storeRecipientNames: true },
    ...patch,
  };
}

describe('rememberChat', () => {
  it('keeps the chat with the name the page showed, newest first, a group told from a person', () => {
    let chats = rememberChat([], { channel: 'vk', peerId: '123456789', name: 'Иван Петров' }, settings(), NOW - 1000);
    chats = rememberChat(chats, { channel: 'vk', peerId: '2000000042', name: 'Отдел продаж' }, settings(), NOW);
    expect(chats).toEqual([
      { id: 'vk:2000000042', channel: 'vk', group: true, name: 'Отдел продаж', lastSeen: NOW },
      { id: 'vk:123456789', channel: 'vk', group: false, name: 'Иван Петров', lastSeen: NOW - 1000 },
    ]);
    expect(rememberChat([], { channel: 'telegram', peerId: '-1001234567890' }, settings(), NOW)[0]).toMatchObject({
      id: 'tg:-1001234567890',
      group: true,
    });
  });

  it('a sighting without a name (a sent message) keeps the name learned before and moves the chat up', () => {
    const named = rememberChat([], { channel: 'telegram', peerId: '5550001', name: 'Мария' }, settings(), NOW - DAY);
    const again = rememberChat(named, { channel: 'telegram', peerId: '5550001' }, settings(), NOW);
    expect(again).toEqual([{ id: 'tg:5550001', channel: 'telegram', group: false, name: 'Мария', lastSeen: NOW }]);
  });

  it('keeps no name where the rep keeps no recipient names, and nothing of a messenger that is off or a chat excluded', () => {
    const noNames = settings({ privacy: { storeSubjects: false, storeRecipientNames: false } });
    expect(rememberChat([], { channel: 'vk', peerId: '1', name: 'Иван' }, noNames, NOW)).toEqual([
      { id: 'vk:1', channel: 'vk', group: false, lastSeen: NOW },
    ]);
    const vkOff = settings({ channels: { ...settings().channels, vk: false } });
    expect(rememberChat([], { channel: 'vk', peerId: '1', name: 'Иван' }, vkOff, NOW)).toEqual([]);
    const excluded = settings({ messengerChats: { excluded: ['vk:1'], work: [] } });
    expect(rememberChat([], { channel: 'vk', peerId: '1', name: 'Иван' }, excluded, NOW)).toEqual([]);
  });

  it('turning a messenger or names off cuts what was kept', () => {
    const kept: RecentChat[] = [
      { id: 'vk:1', channel: 'vk', group: false, name: 'Иван', lastSeen: NOW },
      { id: 'tg:2', channel: 'telegram', group: false, name: 'Мария', lastSeen: NOW },
    ];
    const tgOff = settings({ channels: { ...settings().channels, telegram: false } });
    expect(allowedRecentChats(kept, tgOff, NOW).map((c) => c.id)).toEqual(['vk:1']);
    const noNames = settings({ privacy: { storeSubjects: false, storeRecipientNames: false } });
    expect(allowedRecentChats(kept, noNames, NOW).map((c) => c.name)).toEqual([undefined, undefined]);
  });
});

describe('pruneRecentChats', () => {
  const chat = fc.record({
    peer: fc.integer({ min: 1, max: 400 }),
    age: fc.integer({ min: 0, max: 60 * DAY }),
  });

  it('keeps at most the newest RECENT_CHATS_MAX, none older than RECENT_CHATS_DAYS, newest first', () => {
    fc.assert(
      fc.property(fc.uniqueArray(chat, { selector: (c) => c.peer, maxLength: 120 }), (input) => {
        const chats: RecentChat[] = input.map((c) => ({ id: `vk:${c.peer}`, channel: 'vk', group: false, lastSeen: NOW - c.age }));
        const kept = pruneRecentChats(chats, NOW);
        const young = chats.filter((c) => NOW - c.lastSeen <= RECENT_CHATS_DAYS * DAY);
        expect(kept.length).toBe(Math.min(RECENT_CHATS_MAX, young.length));
        for (let i = 1; i < kept.length; i++) expect(kept[i - 1]!.lastSeen).toBeGreaterThanOrEqual(kept[i]!.lastSeen);
        // Nothing dropped is newer than something kept.
        const oldestKept = kept.at(-1)?.lastSeen ?? Number.POSITIVE_INFINITY;
        expect(young.filter((c) => !kept.includes(c)).every((c) => c.lastSeen <= oldestKept)).toBe(true);
      }),
    );
  });

  it('a chat seen exactly 30 days ago stays; a millisecond older goes', () => {
    const edge: RecentChat = { id: 'vk:1', channel: 'vk', group: false, lastSeen: NOW - RECENT_CHATS_DAYS * DAY };
    expect(pruneRecentChats([edge], NOW)).toEqual([edge]);
    expect(pruneRecentChats([{ ...edge, lastSeen: edge.lastSeen - 1 }], NOW)).toEqual([]);
  });
});

describe('what crosses from the page', () => {
  it('ChatSeen refuses what is not a chat id, and an over-long name', () => {
    expect(ChatSeen.safeParse({ channel: 'vk', peerId: '2000000042', name: ' Отдел продаж ' }).data?.name).toBe('Отдел продаж');
    expect(ChatSeen.safeParse({ channel: 'vk', peerId: 'vk:1' }).success).toBe(false);
    expect(ChatSeen.safeParse({ channel: 'whatsapp', peerId: '1' }).success).toBe(false);
    expect(ChatSeen.safeParse({ channel: 'vk', peerId: '1', name: 'x'.repeat(301) }).success).toBe(false);
  });

  it('a sent message names its chat by the recipient profile', () => {
    expect(chatSeenOfProfile('vk', 'vk:2000000042')).toEqual({ channel: 'vk', peerId: '2000000042' });
    expect(chatSeenOfProfile('telegram', 'tg:-100123')).toEqual({ channel: 'telegram', peerId: '-100123' });
    expect(chatSeenOfProfile('telegram', 'vk:1')).toBeUndefined();
    expect(chatSeenOfProfile('gmail', 'vk:1')).toBeUndefined();
  });

  it('the open chat from the page address', () => {
    const vk = (href: string) => openPeerOfHref(href, openVkPeer);
    const tg = (href: string) => openPeerOfHref(href, openTelegramPeer);
    expect(vk('https://vk.com/im/convo/123456789')).toBe('123456789');
    expect(vk('https://vk.com/im/convo/2000000042?entrypoint=list_all')).toBe('2000000042');
    expect(vk('https://vk.com/im?sel=c42')).toBe('2000000042');
    expect(vk('https://vk.com/im?sel=-5')).toBe('-5');
    expect(vk('https://vk.com/feed')).toBeUndefined();
    expect(vk('https://web.telegram.org/k/#-1001234567890')).toBeUndefined();
    expect(tg('https://web.telegram.org/k/#-1001234567890')).toBe('-1001234567890');
    expect(tg('https://web.telegram.org/a/#5550001')).toBe('5550001');
    expect(tg('https://web.telegram.org/k/#@durov')).toBeUndefined();
    expect(tg('https://vk.com/im/convo/1')).toBeUndefined();
    expect(vk('https://evil.example/im/convo/1')).toBeUndefined();
    expect(vk('not a url')).toBeUndefined();
  });

  it('the chat name from the page header, one line', () => {
    document.body.innerHTML = '<div class="chat-info"><span class="peer-title">  Мария\n Иванова </span></div>';
    expect(shownChatName(document, TELEGRAM_CHAT_HEADER)).toBe('Мария Иванова');
    document.body.innerHTML = '<h2 class="ConvoHeader__title--x1">Отдел продаж</h2>';
    expect(shownChatName(document, VK_CHAT_HEADER)).toBe('Отдел продаж');
    document.body.innerHTML = '<p>nothing</p>';
    expect(shownChatName(document, VK_CHAT_HEADER)).toBeUndefined();
  });
  it("a messenger's hook reports the open chat under its own channel, once per change", () => {
    vi.useFakeTimers();
    try {
      const sent: PageHookMessage[] = [];
      let peer: string | undefined = '-100123';
      chatSeenHook('telegram', () => peer, TELEGRAM_CHAT_HEADER)({ document, send: (message) => sent.push(message) });
      document.body.innerHTML = '<p>no header yet</p>';
      vi.advanceTimersByTime(1000);
      vi.advanceTimersByTime(1000);
      document.body.innerHTML = '<div class="chat-info"><span class="peer-title">Sales</span></div>';
      vi.advanceTimersByTime(1000);
      peer = undefined;
      vi.advanceTimersByTime(1000);
      expect(sent).toEqual([
        { type: 'capture/chat-seen', chat: { channel: 'telegram', peerId: '-100123' } },
        { type: 'capture/chat-seen', chat: { channel: 'telegram', peerId: '-100123', name: 'Sales' } },
      ]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('searchRecentChats', () => {
  const chats: RecentChat[] = [
    { id: 'vk:2000000042', channel: 'vk', group: true, name: 'Отдел продаж', lastSeen: NOW },
    { id: 'tg:5550001', channel: 'telegram', group: false, lastSeen: NOW },
  ];
  it('finds by name in any case, or by id', () => {
    expect(searchRecentChats(chats, 'отдел').map((c) => c.id)).toEqual(['vk:2000000042']);
    expect(searchRecentChats(chats, '5550').map((c) => c.id)).toEqual(['tg:5550001']);
    expect(searchRecentChats(chats, '  ')).toHaveLength(2);
    expect(searchRecentChats(chats, 'нет такого')).toEqual([]);
  });
});
