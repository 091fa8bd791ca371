// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { idLabel, statusText, subtypeText } from '../../../components/activityWords';
import { History } from '../../../components/History';
import { defaultQuotas } from '../../../lib/settings';
import { anActivity } from '../../builders/activity';
import { catalogue, speak } from './locale';

const send = vi.hoisted(() => vi.fn());
vi.mock('../../../lib/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lib/messaging')>()),
  send,
}));

/** Every subtype the detectors write (lib/capture/*: mail variants, LinkedIn, VK and Telegram chats and likes, phone links). */
const SUBTYPES = ['new', 'reply', 'forward', 'scheduled', 'with_note', 'no_note', 'reaction', 'comment', 'inmail'];
const CHAT_AND_SOCIAL_SUBTYPES = ['user', 'chat', 'group', 'channel', 'like', 'attempt', 'outbound', 'inbound'];
const RAW = [
  'ownerId',
  'ownerKind',
  'peerId',
  'peerKind',
  'messageId',
  'vk-api-likes.add',
  '· like',
  '· user',
  '· chat',
  'outbound',
  'method_',
];

beforeEach(() => {
  speak('ru');
  send.mockReset();
});
afterEach(cleanup);

describe('Russian words in History', () => {
  it('names every subtype in Russian, never the code', () => {
    for (const subtype of [...SUBTYPES, ...CHAT_AND_SOCIAL_SUBTYPES]) {
      const word = subtypeText(subtype);
      expect(word, subtype).not.toBe(subtype);
      expect(word, subtype).toMatch(/[а-яё]/i);
    }
  });

  it('declines the provider in "undone in …" (в Яндекс Почте, в Почте Mail.ru)', () => {
    expect(statusText({ status: 'retracted', channel: 'yandex' }, null, true)).toBe('Отменено в Яндекс Почте');
    expect(statusText({ status: 'retracted', channel: 'mailru' }, null, true)).toBe('Отменено в Почте Mail.ru');
    expect(idLabel('ownerId')).toBe('Автор записи');
    expect(idLabel('someFutureKey')).toBe('Идентификатор');
  });

  it('a VK like and a VK chat message show no raw key, subtype or request name', async () => {
    const like = anActivity({
      kind: 'social_touch',
      channel: 'vk',
      subtype: 'like',
      recipients: [{ profileId: '777001', role: 'to' }],
      detection: { method: 'page-request', source: 'vk-api-likes.add', ids: { ownerId: '777001', ownerKind: 'user', item: '42' } },
    });
    const message = anActivity({
      kind: 'messenger_message',
      channel: 'vk',
      subtype: 'chat',
      recipients: [{ profileId: '2000000042', role: 'to' }],
      detection: { method: 'page-request', source: 'vk-api-messages.send', ids: { peerId: '2000000042', peerKind: 'chat' } },
    });
    // A call from Zadarma's log (seen in the Russian day's History as "· outbound" and "method_api").
    const call = anActivity({
      kind: 'call',
      channel: 'zadarma',
      subtype: 'outbound',
      recipients: [{ phone: '+79031112233', role: 'to' }],
      detection: { method: 'api', source: 'zadarma-statistics', ids: { call: '9002' } },
      outcome: 'no_answer',
    });
    send.mockImplementation(async (request: { type: string }) => {
      if (request.type === 'activity/list') return { items: [like, message, call], total: 3 };
      throw new Error(`unexpected ${request.type}`);
    });
    render(<History quotas={defaultQuotas()} timeZone="Europe/Moscow" />);
    const rows = await screen.findAllByTestId('history-row');
    expect(rows).toHaveLength(3);
    const text = rows.map((row) => row.textContent ?? '').join('\n');
    for (const raw of RAW) expect(text, raw).not.toContain(raw);
    expect(text).toContain('отметка «Нравится»');
    expect(text).toContain('групповой чат');
    expect(text).toContain('Автор записи');
    expect(text).toContain('исходящий');
    expect(text).toContain('из журнала сервиса');
    expect(text).toContain('+7 903 111-22-33');
  });

  it('the Russian messages keep one word for each idea (Конфиденциальность, Касания) and no «подписи записей» or «Захват» (a calque; the section is «Источники»)', () => {
    const ru = catalogue('ru');
    const all = Object.values(ru)
      .map((m) => m.message)
      .join('\n');
    expect(ru.section_privacy?.message).toBe(ru.privacyTitle?.message);
    expect(all).not.toMatch(/Соцкасани|Приватность|подписи записей|Захват/);
    // A list of mail services cannot follow «в» (it would need each name declined: «в Почта Mail.ru, Яндекс Почта»).
    expect(ru.setupWatchedMail?.message).not.toMatch(/ в \$1/);
  });
});
