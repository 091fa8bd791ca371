/**
 * The chat open in Telegram Web, for the recent-chats pick list (issue 27, point 7; the hook is
 * chat-seen-hook.ts). Dependency-free: the relay bundles it into Telegram's pages.
 */

/** The peer of web.telegram.org's `#<peer>` (both Web K and Web A); `#@username` and `#0` name none. */
export function openTelegramPeer(url: URL): string | undefined {
  if (url.hostname !== 'web.telegram.org') return undefined;
  const peer = /^#(-?\d{1,20})$/.exec(url.hash);
  return peer?.[1] && peer[1] !== '0' ? peer[1] : undefined;
}

/**
 * The top bar's title, from the clients' sources (not checked against a live account): tweb (Web K)
 * renders `.chat-info .peer-title`, telegram-tt (Web A) the MiddleHeader's `.ChatInfo .fullName`.
 */
export const TELEGRAM_CHAT_HEADER = '.chat-info .peer-title, .MiddleHeader .ChatInfo .fullName';
