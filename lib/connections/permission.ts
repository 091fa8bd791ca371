/**
 * The optional host permission a connected service needs: asked by a page in the Connect click (the
 * browser prompts only for a user gesture), checked by the background before every request (the rep
 * may withdraw it in the browser's settings), and given back on Disconnect unless another connection
 * still needs the same host.
 */

/** What the background needs of browser.permissions (tests pass a fake). */
export interface HostAccess {
  /** Whether every one of these origins (and API permissions) is granted. */
  hasOrigins(origins: readonly string[], permissions?: readonly string[]): Promise<boolean>;
  /** Gives these origins back. */
  removeOrigins(origins: readonly string[]): Promise<void>;
}

/** The part of browser.permissions a page uses (the real one, or wxt's fake in tests). */
export interface PermissionsApi {
  request(permissions: { origins?: string[]; permissions?: string[] }): Promise<boolean>;
  remove(permissions: { origins?: string[]; permissions?: string[] }): Promise<boolean>;
  contains(permissions: { origins?: string[]; permissions?: string[] }): Promise<boolean>;
}

/**
 * Asks for these origins (and API permissions) in the click. Nothing to ask is a yes: a form whose
 * address names no host yet lets the background say what is wrong with it.
 */
export async function requestHosts(api: PermissionsApi, origins: readonly string[], permissions: readonly string[] = []): Promise<boolean> {
  if (origins.length === 0 && permissions.length === 0) return true;
  return api.request({ origins: [...origins], ...(permissions.length ? { permissions: [...permissions] } : {}) });
}

/** The background's HostAccess over browser.permissions. */
export function browserHostAccess(api: PermissionsApi): HostAccess {
  return {
    hasOrigins: (origins, permissions = []) =>
      api.contains({ origins: [...origins], ...(permissions.length ? { permissions: [...permissions] } : {}) }),
    removeOrigins: async (origins) => {
      if (origins.length) await api.remove({ origins: [...origins] });
    },
  };
}

/**
 * Gives back the origins a disconnected service held, except those another connection still uses;
 * a browser that refuses (a required host) changes nothing. Returns what was given back.
 */
export async function releaseHosts(access: HostAccess, origins: readonly string[], stillInUse: readonly string[] = []): Promise<string[]> {
  const keep = new Set(stillInUse);
  const release = [...new Set(origins)].filter((origin) => !keep.has(origin));
  if (release.length) await access.removeOrigins(release).catch(() => undefined);
  return release;
}

/** A host pattern as the form names it ("https://api.example.com/*" → "https://api.example.com"). */
export const shownHost = (origin: string): string => origin.replace(/\/\*$/, '');
