import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { z } from 'zod';
import { injectCaptureInto } from '@/lib/capture/inject-scripts';
import { WATCHED_HOST_NAMES } from '@/lib/capture/sources';
import { t } from '@/lib/i18n';
import { RELAY_PING_TYPE, RELAY_PONG_TYPE } from '@/lib/tap/relay-ping';

const RelayPong = z.object({ type: z.literal(RELAY_PONG_TYPE) });

/** Whether the tab's top-frame relay answers: it runs and its extension context is the current one. */
async function relayAnswers(tabId: number): Promise<boolean> {
  try {
    const answer: unknown = await browser.tabs.sendMessage(tabId, { type: RELAY_PING_TYPE }, { frameId: 0 });
    return RelayPong.safeParse(answer).success;
  } catch {
    // "Receiving end does not exist": no relay, or only one orphaned by an update
    return false;
  }
}

/**
 * The active tab of a watched site whose capture cannot reach the extension (the page was open
 * across an update and no relay could be injected, an error page, site access withheld), or
 * undefined when it is fine or not ours. Tries to inject the capture scripts first: that resumes
 * capture without a reload wherever the extension may script the tab.
 */
async function tabNeedingReload(): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  // The URL is visible for the watched hosts only (host permissions): other tabs are not ours.
  if (tab?.id === undefined || !tab.url) return undefined;
  let host: string;
  try {
    host = new URL(tab.url).hostname;
  } catch {
    return undefined;
  }
  if (!WATCHED_HOST_NAMES.includes(host) || tab.status === 'loading') return undefined;
  if (await relayAnswers(tab.id)) return undefined;
  try {
    await injectCaptureInto(tab.id, tab.url);
  } catch {
    // cannot script this tab: only a reload helps
  }
  return (await relayAnswers(tab.id)) ? undefined : tab.id;
}

/** One line in the popup when the rep's current tab is not being counted, with a button to reload it. */
export function TabStatus() {
  const [tabId, setTabId] = useState<number>();
  useEffect(() => {
    let current = true;
    void tabNeedingReload()
      .catch(() => undefined)
      .then((id) => current && setTabId(id));
    return () => {
      current = false;
    };
  }, []);
  if (tabId === undefined) return null;
  return (
    <p className="error tab-status" role="alert" data-testid="tab-needs-reload">
      {t('tabNeedsReload')}{' '}
      <button
        type="button"
        className="link"
        onClick={() => {
          void browser.tabs.reload(tabId).then(
            () => setTabId(undefined),
            () => undefined,
          );
        }}
      >
        {t('tabReload')}
      </button>
    </p>
  );
}
