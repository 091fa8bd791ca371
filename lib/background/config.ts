import { holidayCountryOfZone } from '../holidays/official';
import type { CustomKind } from '../kinds';
import { describeZodError } from '../messages';
import { type DefaultQuotaNames, defaultQuotas, defaultSettings, type Quota, QuotasToSave, Settings } from '../settings';
import type { ActivityStore } from '../store';
import { KV_LIMITS, uiKvKey } from '../store/kv';
import type { Changed } from './changes';
import type { HandlerTable } from './router';

/** Settings, quotas, UI flags and notifications sent: read once, kept while the worker lives. */
export class Config {
  private settings?: Settings;
  private quotas?: Quota[];
  private tracking?: number;
  private kinds?: CustomKind[];
  private trackingLoad?: Promise<number>;

  constructor(
    private readonly store: ActivityStore,
    private readonly changed: Changed,
    private readonly options: {
      defaultQuotaNames?: DefaultQuotaNames;
      clock?: () => number;
      /** After new settings are stored (e.g. to apply a stricter privacy rule to what was kept), with the ones they replaced. */
      settingsSaved?: (settings: Settings, previous: Settings) => Promise<void>;
    } = {},
  ) {}

  async getSettings(): Promise<Settings> {
    this.settings ??= (await this.store.readKv('settings')) ?? defaultSettings();
    return this.settings;
  }

  async getQuotas(): Promise<Quota[]> {
    this.quotas ??= (await this.store.readKv('quotas')) ?? defaultQuotas(this.options.defaultQuotaNames);
    return this.quotas;
  }

  /** The rep's own kinds, archived ones included (kv `customKinds`; none when absent). */
  async customKinds(): Promise<CustomKind[]> {
    this.kinds ??= (await this.store.readKv('customKinds')) ?? [];
    return this.kinds;
  }

  /** Stores the custom kinds (validated by the kv schema) and keeps them for later reads. */
  async saveCustomKinds(kinds: readonly CustomKind[]): Promise<CustomKind[]> {
    await this.store.writeKv('customKinds', [...kinds]);
    this.kinds = [...kinds];
    return this.kinds;
  }

  /** First run: writes the defaults so that later reads find them, and notes when tracking started. */
  async ensureDefaults(): Promise<void> {
    if (!(await this.store.readKv('settings'))) {
      const settings = await this.getSettings();
      // A first run in Moscow, Minsk or Almaty starts with that country's official calendar (Options → Calendar changes it).
      const holidayCountry = settings.holidayCountry ?? holidayCountryOfZone(settings.timeZone);
      this.settings = holidayCountry ? { ...settings, holidayCountry } : settings;
      await this.store.writeKv('settings', this.settings);
    }
    if (!(await this.store.readKv('quotas'))) await this.store.writeKv('quotas', await this.getQuotas());
    await this.trackingStart();
  }

  /**
   * When tracking started. Set on the first run; an install from before this was kept counts from its
   * earliest activity (or from now, when it has none), so that its history keeps its meaning.
   */
  async trackingStart(): Promise<number> {
    if (this.tracking !== undefined) return this.tracking;
    // One first read (and first-run write) shared by concurrent callers, so that a `tracking/set`
    // arriving meanwhile cannot be overwritten by a late first-run write.
    this.trackingLoad ??= (async () => {
      let start = await this.store.readKv('trackingStart');
      if (start === undefined) {
        start = (await this.store.earliestOccurredAt()) ?? (this.options.clock ?? Date.now)();
        await this.store.writeKv('trackingStart', start);
      }
      this.tracking ??= start;
      return this.tracking;
    })();
    return this.trackingLoad;
  }

  /** Imported activities from before tracking started move the start back to the first of them. */
  async trackFrom(earliest: number): Promise<void> {
    if (earliest >= (await this.trackingStart())) return;
    await this.store.writeKv('trackingStart', earliest);
    this.tracking = earliest;
  }

  /** Keys of notifications already shown (see lib/quota/notify.ts), newest last. */
  async notificationsSent(): Promise<string[]> {
    return (await this.store.readKv('notificationsSent')) ?? [];
  }

  async rememberNotifications(keys: readonly string[]): Promise<void> {
    const sent = await this.notificationsSent();
    await this.store.writeKv('notificationsSent', [...sent, ...keys].slice(-KV_LIMITS.notificationsSent));
  }

  readonly handlers: Pick<HandlerTable, 'settings/get' | 'settings/save' | 'quotas/save' | 'ui/get' | 'ui/set' | 'tracking/set'> = {
    'settings/get': async () => ({
      settings: await this.getSettings(),
      quotas: await this.getQuotas(),
      accounts: (await this.store.readKv('accounts')) ?? [],
      trackingStart: await this.trackingStart(),
    }),

    'tracking/set': async ({ since }) => {
      await this.trackingStart(); // the first-run write, if in flight, lands before this one
      await this.store.writeKv('trackingStart', since);
      this.tracking = since;
      this.changed();
      return since;
    },

    'settings/save': async ({ settings }) => {
      const parsed = Settings.safeParse(settings);
      if (!parsed.success) throw new Error(describeZodError(parsed.error));
      const previous = await this.getSettings();
      await this.store.writeKv('settings', parsed.data);
      this.settings = parsed.data;
      await this.options.settingsSaved?.(parsed.data, previous);
      this.changed();
      return parsed.data;
    },

    'quotas/save': async ({ quotas }) => {
      const parsed = QuotasToSave.safeParse(quotas);
      if (!parsed.success) throw new Error(describeZodError(parsed.error));
      await this.store.writeKv('quotas', parsed.data);
      this.quotas = parsed.data;
      this.changed();
      return parsed.data;
    },

    'ui/get': async ({ key }) => (await this.store.readKv(uiKvKey(key))) ?? false,

    'ui/set': async ({ key, value }) => {
      await this.store.writeKv(uiKvKey(key), value);
      return value;
    },
  };
}
