import type { ComponentType } from 'react';
import { CalendarSection } from './calendar';
import { CaptureSection } from './capture';
import { CrmSection } from './crm';
import { DataSectionView } from './data';
import { HistorySection } from './history';
import { KindsSection } from './kinds';
import { NotificationsSection } from './notifications';
import { PrivacySection } from './privacy';
import { QuotasSection } from './quotas';
import { ReportsSection } from './reports';
import type { SectionId } from './route';
import { TeamSection } from './team';
import { TopicsSection } from './topics';
import type { SectionProps } from './types';

/** The view of each section; `satisfies` refuses a section id without one (and one without an id). */
export const SECTION_VIEWS = {
  quotas: QuotasSection,
  kinds: KindsSection,
  topics: TopicsSection,
  calendar: CalendarSection,
  capture: CaptureSection,
  privacy: PrivacySection,
  crm: CrmSection,
  notifications: NotificationsSection,
  history: HistorySection,
  reports: ReportsSection,
  team: TeamSection,
  data: DataSectionView,
} satisfies Record<SectionId, ComponentType<SectionProps>>;

export { DEFAULT_SECTION, SECTION_IDS, type SectionId, sectionFromHash, sectionHref, useSectionRoute } from './route';
export type { OptionsData, SavedState, SectionProps } from './types';
