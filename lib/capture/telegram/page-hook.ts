import { pageHostsOfSource } from '../capture-source';
import { chatSeenPageHook } from '../chat-seen-hook';
import type { PageHook, PageHookEntry } from '../page-hook';
import { page } from './rules';

/** Telegram's page hook: the chat open in the page, for the recent-chats pick list (issue 27, point 7; see chat-seen-hook.ts). */
export const telegramPageHook: PageHook = chatSeenPageHook;

/** Run by the relay on Telegram's pages (page-hooks.ts finds it here by name). */
export const relayHook: PageHookEntry = { pages: pageHostsOfSource(page), hook: telegramPageHook };
