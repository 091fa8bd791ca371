import { TeamBoard } from '@/components/TeamBoard';
import type { SectionProps } from './types';

/** The team board read from the CRM, in the rep's zone. */
export function TeamSection({ saved }: SectionProps) {
  return <TeamBoard timeZone={saved.settings.timeZone} />;
}
