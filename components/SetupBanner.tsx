import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import type { Channel } from '@/lib/activity';
import { channelsInLocaleOrder } from '@/lib/capture/locale-order';
import { MAIL_SOURCE_IDS } from '@/lib/capture/sources';
import { t, uiLocale } from '@/lib/i18n';
import { send } from '@/lib/messaging';
import { WATCHED_HOSTS } from '@/lib/watched-hosts';
import { useRequest } from './useRequest';

/**
 * First run: says the quotas are pre-filled and asks to confirm them. On Firefox, MV3 host
 * permissions are optional, so capture only works once the user grants them here.
 */
export function SetupBanner() {
  const stored = useRequest(() => send({ type: 'ui/get', key: 'setupDismissed' }), []);
  const [dismissedNow, setDismissedNow] = useState(false);
  // Hidden until the answer comes (no flash of the banner); shown when the flag cannot be read.
  const dismissed = dismissedNow || (stored.error === undefined && stored.data !== false);
  const [needsHosts, setNeedsHosts] = useState(false);
  // Firefox runs content scripts only in pages loaded after the grant: tabs already open need a reload.
  const [justGranted, setJustGranted] = useState(false);

  useEffect(() => {
    if (!import.meta.env.FIREFOX) return;
    const check = () =>
      browser.permissions.contains({ origins: WATCHED_HOSTS }).then(
        (has) => setNeedsHosts(!has),
        () => setNeedsHosts(true),
      );
    void check();
    // The user can also grant or revoke them in about:addons while this page is open.
    browser.permissions.onAdded.addListener(check);
    browser.permissions.onRemoved.addListener(check);
    return () => {
      browser.permissions.onAdded.removeListener(check);
      browser.permissions.onRemoved.removeListener(check);
    };
  }, []);

  async function grant() {
    // Must run straight from the click: the browser only asks inside a user gesture.
    const granted = await browser.permissions.request({ origins: WATCHED_HOSTS }).catch(() => false);
    setNeedsHosts(!granted);
    setJustGranted(granted);
  }

  async function dismiss() {
    setDismissedNow(true);
    await send({ type: 'ui/set', key: 'setupDismissed', value: true }).catch(() => undefined);
  }

  if (dismissed && !needsHosts && !justGranted) return null;
  return (
    <aside className="banner" aria-labelledby="setup-title" data-testid="setup-banner">
      <h2 id="setup-title">{t('setupTitle')}</h2>
      {!dismissed && (
        <>
          <ul className="setup-facts" data-testid="setup-facts">
            <li>{t('setupWatchedMail', mailProviders())}</li>
            <li>{t('setupByHand')}</li>
            <li>{t('setupPrivate')}</li>
          </ul>
          <p>{t('setupText')}</p>
        </>
      )}
      {needsHosts && <p>{t('setupHosts')}</p>}
      {justGranted && (
        <p role="status" data-testid="hosts-granted">
          {t('setupHostsGranted')}
        </p>
      )}
      <div className="actions">
        {needsHosts && (
          <button type="button" onClick={() => void grant()} data-testid="grant-hosts">
            {t('setupGrant')}
          </button>
        )}
        {!dismissed && (
          <>
            <a className="button secondary" href="#quotas">
              {t('setupAdjust')}
            </a>
            <button type="button" onClick={() => void dismiss()} data-testid="setup-dismiss">
              {t('setupConfirm')}
            </button>
          </>
        )}
      </div>
    </aside>
  );
}

/** Every webmail watched, from the source list, as the language lists things ("Gmail, Outlook and Zoho Mail"). */
export function mailProviders(): string {
  // Every webmail source (the source list, never a list of its own), the locale's own services first.
  const channels = channelsInLocaleOrder(MAIL_SOURCE_IDS as readonly Channel[], uiLocale());
  return new Intl.ListFormat(uiLocale(), { type: 'conjunction' }).format(channels.map((id) => t(`channel_${id}`)));
}
