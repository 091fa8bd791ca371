import type { send } from '@/lib/messaging';
import type { Quota, Settings } from '@/lib/settings';

/** What the page reads once when it opens (settings, quotas, signed-in accounts, tracking start). */
export type OptionsData = Awaited<ReturnType<typeof send<'settings/get'>>>;

/** The settings and quotas as last saved: a section opened later starts from these, not from the first read. */
export interface SavedState {
  settings: Settings;
  quotas: Quota[];
}

/** What every section view is given; each takes the parts it needs. */
export interface SectionProps {
  loaded: OptionsData;
  saved: SavedState;
  onQuotasSaved: (quotas: Quota[]) => void;
  onSettingsSaved: (settings: Settings) => void;
}
