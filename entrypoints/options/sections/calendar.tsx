import { CalendarSettings } from '@/components/settings/CalendarSettings';
import type { SectionProps } from './types';

/** Working days, hours, holidays and when counting started. */
export function CalendarSection({ loaded, saved, onSettingsSaved }: SectionProps) {
  return <CalendarSettings initial={saved.settings} onSaved={onSettingsSaved} trackingStart={loaded.trackingStart} />;
}
