import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  badgeText,
  countWholePeriods,
  expect,
  launchWithExtension,
  openOptions,
  openPopup,
  readActivities,
  restartBrowser,
  sendMessage,
  serviceWorkerOf,
  showSection,
  test,
} from './fixtures';

test('logging from the popup counts, undo retracts, the badge follows and a restart loses nothing', async () => {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'quota-radar-'));
  const context = await launchWithExtension([], userDataDir);
  const worker = await serviceWorkerOf(context);
  const extensionId = new URL(worker.url()).host;
  // A daily quota on every weekday makes "remaining today" independent of the date the test runs.
  const options = await openOptions(context, extensionId);
  await countWholePeriods(options);
  await sendMessage(options, {
    type: 'quotas/save',
    quotas: [{ id: 'calls', name: 'Calls', kinds: ['call'], target: 5, period: 'day', measure: 'count', excludeInternal: false }],
  });
  const settings = (await sendMessage<{ ok: true; data: { settings: Record<string, unknown> } }>(options, { type: 'settings/get' })).data
    .settings;
  await sendMessage(options, {
    type: 'settings/save',
    settings: { ...settings, workingDays: [0, 1, 2, 3, 4, 5, 6], workdayStartHour: 0, workdayEndHour: 24 },
  });

  const popup = await openPopup(context, extensionId);
  const calls = popup.locator('[data-quota="calls"]');
  await expect(calls.getByTestId('done-target')).toHaveText('0 / 5');
  await expect.poll(() => badgeText(worker)).toBe('5');

  for (let i = 0; i < 3; i += 1) await popup.getByTestId('log-call').click();
  await expect(calls.getByTestId('done-target')).toHaveText('3 / 5');
  await expect(popup.getByTestId('today')).toContainText('Call: 3');
  await expect.poll(() => badgeText(worker)).toBe('2');
  await popup.screenshot({ path: 'test-results/popup-after-logging.png' });

  await popup.getByTestId('undo').click();
  await expect(calls.getByTestId('done-target')).toHaveText('2 / 5');
  await expect.poll(() => badgeText(worker)).toBe('3');

  const stored = await readActivities(worker);
  expect(stored).toHaveLength(3);
  expect(stored.filter((a) => a.status === 'retracted')).toHaveLength(1);
  expect(stored.every((a) => a.kind === 'call' && a.channel === 'manual')).toBe(true);

  // The browser may stop the worker at any moment; what was acknowledged must still be there.
  const restarted = await restartBrowser(context, userDataDir);
  const newWorker = await serviceWorkerOf(restarted);
  expect(await readActivities(newWorker)).toHaveLength(3);
  const reopened = await openPopup(restarted, extensionId);
  await expect(reopened.locator('[data-quota="calls"]').getByTestId('done-target')).toHaveText('2 / 5');
  await expect.poll(() => badgeText(newWorker)).toBe('3');
  await restarted.close();
});

test('the options page refuses bad values and saves good ones', async ({ context, extensionId }) => {
  const options = await openOptions(context, extensionId);
  await countWholePeriods(options);
  const first = options.getByTestId('quota-0');
  await first.getByTestId('quota-target').fill('-3');
  await options.getByTestId('save-quotas').click();
  await expect(first.getByRole('alert')).toContainText('must be a whole number from 1 to 1,000,000');
  await expect(options.getByTestId('quotas-status')).toContainText('Not saved');
  let saved = await sendMessage<{ data: { quotas: { target: number }[] } }>(options, { type: 'settings/get' });
  expect(saved.data.quotas[0]!.target).toBe(150);

  await first.getByTestId('quota-target').fill('120');
  await options.getByTestId('save-quotas').click();
  await expect(options.getByTestId('quotas-status')).toHaveText('Saved');
  saved = await sendMessage(options, { type: 'settings/get' });
  expect(saved.data.quotas[0]!.target).toBe(120);

  await showSection(options, 'calendar');
  await options.getByTestId('time-zone').fill('Mars/Olympus_Mons');
  await options.getByTestId('save-settings').click();
  await expect(options.getByTestId('settings-status')).toContainText('Not saved');
  await expect(options.getByText('unknown time zone')).toBeVisible();
  await options.screenshot({ path: 'test-results/options-validation.png', fullPage: true });

  const popup = await openPopup(context, extensionId);
  await expect(popup.locator('[data-quota="calls"]').getByTestId('done-target')).toHaveText('0 / 120');
  await popup.screenshot({ path: 'test-results/popup-empty.png' });
});

test('an invalid message gets an error answer and changes nothing', async ({ context, extensionId, worker }) => {
  const options = await openOptions(context, extensionId);
  const bad = await sendMessage<{ ok: boolean; error: string }>(options, { type: 'activity/log', entry: { kind: 'email' } });
  expect(bad.ok).toBe(false);
  expect(bad.error).toMatch(/invalid message/);
  const unknown = await sendMessage<{ ok: boolean }>(options, { type: 'no/such' });
  expect(unknown.ok).toBe(false);
  expect(await readActivities(worker)).toEqual([]);
});
