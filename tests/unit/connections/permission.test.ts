import { describe, expect, it } from 'vitest';
import { browserHostAccess, type HostAccess, type PermissionsApi, releaseHosts, requestHosts, shownHost } from '../../../lib/connections';

/** A browser.permissions that remembers what it was asked. */
function fakePermissions(answer = true) {
  const granted = new Set<string>();
  const asked: { origins?: string[]; permissions?: string[] }[] = [];
  const removed: string[][] = [];
  const api: PermissionsApi = {
    request: async (p) => {
      asked.push(p);
      if (answer) for (const o of p.origins ?? []) granted.add(o);
      return answer;
    },
    remove: async (p) => {
      removed.push(p.origins ?? []);
      for (const o of p.origins ?? []) granted.delete(o);
      return true;
    },
    contains: async (p) => (p.origins ?? []).every((o) => granted.has(o)),
  };
  return { api, asked, removed, granted };
}

describe('the optional host permission', () => {
  it('asks for exactly the service’s hosts (and API permissions), in the click', async () => {
    const { api, asked } = fakePermissions();
    expect(await requestHosts(api, ['https://api.aircall.io/*'])).toBe(true);
    expect(await requestHosts(api, ['https://*/*'], ['scripting'])).toBe(true);
    expect(asked).toEqual([{ origins: ['https://api.aircall.io/*'] }, { origins: ['https://*/*'], permissions: ['scripting'] }]);
  });

  it('asks nothing when there is nothing to ask (an address that names no host yet)', async () => {
    const { api, asked } = fakePermissions(false);
    expect(await requestHosts(api, [])).toBe(true);
    expect(asked).toEqual([]);
  });

  it('says no when the rep refuses, and then nothing is granted', async () => {
    const { api } = fakePermissions(false);
    expect(await requestHosts(api, ['https://api.hubapi.com/*'])).toBe(false);
    expect(await browserHostAccess(api).hasOrigins(['https://api.hubapi.com/*'])).toBe(false);
  });

  it('gives back on Disconnect what no other connection still holds, once each', async () => {
    const { api, removed, granted } = fakePermissions();
    await requestHosts(api, ['https://api.pipedrive.com/*', 'https://acme.pipedrive.com/*']);
    const access = browserHostAccess(api);
    const released = await releaseHosts(
      access,
      ['https://api.pipedrive.com/*', 'https://acme.pipedrive.com/*', 'https://acme.pipedrive.com/*'],
      ['https://api.pipedrive.com/*'],
    );
    expect(released).toEqual(['https://acme.pipedrive.com/*']);
    expect(removed).toEqual([['https://acme.pipedrive.com/*']]);
    expect([...granted]).toEqual(['https://api.pipedrive.com/*']);
  });

  it('gives nothing back when everything is still in use, and a browser that refuses changes nothing', async () => {
    const calls: string[][] = [];
    const refusing: HostAccess = {
      hasOrigins: async () => true,
      removeOrigins: async (origins) => {
        calls.push([...origins]);
        throw new Error('required permission');
      },
    };
    expect(await releaseHosts(refusing, ['https://a.example/*'], ['https://a.example/*'])).toEqual([]);
    expect(calls).toEqual([]);
    await expect(releaseHosts(refusing, ['https://b.example/*'])).resolves.toEqual(['https://b.example/*']);
  });

  it('names a host as the form shows it', () => {
    expect(shownHost('https://api.aircall.io/*')).toBe('https://api.aircall.io');
  });
});
