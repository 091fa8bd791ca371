import { browser } from 'wxt/browser';
import { z } from 'zod';
import { captureScripts, injectCaptureInto } from '../capture/inject-scripts';

/**
 * Capture in tabs that were open before the extension was installed, updated, reloaded or
 * re-enabled: the browser injects content scripts only into pages loaded afterwards. The scripts
 * are injected again from the manifest's own list (their files, frames and worlds), relay first so
 * that it listens before the tap reports. A page that still has an old tap keeps it (the tap's own
 * mark stops a second one) and the new relay picks up its events; an orphaned old relay hands over
 * what it kept (lib/tap/succession.ts). Needs the `scripting` permission and host access to these
 * tabs (`host_permissions`: Chrome does not count content-script matches as host access).
 */

/** storage.session is emptied whenever the extension is loaded anew, and kept while its worker sleeps. */
const DONE_KEY = 'capture.scriptsInjectedThisLoad';

export interface ReinjectReport {
  tabs: number;
  injected: number;
  failed: number;
}

/** Every open tab of the watched hosts (discarded ones load afresh, scripts and all, when shown). */
export async function reinjectOpenTabs(): Promise<ReinjectReport> {
  const patterns = [...new Set(captureScripts().flatMap((s) => s.matches!))];
  const tabs = patterns.length ? await browser.tabs.query({ url: patterns }) : [];
  const report: ReinjectReport = { tabs: tabs.length, injected: 0, failed: 0 };
  await Promise.all(
    tabs.map(async (tab) => {
      if (tab.id === undefined || tab.discarded) return;
      try {
        await injectCaptureInto(tab.id, tab.url);
        report.injected += 1;
      } catch {
        // an error page, a tab closing meanwhile, site access withheld: its relay shows the note
        report.failed += 1;
      }
    }),
  );
  return report;
}

/** Once per load of the extension (not on each wake of its worker). */
export async function reinjectOncePerLoad(): Promise<ReinjectReport | undefined> {
  const stored = await browser.storage.session.get(DONE_KEY);
  if (z.literal(true).safeParse(stored[DONE_KEY]).success) return undefined;
  await browser.storage.session.set({ [DONE_KEY]: true });
  return reinjectOpenTabs();
}
