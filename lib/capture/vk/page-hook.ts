import { pageHostsOfSource } from '../capture-source';
import { chatSeenHook } from '../chat-seen-hook';
import type { PageHook, PageHookEntry } from '../page-hook';
import { openVkPeer, VK_CHAT_HEADER } from './chat-seen';
import { page } from './rules';

/** VK's page hook: the chat open in the page, for the recent-chats pick list (issue 27, point 7; see chat-seen.ts). */
export const vkPageHook: PageHook = chatSeenHook('vk', openVkPeer, VK_CHAT_HEADER);

/** Run by the relay on VK's pages (page-hooks.ts finds it here by name). */
export const relayHook: PageHookEntry = { pages: pageHostsOfSource(page), hook: vkPageHook };
