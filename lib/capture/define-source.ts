import type { CaptureSource } from './capture-source';

/**
 * A capture source's descriptor (lib/capture/<source>/source.ts): everything the rest of the
 * extension knows about it, from which every central list is made (all-sources.ts): the channels
 * (lib/activity.ts), which are on at install (lib/settings.ts), their words in the UI (generated into
 * _locales, see source-words.ts), the messengers' recent chats (lib/capture/recent-chats.ts) and in CRM records (lib/crm/record-words.ts), the manifest's hosts
 * and optional permissions. Types only: every page script may import a descriptor, so it carries no
 * detector, hook or schema; those are found in the folder by name (registry.ts, page-hooks.ts,
 * page-world-hooks.ts, api-sources.ts, hook-sources.ts).
 */

/** A text in every UI language. */
export interface Words {
  en: string;
  ru: string;
}

export interface SourceChannel<Id extends string = string> {
  /** As activities store it: never renamed once shipped. */
  id: Id;
  /** Its name in the UI (the message `channel_<id>`). */
  name: Words;
  /** In a CRM record's summary, where it reads differently from the name ("phone link"). */
  inRecord?: Words;
  /** "Undone in …" (the message `status_undone_in_<id>`), for sources whose sends the rep can undo. */
  undoneIn?: Words;
  /** Counted from install; false for messengers, which mix work and private chats (opt-in). */
  on: boolean;
  /** A messenger whose recent chats the Capture section offers to exclude or mark as work (lib/capture/recent-chats.ts). */
  chats?: MessengerChats;
}

/**
 * A messenger's chats as the pick list knows them (issue 27, point 7). Which chat is open comes from
 * the folder's page hook (its chat-seen.ts); this is what the background and the UI need of them.
 */
export interface MessengerChats {
  /** A chat's id in the chat lists (settings.messengerChats) is `<prefix>:<peer>`: never renamed once shipped. */
  prefix: string;
  /** A group chat, community or channel (counted only when marked as work) rather than a person. */
  isGroup(peerId: string): boolean;
  /** "VK chat" / "VK group chat": the messages `recentChatPerson_<channel>` and `recentChatGroup_<channel>`. */
  words: { person: Words; group: Words };
}

interface DescriptorBase<Id extends string> {
  id: Id;
  channels: readonly SourceChannel[];
  /** Listed first to a Russian-speaking rep (Mail.ru and Yandex before Gmail). */
  ruFirst?: true;
}

/** Input: a request the page made (tapped), or what its page-world hook reports the tap's way. */
export interface PageSourceDescriptor<Id extends string = string> extends DescriptorBase<Id> {
  kind: 'page';
  /** rules.ts's `page`: the rules, the pages, whether there is anything to tap. */
  page: CaptureSource;
  /** A webmail (its sends count as emails): the welcome banner names every one of them. */
  mail?: true;
}

/** Input: pages of the vendor's API, polled with a key the rep pasted in (api.ts in the folder). */
export interface ApiSourceDescriptor<Id extends string = string> extends DescriptorBase<Id> {
  kind: 'api';
  /** What it records (api.ts's `captures`): phone systems' calls or booking services' meetings. */
  captures: 'call' | 'meeting';
  /** The API origin, asked for as an optional host permission when the rep connects (api.ts's `origin`). */
  origin: string;
  pollMinutes: number;
}

/** Input: a click on any page the rep allowed, from a content script registered at run time. */
export interface HookSourceDescriptor<Id extends string = string> extends DescriptorBase<Id> {
  kind: 'hook';
  /** The protocol message carrying one fact from the page. */
  message: string;
  /** Host permissions asked for when the rep turns the source on (optional_host_permissions). */
  origins: readonly string[];
  /** API permissions asked for with them (optional_permissions). */
  permissions: readonly string[];
  /** The dynamically registered content script's id and file (entrypoints/<id>.content.ts). */
  contentScript: { id: string; js: string };
}

export type SourceDescriptor = PageSourceDescriptor | ApiSourceDescriptor | HookSourceDescriptor;

/** Keeps the literal types (ids, channel ids) the central lists are typed by. */
export function defineSource<const D extends SourceDescriptor>(descriptor: D): D {
  return descriptor;
}
