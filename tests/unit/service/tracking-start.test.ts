import { afterEach, describe, expect, it } from 'vitest';
import { QuotaRadarService } from '../../../lib/background';
import { defaultSettings } from '../../../lib/settings';
import { ActivityStore } from '../../../lib/store';
import { aManualCall } from '../../builders/activity';
import { ok, WED_NOON } from './harness';

/** Issue 14, item 6: on a fresh install nothing is red, and nothing before the install is a miss. */
const opened: ActivityStore[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

async function freshInstall(now = WED_NOON) {
  const store = await ActivityStore.open(`tracking-${crypto.randomUUID()}`);
  opened.push(store);
  await store.writeKv('settings', defaultSettings('America/New_York'));
  const service = new QuotaRadarService(store, () => now);
  await service.ensureDefaults();
  return { store, service };
}

describe('tracking starts at install', () => {
  it('a fresh install mid-month asks only for the rest of the month, and is not at risk', async () => {
    const { store, service } = await freshInstall();
    expect(await store.readKv('trackingStart')).toBe(WED_NOON);
    const report = await ok(service, { type: 'progress/get' });
    for (const quota of report.quotas) {
      expect(quota.pace).not.toBe('at_risk');
      expect(quota.trackedFrom).toBe(WED_NOON);
      // January 2026 from Wednesday the 14th at noon: 12.625 of its 22 working days are left.
      expect(quota.target).toBe(Math.round((quota.fullTarget * 12.625) / 22));
    }
    const lastMonth = await ok(service, { type: 'report/get', period: 'last_month' });
    expect(lastMonth.report.quotas.every((q) => !q.tracked && !q.met)).toBe(true);
    expect(lastMonth.history.every((h) => h.periods.length === 0)).toBe(true);
  });

  it('an import from before the install moves the start back to its first activity when the rep chose so', async () => {
    const { store, service } = await freshInstall();
    const earlier = Date.parse('2025-11-03T10:00:00-05:00');
    await ok(service, { type: 'activity/import', activities: [aManualCall({ occurredAt: earlier })] });
    expect(await store.readKv('trackingStart')).toBe(WED_NOON);
    await ok(service, { type: 'activity/import', activities: [aManualCall({ occurredAt: earlier })], moveTrackingStart: true });
    expect(await store.readKv('trackingStart')).toBe(earlier);
    const report = await ok(service, { type: 'progress/get' });
    expect(report.quotas[0]).toMatchObject({ target: report.quotas[0]!.fullTarget, trackedFrom: null });
  });

  it('the rep can move the start (joined on the 1st): settings/get says when counting started', async () => {
    const { service } = await freshInstall();
    const first = Date.parse('2026-01-01T00:00:00-05:00');
    await ok(service, { type: 'tracking/set', since: first });
    expect((await ok(service, { type: 'settings/get' })).trackingStart).toBe(first);
    expect((await ok(service, { type: 'progress/get' })).quotas[0]!.trackedFrom).toBeNull();
  });

  it('an install from before tracking start was kept counts from its earliest activity', async () => {
    const store = await ActivityStore.open(`tracking-${crypto.randomUUID()}`);
    opened.push(store);
    const old = Date.parse('2025-06-02T10:00:00-04:00');
    await store.record(aManualCall({ occurredAt: old }));
    const service = new QuotaRadarService(store, () => WED_NOON);
    await ok(service, { type: 'progress/get' });
    expect(await store.readKv('trackingStart')).toBe(old);
  });
});
