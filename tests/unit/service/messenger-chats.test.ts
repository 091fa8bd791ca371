import { afterEach, describe, expect, it } from 'vitest';
import type { Observation } from '../../../lib/capture/types';
import { channelIsOn, defaultSettings, type Settings } from '../../../lib/settings';
import { mailruObservation, sendForm as mailruSendForm } from '../../builders/mailru';
import { protonObservation, sendBody as protonSendBody } from '../../builders/proton';
import { sentFactOf, telegramObservation } from '../../builders/telegram';
import { apiCall, CHAT_PEER, GROUP_OWNER, messagesSend, USER_PEER } from '../../builders/vk';
import { aGmailCapture, createHarness, type Harness, ok, record, refused, WED_NOON } from './harness';

/**
 * Issue 12's rules in the background: messengers are opt-in per source (a channel missing from
 * saved settings is off for VK and Telegram, on for the rest); of their messages only work chats
 * count and are stored (one-to-one unless excluded, groups and channels only when marked as work),
 * checked on what is stored, not only on what is counted; and the undo hold per provider.
 */

const ON = { ...defaultSettings('America/New_York').channels, vk: true, telegram: true };
const vkUser = `vk:${USER_PEER}`;
const vkChat = `vk:${CHAT_PEER}`;

let h: Harness;
afterEach(() => h?.close());

const observe = (observation: Observation) =>
  ok(h.service, { type: 'capture/observed', observation: { ...observation, startedAt: WED_NOON } });

/** Everything in the database that is not settings or quotas: activities, day packs and learned documents. */
async function stored(): Promise<{ activities: unknown[]; packs: unknown[]; kv: Record<string, unknown> }> {
  const kv: Record<string, unknown> = {};
  for (const key of await h.store.db.getAllKeys('kv'))
    if (!['settings', 'quotas', 'trackingStart'].includes(key)) kv[key] = await h.store.db.get('kv', key);
  return { activities: await h.store.db.getAll('activities'), packs: await h.store.db.getAll('packs'), kv };
}

async function saveSettings(patch: Partial<Settings>): Promise<void> {
  const { settings } = await ok(h.service, { type: 'settings/get' });
  await ok(h.service, { type: 'settings/save', settings: { ...settings, ...patch } });
}

describe('messengers are opt-in per source', () => {
  it('a channel missing from saved settings is off for VK and Telegram, on for the others', () => {
    const saved = { channels: { gmail: false } } as Pick<Settings, 'channels'>;
    expect(channelIsOn(saved, 'vk')).toBe(false);
    expect(channelIsOn(saved, 'telegram')).toBe(false);
    expect(channelIsOn(saved, 'gmail')).toBe(false);
    expect(channelIsOn(saved, 'outlook')).toBe(true);
    expect(channelIsOn(saved, 'mailru')).toBe(true);
    expect(channelIsOn({ channels: { vk: true } }, 'vk')).toBe(true);
  });

  it('with settings saved before the messengers existed, a VK message or a Telegram message stores nothing; a Mail.ru send counts', async () => {
    const { vk: _vk, telegram: _telegram, mailru: _mailru, ...before } = defaultSettings('America/New_York').channels;
    h = await createHarness({ channels: before });
    expect(await observe(messagesSend())).toEqual({ recorded: 0, retracted: 0 });
    expect(await observe(telegramObservation(sentFactOf()))).toEqual({ recorded: 0, retracted: 0 });
    expect(await h.store.count()).toBe(0);
    expect(await observe(mailruObservation(mailruSendForm({})))).toEqual({ recorded: 1, retracted: 0 });
  });

  it('settings saved before messengerChats existed still load, with empty chat lists', async () => {
    const { messengerChats: _chats, ...old } = defaultSettings('America/New_York');
    h = await createHarness();
    await h.store.db.put('kv', old, 'settings');
    const { settings } = await ok(h.service, { type: 'settings/get' });
    expect(settings.messengerChats).toEqual({ excluded: [], work: [] });
  });
});

describe('private chats stay private', () => {
  it('a one-to-one chat counts once the source is on', async () => {
    h = await createHarness({ channels: ON });
    expect(await observe(messagesSend())).toEqual({ recorded: 1, retracted: 0 });
    expect(await observe(telegramObservation(sentFactOf()))).toEqual({ recorded: 1, retracted: 0 });
    const activities = (await h.store.all()).map((a) => [a.channel, a.recipients[0]?.profileId, a.status]);
    expect(activities).toEqual(
      expect.arrayContaining([
        ['vk', vkUser, 'counted'],
        ['telegram', 'tg:5550001', 'counted'],
      ]),
    );
  });

  it('an excluded chat leaves nothing in storage: no activity, no day pack, no account, no participants', async () => {
    h = await createHarness({ channels: ON, messengerChats: { excluded: [vkUser, 'tg:5550001'], work: [] } });
    expect(await observe(messagesSend())).toEqual({ recorded: 0, retracted: 0 });
    expect(await observe(telegramObservation(sentFactOf()))).toEqual({ recorded: 0, retracted: 0 });
    expect(await h.store.count()).toBe(0);
    expect(await h.store.pending()).toEqual([]);
    expect(await stored()).toEqual({ activities: [], packs: [], kv: {} });
  });

  it('a group chat or a channel counts only when marked as work', async () => {
    h = await createHarness({ channels: ON });
    const groupMessage = messagesSend({ peer_id: CHAT_PEER }, { host: 'api.vk.me' });
    const channelPost = telegramObservation(sentFactOf({ peerId: '-1001234567890', peerKind: 'channel', mid: '77' }));
    expect(await observe(groupMessage)).toEqual({ recorded: 0, retracted: 0 });
    expect(await observe(channelPost)).toEqual({ recorded: 0, retracted: 0 });
    // Nothing of the messages; only the recent-chats pick list names the two chats (by id), so that the rep can mark them as work.
    const { activities, packs, kv } = await stored();
    expect({ activities, packs }).toEqual({ activities: [], packs: [] });
    expect(kv).toEqual({
      recentChats: [
        expect.objectContaining({ id: 'tg:-1001234567890', group: true }),
        expect.objectContaining({ id: vkChat, group: true }),
      ],
    });

    await saveSettings({ messengerChats: { excluded: [], work: [vkChat, 'tg:-1001234567890'] } });
    expect(await observe(groupMessage)).toEqual({ recorded: 1, retracted: 0 });
    expect(await observe(channelPost)).toEqual({ recorded: 1, retracted: 0 });
  });

  it('excluding a chat later deletes what it had stored (not a retraction: nothing stays), and other chats stay', async () => {
    h = await createHarness({ channels: ON, messengerChats: { excluded: [], work: [vkChat] } });
    await observe(messagesSend());
    await observe(messagesSend({ peer_id: CHAT_PEER }, { host: 'api.vk.me', answer: { response: 771300 } }));
    await observe(telegramObservation(sentFactOf()));
    expect(await h.store.count()).toBe(3);

    await saveSettings({ messengerChats: { excluded: [vkUser], work: [] } });
    const left = await h.store.all();
    expect(left.map((a) => a.recipients[0]?.profileId)).toEqual(['tg:5550001']);
    expect(JSON.stringify(await stored())).not.toContain(USER_PEER);
    // The group no longer marked as work keeps no message; it stays in the recent-chats pick list only, to be marked again.
    const { kv, ...data } = await stored();
    expect(JSON.stringify(data)).not.toContain(CHAT_PEER);
    expect(Object.keys(kv).filter((key) => JSON.stringify(kv[key]).includes(CHAT_PEER))).toEqual(['recentChats']);
  });

  it('VK likes and comments are public acts: the chat lists do not apply to them', async () => {
    h = await createHarness({ channels: ON, messengerChats: { excluded: [`vk:${GROUP_OWNER}`], work: [] } });
    const like = apiCall('likes.add', { type: 'post', owner_id: GROUP_OWNER, item_id: '1204' }, {}, { response: { likes: 57 } });
    expect(await observe(like)).toEqual({ recorded: 1, retracted: 0 });
  });

  it('the chat lists accept only chat ids', async () => {
    h = await createHarness();
    const { settings } = await ok(h.service, { type: 'settings/get' });
    const response = await h.service.handle({
      type: 'settings/save',
      settings: { ...settings, messengerChats: { excluded: ['family'], work: [] } },
    });
    expect(response.ok).toBe(false);
  });
});

describe('undo hold per provider', () => {
  it("Proton is held for the send's own DelaySeconds, not Gmail's setting", async () => {
    h = await createHarness({ gmailUndoSeconds: 5 });
    await observe(protonObservation({ body: JSON.stringify(protonSendBody({ delaySeconds: 20 })) }));
    const [sent] = await h.store.all();
    expect(sent).toMatchObject({ channel: 'proton', status: 'pending', confirmAt: WED_NOON + 20_000 });
  });

  it("Gmail keeps the user's setting; Mail.ru, whose undo is not seen, is not held (it counts at once)", async () => {
    h = await createHarness({ gmailUndoSeconds: 10 });
    await h.service.applyEvents([record(aGmailCapture())]);
    await observe(mailruObservation(mailruSendForm({})));
    const byChannel = Object.fromEntries((await h.store.all()).map((a) => [a.channel, [a.status, a.confirmAt]]));
    expect(byChannel).toEqual({ gmail: ['pending', WED_NOON + 10_000], mailru: ['counted', undefined] });
  });
});

describe('recent chats (issue 27, point 7)', () => {
  const seen = (chat: Record<string, unknown>) => ok(h.service, { type: 'capture/chat-seen', chat });

  it('lists the chats the page showed and the chats written to, names only while names are kept, nothing once the messenger is off', async () => {
    h = await createHarness({ channels: ON });
    expect(await seen({ channel: 'vk', peerId: USER_PEER, name: 'Иван Петров' })).toEqual({ kept: true });
    h.advance(1000);
    await observe(messagesSend({ peer_id: CHAT_PEER }, { host: 'api.vk.me' }));
    expect(await ok(h.service, { type: 'capture/recent-chats' })).toEqual([
      { id: vkChat, channel: 'vk', group: true, lastSeen: h.now() },
      { id: vkUser, channel: 'vk', group: false, name: 'Иван Петров', lastSeen: h.now() - 1000 },
    ]);

    await saveSettings({ privacy: { storeSubjects: true, storeRecipientNames: false } });
    expect(JSON.stringify(await h.store.readKv('recentChats'))).not.toContain('Иван');
    await saveSettings({ channels: { ...ON, vk: false } });
    expect(await h.store.readKv('recentChats')).toEqual([]);
    expect(await seen({ channel: 'vk', peerId: USER_PEER, name: 'Иван Петров' })).toEqual({ kept: false });
    expect(await ok(h.service, { type: 'capture/recent-chats' })).toEqual([]);
  });

  it('a message to a chat the page named carries that name where names are kept, and none where they are not', async () => {
    h = await createHarness({ channels: ON });
    await seen({ channel: 'vk', peerId: USER_PEER, name: 'Иван Петров' });
    await observe(messagesSend());
    expect((await h.store.all())[0]?.recipients).toEqual([{ profileId: vkUser, name: 'Иван Петров', role: 'to' }]);

    h.close();
    h = await createHarness({ channels: ON, privacy: { storeSubjects: false, storeRecipientNames: false } });
    await seen({ channel: 'vk', peerId: USER_PEER, name: 'Иван Петров' });
    await observe(messagesSend());
    expect((await h.store.all())[0]?.recipients).toEqual([{ profileId: vkUser, role: 'to' }]);
  });

  it('a sighting that is not a chat id is refused and changes nothing', async () => {
    h = await createHarness({ channels: ON });
    expect(await refused(h.service, { type: 'capture/chat-seen', chat: { channel: 'vk', peerId: 'vk:1' } })).toMatch(/invalid message/);
    expect(await h.store.readKv('recentChats')).toBeUndefined();
  });
});
