// Service worker requests reach Playwright's routes and request events only with this switch (Chromium).
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';

import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from '@playwright/test';
import { FakeSalesforce, SF_CLIENT_ID, SF_DOMAIN } from '../fakes/crm/salesforce/fake-salesforce';
import { expect, launchWithExtension, openOptions, test } from './fixtures';
import { ensureGrantedBuild, GRANTED_DIR } from './granted-build';
import { TlsHost } from './tls-host';
import { ask, liveWorker, WorkerStopper } from './worker-stop';

/**
 * Salesforce end to end in Chromium, against the fake org at https://acme.my.salesforce.com (routed
 * with context.route for pages and the worker, and served over TLS on 127.0.0.1 for the auth window's
 * first load, which Playwright cannot see: tls-host.ts): the rep types the My Domain URL and the
 * consumer key in Options → CRM and clicks "Sign in with Salesforce"; Chromium's own
 * identity.launchWebAuthFlow loads the org's authorize page and, as it needs the rep, shows it in a
 * popup window (a page of this context from then on); the rep clicks Allow; the org redirects to
 * https://<id>.chromiumapp.org/ with a code, which the browser hands back to the extension; the token
 * endpoint takes the code only with the verifier of the challenge. Then activities sync as Tasks and an Event while the worker is
 * stopped mid-sync, each exactly once, and Disconnect revokes the token at the org.
 * Runs on the granted build: it holds `identity` and the optional hosts from install (headless
 * Chromium cannot answer a permission prompt); everything after the permission request is real.
 */

const base64url = (buffer: Buffer) => buffer.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

test.describe('Salesforce', () => {
  test.beforeAll(async () => {
    test.setTimeout(240_000);
    ensureGrantedBuild();
  });

  test('signs in through the browser auth window with PKCE, syncs each activity once across worker stops, revokes at disconnect', async () => {
    test.setTimeout(300_000);
    const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'qr-sf-'));
    await withOrg(['--remote-debugging-port=0'], userDataDir, (context, org) => run(context, userDataDir, org));
  });

  test('the manager signs the team board in with Salesforce, in the same sign-in; the board counts the org’s aggregates; disconnect revokes', async () => {
    test.setTimeout(120_000);
    await withOrg([], '', board);
  });
});

/** A browser on the granted build with the fake org routed, and served for real for the auth window. */
async function withOrg(
  args: string[],
  userDataDir: string,
  body: (context: BrowserContext, org: FakeSalesforce) => Promise<void>,
): Promise<void> {
  const org = new FakeSalesforce();
  // The auth window's first load is no DevTools target, so no route reaches it: the org is also served for real (tls-host.ts).
  const tls = await TlsHost.start(SF_DOMAIN, (method, url, headers, text) => org.serve(method, url, headers, text));
  const context = await launchWithExtension([...args, ...tls.args], userDataDir, GRANTED_DIR);
  try {
    await org.install(context);
    await body(context, org);
  } finally {
    await context.close();
    await tls.close();
  }
}

/**
 * Chromium's auth window on the org's authorize page, opened by `click`: the rep (or the manager)
 * allows, and the browser closes the window as soon as the redirect reaches the extension's URL.
 * Returns what the window asked the org for.
 */
async function allowInAuthWindow(context: BrowserContext, click: () => Promise<void>): Promise<URLSearchParams> {
  const authWindow = context.waitForEvent('page', {
    predicate: (p) => p.url().startsWith(`${SF_DOMAIN}/services/oauth2/authorize`),
    timeout: 20_000,
  });
  await click();
  const consent = await authWindow;
  const asked = new URL(consent.url()).searchParams;
  const closed = consent.waitForEvent('close', { timeout: 20_000 });
  await consent.getByRole('button', { name: 'Allow' }).click();
  await closed;
  return asked;
}

async function board(context: BrowserContext, org: FakeSalesforce): Promise<void> {
  const ann = '005000000000071AAA';
  const bob = '005000000000072AAA';
  org.addUser({ id: ann, name: 'Ann Lee' });
  org.addUser({ id: bob, name: 'Bob Roy' });
  const today = new Date().toISOString().slice(0, 10);
  let n = 0;
  const calls = (owner: string, count: number) => {
    for (let i = 0; i < count; i += 1)
      org.addActivity('Task', {
        OwnerId: owner,
        Status: 'Completed',
        ActivityDate: today,
        TaskSubtype: 'Call',
        Subject: `Call · Quota Radar [qr:b${n++}]`,
      });
  };
  calls(ann, 3);
  calls(bob, 1);
  const worker = await liveWorker(context, async () => undefined);
  const options = await openOptions(context, new URL(worker.url()).host);
  await ask(options, {
    type: 'quotas/save',
    quotas: [{ id: 'calls', name: 'Calls', kinds: ['call'], target: 22, period: 'month', measure: 'count', excludeInternal: false }],
  });
  await options.goto(`${options.url().split('#')[0]}#team`);
  await options.reload();
  const team = options.getByTestId('team-board');

  // Salesforce in the board's connect form: no token fields, the same sign-in as Options → CRM.
  await team.getByTestId('team-crm').selectOption('salesforce');
  await expect(team.getByTestId('team-input-accessToken')).toHaveCount(0);
  await team.getByTestId('team-salesforce-input-myDomain').fill('acme');
  await team.getByTestId('team-salesforce-input-clientId').fill(SF_CLIENT_ID);
  await allowInAuthWindow(context, () => team.getByTestId('team-salesforce-connect').click());
  await expect(team.getByTestId('team-connection')).toBeVisible({ timeout: 20_000 });
  const { refresh } = org.signIns[0]!;
  expect(await team.textContent()).not.toContain(refresh);

  // Each rep's calls, from the org's aggregate (GROUP BY), not from paging every record.
  const table = team.getByTestId('team-table');
  await expect(table).toBeVisible({ timeout: 20_000 });
  for (const [name, done] of [
    ['Ann Lee', 3],
    ['Bob Roy', 1],
  ] as const) {
    const cell = table.locator('[data-testid="team-rep"]', { hasText: name }).locator('[data-quota="calls"]');
    await expect(cell).toHaveAttribute('data-done', String(done));
  }
  const queries = org.requests().map((r) => new URL(r.url).searchParams.get('q') ?? '');
  expect(
    queries.some((q) => /FROM Task .*GROUP BY OwnerId/.test(q)),
    queries.join('\n'),
  ).toBe(true);
  await team.screenshot({ path: 'test-results/team-board-salesforce.png' });

  // Disconnect gives the sign-in back to the org.
  await team.getByTestId('team-disconnect').click();
  await expect(team).toHaveAttribute('data-connected', 'false');
  const revoke = org.requests().find((r) => r.method === 'POST' && r.url === `${SF_DOMAIN}/services/oauth2/revoke`);
  expect(new URLSearchParams(revoke?.body ?? '').get('token')).toBe(refresh);
  expect(org.isRefreshTokenLive(refresh)).toBe(false);
}

async function run(context: BrowserContext, userDataDir: string, org: FakeSalesforce): Promise<void> {
  const annId = org.addContact({ email: 'ann@buyer.example', phone: '+14155550100', name: 'Buyer' });
  const first = await liveWorker(context, async () => undefined);
  const extensionId = new URL(first.url()).host;
  const stopper = await WorkerStopper.attach(userDataDir, extensionId);
  const options = await openOptions(context, extensionId, 'crm');
  const section = options.locator('section#crm');

  // The form: the org's address as the rep copies it from Lightning, the app's consumer key.
  await section.getByTestId('crm-pick-salesforce').check();
  await expect(section.getByTestId('crm-salesforce-redirect')).toContainText(`https://${extensionId}.chromiumapp.org/`);
  await section.getByTestId('crm-salesforce-input-myDomain').fill('acme.lightning.force.com/lightning/page/home');
  await section.getByTestId('crm-salesforce-input-clientId').fill(SF_CLIENT_ID);
  const asked = await allowInAuthWindow(context, () => section.getByTestId('crm-salesforce-connect').click());
  // Chromium's auth window asked the org for a code for this extension's redirect URL, with an S256 challenge.
  expect(asked.get('client_id')).toBe(SF_CLIENT_ID);
  expect(asked.get('redirect_uri')).toBe(`https://${extensionId}.chromiumapp.org/`);
  expect(asked.get('code_challenge_method')).toBe('S256');

  await expect(section.getByTestId('crm-salesforce-connected')).toBeVisible({ timeout: 20_000 });
  await expect(section.getByTestId('crm-salesforce-account')).toContainText(org.accountUserName);
  // The code went back with the verifier whose S256 is the challenge the authorize page saw (the org checked it too).
  const tokenRequest = org.requests().find((r) => r.method === 'POST' && r.url === `${SF_DOMAIN}/services/oauth2/token`);
  const form = new URLSearchParams(tokenRequest?.body ?? '');
  expect(form.get('grant_type')).toBe('authorization_code');
  expect(form.has('client_secret')).toBe(false);
  expect(
    base64url(
      createHash('sha256')
        .update(form.get('code_verifier') ?? '')
        .digest(),
    ),
  ).toBe(asked.get('code_challenge'));
  // Neither token is shown whole.
  expect(org.signIns).toHaveLength(1);
  const shown = await section.textContent();
  for (const token of Object.values(org.signIns[0]!)) expect(shown).not.toContain(token);
  await options.screenshot({ path: 'test-results/crm-salesforce-connected.png' });

  // A day's activity: calls with outcomes (one with Ann's number), meetings.
  const logged: string[] = [];
  for (let n = 0; n < 5; n += 1) {
    const call = await ask<{ id: string }>(options, {
      type: 'activity/log',
      entry: { kind: 'call', note: `QR-LABEL call ${n}`, ...(n === 0 ? { recipient: { phone: '+14155550100' } } : {}) },
    });
    await ask(options, { type: 'activity/set-outcome', id: call!.id, outcome: 'connected', durationSec: 60 * (n + 1) });
    logged.push(call!.id);
  }
  for (let n = 0; n < 2; n += 1)
    logged.push((await ask<{ id: string }>(options, { type: 'activity/log', entry: { kind: 'meeting' } }))!.id);

  // The worker is stopped while the records are being written, again and again.
  const live = () => org.records().filter((r) => !r.deleted);
  const deadline = Date.now() + 150_000;
  let lastStop = 0;
  while (live().length < logged.length && Date.now() < deadline) {
    if (live().length > 0 && stopper.stops < 3 && Date.now() - lastStop > 1_500) {
      await stopper.stop();
      lastStop = Date.now();
    }
    await ask(options, { type: 'crm/status' });
    await options.waitForTimeout(500);
  }
  expect(stopper.stops, 'the worker was stopped mid-sync').toBeGreaterThan(0);
  await expect.poll(() => live().length, { timeout: 60_000, intervals: [1_000] }).toBe(logged.length);
  // A last sync finds nothing left to write: no record twice.
  await ask(options, { type: 'crm/sync-now', crm: 'salesforce' });
  await options.waitForTimeout(1_000);
  const perActivity = new Map<string, number>();
  for (const record of org.records())
    if (record.activityId) perActivity.set(record.activityId, (perActivity.get(record.activityId) ?? 0) + 1);
  expect([...perActivity.keys()].sort()).toEqual([...logged].sort());
  expect([...perActivity.values()].filter((n) => n > 1)).toEqual([]);
  const tasks = org.sobjects('Task');
  expect(tasks.length).toBe(5);
  expect(tasks.every((t) => t.TaskSubtype === 'Call' && t.Status === 'Completed' && t.OwnerId === org.me)).toBe(true);
  expect(tasks.map((t) => Number(t.CallDurationInSeconds)).sort((a, b) => a - b)).toEqual([60, 120, 180, 240, 300]);
  expect(tasks.filter((t) => t.WhoId === annId).length).toBe(1);
  expect(org.sobjects('Event').length).toBe(2);
  expect(
    org
      .records()
      .map((r) => r.text)
      .join('\n'),
  ).not.toContain('QR-LABEL');
  console.log(`[salesforce e2e] records ${org.records().length}, worker stops ${stopper.stops}, requests ${org.requests().length}`);

  // Disconnect: the refresh token is revoked at the org, and the form is back.
  const { refresh } = org.signIns[0]!;
  expect(org.isRefreshTokenLive(refresh)).toBe(true);
  await options.reload();
  await section.getByTestId('crm-salesforce-disconnect').click();
  await expect(section.getByTestId('crm-salesforce-connected')).toHaveCount(0);
  await section.getByTestId('crm-pick-salesforce').check();
  await expect(section.getByTestId('crm-salesforce-connect')).toBeVisible();
  const revoke = org.requests().find((r) => r.method === 'POST' && r.url === `${SF_DOMAIN}/services/oauth2/revoke`);
  expect(revoke, 'the org saw /services/oauth2/revoke').toBeDefined();
  expect(new URLSearchParams(revoke?.body ?? '').get('token')).toBe(refresh);
  expect(org.isRefreshTokenLive(refresh)).toBe(false);
  await stopper.detach();
}
