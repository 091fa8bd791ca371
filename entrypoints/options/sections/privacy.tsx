import { PrivacySettings } from '@/components/settings/PrivacySettings';
import type { SectionProps } from './types';

/** What is kept about each activity (names, subjects). */
export function PrivacySection({ saved, onSettingsSaved }: SectionProps) {
  return <PrivacySettings initial={saved.settings} onSaved={onSettingsSaved} />;
}
