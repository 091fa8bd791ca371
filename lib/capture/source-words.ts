import { SOURCE_CHANNELS } from './all-sources';
import type { Words } from './define-source';

export type Messages = Record<string, { message: string; description?: string }>;

/**
 * The UI's words for every source's channels, made from the descriptors: `channel_<id>` (its name),
 * `status_undone_in_<id>` ("Undone in Gmail", with Russian's own case) and a messenger's
 * `recentChatPerson_<id>` / `recentChatGroup_<id>` (its recent chats' kinds). The build adds them to
 * public/_locales/<language>/messages.json (wxt.config.ts, hook build:publicAssets), so the UI reads
 * them with t() like every other string and a new source edits no locale file. The unit tests'
 * catalogue adds them the same way (tests/unit/ui/locale.ts).
 */
export function sourceMessages(language: keyof Words): Messages {
  const messages: Messages = {};
  for (const channel of SOURCE_CHANNELS) {
    messages[`channel_${channel.id}`] = { message: channel.name[language] };
    if (channel.undoneIn) messages[`status_undone_in_${channel.id}`] = { message: channel.undoneIn[language] };
    if (channel.chats) {
      messages[`recentChatPerson_${channel.id}`] = { message: channel.chats.words.person[language] };
      messages[`recentChatGroup_${channel.id}`] = { message: channel.chats.words.group[language] };
    }
  }
  return messages;
}

/** A locale file with the sources' words added; a key both define is an error (one place per word). */
export function withSourceMessages(language: keyof Words, messages: Messages): Messages {
  const added = sourceMessages(language);
  const twice = Object.keys(added).filter((key) => key in messages);
  if (twice.length) throw new Error(`_locales/${language}/messages.json defines source words of a descriptor: ${twice.join(', ')}`);
  return { ...messages, ...added };
}
