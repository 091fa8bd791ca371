/**
 * The chat open in VK's messenger, for the recent-chats pick list (issue 27, point 7; the hook is
 * chat-seen-hook.ts). Dependency-free: the relay bundles it into VK's pages.
 */

/** `sel=c42` names group chat 42, whose peer id is 2 000 000 000 + 42. */
const VK_CHAT_BASE = 2_000_000_000;

/** The peer of `/im/convo/<peer>` (the new messenger) or `/im?sel=<peer>` (the older one) on vk.com or web.vk.me. */
export function openVkPeer(url: URL): string | undefined {
  if (url.hostname !== 'vk.com' && !url.hostname.endsWith('.vk.com') && url.hostname !== 'web.vk.me') return undefined;
  const convo = /\/im\/convo\/(-?\d{1,19})(?:\/|$)/.exec(url.pathname);
  if (convo?.[1]) return convo[1];
  if (!url.pathname.startsWith('/im')) return undefined;
  const sel = /^(c?)(-?\d{1,19})$/.exec(url.searchParams.get('sel') ?? '');
  if (!sel?.[2]) return undefined;
  return sel[1] === 'c' ? String(VK_CHAT_BASE + Number(sel[2])) : sel[2];
}

/**
 * The conversation header's title: `ConvoHeader__title` in the new messenger, `_im_page_peer_name`
 * in the older. From the client's markup, not checked against a live account.
 */
export const VK_CHAT_HEADER = '[class*="ConvoHeader__title"], ._im_page_peer_name, .im-page--title-main-inner';
