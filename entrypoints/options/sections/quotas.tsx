import { QuotasEditor } from '@/components/QuotasEditor';
import type { SectionProps } from './types';

/** Quotas: the targets, their kinds and periods; the signal filter offers the rep's topics. */
export function QuotasSection({ saved, onQuotasSaved }: SectionProps) {
  return (
    <QuotasEditor
      initial={saved.quotas}
      onSaved={onQuotasSaved}
      topics={(saved.settings.engagementTopics ?? []).map((topic) => topic.label)}
    />
  );
}
