import type { BrowserContext, Page } from '@playwright/test';
import type { Observation } from '../../lib/capture/types';
import { firstDraftSaveRequest, type GmailMessage, gmailObservation, LABELS, syncRequest, syncResponse } from '../builders/gmail';
import { createItemRequest, owaObservation, owaResponse } from '../builders/outlook';
import { batch, batchResponse, saveMessageRequest, yahooObservation } from '../builders/yahoo';
import { dumpDatabase, exchange, FakeHost, openHostPage, readRecording, replay, saveSettings } from './capture-helpers';
import { countWholePeriods, expect, openOptions, openPopup, readActivities, test } from './fixtures';

const GMAIL = 'https://mail.google.com';
const INBOX = `${GMAIL}/mail/u/0/#inbox`;

const SENDS = [
  { name: 'send', account: 'test@gmail.com', messageId: 'msg-a:r8190137112111191537', threadId: 'thread-a:r263523620390330024' },
  {
    name: 'send-2-custom-thread',
    account: 'test@gmail.com',
    messageId: 'msg-a:r8190137112111191537',
    threadId: 'thread-a:r263523620390330024',
  },
  { name: 'reply-send', account: 'test@streak.com', messageId: 'msg-a:r-414184523264894368', threadId: 'thread-a:r-474834441621213468' },
  { name: 'reply-send-2', account: 'test@streak.com', messageId: 'msg-a:r2026878197680476540', threadId: 'thread-f:1743802434391390786' },
];
const DRAFTS = ['draft-save', 'draft-update', 'reply-draft-save', 'reply-draft-update'];
const RECORDINGS = [...SENDS.map((s) => s.name), ...DRAFTS];

const haveRecordings = RECORDINGS.every((name) => readRecording('gmail-sync', name));
if (!haveRecordings) console.warn('email-capture: ../shared/fixtures/gmail-sync is absent; skipping the recorded Gmail cases.');

let requestCounter = 0;
/** The sync request as Gmail's own client sends it: POST, the same query, JSON text and its headers. */
function gmailSync(body: string, responseBody: string, status = 200): Observation {
  requestCounter += 1;
  return {
    pageUrl: INBOX,
    request: {
      method: 'POST',
      url: `${GMAIL}/sync/u/0/i/s?hl=en&c=${requestCounter}&rt=r&pt=ji`,
      headers: {
        'content-type': 'application/json',
        'x-framework-xsrf-token': 'AKwhgQr8kYVqHcKb1d3dQq2x7Jk0:1700000000000',
        'x-gmail-btai': '[null,null,[null,null,null,null,null,null,1]]',
        'x-google-btd': '1',
      },
      body,
    },
    response: { status, body: responseBody },
    startedAt: Date.now(),
  };
}

function recorded(name: string, status = 200): Observation {
  const recording = readRecording('gmail-sync', name)!;
  return gmailSync(recording.request, recording.response, status);
}

/** A send made now (so that the current period counts it), to an external address. */
function builtSend(id: string, body = 'QR-SECRET-BODY the pricing we discussed'): { send: Observation; draft: Observation } {
  const message: GmailMessage = {
    id,
    from: { address: 'rep@seller.example', name: 'Robin Rep' },
    to: [{ address: 'buyer@client.example', name: 'Bea Buyer' }],
    subject: `Proposal ${id}`,
    body,
    timestamp: Date.now(),
    labels: [...LABELS.send],
  };
  const threadId = `thread-a:r${id.slice(7)}`;
  const sent = gmailObservation(syncRequest([{ threadId, message }]), {
    response: syncResponse([
      { threadId, messages: [{ ...message, labels: [...LABELS.sent], rfcMessageId: `<${id.slice(7)}@mail.gmail.com>` }] },
    ]),
  });
  const draftMessage = { ...message, labels: [...LABELS.draft] };
  const drafted = gmailObservation(firstDraftSaveRequest({ threadId, message: draftMessage }), {
    response: syncResponse([{ threadId, messages: [draftMessage] }]),
  });
  return {
    send: gmailSync(sent.request.body!, sent.response.body!),
    draft: gmailSync(drafted.request.body!, drafted.response.body!),
  };
}

async function gmailPage(context: BrowserContext): Promise<{ host: FakeHost; page: Page }> {
  const host = new FakeHost(GMAIL);
  await host.install(context);
  const page = await openHostPage(context, INBOX);
  return { host, page };
}

const byKey = (activities: Record<string, unknown>[], key: string) => activities.find((a) => a.dedupeKey === key);

/** Lets the relay and background finish with requests that should have recorded nothing. */
async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(700);
}

async function emailsDone(popup: Page): Promise<string | null> {
  return popup.locator('[data-quota="emails"]').getByTestId('done-target').textContent();
}

test.describe('Gmail, recorded traffic', () => {
  test.skip(!haveRecordings, 'the shared Gmail recordings are absent');

  for (const send of SENDS) {
    test(`${send.name}: one pending email with the recorded ids`, async ({ context, worker }) => {
      const { host, page } = await gmailPage(context);
      const observation = recorded(send.name);
      const answer = await exchange(host, page, observation, 'xhr');
      expect(answer).toEqual({ status: 200, text: observation.response.body });
      await expect.poll(async () => (await readActivities(worker)).length).toBe(1);
      const [activity] = await readActivities(worker);
      expect(activity).toMatchObject({
        kind: 'email',
        channel: 'gmail',
        account: send.account,
        dedupeKey: `gmail:${send.account}:${send.messageId}`,
        status: 'pending',
        detection: { method: 'page-request', source: 'gmail-sync', ids: { messageId: send.messageId, threadId: send.threadId } },
      });
      expect(activity!.confirmAt as number).toBeGreaterThan(Date.now() - 10_000);
    });
  }

  test('the four draft saves record nothing', async ({ context, worker }) => {
    const { host, page } = await gmailPage(context);
    for (const name of DRAFTS) await exchange(host, page, recorded(name), 'xhr');
    expect(host.seen).toHaveLength(4);
    await settle(page);
    expect(await readActivities(worker)).toEqual([]);
  });

  test('a send answered 500 records nothing; the same send fired twice records once', async ({ context, worker }) => {
    const { host, page } = await gmailPage(context);
    const failed = recorded('send', 500);
    expect((await exchange(host, page, failed, 'fetch')).status).toBe(500);
    await settle(page);
    expect(await readActivities(worker)).toEqual([]);

    const ok = recorded('reply-send');
    await Promise.all([exchange(host, page, ok, 'xhr'), replay(page, ok, 'fetch')]);
    await replay(page, ok, 'xhr');
    await expect.poll(async () => (await readActivities(worker)).length).toBe(1);
    await settle(page);
    expect(await readActivities(worker)).toHaveLength(1);
  });

  test('no text of the recorded bodies is stored anywhere', async ({ context, worker }) => {
    const { host, page } = await gmailPage(context);
    for (const name of RECORDINGS) await exchange(host, page, recorded(name), 'xhr');
    await expect.poll(async () => (await readActivities(worker)).length).toBe(3);
    const dump = JSON.stringify(await dumpDatabase(worker));
    expect(dump).toContain('"kv"');
    // Body parts are the HTML strings inside the message nodes ([8][1][i][1]).
    const bodies = new Set<string>();
    for (const name of RECORDINGS) {
      const text = readRecording('gmail-sync', name)!.request;
      for (const match of text.matchAll(/"(<div[^"\\]*(?:\\.[^"\\]*)*)"/g)) bodies.add(JSON.parse(`"${match[1]}"`) as string);
    }
    expect(bodies.size).toBeGreaterThan(0);
    for (const body of bodies) {
      expect(dump).not.toContain(body);
      expect(dump).not.toContain(JSON.stringify(body).slice(1, -1));
    }
  });
});

test.describe('Gmail, undo send', () => {
  test('Undo link clicked in the window: retracted and never counted', async ({ context, worker, extensionId }) => {
    const options = await openOptions(context, extensionId);
    await countWholePeriods(options);
    await saveSettings(options, { gmailUndoSeconds: 5 });
    const { host, page } = await gmailPage(context);
    const { send } = builtSend('msg-a:r1111111111111111111');
    await exchange(host, page, send);
    await expect.poll(async () => (await readActivities(worker))[0]?.status).toBe('pending');

    await page.evaluate(() => {
      document.body.insertAdjacentHTML(
        'beforeend',
        '<div role="alert">Message sent. <span id="link_undo" role="link" tabindex="0">Undo</span></div>',
      );
    });
    await page.locator('#link_undo').click();
    await expect.poll(async () => (await readActivities(worker))[0]?.status).toBe('retracted');

    // Past the undo period it must still not count, in storage or in the popup.
    await page.waitForTimeout(5_500);
    const [activity] = await readActivities(worker);
    expect(activity).toMatchObject({ status: 'retracted', dedupeKey: 'gmail:rep@seller.example:msg-a:r1111111111111111111' });
    const popup = await openPopup(context, extensionId);
    expect(await emailsDone(popup)).toBe('0 / 200');
  });

  test('a draft save of the same id (the undo as the sync API shows it): retracted', async ({ context, worker, extensionId }) => {
    const options = await openOptions(context, extensionId);
    await countWholePeriods(options);
    await saveSettings(options, { gmailUndoSeconds: 30 });
    const { host, page } = await gmailPage(context);
    const undone = builtSend('msg-a:r2222222222222222222');
    const kept = builtSend('msg-a:r3333333333333333333');
    await exchange(host, page, undone.send);
    await exchange(host, page, kept.send, 'fetch');
    await expect.poll(async () => (await readActivities(worker)).length).toBe(2);
    await exchange(host, page, undone.draft);
    await expect
      .poll(async () => byKey(await readActivities(worker), 'gmail:rep@seller.example:msg-a:r2222222222222222222')?.status)
      .toBe('retracted');
    expect(byKey(await readActivities(worker), 'gmail:rep@seller.example:msg-a:r3333333333333333333')?.status).toBe('pending');
    let popup = await openPopup(context, extensionId);
    await expect(popup.getByTestId('pending-all')).toContainText('1');
    expect(await emailsDone(popup)).toBe('0 / 200');
    await popup.close();

    // Sent again after the undo: Gmail sends the draft under the same id; it is a new send.
    await exchange(host, page, undone.send);
    await expect
      .poll(async () => byKey(await readActivities(worker), 'gmail:rep@seller.example:msg-a:r2222222222222222222')?.status)
      .toBe('pending');
    expect(await readActivities(worker)).toHaveLength(2);
    popup = await openPopup(context, extensionId);
    await expect(popup.getByTestId('pending-all')).toContainText('2');
  });

  test('once the undo period has passed the send counts in the popup', async ({ context, worker, extensionId }) => {
    const options = await openOptions(context, extensionId);
    await countWholePeriods(options);
    await saveSettings(options, { gmailUndoSeconds: 5 });
    const { host, page } = await gmailPage(context);
    const { send, draft } = builtSend('msg-a:r4444444444444444444');
    await exchange(host, page, send);
    await expect.poll(async () => (await readActivities(worker))[0]?.status).toBe('pending');
    let popup = await openPopup(context, extensionId);
    expect(await emailsDone(popup)).toBe('0 / 200');
    await popup.close();

    await page.waitForTimeout(6_000);
    popup = await openPopup(context, extensionId);
    await expect(popup.locator('[data-quota="emails"]').getByTestId('done-target')).toHaveText('1 / 200');

    // A draft save of the same id after the window (a later edit of a sent message's copy) undoes nothing.
    await exchange(host, page, draft);
    await settle(page);
    expect((await readActivities(worker))[0]?.status).not.toBe('retracted');
    await popup.reload();
    await expect(popup.locator('[data-quota="emails"]').getByTestId('done-target')).toHaveText('1 / 200');
    const dump = JSON.stringify(await dumpDatabase(worker));
    expect(dump).not.toContain('QR-SECRET-BODY');
  });
});

// The page's view of fetch and XHR with and without the tap: tests/e2e/tap.both.spec.ts, in both browsers.

test.describe('Outlook and Yahoo', () => {
  const outlookMessage = {
    Subject: 'Intro call next week?',
    body: 'QR-SECRET-BODY outlook',
    From: 'rep@seller.example',
    To: [{ EmailAddress: 'buyer@client.example', Name: 'Buyer' }],
  };

  test('Outlook CreateItem (JSON body and x-owa-urlpostdata) records, a SaveOnly draft does not', async ({
    context,
    worker,
    extensionId,
  }) => {
    const host = new FakeHost('https://outlook.office.com');
    await host.install(context);
    const page = await openHostPage(context, 'https://outlook.office.com/mail/inbox');
    const inBody = owaObservation('CreateItem', createItemRequest(outlookMessage), {
      response: owaResponse([{ itemId: 'AAMkAGI2TG94BBB=' }]),
    });
    const inHeader = owaObservation('CreateItem', createItemRequest({ ...outlookMessage, Subject: 'Second' }), {
      response: owaResponse([{ itemId: 'AAMkAGI2TG95CCC=' }]),
      inHeader: true,
    });
    inHeader.request.url = inHeader.request.url.replace('n=42', 'n=43');
    const draft = owaObservation('CreateItem', createItemRequest(outlookMessage, 'SaveOnly'), {
      response: owaResponse([{ itemId: 'AAMkAGI2TG96DDD=' }]),
    });
    draft.request.url = draft.request.url.replace('n=42', 'n=44');
    await exchange(host, page, inBody, 'fetch');
    await exchange(host, page, inHeader, 'xhr');
    await exchange(host, page, draft, 'xhr');
    await expect.poll(async () => (await readActivities(worker)).length).toBe(2);
    await settle(page);
    const activities = await readActivities(worker);
    expect(activities.map((a) => a.dedupeKey).sort()).toEqual(['outlook:AAMkAGI2TG94BBB=', 'outlook:AAMkAGI2TG95CCC=']);
    expect(activities.every((a) => a.status === 'counted' && a.account === 'rep@seller.example')).toBe(true);
    const popup = await openPopup(context, extensionId);
    await countWholePeriods(popup);
    await expect(popup.locator('[data-quota="emails"]').getByTestId('done-target')).toHaveText('2 / 200');
    expect(JSON.stringify(await dumpDatabase(worker))).not.toContain('QR-SECRET-BODY');
  });

  test('Yahoo saveAndSend records, a send answered with an error does not', async ({ context, worker, extensionId }) => {
    const host = new FakeHost('https://mail.yahoo.com');
    await host.install(context);
    const page = await openHostPage(context, 'https://mail.yahoo.com/d/folders/1');
    const message = {
      csid: 'csid-1',
      subject: 'Follow-up',
      body: 'QR-SECRET-BODY yahoo',
      from: { email: 'rep@seller.example', name: 'Robin Rep' },
      to: [{ email: 'buyer@client.example', name: 'Bea Buyer' }],
    };
    const ok = yahooObservation(batch([saveMessageRequest(message)]), {
      response: batchResponse([
        { id: 'SaveMessage', messageId: 'AOnd5ZfQ6kYvZc9f', conversationId: 'AE4s9iQs_conv' },
        { id: 'SendMessage', messageId: 'ABcSent0123', conversationId: 'AE4s9iQs_conv' },
      ]),
    });
    const failed = yahooObservation(batch([saveMessageRequest({ ...message, csid: 'csid-2' })]), { status: 500, response: {} });
    await exchange(host, page, ok, 'xhr');
    await exchange(host, page, failed, 'fetch');
    await expect.poll(async () => (await readActivities(worker)).length).toBe(1);
    await settle(page);
    const activities = await readActivities(worker);
    expect(activities).toHaveLength(1);
    expect(activities[0]).toMatchObject({
      kind: 'email',
      channel: 'yahoo',
      status: 'counted',
      account: 'rep@seller.example',
      dedupeKey: 'yahoo:rep@seller.example:ABcSent0123',
    });
    const popup = await openPopup(context, extensionId);
    await countWholePeriods(popup);
    await expect(popup.locator('[data-quota="emails"]').getByTestId('done-target')).toHaveText('1 / 200');
    expect(JSON.stringify(await dumpDatabase(worker))).not.toContain('QR-SECRET-BODY');
  });
});
