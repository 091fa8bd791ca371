import { useState } from 'react';
import { type RecentChat, RecentChats, searchRecentChats } from '@/lib/capture/recent-chats';
import { t } from '@/lib/i18n';
import { send } from '@/lib/messaging';
import { useBackgroundVersion } from '../useBackgroundChanges';
import { useRequest } from '../useRequest';

/** How a chat reads in the list: its name where names are kept, else its messenger and kind with the id. */
export function chatLabel(chat: RecentChat): string {
  const what = t(chat.group ? `recentChatGroup_${chat.channel}` : `recentChatPerson_${chat.channel}`);
  return chat.name ? `${chat.name} · ${what}` : `${what} ${chat.id}`;
}

/**
 * The Capture section's pick list (issue 27, point 7): the rep's recent VK and Telegram chats with
 * the names the page showed (where names are kept), searchable, each to exclude or to mark as work.
 * Picking adds the chat's id to the list below (still editable by hand); saving is the section's.
 */
export function RecentChatsPicker({
  excluded,
  work,
  onExclude,
  onWork,
  namesKept,
}: {
  excluded: readonly string[];
  work: readonly string[];
  onExclude: (id: string) => void;
  onWork: (id: string) => void;
  namesKept: boolean;
}) {
  const version = useBackgroundVersion();
  const recent = useRequest(async () => RecentChats.parse(await send({ type: 'capture/recent-chats' })), [version]);
  const [query, setQuery] = useState('');
  const chats = recent.data ?? [];
  const shown = searchRecentChats(chats, query).slice(0, 20);
  return (
    <div className="recent-chats" data-testid="recent-chats">
      <h3>{t('recentChatsTitle')}</h3>
      {!namesKept && <p className="hint">{t('recentChatsNoNames')}</p>}
      {recent.error && (
        <p role="alert" className="error" data-testid="recent-chats-error">
          {recent.error}
        </p>
      )}
      {chats.length === 0 ? (
        <p className="hint">{t('recentChatsNone')}</p>
      ) : (
        <>
          <label>
            {t('recentChatsSearch')}
            <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} data-testid="recent-chats-search" />
          </label>
          <ul>
            {shown.map((chat) => {
              const isExcluded = excluded.includes(chat.id);
              const isWork = work.includes(chat.id);
              return (
                <li key={chat.id} data-testid="recent-chat" data-chat-id={chat.id}>
                  <span>{chatLabel(chat)}</span>{' '}
                  {isExcluded ? (
                    <span className="hint">{t('recentChatExcluded')}</span>
                  ) : isWork ? (
                    <span className="hint">{t('recentChatIsWork')}</span>
                  ) : (
                    <>
                      {/* A group counts only once marked as work; a person's chat counts unless excluded. */}
                      {chat.group ? (
                        <button type="button" className="chip" onClick={() => onWork(chat.id)} data-testid="recent-chat-work">
                          {t('recentChatMarkWork')}
                        </button>
                      ) : (
                        <button type="button" className="chip" onClick={() => onExclude(chat.id)} data-testid="recent-chat-exclude">
                          {t('recentChatExclude')}
                        </button>
                      )}
                    </>
                  )}
                </li>
              );
            })}
          </ul>
          {shown.length === 0 && <p className="hint">{t('recentChatsNoMatch')}</p>}
        </>
      )}
    </div>
  );
}
