import { browser } from 'wxt/browser';

/**
 * Injecting the capture scripts into an open tab from the manifest's own list (their files,
 * frames and worlds), relay first so that it listens before the tap reports. Shared by the
 * background (lib/background/reinject.ts, every open tab once per load) and the popup's tab
 * status (the current tab), so that the UI needs no background module.
 */

interface ManifestScript {
  matches?: string[];
  js?: string[];
  all_frames?: boolean;
  world?: string;
}

/** The manifest's content scripts, those in the isolated world (the relay) first. */
export function captureScripts(): ManifestScript[] {
  const scripts = (browser.runtime.getManifest().content_scripts ?? []) as ManifestScript[];
  return scripts.filter((s) => s.js?.length && s.matches?.length).sort((a, b) => Number(a.world === 'MAIN') - Number(b.world === 'MAIN'));
}

const matchesUrl = (pattern: string, url: string): boolean => {
  // The watched patterns are `https://host/*`.
  const match = /^(\w+):\/\/([^/]+)\//.exec(pattern);
  if (!match) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${match[1]}:` && parsed.hostname === match[2];
  } catch {
    return false;
  }
};

/** Injects the capture scripts into one tab's frames; throws when the tab cannot be scripted. */
export async function injectCaptureInto(tabId: number, url?: string): Promise<void> {
  for (const script of captureScripts()) {
    if (url !== undefined && !script.matches!.some((pattern) => matchesUrl(pattern, url))) continue;
    await browser.scripting.executeScript({
      target: { tabId, allFrames: script.all_frames ?? false },
      // The manifest's own file names, which WXT's typed list of public paths knows only at build time.
      files: script.js! as NonNullable<Parameters<typeof browser.scripting.executeScript>[0]['files']>,
      world: script.world === 'MAIN' ? 'MAIN' : 'ISOLATED',
    });
  }
}
