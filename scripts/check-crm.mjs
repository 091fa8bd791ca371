#!/usr/bin/env node
/**
 * Runs the CRM sync against a real account for each CRM whose credentials are in the environment,
 * through the same client and sync engine the extension uses (lib/crm/<crm>/, lib/crm/sync.ts):
 *
 *   QR_HUBSPOT_TOKEN        a private app token (optional QR_HUBSPOT_OWNER_EMAIL: your HubSpot user's email)
 *   QR_PIPEDRIVE_TOKEN      a personal API token (optional QR_PIPEDRIVE_DOMAIN: acme for acme.pipedrive.com)
 *   QR_BITRIX24_WEBHOOK     an incoming webhook URL https://<portal>/rest/<user>/<code>/
 *   QR_AMOCRM_TOKEN, QR_AMOCRM_DOMAIN   a long-lived token and acme.amocrm.ru / acme.kommo.com
 *   QR_CRM_KEEP=1           leave the test record in the CRM (it is archived at the end otherwise)
 *
 * For each configured CRM: the connection test, a test call (no contact, "Quota Radar check" in its
 * summary) synced through the outbox engine, a second run that must find it rather than write it
 * again, the team board's users and first page, then the retraction. A CRM without its variables
 * prints "skipped: <VAR> not set"; one whose client is not in lib/crm/registry.ts yet says so. The
 * script exits 1 only if a configured CRM failed. Tokens are never printed. No build needed:
 * `node scripts/check-crm.mjs`.
 */
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const load = async (path) => (await runnerImport(`${root}/${path}`, { root, configFile: false, logLevel: 'silent' })).module;

const env = process.env;
const missing = (...names) => names.find((name) => !env[name]);

/** What each CRM needs from the environment, as its CrmCredentials. */
const CREDENTIALS = {
  hubspot: () =>
    missing('QR_HUBSPOT_TOKEN') ?? {
      crm: 'hubspot',
      token: env.QR_HUBSPOT_TOKEN,
      ...(env.QR_HUBSPOT_OWNER_EMAIL ? { ownerEmail: env.QR_HUBSPOT_OWNER_EMAIL } : {}),
    },
  pipedrive: () =>
    missing('QR_PIPEDRIVE_TOKEN') ?? {
      crm: 'pipedrive',
      token: env.QR_PIPEDRIVE_TOKEN,
      ...(env.QR_PIPEDRIVE_DOMAIN ? { companyDomain: env.QR_PIPEDRIVE_DOMAIN } : {}),
    },
  bitrix24: () => missing('QR_BITRIX24_WEBHOOK') ?? { crm: 'bitrix24', webhookUrl: env.QR_BITRIX24_WEBHOOK },
  amocrm: () =>
    missing('QR_AMOCRM_TOKEN', 'QR_AMOCRM_DOMAIN') ?? { crm: 'amocrm', token: env.QR_AMOCRM_TOKEN, domain: env.QR_AMOCRM_DOMAIN },
};

const fail = (result, what) => {
  if (!result.ok) throw Object.assign(new Error(`${what}: ${result.error.message}`), { crmError: result.error });
  return result.value;
};

/** The engine's outbox, in memory: one run's worth of entries. */
function memoryOutbox(activities) {
  const entries = new Map();
  return {
    entries,
    access: {
      due: async (crm, now, limit) =>
        [...entries.values()].filter((e) => e.crm === crm && e.due !== undefined && e.due <= now).slice(0, limit),
      update: async (key, next) => {
        const current = entries.get(key);
        const value = next(current);
        if (value === undefined) entries.delete(key);
        else entries.set(key, value);
        return value;
      },
      activity: async (id) => activities.get(id),
    },
  };
}

async function check(id, { http, registry, outbox: outboxLib, sync, types }) {
  const credentialsOrGap = CREDENTIALS[id]();
  if (typeof credentialsOrGap === 'string') return `skipped: ${credentialsOrGap} not set`;
  const descriptor = registry.CRM_DESCRIPTORS[id];
  if (!descriptor) return 'skipped: no client in lib/crm/registry.ts yet';
  const credentials = types.CrmCredentials.parse(credentialsOrGap);
  const send = sync.pacedSend(
    (request) => http.fetchAnswer(request),
    descriptor.minRequestIntervalMs,
    Date.now,
    (ms) => new Promise((r) => setTimeout(r, ms)),
  );
  const client = descriptor.createClient(credentials, send);

  const account = fail(await client.test(), 'connection test');
  console.log(`  connected to ${account.account}${account.userName ? ` as ${account.userName}` : ''}`);

  const now = Date.now();
  const activity = {
    id: `qr-check-${now}`,
    kind: 'call',
    channel: 'manual',
    occurredAt: now - 60_000,
    account: 'me',
    recipients: [],
    note: 'Quota Radar check',
    dedupeKey: `qr-check:${now}`,
    status: 'counted',
    outcome: 'connected',
    durationSec: 60,
    detection: { method: 'manual' },
    createdAt: now,
    updatedAt: now,
  };
  const settings = { ...outboxLib.defaultCrmSyncSettings(now - 86_400_000), includeSubjects: true };
  const internal = { internalDomains: [], senderDomainIsInternal: false };
  const memory = memoryOutbox(new Map([[activity.id, activity]]));
  const plan = outboxLib.planOutboxChange(id, activity.id, activity, undefined, settings, internal, now);
  memory.entries.set(plan.put.key, plan.put);
  const run = () => sync.runSync({ client, settings, internal, outbox: memory.access, clock: Date.now });

  const first = await run();
  if (first.stoppedBy || first.failed)
    throw Object.assign(new Error(`sync: ${first.stoppedBy?.message ?? 'a record failed'}`), { crmError: first.stoppedBy });
  const entry = memory.entries.get(plan.put.key);
  console.log(`  wrote the test call: ${entry.ref.type} ${entry.ref.id}`);

  // A second browser (or a restarted worker) must find it, not write it again. Search indexes lag a little.
  let found = null;
  for (let tries = 0; tries < 10 && !found; tries += 1) {
    await new Promise((r) => setTimeout(r, 3_000));
    found = fail(await client.findRecord(activity.id, 'call'), 'findRecord');
  }
  if (!found || found.id !== entry.ref.id)
    throw new Error(`findRecord did not find the record just written (found ${found?.id ?? 'nothing'})`);
  memory.entries.set(plan.put.key, { ...plan.put, enqueuedAt: now + 1, due: now + 1 });
  const second = await run();
  const again = memory.entries.get(plan.put.key);
  if (again.ref?.id !== entry.ref.id) throw new Error(`a second run wrote another record (${again.ref?.id})`);
  console.log(`  a second run found it (written ${second.written}, no duplicate)`);

  const users = fail(await client.listUsers(), 'listUsers');
  console.log(`  ${users.length} users on the team board`);
  const page = fail(await client.listActivities({ from: now - 86_400_000, to: now + 60_000 }), 'listActivities');
  console.log(`  team board, first page: ${page.items.length} activities${page.next ? ' (more pages)' : ''}`);

  if (env.QR_CRM_KEEP === '1') {
    console.log('  kept the test record (QR_CRM_KEEP=1)');
    return undefined;
  }
  fail(await client.retractRecord(entry.ref), 'retractRecord');
  console.log('  retracted the test record');
  return undefined;
}

const modules = {
  http: await load('lib/api-connector/http.ts'),
  registry: await load('lib/crm/registry.ts'),
  outbox: await load('lib/crm/outbox.ts'),
  sync: await load('lib/crm/sync.ts'),
  types: await load('lib/crm/types.ts'),
};
let failed = 0;
console.log('Checking the CRM sync against real accounts');
for (const id of modules.types.CRM_IDS) {
  console.log(`${id}:`);
  try {
    const skipped = await check(id, modules);
    if (skipped) console.log(`  ${skipped}`);
  } catch (error) {
    failed += 1;
    const kind = error.crmError?.kind ?? (error.name === 'ZodError' ? 'invalid credentials' : 'error');
    console.log(`  FAILED (${kind}): ${error.message}`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
