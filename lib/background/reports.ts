import { periodContaining } from '../quota/calendar';
import { dailyByKind, periodReport, quotaHistory, reportInterval, reportWindow } from '../quota/report';
import type { ActivityStore } from '../store';
import type { Config } from './config';
import type { HandlerTable } from './router';

/** Past periods per quota in the report's achievement chart. */
const HISTORY_PERIODS = 6;
/** Days in the report's daily activity chart. */
const DAILY_DAYS = 90;

/** The options page's manager report: a period, its daily activity, and each quota's past periods. */
export function reportHandlers(store: ActivityStore, clock: () => number, config: Config): Pick<HandlerTable, 'report/get'> {
  return {
    'report/get': async ({ period }) => {
      const [settings, quotas] = await Promise.all([config.getSettings(), config.getQuotas()]);
      const now = clock();
      const interval = reportInterval(period, now, settings);
      const window = reportWindow(quotas, settings, now, interval, HISTORY_PERIODS, DAILY_DAYS);
      const activities = await store.between(window.start, window.end);
      const today = periodContaining(now, 'day', settings);
      const daily = {
        start: periodContaining(today.start - (DAILY_DAYS - 1) * 86_400_000, 'day', settings).start,
        end: today.end,
      };
      return {
        report: periodReport({ quotas, settings, now, interval, activities }),
        last90: dailyByKind(activities, daily, settings, now),
        history: quotas.map((quota) => quotaHistory({ quota, settings, now, activities, count: HISTORY_PERIODS })),
      };
    },
  };
}
