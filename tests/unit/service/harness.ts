import { expect } from 'vitest';
import { QuotaRadarService } from '../../../lib/background';
import type { Capture, DetectorEvent } from '../../../lib/capture/types';
import type { ProtocolMap, RequestType } from '../../../lib/messages';
import { defaultSettings, type Settings } from '../../../lib/settings';
import { ActivityStore } from '../../../lib/store';
import { nextTestId } from '../../builders/activity';

/** Wed 2026-01-14 12:00 in New York: 9.375 of January's 22 working days have passed. */
export const WED_NOON = Date.parse('2026-01-14T12:00:00-05:00');

/** When the harness's extension was installed: a year before WED_NOON. */
export const INSTALLED_LONG_AGO = Date.parse('2025-01-01T00:00:00-05:00');

export interface Harness {
  store: ActivityStore;
  service: QuotaRadarService;
  now(): number;
  setNow(at: number): void;
  advance(ms: number): void;
  /** How many times the service reported a change. */
  changes(): number;
  /** A second service on the same database, as after a restart of the background. */
  restart(): QuotaRadarService;
  close(): void;
}

/** A service over a fresh fake-indexeddb database, a fake clock, and New York settings saved. */
export async function createHarness(settings: Partial<Settings> = {}): Promise<Harness> {
  const store = await ActivityStore.open(`service-test-${crypto.randomUUID()}`);
  // Subjects and names kept (an install that allowed them): what most tests read back. The
  // defaults keep neither (privacy.test.ts covers them).
  const keepAll = { privacy: { storeSubjects: true, storeRecipientNames: true } };
  await store.writeKv('settings', { ...defaultSettings('America/New_York'), ...keepAll, ...settings });
  // Installed long before the fake clock's day: whole periods count (tracking-start.test.ts covers a fresh install).
  await store.writeKv('trackingStart', INSTALLED_LONG_AGO);
  let now = WED_NOON;
  let changes = 0;
  const clock = () => now;
  const service = new QuotaRadarService(store, clock, { onChange: () => (changes += 1) });
  return {
    store,
    service,
    now: clock,
    setNow: (at) => (now = at),
    advance: (ms) => (now += ms),
    changes: () => changes,
    restart: () => new QuotaRadarService(store, clock),
    close: () => store.close(),
  };
}

/** Sends a message and expects it to succeed. */
export async function ok<T extends RequestType>(
  service: QuotaRadarService,
  message: { type: T } & Record<string, unknown>,
): Promise<ProtocolMap[T]> {
  const response = await service.handle(message);
  if (!response.ok) expect.fail(`${message.type} failed: ${response.error}`);
  return response.data as ProtocolMap[T];
}

/** Sends a message and expects it to be refused; returns the error. */
export async function refused(service: QuotaRadarService, message: unknown): Promise<string> {
  const response = await service.handle(message);
  if (response.ok) expect.fail(`expected a refusal, got ${JSON.stringify(response.data)}`);
  return response.error;
}

/** A Gmail send as the Gmail detector reports it: held for the undo window. */
export function aGmailCapture(overrides: Partial<Capture> = {}): Capture {
  const id = nextTestId('msg');
  return {
    kind: 'email',
    channel: 'gmail',
    occurredAt: WED_NOON,
    account: 'rep@seller.example',
    recipients: [{ address: 'ann@buyer.example', name: 'Ann Smith', role: 'to' }],
    subject: 'Quick question',
    dedupeKey: `gmail:${id}`,
    detection: { method: 'page-request', source: 'gmail-sync', ids: { messageId: id } },
    hold: 'undo-window',
    ...overrides,
  };
}

export const record = (capture: Capture): DetectorEvent => ({ type: 'record', capture });
