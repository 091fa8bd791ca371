import type { PageHook } from './page-hook';

/**
 * VK and Telegram: which chat the rep has open, and its name as the page shows it (issue 27, point 7),
 * so that the Capture section offers recent chats by name to exclude or mark as work. Reads the
 * page's address (the chat's id) and the conversation header's text, nothing of the messages;
 * reports a chat once per change. The background keeps it only while that messenger is on, and the
 * name only where the rep keeps recipient names (lib/capture/recent-chats.ts).
 *
 * The header selectors come from the clients' sources and are not checked against a live account:
 * tweb (Telegram Web K) renders the top bar's `.chat-info .peer-title`; telegram-tt (Web A) the
 * MiddleHeader's `.ChatInfo .fullName`; VK's messenger the conversation header's title
 * (`ConvoHeader__title` in the new one, `_im_page_peer_name` in the older). Without a match the chat
 * is still listed, by its id.
 *
 * Dependency-free and tiny (it runs in every watched frame); top frame only; never throws into the page.
 */

type Channel = 'vk' | 'telegram';

export interface OpenChat {
  channel: Channel;
  peerId: string;
}

const VK_CHAT_BASE = 2_000_000_000;

/** The chat a page address names: VK `/im/convo/<peer>` or `/im?sel=<peer>` (`sel=c42`: chat 42); Telegram `#<peer>`. */
export function openChatOf(href: string): OpenChat | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  if (url.hostname === 'vk.com' || url.hostname.endsWith('.vk.com') || url.hostname === 'web.vk.me') {
    const convo = /\/im\/convo\/(-?\d{1,19})(?:\/|$)/.exec(url.pathname);
    if (convo?.[1]) return { channel: 'vk', peerId: convo[1] };
    if (!url.pathname.startsWith('/im')) return undefined;
    const sel = /^(c?)(-?\d{1,19})$/.exec(url.searchParams.get('sel') ?? '');
    if (!sel?.[2]) return undefined;
    return { channel: 'vk', peerId: sel[1] === 'c' ? String(VK_CHAT_BASE + Number(sel[2])) : sel[2] };
  }
  if (url.hostname === 'web.telegram.org') {
    const peer = /^#(-?\d{1,20})$/.exec(url.hash);
    return peer?.[1] && peer[1] !== '0' ? { channel: 'telegram', peerId: peer[1] } : undefined;
  }
  return undefined;
}

const NAME_SELECTORS: Record<Channel, string> = {
  vk: '[class*="ConvoHeader__title"], ._im_page_peer_name, .im-page--title-main-inner',
  telegram: '.chat-info .peer-title, .MiddleHeader .ChatInfo .fullName',
};

/** The open chat's name from the page's header, one line, at most 300 characters. */
export function shownChatName(document: Document, channel: Channel): string | undefined {
  const text = document.querySelector(NAME_SELECTORS[channel])?.textContent?.replace(/\s+/g, ' ').trim();
  return text ? text.slice(0, 300) : undefined;
}

const CHECK_MS = 1000;

export const chatSeenPageHook: PageHook = ({ document, send }) => {
  const view = document.defaultView;
  if (!view || view !== view.top) return;
  let last = '';
  const check = () => {
    try {
      const chat = openChatOf(view.location.href);
      if (!chat) return;
      const name = shownChatName(document, chat.channel);
      const key = `${chat.channel}:${chat.peerId}:${name ?? ''}`;
      if (key === last) return;
      last = key;
      send({ type: 'capture/chat-seen', chat: name ? { ...chat, name } : chat });
    } catch {
      // never into the page
    }
  };
  view.setInterval(check, CHECK_MS);
};
