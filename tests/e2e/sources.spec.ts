import type { BrowserContext, Page, Worker } from '@playwright/test';
import type { Observation } from '../../lib/capture/types';
import { ACCOUNT as MAILRU_ACCOUNT, mailruObservation, sendForm as mailruSendForm } from '../builders/mailru';
import { cancelSend, ACCOUNT as PROTON_ACCOUNT, MESSAGE_ID as PROTON_MESSAGE_ID, protonObservation } from '../builders/proton';
import { MY_ID, messageSentEvent } from '../builders/telegram';
import { alCall, GROUP_OWNER, messagesSend, USER_PEER } from '../builders/vk';
import { doSendForm, ACCOUNT as YANDEX_ACCOUNT, yandexObservation } from '../builders/yandex';
import { ACCOUNT as ZOHO_ACCOUNT, zohoObservation, sendForm as zohoSendForm } from '../builders/zoho';
import { dumpDatabase, exchange, FakeHost, openHostPage, replay } from './capture-helpers';
import { expect, openOptions, readActivities, test } from './fixtures';

/**
 * Issue 12's sources end to end in Chromium: each host routed (FakeHost), the page itself makes the
 * request its web client makes (built to the shapes in tests/builders/<source>.ts), and the built
 * extension's tap (or, on Telegram Web, its page-world hook), relay and background record it.
 */

/** The tap stamps the time; the builders' fixed dates would fall outside the current period. */
const fresh = (observation: Observation): Observation => ({ ...observation, startedAt: Date.now() });

async function hostPage(context: BrowserContext, origin: string, path: string, document?: string): Promise<{ host: FakeHost; page: Page }> {
  const host = new FakeHost(origin, document);
  await host.install(context);
  return { host, page: await openHostPage(context, `${origin}${path}`) };
}

/** Lets the relay and background finish with requests that should have recorded nothing. */
const settle = (page: Page) => page.waitForTimeout(700);

/**
 * VK and Telegram are opt-in: turns their channels on as the rep would in the options page, with
 * the chats the rep excluded (the private-chat rule).
 */
async function turnOn(context: BrowserContext, extensionId: string, channels: string[], excluded: string[] = []): Promise<void> {
  const options = await openOptions(context, extensionId);
  const saved = await options.evaluate(
    async ({ names, excluded }) => {
      const current = (await chrome.runtime.sendMessage({ type: 'settings/get' })) as {
        data: { settings: { channels: Record<string, boolean> } };
      };
      const settings = current.data.settings;
      const channelsOn = { ...settings.channels, ...Object.fromEntries(names.map((name) => [name, true])) };
      return chrome.runtime.sendMessage({
        type: 'settings/save',
        settings: { ...settings, channels: channelsOn, messengerChats: { excluded, work: [] } },
      });
    },
    { names: channels, excluded },
  );
  expect(saved).toMatchObject({ ok: true });
  await options.close();
}

const channelActivities = async (worker: Worker, channel: string) => (await readActivities(worker)).filter((a) => a.channel === channel);

test.describe('webmail: a send records once (pending while the undo window is open), a draft save records nothing', () => {
  test('Mail.ru (e.mail.ru)', async ({ context, worker }) => {
    const { host, page } = await hostPage(context, 'https://e.mail.ru', '/inbox/');
    await exchange(host, page, fresh(mailruObservation(mailruSendForm({ body: 'QR-SECRET-BODY' }))), 'xhr');
    await exchange(
      host,
      page,
      fresh(mailruObservation(mailruSendForm({ composeId: 'draft-1' }), { path: '/api/v1/messages/draft' })),
      'fetch',
    );
    await expect.poll(async () => (await readActivities(worker)).length).toBe(1);
    await settle(page);
    const activities = await readActivities(worker);
    expect(activities).toHaveLength(1);
    // Counted at once: Mail.ru's undo is not seen, so a hold would only delay the count (README, issue 27).
    expect(activities[0]).toMatchObject({ kind: 'email', channel: 'mailru', account: MAILRU_ACCOUNT, status: 'counted' });
    expect(JSON.stringify(await dumpDatabase(worker))).not.toContain('QR-SECRET-BODY');
  });

  test('Yandex Mail (mail.yandex.ru)', async ({ context, worker }) => {
    const { host, page } = await hostPage(context, 'https://mail.yandex.ru', '/?uid=1130000012345678#inbox');
    await exchange(host, page, fresh(yandexObservation(doSendForm({}))), 'xhr');
    await exchange(host, page, fresh(yandexObservation(doSendForm({}, true), { query: '_save=true', answer: { status: 'ok' } })), 'xhr');
    await expect.poll(async () => (await readActivities(worker)).length).toBe(1);
    await settle(page);
    const activities = await readActivities(worker);
    expect(activities).toHaveLength(1);
    expect(activities[0]).toMatchObject({ kind: 'email', channel: 'yandex', account: YANDEX_ACCOUNT, status: 'pending' });
    expect(JSON.stringify(await dumpDatabase(worker))).not.toContain('SECRET-BODY-TEXT');
  });

  test('Proton Mail (mail.proton.me): held for its own DelaySeconds; cancel_send retracts it', async ({ context, worker }) => {
    const { host, page } = await hostPage(context, 'https://mail.proton.me', '/u/0/inbox');
    const draft = JSON.stringify({ Message: { ToList: [{ Address: 'buyer@acme.test' }], Subject: 'x', Body: 'QR-SECRET-BODY' } });
    await exchange(
      host,
      page,
      fresh(
        protonObservation({
          path: '/api/mail/v4/messages',
          query: '',
          body: draft,
          answer: { Code: 1000, Message: { ID: PROTON_MESSAGE_ID } },
        }),
      ),
      'fetch',
    );
    await settle(page);
    expect(await readActivities(worker)).toEqual([]);

    await exchange(host, page, fresh(protonObservation()), 'fetch');
    await expect.poll(async () => (await readActivities(worker)).length).toBe(1);
    const [sent] = await readActivities(worker);
    expect(sent).toMatchObject({
      kind: 'email',
      channel: 'proton',
      account: PROTON_ACCOUNT,
      status: 'pending',
      dedupeKey: `proton:${PROTON_MESSAGE_ID}`,
    });

    await exchange(host, page, fresh(cancelSend()), 'fetch');
    await expect.poll(async () => (await readActivities(worker))[0]?.status).toBe('retracted');
    // Only what the request names in clear: not the encrypted body, its key packets or the answer's subject.
    expect(JSON.stringify(await dumpDatabase(worker))).not.toContain('SECRET');
  });

  test('Zoho Mail (mail.zoho.eu): no undo marker, so counted at once', async ({ context, worker }) => {
    const { host, page } = await hostPage(context, 'https://mail.zoho.eu', '/zm/#mail/folder/inbox');
    await exchange(host, page, fresh(zohoObservation(zohoSendForm({ subject: 'Hello' }), { host: 'mail.zoho.eu' })), 'xhr');
    await exchange(
      host,
      page,
      fresh(
        zohoObservation(zohoSendForm({ sendImm: false, mode: 'draft' }), {
          host: 'mail.zoho.eu',
          answer: { status: 'success', draftId: '1746525600123110003' },
        }),
      ),
      'xhr',
    );
    await expect.poll(async () => (await readActivities(worker)).length).toBe(1);
    await settle(page);
    const activities = await readActivities(worker);
    expect(activities).toHaveLength(1);
    expect(activities[0]).toMatchObject({ kind: 'email', channel: 'zoho', account: ZOHO_ACCOUNT, status: 'counted' });
    expect(JSON.stringify(await dumpDatabase(worker))).not.toContain('SECRET-BODY-TEXT');
  });
});

test('VK: nothing before the rep turns VK on; then a message (api.vk.com from vk.com) counts, a like counts and its unlike retracts it', async ({
  context,
  worker,
  extensionId,
}) => {
  const vk = new FakeHost('https://vk.com');
  await vk.install(context);
  // The newer messenger calls the API host cross-origin, with the session cookie.
  const api = new FakeHost('https://api.vk.com');
  await api.install(context);
  const cors = { 'access-control-allow-origin': 'https://vk.com', 'access-control-allow-credentials': 'true' };
  const page = await openHostPage(context, 'https://vk.com/im/convo/123456789');

  const message = fresh(messagesSend({ peer_id: USER_PEER, message: 'QR-SECRET-VK' }));
  api.answer(message, cors);
  expect((await replay(page, message, 'fetch')).status).toBe(200);
  await settle(page);
  expect(await readActivities(worker), 'VK is off by default').toEqual([]);

  await turnOn(context, extensionId, ['vk']);
  const again = fresh(messagesSend({ peer_id: USER_PEER, message: 'QR-SECRET-VK', random_id: '918273' }, { answer: { response: 771299 } }));
  api.answer(again, cors);
  expect((await replay(page, again, 'fetch')).status).toBe(200);
  await expect.poll(async () => (await channelActivities(worker, 'vk')).length).toBe(1);
  expect((await channelActivities(worker, 'vk'))[0]).toMatchObject({
    kind: 'messenger_message',
    status: 'counted',
    recipients: [{ profileId: `vk:${USER_PEER}` }],
  });

  const object = `wall${GROUP_OWNER}_1204`;
  await exchange(vk, page, fresh(alCall('like', 'a_do_like', { object, hash: '9f8e7d', from: 'wall_one' })), 'xhr');
  await expect
    .poll(async () => (await channelActivities(worker, 'vk')).filter((a) => a.kind === 'social_touch').map((a) => a.status))
    .toEqual(['counted']);
  await exchange(vk, page, fresh(alCall('like', 'a_do_unlike', { object, hash: '9f8e7d', from: 'wall_one' })), 'xhr');
  await expect
    .poll(async () => (await channelActivities(worker, 'vk')).filter((a) => a.kind === 'social_touch').map((a) => a.status))
    .toEqual(['retracted']);
  // Neither the text nor the access token the request carried.
  expect(JSON.stringify(await dumpDatabase(worker))).not.toMatch(/QR-SECRET-VK|SECRET-ACCESS-TOKEN/);
});

/** A stand-in for Telegram Web K: tweb mounts its event bus on window as `rootScope`. */
const TELEGRAM_K_STUB = `<!doctype html><html><head><title>Telegram Web</title><script>
  window.rootScope = {
    myId: ${MY_ID},
    listeners: {},
    addEventListener(name, callback) { (this.listeners[name] ||= []).push(callback); },
    dispatchEvent(name, detail) { for (const callback of this.listeners[name] || []) callback(detail); },
  };
</script></head><body><div id="page-chats"></div></body></html>`;

test("Telegram Web K: a message_sent on the client's bus becomes one messenger message, once on, without its text", async ({
  context,
  worker,
  extensionId,
}) => {
  await turnOn(context, extensionId, ['telegram']);
  const { page } = await hostPage(context, 'https://web.telegram.org', '/k/', TELEGRAM_K_STUB);
  // The hook polls for rootScope (it appears after document_start): wait until it listens.
  await page.waitForFunction(
    () =>
      ((window as unknown as { rootScope: { listeners: Record<string, unknown[]> } }).rootScope.listeners.message_sent ?? []).length > 0,
  );
  const event = messageSentEvent({ date: Math.floor(Date.now() / 1000) });
  await page.evaluate(
    (detail) =>
      (window as unknown as { rootScope: { dispatchEvent(name: string, detail: unknown): void } }).rootScope.dispatchEvent(
        'message_sent',
        detail,
      ),
    event,
  );
  // The same message reported again (a second tab, a reload) records once.
  await page.evaluate(
    (detail) =>
      (window as unknown as { rootScope: { dispatchEvent(name: string, detail: unknown): void } }).rootScope.dispatchEvent(
        'message_sent',
        detail,
      ),
    event,
  );
  await expect.poll(async () => (await readActivities(worker)).length).toBe(1);
  await settle(page);
  const activities = await readActivities(worker);
  expect(activities).toHaveLength(1);
  expect(activities[0]).toMatchObject({
    kind: 'messenger_message',
    channel: 'telegram',
    status: 'counted',
    account: `tg:${MY_ID}`,
    recipients: [{ profileId: 'tg:5550001' }],
    detection: { source: 'telegram-k-message_sent' },
  });
  expect(JSON.stringify(await dumpDatabase(worker))).not.toContain('SECRET-MESSAGE-TEXT');
  // No fetch tap on Telegram Web: its page-world hook is the only script there in the page's world.
  expect(await page.evaluate(() => Symbol.for('quota-radar.tap') in window)).toBe(false);
});

test('Telegram Web K, private chats: an excluded chat and an unmarked group leave nothing in storage; another one-to-one chat counts', async ({
  context,
  worker,
  extensionId,
}) => {
  await turnOn(context, extensionId, ['telegram'], ['tg:5550001']);
  const { page } = await hostPage(context, 'https://web.telegram.org', '/k/', TELEGRAM_K_STUB);
  await page.waitForFunction(
    () =>
      ((window as unknown as { rootScope: { listeners: Record<string, unknown[]> } }).rootScope.listeners.message_sent ?? []).length > 0,
  );
  const dispatch = (detail: unknown) =>
    page.evaluate(
      (d) =>
        (window as unknown as { rootScope: { dispatchEvent(name: string, detail: unknown): void } }).rootScope.dispatchEvent(
          'message_sent',
          d,
        ),
      detail,
    );
  const date = Math.floor(Date.now() / 1000);
  await dispatch(messageSentEvent({ date }));
  await dispatch(messageSentEvent({ peerId: -4567, peerType: 'peerChat', mid: 12, date }));
  await settle(page);
  const database = await dumpDatabase(worker);
  expect(database.activities).toEqual([]);
  expect(database.packs ?? []).toEqual([]);
  const kept = (database.kv ?? []).filter((row) => row.key !== 'settings');
  // The excluded chat leaves nothing at all.
  expect(JSON.stringify(kept)).not.toMatch(/5550001/);
  // The unmarked group keeps no message: only its id, in the recent-chats list the rep marks it from.
  expect(JSON.stringify(kept.filter((row) => row.key !== 'recentChats'))).not.toMatch(/4567/);
  expect(kept.find((row) => row.key === 'recentChats')?.value).toEqual([
    expect.objectContaining({ id: expect.stringMatching(/4567$/), group: true }),
  ]);

  await dispatch(messageSentEvent({ peerId: 5550002, mid: 13, date }));
  await expect
    .poll(async () => (await readActivities(worker)).map((a) => a.recipients))
    .toEqual([[{ profileId: 'tg:5550002', role: 'to' }]]);
});

/**
 * WhatsApp Web's message pane as the hook's cited sources describe it (page-world-hook.ts): rows
 * with `data-id="<fromMe>_<chat>_<id>"` and a status icon `data-icon` (msg-time, then msg-check…).
 * The page's own script plays the client: `send(id)` renders a pending row and ticks it later,
 * `fail(id)` renders one whose clock turns into an error.
 */
const WHATSAPP_STUB = `<!doctype html><html><head><title>WhatsApp</title><script>
  const row = (id, icon) => {
    const r = document.createElement('div');
    r.setAttribute('role', 'row');
    r.innerHTML = '<div class="message-out" data-id="' + id + '"><span class="selectable-text">SECRET-MESSAGE-TEXT</span>'
      + '<span data-icon="' + icon + '"></span></div>';
    document.getElementById('main').append(r);
    return r.querySelector('[data-icon]');
  };
  window.send = (id) => { const icon = row(id, 'msg-time'); setTimeout(() => icon.setAttribute('data-icon', 'msg-check'), 50); };
  window.fail = (id) => { const icon = row(id, 'msg-time'); setTimeout(() => icon.setAttribute('data-icon', 'msg-error'), 50); };
  window.old = (id) => row(id, 'msg-dblcheck-ack');
</script></head><body><div id="main"></div></body></html>`;

test('WhatsApp Web: a message counts once its clock turns into a tick; history, a failed send and an excluded chat leave nothing', async ({
  context,
  worker,
  extensionId,
}) => {
  await turnOn(context, extensionId, ['whatsapp'], ['wa:15550000001']);
  const { page } = await hostPage(context, 'https://web.whatsapp.com', '/', WHATSAPP_STUB);
  await page.evaluate(() => {
    const w = window as unknown as Record<'send' | 'fail' | 'old', (id: string) => void>;
    w.old('true_15551234567@c.us_3EB0OLD00000000000A1');
    w.fail('true_15551234567@c.us_3EB0FAIL0000000000A2');
    w.send('true_15550000001@c.us_3EB0EXCL0000000000A3');
    w.send('true_15551234567@c.us_3EB0SENT0000000000A4');
  });
  await expect
    .poll(async () => (await readActivities(worker)).map((a) => [a.channel, a.dedupeKey, a.recipients]))
    .toEqual([['whatsapp', 'whatsapp:15551234567@c.us_3EB0SENT0000000000A4', [{ profileId: 'wa:15551234567', role: 'to' }]]]);
  const database = JSON.stringify(await dumpDatabase(worker));
  expect(database).not.toContain('SECRET-MESSAGE-TEXT');
  expect(database).not.toContain('3EB0EXCL');
  expect(await page.evaluate(() => Symbol.for('quota-radar.tap') in window)).toBe(false);
});
