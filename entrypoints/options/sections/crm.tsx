import { CrmPanel } from '@/components/settings/CrmPanel';
import type { SectionProps } from './types';

/** The CRM the activities are written to. */
export function CrmSection({ saved }: SectionProps) {
  return <CrmPanel timeZone={saved.settings.timeZone} />;
}
