import type { PageHook } from './page-hook';
import type { ChatChannel } from './recent-chats';

/**
 * A messenger's page hook for its recent chats (issue 27, point 7): which chat the rep has open, and
 * its name as the page shows it, so that the Capture section offers recent chats by name to exclude
 * or mark as work. Reads the page's address (the chat's id, by the folder's parser) and the
 * conversation header's text (by the folder's selector), nothing of the messages; reports a chat once
 * per change. The site knowledge is in each messenger's folder (lib/capture/<source>/chat-seen.ts).
 * The background keeps it only while that messenger is on, and the name only where the rep keeps
 * recipient names (lib/capture/recent-chats.ts).
 *
 * Dependency-free and tiny (it runs in every watched frame; the channel's type is erased); top frame
 * only; never throws into the page. Without a header match the chat is still listed, by its id.
 */

/** The peer id of the chat a page address shows, if it shows one. */
export type OpenPeerOf = (url: URL) => string | undefined;

/** The open chat's name from the page's header, one line, at most 300 characters. */
export function shownChatName(document: Document, headerSelector: string): string | undefined {
  const text = document.querySelector(headerSelector)?.textContent?.replace(/\s+/g, ' ').trim();
  return text ? text.slice(0, 300) : undefined;
}

/** The peer a page address names, or undefined for an address that is not a URL or not a chat. */
export function openPeerOfHref(href: string, parse: OpenPeerOf): string | undefined {
  try {
    return parse(new URL(href));
  } catch {
    return undefined;
  }
}

const CHECK_MS = 1000;

export function chatSeenHook(channel: ChatChannel, parse: OpenPeerOf, headerSelector: string): PageHook {
  return ({ document, send }) => {
    const view = document.defaultView;
    if (!view || view !== view.top) return;
    let last = '';
    const check = () => {
      try {
        const peerId = openPeerOfHref(view.location.href, parse);
        if (!peerId) return;
        const name = shownChatName(document, headerSelector);
        const key = `${peerId}:${name ?? ''}`;
        if (key === last) return;
        last = key;
        send({ type: 'capture/chat-seen', chat: name ? { channel, peerId, name } : { channel, peerId } });
      } catch {
        // never into the page
      }
    };
    view.setInterval(check, CHECK_MS);
  };
}
