import { History } from '@/components/History';
import type { SectionProps } from './types';

/** Every activity, filtered by the saved quotas in the saved time zone. */
export function HistorySection({ saved }: SectionProps) {
  return <History quotas={saved.quotas} timeZone={saved.settings.timeZone} settings={saved.settings} />;
}
