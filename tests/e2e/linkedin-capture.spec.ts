import type { BrowserContext, Page, Worker } from '@playwright/test';
import {
  ACTIVITY_URN,
  connectionRequest,
  conversationList,
  conversationUrn,
  createMessage,
  ME_URN,
  messageUrn,
  type Person,
  profileUrn,
  reaction,
  SELF,
  salesNavigatorMessage,
  salesProfileUrn,
} from '../builders/linkedin';
import { dumpDatabase, exchange, FakeHost, openHostPage, replay } from './capture-helpers';
import { countWholePeriods, expect, openPopup, readActivities, test } from './fixtures';

const LINKEDIN = 'https://www.linkedin.com';
const DANA: Person = { id: 'ACoAACQ4OnYBUb2skzde0qnH0tK06L3CXQRGBvY', firstName: 'Dana', lastName: 'Buyer' };
const LEE: Person = { id: 'ACoAAAGBzkcBiJaW_s9coH6XvtjTaNhC9A7YZ_Q', firstName: 'Lee', lastName: 'Finance' };
const NEW_THREAD = '2-bmV3LWNvbnZlcnNhdGlvbi13aXRoLWxlZQ==';
const KNOWN_THREAD = '2-ZDFjZGNmYzUtOWI0My00NThjLWE3YTItMTE1N2U4YjgzYThkXzAxMw==';
const SECRET = 'QR-SECRET-LI';

async function linkedinPage(context: BrowserContext, path = '/messaging/'): Promise<{ host: FakeHost; page: Page }> {
  const host = new FakeHost(LINKEDIN);
  await host.install(context);
  return { host, page: await openHostPage(context, `${LINKEDIN}${path}`) };
}

const byKey = async (worker: Worker, key: string) => (await readActivities(worker)).find((a) => a.dedupeKey === key);

async function socialDone(context: BrowserContext, extensionId: string, expected: string): Promise<void> {
  const popup = await openPopup(context, extensionId);
  // Whole months: this spec is about what is captured, not about a fresh install's first month.
  await countWholePeriods(popup);
  await expect(popup.locator('[data-quota="social"]').getByTestId('done-target')).toHaveText(expected);
  await popup.close();
}

/** The tap stamps the time; the builders' fixed dates would fall outside the current period. */
const now = () => ({ startedAt: Date.now() });

test('messages: a new conversation, a reply after the list loaded, Sales Navigator InMail, a double fire', async ({
  context,
  worker,
  extensionId,
}) => {
  const { host, page } = await linkedinPage(context);

  // A first message to Lee: the recipient is in the request (hostRecipientUrns).
  const first = createMessage({
    text: `${SECRET} hello Lee`,
    hostRecipients: [LEE.id],
    responseThread: NEW_THREAD,
    messageId: '2-Zmlyc3Q=',
    originToken: '0b7a3c1e-0000-4000-8000-000000000001',
    ...now(),
  });
  expect((await exchange(host, page, first, 'fetch')).status).toBe(200);
  await expect
    .poll(() => byKey(worker, `linkedin:message:${messageUrn('2-Zmlyc3Q=')}`))
    .toMatchObject({
      kind: 'linkedin_message',
      channel: 'linkedin',
      status: 'counted',
      account: ME_URN,
      recipients: [{ profileId: profileUrn(LEE.id) }],
    });

  // The page loads its conversation list: participants learned, then a reply names Dana.
  await exchange(host, page, conversationList([{ thread: KNOWN_THREAD, people: [DANA, SELF] }], now()), 'fetch');
  await expect.poll(async () => JSON.stringify((await dumpDatabase(worker)).kv ?? [])).toContain(conversationUrn(KNOWN_THREAD));
  const reply = createMessage({
    text: `${SECRET} following up on pricing`,
    thread: KNOWN_THREAD,
    messageId: '2-cmVwbHk=',
    originToken: '0b7a3c1e-0000-4000-8000-000000000002',
    ...now(),
  });
  await exchange(host, page, reply, 'xhr');
  await expect
    .poll(() => byKey(worker, `linkedin:message:${messageUrn('2-cmVwbHk=')}`))
    .toMatchObject({
      kind: 'linkedin_message',
      status: 'counted',
      // No name: recipient names are kept only where the rep allows it (off at install).
      recipients: [{ profileId: profileUrn(DANA.id) }],
      detection: { ids: { conversationUrn: conversationUrn(KNOWN_THREAD) } },
    });

  // Sales Navigator InMail (a subject, a lead that is not a connection).
  const inmail = salesNavigatorMessage({
    body: `${SECRET} saw your post`,
    subject: 'Procurement at Acme',
    recipients: ['ACwAAB2dJ9kBx'],
    messageId: '2-aW5tYWls',
    ...now(),
  });
  await exchange(host, page, inmail, 'xhr');
  await expect
    .poll(() => byKey(worker, 'linkedin:salesnav-message:2-aW5tYWls'))
    .toMatchObject({
      kind: 'inmail',
      status: 'counted',
      recipients: [{ profileId: salesProfileUrn('ACwAAB2dJ9kBx') }],
    });

  // The same request fired twice (a retry): recorded once.
  const twice = createMessage({
    text: `${SECRET} twice`,
    thread: KNOWN_THREAD,
    messageId: '2-dHdpY2U=',
    originToken: '0b7a3c1e-0000-4000-8000-000000000003',
    ...now(),
  });
  host.answer(twice);
  await Promise.all([replay(page, twice, 'fetch'), replay(page, twice, 'xhr')]);
  await expect.poll(async () => (await readActivities(worker)).length).toBe(4);
  await page.waitForTimeout(700);
  const activities = await readActivities(worker);
  expect(activities.filter((a) => a.dedupeKey === `linkedin:message:${messageUrn('2-dHdpY2U=')}`)).toHaveLength(1);

  await socialDone(context, extensionId, '4 / 50');
  const dump = JSON.stringify(await dumpDatabase(worker));
  expect(dump).not.toContain(SECRET);
  expect(dump).not.toContain('See you Thursday'); // the conversation list's last message
});

test('an invitation with a note counts without its note; a reaction counts and its removal retracts it', async ({
  context,
  worker,
  extensionId,
}) => {
  const { host, page } = await linkedinPage(context, '/in/dana-buyer-4b2a1/');
  const invite = connectionRequest({
    invitee: DANA.id,
    note: `${SECRET} we met at the procurement summit`,
    invitationId: '7233657330934931457',
    inviteeName: { firstName: 'Dana', lastName: 'Buyer' },
    ...now(),
  });
  await exchange(host, page, invite, 'fetch');
  await expect
    .poll(() => byKey(worker, 'linkedin:invite:urn:li:fsd_invitation:7233657330934931457'))
    .toMatchObject({
      kind: 'linkedin_invite',
      subtype: 'with_note',
      status: 'counted',
      // No name: recipient names are kept only where the rep allows it (off at install).
      recipients: [{ profileId: profileUrn(DANA.id) }],
    });
  await socialDone(context, extensionId, '1 / 50');

  await exchange(host, page, reaction({ reactionType: 'LIKE', ...now() }), 'fetch');
  await expect.poll(() => byKey(worker, `linkedin:reaction:${ACTIVITY_URN}`)).toMatchObject({ kind: 'social_touch', status: 'counted' });
  await socialDone(context, extensionId, '2 / 50');

  await exchange(host, page, reaction({ ...now() }), 'xhr');
  await expect.poll(async () => (await byKey(worker, `linkedin:reaction:${ACTIVITY_URN}`))?.status).toBe('retracted');
  await socialDone(context, extensionId, '1 / 50');

  expect(await readActivities(worker)).toHaveLength(2);
  expect(JSON.stringify(await dumpDatabase(worker))).not.toContain(SECRET);
});
