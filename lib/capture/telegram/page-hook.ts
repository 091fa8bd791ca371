import { chatSeenPageHook } from '../chat-seen-hook';
import type { PageHook } from '../page-hook';

/** Telegram's page hook: the chat open in the page, for the recent-chats pick list (issue 27, point 7; see chat-seen-hook.ts). */
export const telegramPageHook: PageHook = chatSeenPageHook;
