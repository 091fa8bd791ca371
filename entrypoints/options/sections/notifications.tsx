import { NotificationSettings } from '@/components/settings/NotificationSettings';
import type { SectionProps } from './types';

/** The end-of-day nudge and the quota-met note. */
export function NotificationsSection({ saved, onSettingsSaved }: SectionProps) {
  return <NotificationSettings initial={saved.settings} onSaved={onSettingsSaved} />;
}
