import type { SecretBackend } from '../connections';
import type { ActivityStore } from '../store';
import type { KvKey } from '../store/kv';

/**
 * The connections' secrets where they have been kept since the first release: the extension's own
 * database (kv), each key parsed with its schema there too. Never synced, never in the activity
 * export. Moving them to storage.local is `storageLocalSecrets(browser.storage.local)` here plus a
 * one-time move of the kept ones.
 */
export function kvSecrets(store: ActivityStore): SecretBackend {
  return {
    get: (key) => store.readKv(key as KvKey),
    set: (key, value) => store.writeKv(key as KvKey, value as never),
    remove: (key) => store.deleteKv(key as KvKey),
  };
}
