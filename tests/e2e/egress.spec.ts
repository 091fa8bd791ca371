// Service worker requests reach Playwright's request events only with this switch (Chromium).
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Request } from '@playwright/test';
import { gmailObservation, LABELS, syncRequest, syncResponse } from '../builders/gmail';
import { createMessage } from '../builders/linkedin';
import { exchange, FakeHost, openHostPage } from './capture-helpers';
import { expect, launchWithDebugging, openOptions, openPopup, showSection, test } from './fixtures';
import { liveWorker, WorkerStopper } from './worker-stop';

/**
 * No egress: across a whole session (capture on routed pages, popup, options, reports, import,
 * export, a worker stop and restart) the extension's own pages and its worker request nothing but
 * their own files. The routed pages' requests are the pages' own and are not counted.
 */

test('the extension makes no network request of its own across a full session', async () => {
  test.setTimeout(120_000);
  const { context, userDataDir } = await launchWithDebugging();
  try {
    const worker = await liveWorker(context, async () => undefined);
    const extensionId = new URL(worker.url()).host;
    const ours = `chrome-extension://${extensionId}/`;
    const fromExtension: string[] = [];
    const fromPages: string[] = [];
    const origin = (request: Request): string => {
      const sw = request.serviceWorker();
      if (sw) return sw.url();
      try {
        return request.frame().url();
      } catch {
        return '';
      }
    };
    context.on('request', (request) => {
      const from = origin(request);
      if (from.startsWith(ours) || request.url().startsWith(ours)) {
        // Loading its own files (scripts, styles, icons, locales) is not egress.
        if (!request.url().startsWith(ours)) fromExtension.push(`${request.method()} ${request.url()} (from ${from})`);
      } else fromPages.push(request.url());
    });

    // Capture in two routed sites.
    const gmailHost = new FakeHost('https://mail.google.com');
    const linkedinHost = new FakeHost('https://www.linkedin.com');
    await gmailHost.install(context);
    await linkedinHost.install(context);
    const gmail = await openHostPage(context, 'https://mail.google.com/mail/u/0/#inbox');
    const message = {
      id: 'msg-a:r8080808080808080',
      from: { address: 'rep@seller.example', name: 'Robin Rep' },
      to: [{ address: 'ann@buyer.example', name: 'Ann' }],
      subject: 'Egress check',
      body: 'hello',
      timestamp: Date.now(),
      labels: [...LABELS.send],
    };
    await exchange(
      gmailHost,
      gmail,
      gmailObservation(syncRequest([{ threadId: 'thread-a:r80', message }]), {
        response: syncResponse([{ threadId: 'thread-a:r80', messages: [{ ...message, labels: [...LABELS.sent] }] }]),
        startedAt: Date.now(),
      }),
    );
    const linkedin = await openHostPage(context, 'https://www.linkedin.com/messaging/');
    await exchange(
      linkedinHost,
      linkedin,
      createMessage({
        text: 'egress',
        hostRecipients: ['ACoAAAGBzkcBiJaW_s9coH6XvtjTaNhC9A7YZ_Q'],
        messageId: '2-ZWdyZXNz',
        startedAt: Date.now(),
      }),
      'fetch',
    );

    // The popup: progress, a manual entry.
    const popup = await openPopup(context, extensionId);
    await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'activity/log', entry: { kind: 'call', note: 'egress' } }));
    await popup.reload();
    await popup.getByTestId('quotas').waitFor();

    // Options: quotas, reports, import, export.
    const options = await openOptions(context, extensionId, 'reports');
    await expect(options.getByTestId('report-quotas')).toBeVisible();
    const dir = mkdtempSync(path.join(tmpdir(), 'qr-egress-'));
    const at = Date.now() - 86_400_000;
    const imported = [
      {
        id: 'egress-1',
        kind: 'meeting',
        channel: 'manual',
        occurredAt: at,
        account: 'me',
        recipients: [],
        dedupeKey: 'egress:1',
        status: 'counted',
        detection: { method: 'manual' },
        createdAt: at,
        updatedAt: at,
      },
    ];
    writeFileSync(path.join(dir, 'import.json'), JSON.stringify(imported));
    await showSection(options, 'data');
    await options.getByTestId('import-file').setInputFiles(path.join(dir, 'import.json'));
    await options.getByTestId('import-confirm').click();
    await expect(options.getByTestId('data-status')).toContainText('1 added');
    const [download] = await Promise.all([options.waitForEvent('download'), options.getByTestId('export-csv').click()]);
    await download.saveAs(path.join(dir, 'export.csv'));
    // With no CRM connected, the CRM section and "sync now" ask nothing of any CRM host.
    await options.goto(`chrome-extension://${extensionId}/options.html#crm`);
    await expect(options.locator('section#crm')).toBeVisible();
    await options.evaluate(() => chrome.runtime.sendMessage({ type: 'crm/sync-now' }));
    await showSection(options, 'quotas');
    await options.getByTestId('save-quotas').click();
    await options.reload();
    await showSection(options, 'reports');
    await expect(options.getByTestId('report-quotas')).toBeVisible();

    // Then a worker stop, whose fresh worker starts up again (badge, alarms). After the download:
    // a second DevTools client takes over downloads.
    const stopper = await WorkerStopper.attach(userDataDir, extensionId);
    await stopper.stop();
    await popup.reload();
    await popup.getByTestId('quotas').waitFor();

    await stopper.detach();
    await options.waitForTimeout(1000);

    // The check can see: the routed pages' own requests were recorded, and so would ours be.
    expect(fromPages.some((url) => url.includes('/sync/u/0/i/s'))).toBe(true);
    const probe = await liveWorker(context, () => popup.reload());
    await probe.evaluate(() => fetch('https://egress-probe.invalid/').catch(() => undefined));
    await expect.poll(() => fromExtension.filter((r) => r.includes('egress-probe.invalid')).length).toBe(1);
    const session = fromExtension.filter((r) => !r.includes('egress-probe.invalid'));
    console.log(
      `[egress] requests from the extension's pages and worker to anywhere but itself: ${session.length}; the routed pages made ${fromPages.length}`,
    );
    expect(session).toEqual([]);
  } finally {
    await context.close();
  }
});
