import type { z } from 'zod';

/**
 * Where a connection's secret is kept. The jobs pass their own: today the extension's database
 * (kv, read back through its schema), or `storageLocalSecrets()` (browser.storage.local). Neither
 * is ever synced, and neither is part of the activity export.
 */
export interface SecretBackend {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

/** Every key a secret is kept under in storage.local starts with this, so nothing that lists storage takes one by mistake. */
export const SECRET_KEY_PREFIX = 'secret:';

export const isSecretKey = (key: string): boolean => key.startsWith(SECRET_KEY_PREFIX);

/** The part of browser.storage.local this needs (the real one, or wxt's fake in tests). */
export interface StorageArea {
  get(keys: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string): Promise<void>;
}

/** Secrets in storage.local, each under `secret:<key>`. */
export function storageLocalSecrets(area: StorageArea): SecretBackend {
  const full = (key: string) => `${SECRET_KEY_PREFIX}${key}`;
  return {
    get: async (key) => (await area.get(full(key)))[full(key)],
    set: (key, value) => area.set({ [full(key)]: value }),
    remove: (key) => area.remove(full(key)),
  };
}

/** One connection's stored secret: parsed with its schema on every read and before every write. */
export interface SecretSlot<T> {
  /** The secret, or undefined when none is kept or what is kept no longer fits its schema. */
  read(): Promise<T | undefined>;
  /** Throws (and keeps the old value) when the value does not fit the schema. */
  write(value: z.input<z.ZodType<T>>): Promise<T>;
  clear(): Promise<void>;
}

export function secretSlot<S extends z.ZodType>(key: string, schema: S, backend: SecretBackend): SecretSlot<z.output<S>> {
  return {
    async read() {
      const stored = await backend.get(key);
      if (stored === undefined) return undefined;
      const parsed = schema.safeParse(stored);
      return parsed.success ? parsed.data : undefined;
    },
    async write(value) {
      const parsed = schema.parse(value);
      await backend.set(key, parsed);
      return parsed;
    },
    clear: () => backend.remove(key),
  };
}
