import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';
import { badgeFor } from '@/lib/quota/badge';
import { computeProgress } from '@/lib/quota/progress';
import { dueNotifications } from '@/lib/quota/notify';
import { type QuotaRadarService, createBackground } from '@/lib/background';
import { KEPT_PROGRESS_KEY, type KeptProgress } from '@/lib/kept-progress';
import { broadcast } from '@/lib/messaging';
import { reinjectOncePerLoad, reinjectOpenTabs } from '@/lib/background/reinject';
import { ActivityStore } from '@/lib/store';

const TICK_ALARM = 'tick';
/** Benchmark builds only (npm run bench): marks where a cold start spends its time. */
const BENCH = import.meta.env.VITE_QR_BENCH === '1';
const benchMark = (name: string) => {
  if (BENCH) performance.mark(name);
};

export default defineBackground(() => {
  // Listeners are registered synchronously so that a message or alarm that wakes the worker is not missed.
  benchMark('qr:main');
  const ready = start();

  browser.runtime.onMessage.addListener((message: unknown) => {
    const type = (message as { type?: unknown } | null)?.type;
    benchMark(`qr:received:${String(type)}`);
    return ready.then(async (service) => {
      const handled = await service.handle(message);
      benchMark(`qr:answered:${String(type)}`);
      return handled;
    });
  });

  browser.alarms.onAlarm.addListener(async (alarm) => {
    if (alarm.name !== TICK_ALARM) return;
    const service = await ready;
    // Confirms sends whose undo window passed and rolls the badge into a new day or period.
    if ((await service.confirmDue()) === 0) await refreshBadge(service);
    await notify(service).catch(() => undefined);
  });

  // Tabs open across an update, reload or install get capture back without a page reload.
  void reinjectOncePerLoad().catch(() => undefined);
  // Site access granted later (Firefox asks on first run): capture starts in the open tabs too.
  browser.permissions.onAdded.addListener(() => void reinjectOpenTabs().catch(() => undefined));

  browser.runtime.onInstalled.addListener(async ({ reason }) => {
    const service = await ready;
    await service.ensureDefaults();
    // First run: the set-up lives on the options page.
    if (reason === 'install') await browser.tabs.create({ url: browser.runtime.getURL('/options.html') });
  });
});

async function start(): Promise<QuotaRadarService> {
  const store = await ActivityStore.open();
  benchMark('qr:db-open');
  let badgeTimer: ReturnType<typeof setTimeout> | undefined;
  const service: QuotaRadarService = createBackground(store, Date.now, {
    defaultQuotaNames: { calls: t('defaultQuotaCalls'), emails: t('defaultQuotaEmails'), social: t('defaultQuotaSocial') },
    onChange: () => {
      clearTimeout(badgeTimer);
      badgeTimer = setTimeout(() => void refreshBadge(service).catch(() => undefined), 50);
      // The popup must not paint a progress kept from before this change.
      void browser.storage.local.remove(KEPT_PROGRESS_KEY).catch(() => undefined);
      // Let an open popup or options page know; nobody listening is fine.
      void broadcast({ type: 'progress/changed' });
    },
    onProgressKept: (report, validUntil) => {
      const kept: KeptProgress = { report, validUntil };
      void browser.storage.local.set({ [KEPT_PROGRESS_KEY]: kept }).catch(() => undefined);
    },
  });
  if (import.meta.env.VITE_QR_BENCH === '1') {
    // Benchmark builds only (npm run bench): lets the benchmark time the real code inside the browser.
    Object.assign(globalThis, { quotaRadarBench: { service, store, computeProgress, createBackground, firstProgress: undefined } });
  }
  // The message that woke the worker (often the popup's) need not wait for the alarm and the badge.
  void (async () => {
    await browser.alarms.create(TICK_ALARM, { periodInMinutes: 0.5, delayInMinutes: 0.5 });
    await refreshBadge(service).catch(() => undefined);
    if (BENCH) {
      benchMark('qr:first-progress');
      Object.assign((globalThis as unknown as { quotaRadarBench: object }).quotaRadarBench, { firstProgress: service.lastProgressRun });
    }
  })().catch(() => undefined);
  return service;
}

async function refreshBadge(service: QuotaRadarService): Promise<void> {
  const [report, settings] = await Promise.all([service.progress(), service.getSettings()]);
  const badge = badgeFor(report, settings.badge);
  await browser.action.setBadgeText({ text: badge.text });
  await browser.action.setBadgeBackgroundColor({ color: badge.color });
  await browser.action.setTitle({ title: badge.title || t('extName') });
}

/** End-of-day nudge and quota-met notes, each sent once (what was sent is remembered in the store). */
async function notify(service: QuotaRadarService): Promise<void> {
  const settings = await service.getSettings();
  if (!settings.notifications.endOfDayNudge && !settings.notifications.quotaMet) return;
  const [report, sent] = await Promise.all([service.progress(), service.notificationsSent()]);
  const due = dueNotifications(report, settings, sent);
  if (due.length === 0) return;
  for (const note of due) {
    const [title, message] =
      note.type === 'nudge'
        ? [t('notifyNudgeTitle'), t('notifyNudgeBody', note.needed.map((n) => `${n.name} ${n.count}`).join(', '))]
        : [t('notifyMetTitle', note.name), t('notifyMetBody', [note.done, note.target])];
    await browser.notifications.create(note.key, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title,
      message,
    });
  }
  await service.rememberNotifications(due.map((n) => n.key));
}
