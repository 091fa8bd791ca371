import type { BrowserContext, Page } from '@playwright/test';
import type { Observation } from '../../lib/capture/types';
import { firstDraftSaveRequest, type GmailMessage, gmailObservation, LABELS, syncRequest, syncResponse } from '../builders/gmail';
import { connectionRequest, createMessage, messageUrn } from '../builders/linkedin';
import { FakeHost, openHostPage, replay, saveSettings } from './capture-helpers';
import { expect, launchWithDebugging, openPopup, test } from './fixtures';
import { liveWorker, WorkerStopper } from './worker-stop';

/**
 * The service worker stopped at random points (seeded), immediately after sends too, while three tabs
 * capture: every activity is stored exactly once, Gmail's pending sends count once their undo window
 * passed, and the popup and the badge agree with the store.
 */

const GMAIL = 'https://mail.google.com';
const LINKEDIN = 'https://www.linkedin.com';
const SEED = Number(process.env.QR_STRESS_SEED ?? 20261129);
// The gate runs 130 actions (its ten minutes); QR_STRESS_ACTIONS=260 runs the full stress with its stricter floors.
const ACTIONS = Number(process.env.QR_STRESS_ACTIONS ?? 130);
const FULL_RUN = ACTIONS >= 260;
const UNDO_SECONDS = 10;
const LEE = 'ACoAAAGBzkcBiJaW_s9coH6XvtjTaNhC9A7YZ_Q';
const DANA = 'ACoAACQ4OnYBUb2skzde0qnH0tK06L3CXQRGBvY';

/** mulberry32: a small seeded generator, so that a failing run can be replayed with its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let syncCounter = 0;
/** A Gmail send made now, and the draft save of the same id that Gmail makes when it is undone. */
function gmailSend(n: number): { key: string; send: Observation; undo: Observation } {
  const id = `msg-a:r7${String(n).padStart(18, '0')}`;
  const threadId = `thread-a:r${id.slice(7)}`;
  const message: GmailMessage = {
    id,
    from: { address: 'rep@seller.example', name: 'Robin Rep' },
    to: [{ address: `buyer${n}@client.example`, name: 'Bea Buyer' }],
    subject: `Proposal ${n}`,
    body: 'the pricing we discussed',
    timestamp: Date.now(),
    labels: [...LABELS.send],
  };
  const sent = gmailObservation(syncRequest([{ threadId, message }]), {
    response: syncResponse([
      { threadId, messages: [{ ...message, labels: [...LABELS.sent], rfcMessageId: `<${id.slice(7)}@mail.gmail.com>` }] },
    ]),
  });
  const draftMessage = { ...message, labels: [...LABELS.draft] };
  const drafted = gmailObservation(firstDraftSaveRequest({ threadId, message: draftMessage }), {
    response: syncResponse([{ threadId, messages: [draftMessage] }]),
  });
  // Distinct URLs, as Gmail's own counter makes them, so that the route tells the requests apart.
  const at = (o: Observation): Observation => {
    syncCounter += 1;
    return { ...o, request: { ...o.request, url: o.request.url.replace('c=42', `c=${syncCounter}`) }, startedAt: Date.now() };
  };
  return { key: `gmail:rep@seller.example:${id}`, send: at(sent), undo: at(drafted) };
}

function linkedinMessage(n: number): { key: string; observation: Observation } {
  const messageId = `2-c3RyZXNz${n}`;
  const observation = createMessage({
    text: `stress message ${n}`,
    hostRecipients: [LEE],
    responseThread: `2-dGhyZWFk${n}==`,
    messageId,
    originToken: `0b7a3c1e-0000-4000-8000-${String(n).padStart(12, '0')}`,
    startedAt: Date.now(),
  });
  return { key: `linkedin:message:${messageUrn(messageId)}`, observation };
}

function linkedinInvite(n: number): { key: string; observation: Observation } {
  const invitationId = `73${String(n).padStart(17, '0')}`;
  const observation = connectionRequest({
    invitee: DANA,
    invitationId,
    inviteeName: { firstName: 'Dana', lastName: 'Buyer' },
    startedAt: Date.now(),
  });
  return { key: `linkedin:invite:urn:li:fsd_invitation:${invitationId}`, observation };
}

type Row = Record<string, unknown> & { dedupeKey: string; status: string; kind: string };

/** The activity store, read from an extension page (same origin as the worker, which may be stopped). */
async function storedActivities(page: Page): Promise<Row[]> {
  return page.evaluate(
    () =>
      new Promise<Row[]>((resolve, reject) => {
        const open = indexedDB.open('quota-radar');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('activities').objectStore('activities').getAll();
          request.onsuccess = () => {
            resolve(request.result as Row[]);
            db.close();
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

async function doneOf(popup: Page, quota: string): Promise<number> {
  const text = (await popup.locator(`[data-quota="${quota}"]`).getByTestId('done-target').textContent()) ?? '';
  return Number(text.split('/')[0]!.trim());
}

test.describe('worker stopped at random points', () => {
  test.setTimeout(180_000);

  test(`${ACTIONS} actions from three tabs, seed ${SEED}: stored exactly once, counted on time, badge and popup agree`, async () => {
    const { context, userDataDir } = await launchWithDebugging();
    try {
      await run(context, userDataDir);
    } finally {
      await context.close();
    }
  });
});

async function run(context: BrowserContext, userDataDir: string): Promise<void> {
  const first = await liveWorker(context, async () => undefined);
  const extensionId = new URL(first.url()).host;
  const stopper = await WorkerStopper.attach(userDataDir, extensionId);
  const rand = random(SEED);

  const control = await openPopup(context, extensionId);
  await saveSettings(control, { gmailUndoSeconds: UNDO_SECONDS });
  const gmailHost = new FakeHost(GMAIL);
  const linkedinHost = new FakeHost(LINKEDIN);
  await gmailHost.install(context);
  await linkedinHost.install(context);
  const gmail = await openHostPage(context, `${GMAIL}/mail/u/0/#inbox`);
  const linkedin = await openHostPage(context, `${LINKEDIN}/messaging/`);

  const expected = new Map<string, { kind: string; status: 'counted' | 'retracted' }>();
  const sent = { gmail: 0, gmailUndone: 0, linkedinMessages: 0, invites: 0, manual: 0 };
  let lastGmailSendAt = 0;
  /** Stops that land while a delivery may be on its way (after a send, or a little later). */
  const maybeStop = async () => {
    const roll = rand();
    if (roll < 0.15)
      await stopper.stop(); // immediately after the send
    else if (roll < 0.25) {
      await new Promise((resolve) => setTimeout(resolve, Math.floor(rand() * 40)));
      await stopper.stop();
    }
  };
  const started = Date.now();

  for (let n = 0; n < ACTIONS; n += 1) {
    const pick = rand();
    if (pick < 0.42) {
      const { key, send, undo } = gmailSend(n);
      gmailHost.answer(send);
      await replay(gmail, send, rand() < 0.5 ? 'xhr' : 'fetch');
      sent.gmail += 1;
      lastGmailSendAt = Date.now();
      // About one in ten is undone: Gmail saves the message back as a draft within the window.
      const undone = rand() < 0.1;
      if (undone) {
        await maybeStop();
        gmailHost.answer(undo);
        await replay(gmail, undo, 'xhr');
        sent.gmailUndone += 1;
      }
      expected.set(key, { kind: 'email', status: undone ? 'retracted' : 'counted' });
    } else if (pick < 0.67) {
      const { key, observation } = linkedinMessage(n);
      linkedinHost.answer(observation);
      await replay(linkedin, observation, rand() < 0.5 ? 'xhr' : 'fetch');
      sent.linkedinMessages += 1;
      expected.set(key, { kind: 'linkedin_message', status: 'counted' });
    } else if (pick < 0.84) {
      const { key, observation } = linkedinInvite(n);
      linkedinHost.answer(observation);
      await replay(linkedin, observation, 'fetch');
      sent.invites += 1;
      expected.set(key, { kind: 'linkedin_invite', status: 'counted' });
    } else {
      // A manual entry: a click on the popup's Call button, raced by a worker stop like any capture.
      // The popup gives each click a request id and sends it again until answered, so a stop that
      // lands mid-write neither loses the entry nor records it twice.
      await control.getByTestId('log-call').click();
      sent.manual += 1;
    }
    await maybeStop();
  }
  const captures = sent.gmail + sent.gmailUndone + sent.linkedinMessages + sent.invites;
  // The full run (the default number of actions) makes at least 200 captures; a shorter one is for debugging.
  if (FULL_RUN) expect(captures).toBeGreaterThanOrEqual(200);

  // Every delivery settles (resends back off up to a few seconds); what never arrives is counted as lost below.
  const isManual = (key: string) => key.startsWith('manual:');
  const arrived = async () => {
    const rows = await storedActivities(control);
    const keys = new Set(rows.map((a) => a.dedupeKey));
    return [...expected.keys()].every((key) => keys.has(key)) && rows.filter((a) => isManual(a.dedupeKey)).length >= sent.manual;
  };
  for (const settleBy = Date.now() + 30_000; Date.now() < settleBy && !(await arrived()); ) await control.waitForTimeout(500);

  // Past the undo window of the last send: pending sends count, in the popup at once.
  await control.waitForTimeout(Math.max(0, lastGmailSendAt + UNDO_SECONDS * 1000 + 500 - Date.now()));
  // A send the worker took in late (stopped under it, two browsers on two cores) holds its window
  // from when it was taken in: wait for the latest window the store names, never a fixed guess.
  const latestWindow = Math.max(0, ...(await storedActivities(control)).map((a) => (a.confirmAt as number | undefined) ?? 0));
  await control.waitForTimeout(Math.max(0, latestWindow + 500 - Date.now()));
  const stored = await storedActivities(control);
  const byKey = new Map<string, Row[]>();
  for (const row of stored) byKey.set(row.dedupeKey, [...(byKey.get(row.dedupeKey) ?? []), row]);
  const duplicates = [...byKey.values()].filter((rows) => rows.length > 1).length;
  const lost = [...expected.keys()].filter((key) => !byKey.has(key));
  const unexpected = [...byKey.keys()].filter((key) => !expected.has(key) && !isManual(key));
  const manualStored = stored.filter((a) => isManual(a.dedupeKey)).length;
  const wrongStatus = [...expected].filter(([key, want]) => {
    const got = byKey.get(key)?.[0];
    return (
      got &&
      !(got.status === want.status || (want.status === 'counted' && got.status === 'pending' && (got.confirmAt as number) <= Date.now()))
    );
  });
  console.log(
    `[stress seed ${SEED}] captures sent ${captures} (gmail ${sent.gmail} + ${sent.gmailUndone} undone, linkedin messages ${sent.linkedinMessages}, invitations ${sent.invites}), ` +
      `manual entries ${sent.manual} (stored ${manualStored}), worker stops ${stopper.stops}, activities stored ${stored.length}, ` +
      `duplicates ${duplicates}, lost ${lost.length}, unexpected ${unexpected.length}, wrong status ${wrongStatus.length}, in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  if (FULL_RUN) expect(stopper.stops).toBeGreaterThanOrEqual(30);
  else expect(stopper.stops, 'the worker was stopped under the actions').toBeGreaterThan(0);
  expect({ duplicates, lost, unexpected, wrongStatus, manualStored }).toEqual({
    duplicates: 0,
    lost: [],
    unexpected: [],
    wrongStatus: [],
    manualStored: sent.manual,
  });
  expect(stored).toHaveLength(expected.size + sent.manual);

  const counted = (kinds: string[]) => [...expected.values()].filter((e) => kinds.includes(e.kind) && e.status === 'counted').length;
  const popup = await openPopup(context, extensionId);
  await expect.poll(() => doneOf(popup, 'emails')).toBe(counted(['email']));
  expect(await doneOf(popup, 'social')).toBe(counted(['linkedin_message', 'linkedin_invite']));
  expect(await doneOf(popup, 'calls')).toBe(counted(['call']) + sent.manual);

  // The tick alarm confirms due sends in the store; a fresh worker also refreshes the badge at start.
  await stopper.stop();
  await popup.reload();
  await expect
    .poll(async () => (await storedActivities(control)).filter((a) => a.status === 'pending').length, {
      timeout: 45_000,
      intervals: [1000],
    })
    .toBe(0);
  // The badge's number is on screen: the quota its tooltip names asks for that many more today,
  // and the tooltip's "done" is the store's count for that quota.
  const title = await control.evaluate(() => chrome.action.getTitle({}));
  const badge = await control.evaluate(() => chrome.action.getBadgeText({}));
  let named = 0;
  for (const [id, kinds] of [
    ['emails', ['email']],
    ['social', ['linkedin_message', 'linkedin_invite']],
    ['calls', ['call']],
  ] as const) {
    const name = await popup.locator(`[data-quota="${id}"]`).getAttribute('aria-label');
    if (!title.includes(`${name}: `)) continue;
    named += 1;
    const manual = id === 'calls' ? sent.manual : 0;
    expect(title, `badge title for ${id}`).toContain(`${name}: ${badge} more today to stay on pace (${counted([...kinds]) + manual} of `);
    await expect(popup.locator(`[data-quota="${id}"]`).getByTestId('needed-today')).toContainText(badge);
  }
  // On a day off, or with every quota on pace, the tooltip says so instead of naming one.
  expect(named, `badge title: ${title}`).toBeLessThanOrEqual(1);
  if (named === 0) expect(title).toMatch(/Day off|on pace/);
  await stopper.detach();
}
