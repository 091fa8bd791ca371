import { z } from 'zod';
import { answerOf, defineMessages } from '../registry/merge';
import type { ProgressReport } from './progress';
import { type DayCounts, type PeriodReport, type QuotaHistory, ReportPeriod } from './report';

/** What the popup and the options page ask of the quota engine. */
export const QUOTA_MESSAGES = defineMessages({
  'progress/get': { request: z.object({}), answer: answerOf<ProgressReport>() },
  /** The options page's manager report for a period, with daily activity and past periods for charts. */
  'report/get': {
    request: z.object({ period: ReportPeriod }),
    answer: answerOf<{ report: PeriodReport; last90: DayCounts[]; history: QuotaHistory[] }>(),
  },
});
