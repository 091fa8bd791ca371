import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { reinjectOncePerLoad, reinjectOpenTabs } from '../../../lib/background/reinject';
import { injectCaptureInto } from '../../../lib/capture/inject-scripts';

const WATCHED = ['https://mail.google.com/*', 'https://www.linkedin.com/*'];
// As WXT writes them: the relay before the tap, the tap in the page world.
const MANIFEST = {
  manifest_version: 3,
  name: 'test',
  version: '1',
  content_scripts: [
    { matches: WATCHED, all_frames: true, run_at: 'document_start', js: ['content-scripts/tap.js'], world: 'MAIN' },
    { matches: WATCHED, all_frames: true, run_at: 'document_start', js: ['content-scripts/relay.js'] },
  ],
};

type Injection = { target: { tabId: number; allFrames?: boolean }; files: string[]; world: string };
const injections: Injection[] = [];
const failing = new Set<number>();

beforeEach(() => {
  fakeBrowser.reset();
  injections.length = 0;
  failing.clear();
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue(MANIFEST as never);
  (fakeBrowser as unknown as { scripting: { executeScript: unknown } }).scripting.executeScript = vi.fn(async (injection: Injection) => {
    if (failing.has(injection.target.tabId)) throw new Error('Frame with ID 0 is showing error page');
    injections.push(injection);
    return [];
  });
  vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([
    { id: 1, url: 'https://mail.google.com/mail/u/0/', discarded: false },
    { id: 2, url: 'https://www.linkedin.com/feed/', discarded: true },
    { id: 3, url: 'https://www.linkedin.com/messaging/', discarded: false },
  ] as never);
});

describe('injecting the capture scripts into open tabs', () => {
  it('injects the relay (isolated world) before the tap (page world) in every frame', async () => {
    await injectCaptureInto(7, 'https://mail.google.com/mail/u/0/');
    expect(injections).toEqual([
      { target: { tabId: 7, allFrames: true }, files: ['content-scripts/relay.js'], world: 'ISOLATED' },
      { target: { tabId: 7, allFrames: true }, files: ['content-scripts/tap.js'], world: 'MAIN' },
    ]);
  });

  it('skips a tab whose URL the scripts do not match', async () => {
    await injectCaptureInto(7, 'https://example.com/');
    expect(injections).toEqual([]);
  });

  it('queries the watched tabs, skips discarded ones and counts a tab that cannot be scripted', async () => {
    failing.add(3);
    expect(await reinjectOpenTabs()).toEqual({ tabs: 3, injected: 1, failed: 1 });
    expect(fakeBrowser.tabs.query).toHaveBeenCalledWith({ url: WATCHED });
    expect(new Set(injections.map((i) => i.target.tabId))).toEqual(new Set([1]));
  });

  it('runs once per load of the extension, not on every wake of the worker', async () => {
    expect(await reinjectOncePerLoad()).toEqual({ tabs: 3, injected: 2, failed: 0 });
    expect(await reinjectOncePerLoad()).toBeUndefined();
    expect(injections).toHaveLength(4);
  });
});
