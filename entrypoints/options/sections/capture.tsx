import { CaptureSettings } from '@/components/settings/CaptureSettings';
import type { SectionProps } from './types';

/** Which sites and accounts are watched, and how their actions count. */
export function CaptureSection({ loaded, saved, onSettingsSaved }: SectionProps) {
  return <CaptureSettings initial={saved.settings} accounts={loaded.accounts} onSaved={onSettingsSaved} />;
}
