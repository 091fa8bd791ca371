import { browser } from 'wxt/browser';
import { createBackground, type QuotaRadarService } from '@/lib/background';
import { type ConnectorPlatform, fetchSend } from '@/lib/background/connectors';
import { reinjectOncePerLoad, reinjectOpenTabs } from '@/lib/background/reinject';
import { API_POLL_MINUTES } from '@/lib/capture/api-sources';
import { HOOK_SOURCES } from '@/lib/capture/hook-sources';
import { crmLanguageOf } from '@/lib/crm/record-words';
import { t, uiLocale } from '@/lib/i18n';
import { KEPT_PROGRESS_KEY, type KeptProgress } from '@/lib/kept-progress';
import { broadcast } from '@/lib/messaging';
import { type BadgeWords, badgeFor } from '@/lib/quota/badge';
import { dueNotifications } from '@/lib/quota/notify';
import { computeProgress } from '@/lib/quota/progress';
import { ActivityStore } from '@/lib/store';

const TICK_ALARM = 'tick';
/** Wakes the worker when the next pending send's undo window ends (the tick alone is up to 30 s late). */
const CONFIRM_ALARM = 'confirm';
/** Past the confirm time, so that the store's `confirmAt <= now` holds when the timer fires. */
const CONFIRM_SLACK_MS = 50;
/** Undo windows are seconds long; beyond this the alarm alone wakes the worker. */
const CONFIRM_TIMER_MAX_MS = 10 * 60_000;

let confirmTimer: ReturnType<typeof setTimeout> | undefined;
let confirmTimerAt: number | undefined;

const badgeWords = (): BadgeWords => ({
  neededToday: (name, needed, done, target) => t('badgeNeededToday', [name, String(needed), String(done), String(target)]),
  percentOfPace: (name, percent) => t('badgePercentOfPace', [name, String(percent)]),
  allOnPace: () => t('badgeAllOnPace'),
  dayOff: () => t('badgeDayOff'),
});

/** Polls the connected phone systems and booking services. */
const CONNECTORS_ALARM = 'connectors';
/** Works through the CRM outbox every few minutes (what a stopped worker or a lost timer left). */
const CRM_ALARM = 'crm';
const CRM_ALARM_MINUTES = 5;
/** A run asked for soon after an activity write, in case the worker stops before its timer. */
const CRM_SOON_ALARM = 'crm-soon';
let crmTimer: ReturnType<typeof setTimeout> | undefined;
let crmTimerAt: number | undefined;

/**
 * A CRM run in `delayMs`: a timer while the worker lives, and an alarm (at least 30 s away, the
 * browsers' least) in case it stops first. An earlier request replaces a later one.
 */
function scheduleCrmRun(service: Promise<QuotaRadarService>, delayMs: number): void {
  const at = Date.now() + Math.max(0, delayMs);
  if (crmTimerAt !== undefined && crmTimerAt <= at) return;
  clearTimeout(crmTimer);
  crmTimerAt = at;
  crmTimer = setTimeout(
    () => {
      crmTimerAt = undefined;
      void service.then((s) => s.crm.runAll()).catch(() => undefined);
    },
    Math.max(0, delayMs),
  );
  void browser.alarms.create(CRM_SOON_ALARM, { when: Math.max(at, Date.now() + 30_000) }).catch(() => undefined);
  // The periodic run exists while a CRM is connected (nothing is scheduled for a rep without one).
  void (async () => {
    if (!(await browser.alarms.get(CRM_ALARM))) await browser.alarms.create(CRM_ALARM, { periodInMinutes: CRM_ALARM_MINUTES });
  })().catch(() => undefined);
}

/** The scripting API: an optional permission, so present only once granted (MV3: promises in Chrome and Firefox). */
interface Scripting {
  getRegisteredContentScripts(filter: { ids: string[] }): Promise<{ id: string }[]>;
  registerContentScripts(
    scripts: { id: string; js: string[]; matches: string[]; runAt: 'document_start'; allFrames: boolean; persistAcrossSessions: boolean }[],
  ): Promise<void>;
  unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
}

function scripting(): Scripting | undefined {
  const g = globalThis as { browser?: { scripting?: Scripting }; chrome?: { scripting?: Scripting } };
  return g.browser?.scripting ?? g.chrome?.scripting;
}

const PHONE_LINK = HOOK_SOURCES['phone-link'];

const platform: ConnectorPlatform = {
  send: fetchSend,
  hasOrigins: (origins, permissions = []) =>
    browser.permissions.contains({ origins: [...origins], permissions: [...permissions] as never }),
  removeOrigins: async (origins) => {
    await browser.permissions.remove({ origins: [...origins] });
  },
  async setPhoneLinkScript(enabled) {
    const api = scripting();
    if (!api) {
      if (enabled) throw new Error('the scripting permission is not granted');
      return;
    }
    const { id, js } = PHONE_LINK.contentScript;
    if ((await api.getRegisteredContentScripts({ ids: [id] })).length) await api.unregisterContentScripts({ ids: [id] });
    if (enabled) {
      await api.registerContentScripts([
        { id, js: [js], matches: [...PHONE_LINK.origins], runAt: 'document_start', allFrames: true, persistAcrossSessions: true },
      ]);
    }
  },
};

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
    if (alarm.name === CRM_ALARM || alarm.name === CRM_SOON_ALARM) {
      await (await ready).crm.runAll().catch(() => undefined);
      return;
    }
    if (alarm.name === CONNECTORS_ALARM) {
      await (await ready).connectors.pollAll('alarm').catch(() => undefined);
      return;
    }
    if (alarm.name !== TICK_ALARM && alarm.name !== CONFIRM_ALARM) return;
    const service = await ready;
    // Confirms sends whose undo window passed and rolls the badge into a new day or period.
    if ((await service.confirmDue()) === 0) await refreshBadge(service);
    await notifyInTurn(service);
  });

  // The network came back (an offline afternoon): what waited goes out now.
  globalThis.addEventListener?.('online', () => void ready.then((service) => service.crm.runAll()).catch(() => undefined));

  // The rep withdrew a permission in the browser's settings: stop what needed it.
  browser.permissions.onRemoved.addListener(async (removed) => {
    await (await ready).connectors.permissionsRemoved(removed.origins ?? []).catch(() => undefined);
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
  let resolveSelf: (service: QuotaRadarService) => void = () => undefined;
  const self = new Promise<QuotaRadarService>((resolve) => {
    resolveSelf = resolve;
  });
  const service: QuotaRadarService = createBackground(store, Date.now, {
    platform,
    onConnectorsChange: () => void broadcast({ type: 'connectors/changed' }),
    crm: {
      statusChanged: () => void broadcast({ type: 'crm/changed' }),
      scheduleRun: (delayMs) => scheduleCrmRun(self, delayMs),
      uiLanguage: () => crmLanguageOf(uiLocale()),
    },
    defaultQuotaNames: { calls: t('defaultQuotaCalls'), emails: t('defaultQuotaEmails'), social: t('defaultQuotaSocial') },
    onChange: () => {
      clearTimeout(badgeTimer);
      // A quota met by this change is announced now, not at the next tick (up to 30 s later).
      badgeTimer = setTimeout(
        () =>
          void refreshBadge(service)
            .catch(() => undefined)
            .then(() => notifyInTurn(service)),
        50,
      );
      // The popup must not paint a progress kept from before this change.
      void browser.storage.local.remove(KEPT_PROGRESS_KEY).catch(() => undefined);
      // Let an open popup or options page know; nobody listening is fine.
      void broadcast({ type: 'progress/changed' });
    },
    onProgressKept: (report, validUntil) => {
      const kept: KeptProgress = { report, validUntil };
      void browser.storage.local.set({ [KEPT_PROGRESS_KEY]: kept }).catch(() => undefined);
    },
    warmReportsAfterMs: 2_000,
  });
  resolveSelf(service);
  if (import.meta.env.VITE_QR_BENCH === '1') {
    // Benchmark builds only (npm run bench): lets the benchmark time the real code inside the browser.
    Object.assign(globalThis, { quotaRadarBench: { service, store, computeProgress, createBackground, firstProgress: undefined } });
  }
  // The message that woke the worker (often the popup's) need not wait for the alarms and the badge.
  void (async () => {
    await browser.alarms.create(TICK_ALARM, { periodInMinutes: 0.5, delayInMinutes: 0.5 });
    await service.connectors.restorePhoneLinks().catch(() => undefined);
    // create() with the same name replaces the alarm: the period stays what the sources ask.
    if (!(await browser.alarms.get(CONNECTORS_ALARM))) {
      await browser.alarms.create(CONNECTORS_ALARM, { periodInMinutes: API_POLL_MINUTES, delayInMinutes: 1 });
    }
    // A worker started by anything picks up what a stopped one left in the outbox (with a CRM connected).
    if (await service.crm.isConnected()) scheduleCrmRun(Promise.resolve(service), 1_000);
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
  scheduleConfirm(service, report.pending);
  const badge = badgeFor(report, settings.badge, badgeWords());
  await browser.action.setBadgeText({ text: badge.text });
  await browser.action.setBadgeBackgroundColor({ color: badge.color });
  // The tooltip says what the number is: "Quota Radar — Calls: 5 more today to stay on pace (…)".
  await browser.action.setTitle({ title: badge.title ? `${t('extName')} — ${badge.title}` : t('extName') });
}

/**
 * Confirms the next pending send the moment its undo window ends, so that the badge and an open
 * popup change then (the change broadcast follows the confirmation): a timer while the worker
 * lives, and an alarm at the same time in case the worker stops before.
 */
function scheduleConfirm(service: QuotaRadarService, pending: readonly { confirmAt: number | null }[]): void {
  let next: number | undefined;
  for (const p of pending) if (p.confirmAt !== null && (next === undefined || p.confirmAt < next)) next = p.confirmAt;
  if (next === confirmTimerAt) return;
  clearTimeout(confirmTimer);
  confirmTimerAt = next;
  if (next === undefined) return;
  void browser.alarms.create(CONFIRM_ALARM, { when: next + CONFIRM_SLACK_MS }).catch(() => undefined);
  // A scheduled send due in days is left to the alarm (and a timer's delay must stay far below 2³¹ ms).
  if (next - Date.now() > CONFIRM_TIMER_MAX_MS) return;
  confirmTimer = setTimeout(
    () => {
      confirmTimerAt = undefined;
      void service
        .confirmDue()
        .then((confirmed) => (confirmed === 0 ? refreshBadge(service) : undefined))
        .catch(() => undefined);
    },
    Math.max(0, next - Date.now() + CONFIRM_SLACK_MS),
  );
}

/**
 * The tick and a change may both find the same quota met: one check at a time, so the second
 * finds the first one's note remembered and sends nothing.
 */
let notifying: Promise<void> = Promise.resolve();
function notifyInTurn(service: QuotaRadarService): Promise<void> {
  notifying = notifying.then(() => notify(service)).catch(() => undefined);
  return notifying;
}

/** End-of-day nudge and quota-met notes, each sent once (what was sent is remembered in the store). */
async function notify(service: QuotaRadarService): Promise<void> {
  const settings = await service.getSettings();
  if (!settings.notifications.endOfDayNudge && !settings.notifications.quotaMet) return;
  const [report, sent] = await Promise.all([service.progress(), service.notificationsSent()]);
  const due = dueNotifications(report, settings, sent, uiLocale());
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
