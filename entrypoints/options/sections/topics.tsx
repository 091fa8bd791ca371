import { TopicsSettings } from '@/components/settings/TopicsSettings';
import type { SectionProps } from './types';

/** Topics the rep posts about, which the signal filters of quotas can ask for. */
export function TopicsSection({ saved, onSettingsSaved }: SectionProps) {
  return <TopicsSettings initial={saved.settings} onSaved={onSettingsSaved} />;
}
