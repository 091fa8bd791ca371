import { z } from 'zod';
import { LIMITS } from '../activity';
import { defineKeys } from '../registry/merge';
import { channelIsOn, MessengerChatId, type Settings } from '../settings';
import { type ALL_SOURCES, SOURCE_CHANNELS } from './all-sources';
import type { MessengerChats, SourceChannel } from './define-source';

/**
 * The rep's recent messenger chats (issue 27, point 7): so that a chat to exclude or to mark as work
 * is picked from the chats the rep actually had open or wrote to, by the name the page shows, rather
 * than typed as "vk:2000000042". Learned from two places: the VK and Telegram page hooks (the chat
 * open in the page: its id from the address, its name from the page's header) and the messages the
 * detectors saw sent (id only). Kept only while that messenger's channel is on, with names only
 * while the rep keeps recipient names, and pruned to the newest RECENT_CHATS_MAX within RECENT_CHATS_DAYS.
 */

export const RECENT_CHATS_MAX = 50;
export const RECENT_CHATS_DAYS = 30;
const DAY_MS = 86_400_000;

/** A channel whose descriptor lists its chats (`chats` in lib/capture/<source>/source.ts). */
type MessengerChannel = Extract<(typeof ALL_SOURCES)[number]['channels'][number], { chats: MessengerChats }>;
type ChatChannelId = MessengerChannel['id'];

const MESSENGER_CHANNELS = SOURCE_CHANNELS.filter(
  (channel): channel is SourceChannel<ChatChannelId> & { chats: MessengerChats } => channel.chats !== undefined,
);

/** The messengers whose recent chats are listed: every channel whose descriptor has `chats`. */
export const ChatChannel = z.enum(MESSENGER_CHANNELS.map((channel) => channel.id));
export type ChatChannel = z.infer<typeof ChatChannel>;

const CHATS = new Map<string, MessengerChats>(MESSENGER_CHANNELS.map((channel) => [channel.id, channel.chats]));

function chatsOf(channel: ChatChannel): MessengerChats {
  const chats = CHATS.get(channel);
  if (!chats) throw new Error(`no recent chats for the channel ${channel}`);
  return chats;
}

const PEER_ID = /^-?\d{1,20}$/;

/** What a page hook saw: a chat open in the page. It crosses from the page, so it is parsed strictly. */
export const ChatSeen = z.object({
  channel: ChatChannel,
  /** The peer as the page's address names it: VK's peer id, Telegram's peer/chat id. */
  peerId: z.string().regex(PEER_ID),
  /** The chat's title as the page shows it (kept only where the rep keeps names). */
  name: z.string().trim().min(1).max(LIMITS.recipientName).optional(),
});
export type ChatSeen = z.infer<typeof ChatSeen>;

export const RecentChat = z.object({
  /** The id the chat lists use (settings.messengerChats): vk:<peer>, tg:<peer>. */
  id: MessengerChatId,
  channel: ChatChannel,
  /** A one-to-one chat with a person, or a group chat / community / channel (these count only when marked as work). */
  group: z.boolean(),
  name: z.string().max(LIMITS.recipientName).optional(),
  lastSeen: z.number().int().nonnegative(),
});
export type RecentChat = z.infer<typeof RecentChat>;

export const RecentChats = z.array(RecentChat).max(RECENT_CHATS_MAX);
export type RecentChats = z.infer<typeof RecentChats>;

/** Stored: the rep's recent VK and Telegram chats, for the Capture section's pick list. */
export const RECENT_CHATS_KEYS = defineKeys({ recentChats: RecentChats });

/** A group chat, community or channel rather than a person, by the messenger's own rule (its descriptor's `chats.isGroup`). */
export function isGroupPeer(channel: ChatChannel, peerId: string): boolean {
  return chatsOf(channel).isGroup(peerId);
}

export function chatIdOf(channel: ChatChannel, peerId: string): string {
  return `${chatsOf(channel).prefix}:${peerId}`;
}

/** The newest first, none older than RECENT_CHATS_DAYS, at most RECENT_CHATS_MAX. */
export function pruneRecentChats(chats: readonly RecentChat[], now: number): RecentChat[] {
  const since = now - RECENT_CHATS_DAYS * DAY_MS;
  return chats
    .filter((chat) => chat.lastSeen >= since)
    .sort((a, b) => b.lastSeen - a.lastSeen)
    .slice(0, RECENT_CHATS_MAX);
}

/**
 * The list as the settings allow it: only the channels that are on, no excluded chat (the rep asked
 * that nothing of it be kept; its id stays in the excluded list only), names only where names are
 * kept, pruned. A group chat not marked as work stays listed, by id or name only, so that the rep
 * can mark it: that is the list's purpose, and none of its messages is kept.
 */
export function allowedRecentChats(chats: readonly RecentChat[], settings: Settings, now: number): RecentChat[] {
  const names = settings.privacy.storeRecipientNames;
  const excluded = new Set(settings.messengerChats.excluded);
  return pruneRecentChats(
    chats
      .filter((chat) => channelIsOn(settings, chat.channel) && !excluded.has(chat.id))
      .map((chat) => {
        if (names || chat.name === undefined) return chat;
        const { name: _name, ...rest } = chat;
        return rest;
      }),
    now,
  );
}

/**
 * The list after the rep was seen in (or writing to) a chat; unchanged when that messenger is off.
 * A sighting without a name keeps the name learned before.
 */
export function rememberChat(chats: readonly RecentChat[], seen: ChatSeen, settings: Settings, now: number): RecentChat[] {
  const id = chatIdOf(seen.channel, seen.peerId);
  if (!channelIsOn(settings, seen.channel) || settings.messengerChats.excluded.includes(id))
    return allowedRecentChats(chats, settings, now);
  const before = chats.find((chat) => chat.id === id);
  const name = seen.name ?? before?.name;
  const chat: RecentChat = {
    id,
    channel: seen.channel,
    group: isGroupPeer(seen.channel, seen.peerId),
    ...(name !== undefined ? { name } : {}),
    lastSeen: Math.max(now, before?.lastSeen ?? 0),
  };
  return allowedRecentChats([chat, ...chats.filter((c) => c.id !== id)], settings, now);
}

/** A chat as seen in a sent messenger message's recipient (`<prefix>:<peer>`, e.g. vk:2000000042), if it is one. */
export function chatSeenOfProfile(channel: string, profileId: string | undefined): ChatSeen | undefined {
  const parsed = ChatChannel.safeParse(channel);
  if (!parsed.success || profileId === undefined) return undefined;
  const prefix = `${chatsOf(parsed.data).prefix}:`;
  const peerId = profileId.startsWith(prefix) ? profileId.slice(prefix.length) : '';
  return PEER_ID.test(peerId) ? { channel: parsed.data, peerId } : undefined;
}

/** The recent chats matching what the rep typed in the search box (name or id, any case). */
export function searchRecentChats(chats: readonly RecentChat[], query: string): RecentChat[] {
  const q = query.trim().toLocaleLowerCase();
  if (!q) return [...chats];
  return chats.filter((chat) => chat.id.includes(q) || (chat.name?.toLocaleLowerCase().includes(q) ?? false));
}
