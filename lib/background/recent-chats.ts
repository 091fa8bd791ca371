import { allowedRecentChats, type ChatSeen, chatIdOf, chatSeenOfProfile, type RecentChat, rememberChat } from '../capture/recent-chats';
import type { Capture } from '../capture/types';
import type { Settings } from '../settings';
import type { KvAccess } from '../store/kv';
import type { HandlerTable } from './router';

/**
 * The recent-chats list in the store (issue 27, point 7; the rules are in lib/capture/recent-chats.ts):
 * learned from the page hooks' sightings and from sent messenger messages, read by the Capture
 * section's pick list, cut back whenever the settings change (a messenger turned off, names turned off).
 */
export class RecentChatsMemory {
  constructor(
    private readonly kv: KvAccess,
    private readonly clock: () => number,
    private readonly settings: () => Promise<Settings>,
  ) {}

  private async read(): Promise<RecentChat[]> {
    return (await this.kv.readKv('recentChats')) ?? [];
  }

  /** Remembers a chat seen; false when nothing is kept of it (its messenger is off, or it is excluded). */
  async seen(chat: ChatSeen, settings?: Settings): Promise<boolean> {
    const current = settings ?? (await this.settings());
    const before = await this.read();
    const after = rememberChat(before, chat, current, this.clock());
    // An excluded chat or a messenger that is off writes nothing (not even an empty list).
    if (JSON.stringify(after) !== JSON.stringify(before)) await this.kv.writeKv('recentChats', after);
    return after.some((c) => c.id === chatIdOf(chat.channel, chat.peerId));
  }

  /** A sent messenger message: its chat is a recent one (by id; the page hook adds the name). */
  async sent(capture: Pick<Capture, 'kind' | 'channel' | 'recipients'>, settings: Settings): Promise<void> {
    if (capture.kind !== 'messenger_message') return;
    for (const recipient of capture.recipients) {
      const chat = chatSeenOfProfile(capture.channel, recipient.profileId);
      if (chat) await this.seen(chat, settings);
    }
  }

  /**
   * A messenger message's chat by the name the page showed for it (issue 27, point 7: recipients as
   * names where the rep allows names); the capture unchanged otherwise.
   */
  async withChatNames<C extends Pick<Capture, 'kind' | 'channel' | 'recipients'>>(capture: C, settings: Settings): Promise<C> {
    if (capture.kind !== 'messenger_message' || !settings.privacy.storeRecipientNames) return capture;
    const chats = await this.read();
    const named = capture.recipients.map((recipient) => {
      if (recipient.name !== undefined) return recipient;
      const name = chats.find((chat) => chat.id === recipient.profileId && chat.channel === capture.channel)?.name;
      return name !== undefined ? { ...recipient, name } : recipient;
    });
    return named.some((r, i) => r !== capture.recipients[i]) ? { ...capture, recipients: named } : capture;
  }

  /** After the settings changed: a messenger turned off forgets its chats, names turned off forget the names. */
  async applySettings(settings: Settings): Promise<void> {
    const before = await this.read();
    const after = allowedRecentChats(before, settings, this.clock());
    if (JSON.stringify(after) !== JSON.stringify(before)) await this.kv.writeKv('recentChats', after);
  }

  readonly handlers: Pick<HandlerTable, 'capture/chat-seen' | 'capture/recent-chats'> = {
    'capture/chat-seen': async ({ chat }) => ({ kept: await this.seen(chat) }),
    'capture/recent-chats': async () => allowedRecentChats(await this.read(), await this.settings(), this.clock()),
  };
}
