import { createMessage, profileUrn } from '../builders/linkedin';
import { COMMENTER, meAnswer, postPage, STRANGER } from '../builders/linkedin-engagement';
import { dumpDatabase, exchange, FakeHost, openHostPage } from './capture-helpers';
import { countWholePeriods, expect, openOptions, openPopup, readActivities, showSection, test } from './fixtures';

/**
 * Signals to act on (issue 15, point 4), end to end in Chromium: the rep names a topic and a quota
 * "commented on my retirement planning post" in Options; on www.linkedin.com (routed) the page loads
 * who the rep is and their post with a comment; the rep then messages the commenter and a stranger.
 * The quota counts one person, and History says why the stranger's message did not count for it.
 */

const LINKEDIN = 'https://www.linkedin.com';
const QUOTA_NAME = 'Commenters on retirement planning';
const DAY = 86_400_000;

test('a message to someone who commented on the rep’s post counts for the "commented" quota; one to a stranger does not', async ({
  context,
  worker,
  extensionId,
}) => {
  // Options: the topic, then the quota with its signal filter, through the forms.
  const options = await openOptions(context, extensionId, 'topics');
  await options.getByTestId('add-topic').click();
  await options.getByTestId('topic-label').fill('Retirement planning');
  await options.getByTestId('topic-keywords').fill('retirement planning, pension');
  await options.getByTestId('save-settings-topics').click();
  await expect(options.getByTestId('settings-status-topics')).not.toBeEmpty();
  await expect(options.getByTestId('unsaved-topics')).toHaveCount(0);

  await showSection(options, 'quotas');
  await options.getByRole('button', { name: 'Add quota' }).click();
  const quota = options.getByTestId('quota-3');
  await quota.getByTestId('quota-name').fill(QUOTA_NAME);
  await quota.getByTestId('quota-target').fill('50');
  await quota.getByTestId('quota-period').selectOption('month');
  await quota.getByLabel('Measure').selectOption('unique_recipients');
  await quota.getByRole('checkbox', { name: 'Call' }).uncheck();
  await quota.getByRole('checkbox', { name: 'LinkedIn message', exact: true }).check();
  await quota.getByTestId('quota-signal-on').check();
  await quota.getByTestId('quota-signal-topic').fill('Retirement planning');
  await options.getByTestId('save-quotas').click();
  await expect(options.getByTestId('unsaved-quotas')).toHaveCount(0);

  // LinkedIn, routed: who the rep is, their post and its comment, then two messages.
  const host = new FakeHost(LINKEDIN);
  await host.install(context);
  const page = await openHostPage(context, `${LINKEDIN}/feed/update/urn:li:activity:7254884361622208512/`);
  const commentedAt = Date.now() - DAY;
  await exchange(host, page, meAnswer({ startedAt: Date.now() }), 'fetch');
  await exchange(host, page, postPage({ comments: [{ profileId: COMMENTER, createdAt: commentedAt }], startedAt: Date.now() }), 'fetch');
  await expect
    .poll(async () => JSON.stringify((await dumpDatabase(worker)).kv?.find((row) => row.key === 'engagements')?.value ?? null))
    .toContain(profileUrn(COMMENTER));

  for (const [person, id] of [
    [COMMENTER, '2-Y29tbWVudGVy'],
    [STRANGER, '2-c3RyYW5nZXI='],
  ] as const) {
    const message = createMessage({
      text: 'About your question',
      hostRecipients: [person],
      messageId: id,
      originToken: `origin-${id}`,
      startedAt: Date.now(),
    });
    expect((await exchange(host, page, message, 'fetch')).status).toBe(200);
  }
  await expect.poll(async () => (await readActivities(worker)).filter((a) => a.kind === 'linkedin_message').length).toBe(2);
  const messages = await readActivities(worker);
  const toCommenter = messages.find((a) => JSON.stringify(a.recipients).includes(COMMENTER));
  expect(toCommenter?.signals).toEqual([
    { kind: 'commented', engagedAt: commentedAt, topics: ['Retirement planning'], person: profileUrn(COMMENTER) },
  ]);
  // Nothing of the post or the comment was kept.
  expect(JSON.stringify(await dumpDatabase(worker))).not.toMatch(/Five questions|Could you share the checklist/);

  // The popup: the quota counts the commenter only; the social quota both messages.
  const popup = await openPopup(context, extensionId);
  await countWholePeriods(popup);
  await popup.reload();
  await popup.getByTestId('quotas').waitFor();
  await expect(popup.locator(`section[aria-label="${QUOTA_NAME}"]`).getByTestId('done-target')).toHaveText('1 / 50');
  await expect(popup.locator('[data-quota="social"]').getByTestId('done-target')).toHaveText('2 / 50');
  await popup.screenshot({ path: 'test-results/signals-popup.png' });

  // A call to a commenter, logged by hand and tagged "they engaged first" (sources that cannot tell).
  await popup.getByTestId('log-details').click();
  await popup.getByTestId('entry-kind').selectOption('call');
  await popup.getByTestId('entry-signal').selectOption('commented');
  await popup.getByTestId('entry-signal-topic').fill('Retirement planning');
  await popup.screenshot({ path: 'test-results/signals-popup-tag.png' });
  await popup.getByTestId('deal-save').click();
  await expect
    .poll(async () => (await readActivities(worker)).find((a) => a.kind === 'call')?.signals)
    .toEqual([{ kind: 'commented', engagedAt: expect.any(Number), topics: ['Retirement planning'] }]);

  // History: the commenter's message and the tagged call say how they engaged; the stranger's says nothing.
  await options.reload();
  await showSection(options, 'history');
  const history = options.locator('#history');
  await history.scrollIntoViewIfNeeded();
  await expect(history.getByTestId('history-row')).toHaveCount(3);
  await expect(history.getByTestId('row-signal')).toHaveText([
    'Commented on my post (Retirement planning)',
    'Commented on my post (Retirement planning)',
  ]);
  await history.screenshot({ path: 'test-results/signals-history.png' });
  await showSection(options, 'topics');
  await options.locator('#topics').screenshot({ path: 'test-results/signals-topics.png' });
  await showSection(options, 'quotas');
  await options.getByTestId('quota-3').screenshot({ path: 'test-results/signals-quota-editor.png' });
});
