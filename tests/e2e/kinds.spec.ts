import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  countWholePeriods,
  expect,
  launchWithExtension,
  openOptions,
  openPopup,
  readActivities,
  sendMessage,
  serviceWorkerOf,
  showSection,
  test,
} from './fixtures';

/**
 * Issue 15 end to end: a custom kind made in Options, logged from the popup in one click, counted in a
 * quota; a new customer with units; the report's units and activity-to-opportunity ratio; a JSON
 * backup re-imported after delete-all and into a fresh profile, which offers to create the kind.
 */
const SHOTS = 'test-results/kinds';

test('a custom kind from Options to the popup, a quota, the report, and a backup round trip', async ({ context, extensionId, worker }) => {
  test.setTimeout(120_000);
  const options = await openOptions(context, extensionId);
  await countWholePeriods(options);
  // Every day a working day, all day long: "today" and the daily quota do not depend on when this runs.
  const settings = (await sendMessage<{ ok: true; data: { settings: Record<string, unknown> } }>(options, { type: 'settings/get' })).data
    .settings;
  await sendMessage(options, {
    type: 'settings/save',
    settings: { ...settings, workingDays: [0, 1, 2, 3, 4, 5, 6], workdayStartHour: 0, workdayEndHour: 24 },
  });

  // Options → Activity kinds: add "Site visit" / «Выезд» with a popup button.
  await showSection(options, 'kinds');
  const kinds = options.locator('section#kinds');
  await kinds.getByTestId('kind-name-en').fill('Site visit');
  await kinds.getByTestId('kind-name-ru').fill('Выезд');
  await expect(kinds.getByTestId('kind-one-click')).toBeChecked();
  await kinds.getByTestId('kind-add-button').click();
  const row = kinds.locator('[data-kind="custom:site-visit"]');
  await expect(row).toBeVisible();
  await expect(row.getByTestId('kind-row-en')).toHaveValue('Site visit');
  await kinds.scrollIntoViewIfNeeded();
  await kinds.screenshot({ path: `${SHOTS}/kinds-editor.png` });

  // The quota editor offers it like any other kind: tick it in a new daily "Site visits" quota's place.
  await showSection(options, 'quotas');
  const visitBox = options.getByTestId('quota-0').locator('input[data-kind="custom:site-visit"]');
  await expect(visitBox).toBeVisible();
  await sendMessage(options, {
    type: 'quotas/save',
    quotas: [
      {
        id: 'visits',
        name: 'Site visits',
        kinds: ['custom:site-visit'],
        target: 5,
        period: 'day',
        measure: 'count',
        excludeInternal: false,
      },
      {
        id: 'units',
        name: 'Units sold',
        kinds: ['deal', 'new_customer'],
        target: 100,
        period: 'day',
        measure: 'units',
        excludeInternal: false,
      },
      { id: 'calls', name: 'Calls', kinds: ['call'], target: 150, period: 'month', measure: 'count', excludeInternal: false },
    ],
  });

  // The popup: one click on the custom button counts in the quota.
  const popup = await openPopup(context, extensionId);
  await popup.setViewportSize({ width: 368, height: 600 });
  const visitButton = popup.getByTestId('log-custom:site-visit');
  await expect(visitButton).toHaveText('+ Site visit');
  await visitButton.click();
  await visitButton.click();
  const visits = popup.locator('[data-quota="visits"]');
  await expect(visits.getByTestId('done-target')).toHaveText('2 / 5');
  await expect(popup.getByTestId('today')).toContainText('Site visit: 2');

  // A new customer with an amount and units; calls and an opportunity for the conversion.
  await popup.getByTestId('log-new_customer').click();
  await popup.getByTestId('deal-amount').fill('2500');
  await popup.getByTestId('deal-units').fill('12');
  await popup.getByTestId('deal-save').click();
  await expect(popup.getByTestId('status')).toContainText('12 units');
  await expect(popup.locator('[data-quota="units"]').getByTestId('done-target')).toHaveText('12 / 100');
  for (let i = 0; i < 3; i += 1) await popup.getByTestId('log-call').click();
  await popup.getByTestId('log-opportunity').click();
  await expect(popup.locator('[data-quota="calls"]').getByTestId('done-target')).toHaveText(/^3 \/ /);
  await popup.screenshot({ path: `${SHOTS}/popup-custom-button.png` });

  // The report: units and revenue won, and the activity-to-opportunity ratio with its rule.
  await showSection(options, 'reports');
  await options.reload();
  const reports = options.locator('section#reports');
  await reports.getByTestId('report-period').selectOption('this_week');
  await expect(reports.getByTestId('won-units')).toHaveText('12');
  await expect(reports.getByTestId('won-revenue')).toContainText('2,500');
  // 3 calls + 2 site visits = 5 activities → 1 opportunity.
  await expect(reports.getByTestId('conversion-opportunities')).toHaveText(
    /Call: 3 \+ Site visit: 2 → opportunities: 1; activities per opportunity: 5 \(20 %\)/,
  );
  await expect(reports.getByTestId('conversion-deals')).toContainText('Opportunities: 1 → deals: 1; opportunities per deal: 1 (100 %)');
  await expect(reports.getByTestId('conversion-rule')).toContainText('work reports');
  await reports.scrollIntoViewIfNeeded();
  await reports.screenshot({ path: `${SHOTS}/report-units-conversion.png` });

  // Export a JSON backup, delete everything, import it back.
  const dir = mkdtempSync(path.join(tmpdir(), 'quota-radar-kinds-'));
  const file = path.join(dir, 'backup.json');
  await showSection(options, 'data');
  const [download] = await Promise.all([options.waitForEvent('download'), options.getByTestId('export-json').click()]);
  await download.saveAs(file);
  const backup = JSON.parse(readFileSync(file, 'utf8'));
  expect(backup.kinds).toEqual([{ id: 'custom:site-visit', names: { en: 'Site visit', ru: 'Выезд' }, oneClick: true, hidden: false }]);
  expect(backup.activities).toHaveLength(7);

  await options.getByTestId('delete-all').click();
  await options.getByTestId('delete-all-confirm').click();
  await expect.poll(async () => (await readActivities(worker)).length).toBe(0);
  await options.getByTestId('import-file').setInputFiles(file);
  await expect(options.getByTestId('import-preview')).toContainText('Site visit: 2');
  // The kind is still defined here: nothing to create.
  await expect(options.getByTestId('import-unknown-kinds')).toHaveCount(0);
  await options.getByTestId('import-confirm').click();
  await expect(options.getByTestId('data-status')).toContainText('7');
  await expect.poll(async () => (await readActivities(worker)).filter((a) => a.kind === 'custom:site-visit').length).toBe(2);

  // A fresh profile does not know the kind: the preview says so and offers to create it.
  const fresh = await launchWithExtension([], mkdtempSync(path.join(tmpdir(), 'quota-radar-fresh-')));
  try {
    const freshWorker = await serviceWorkerOf(fresh);
    const freshId = new URL(freshWorker.url()).host;
    const freshOptions = await openOptions(fresh, freshId, 'data');
    await freshOptions.getByTestId('import-file').setInputFiles(file);
    const unknown = freshOptions.getByTestId('import-unknown-kind');
    await expect(unknown).toHaveCount(1);
    await expect(unknown).toContainText('Site visit');
    await expect(unknown).toContainText('custom:site-visit');
    await freshOptions.getByTestId('import-create-kind').uncheck();
    await expect(freshOptions.getByTestId('import-confirm')).toBeDisabled();
    await freshOptions.getByTestId('import-create-kind').check();
    await freshOptions.getByTestId('import-preview').screenshot({ path: `${SHOTS}/import-unknown-kind.png` });
    await freshOptions.getByTestId('import-confirm').click();
    await expect(freshOptions.getByTestId('data-status')).toContainText('7');
    // The kind the import created is in the kinds section.
    await showSection(freshOptions, 'kinds');
    await expect(freshOptions.locator('section#kinds [data-kind="custom:site-visit"]')).toBeVisible();
    const freshPopup = await openPopup(fresh, freshId);
    await expect(freshPopup.getByTestId('log-custom:site-visit')).toHaveText('+ Site visit');
    expect((await readActivities(freshWorker)).filter((a) => a.units === 12)).toHaveLength(1);
  } finally {
    await fresh.close();
  }
});
