import { Activity, type EngagementSignal, type Recipient } from '../activity';
import type { UndoneKeys } from '../capture/capture-keys';
import { liveMeetingTwins, meetingTwinDecision } from '../capture/meeting-ingest-rules';
import { callAttemptToMerge } from '../capture/phone-link/ingest-rules';
import type { Capture, DetectorEvent } from '../capture/types';
import { limitProblems } from '../entry-limits';
import { channelIsOn, type Settings } from '../settings';
import { KV_LIMITS, type KvEdit, kvEdit } from '../store/kv';
import { chatCounts, keptRecipients, keptSubject } from './privacy';

/**
 * The ingest plan: what a batch of detector events writes, decided by a pure function over a
 * snapshot of the few stored things it needs, then written in one transaction (ActivityStore.apply).
 * A call that absorbs its phone-link attempt and the attempt's retraction are one plan: both or neither.
 */

/** What planning reads, gathered first by exact keys and index ranges. */
export interface IngestSnapshot {
  now: number;
  settings: Settings;
  /** Stored activities under the events' de-duplication keys (absent keys: none stored). */
  byKey: ReadonlyMap<string, Activity>;
  /** Stored activities in the ranges the sources' rules asked for (lib/capture/ingest-rules.ts). */
  nearby: readonly Activity[];
  undone: UndoneKeys;
  /** The engagement signals that preceded an outreach (from what was learned, read once). */
  signalsFor(recipients: readonly Recipient[], occurredAt: number): EngagementSignal[];
  /** A capture with its account as stored (LinkedIn's bare account becomes the learned profile). */
  accountOf(capture: Capture): Capture;
  newId(): string;
}

/** One activity write: created (no `before`) or changed from `before`. */
export interface ActivityWrite {
  before?: Activity;
  after: Activity;
}

export interface WritePlan {
  writes: ActivityWrite[];
  /** Kv edits written with them (undone keys, accounts seen): each one idempotent. */
  kv: KvEdit[];
  recorded: number;
  retracted: number;
}

/** How long an undo-window hold lasts for this capture. */
const PROVIDER_UNDO_SECONDS: Partial<Record<Capture['channel'], number>> = { yandex: 30 };

/**
 * Undo windows of the providers whose sends are held ('undo-window'), where the send does not name
 * its own (Capture.holdSeconds, Proton's DelaySeconds). Gmail's is the user's setting. Yandex's is not
 * public (its undo bar shows for a few seconds): held as long as Gmail's longest.
 */
export function undoHoldSeconds(capture: Pick<Capture, 'channel' | 'holdSeconds'>, settings: Pick<Settings, 'gmailUndoSeconds'>): number {
  return capture.holdSeconds ?? PROVIDER_UNDO_SECONDS[capture.channel] ?? settings.gmailUndoSeconds;
}

/** Applies the privacy rule and the hold, and gives a capture its identity (and the signals that preceded it). */
function activityFrom(capture: Capture, settings: Settings, now: number, id: string, signals: Activity['signals'] = []): Activity {
  let status: Activity['status'] = 'counted';
  let confirmAt: number | undefined;
  if (capture.hold === 'undo-window') {
    status = 'pending';
    confirmAt = now + undoHoldSeconds(capture, settings) * 1000;
  } else if (capture.hold === 'until-due' && capture.occurredAt > now) {
    status = 'pending';
    confirmAt = capture.occurredAt;
  }
  return Activity.parse({
    id,
    kind: capture.kind,
    channel: capture.channel,
    occurredAt: capture.occurredAt,
    account: capture.account,
    recipients: keptRecipients(capture.recipients, settings.privacy),
    subject: keptSubject(capture.subject, settings.privacy),
    subtype: capture.subtype,
    dedupeKey: capture.dedupeKey,
    status,
    confirmAt,
    detection: capture.detection,
    outcome: capture.outcome,
    durationSec: capture.durationSec,
    bookedAt: capture.bookedAt,
    ...(signals.length ? { signals } : {}),
    createdAt: now,
    updatedAt: now,
  });
}

/**
 * Remembers that the page undid this capture, so that the same key captured again is a new act (a
 * send after its undo, a reaction given again), not a duplicate. A deletion by the user is not
 * remembered: the same capture coming again stays deleted.
 */
export const rememberUndone = (dedupeKey: string, at: number): KvEdit =>
  kvEdit('undone', (current) => {
    const map = { ...current, [dedupeKey]: at };
    const keys = Object.keys(map);
    if (keys.length > KV_LIMITS.undoneKeys) {
      keys.sort((a, b) => map[a]! - map[b]!);
      for (const key of keys.slice(0, keys.length - KV_LIMITS.undoneKeys)) delete map[key];
    }
    return map;
  });

const forgetUndone = (dedupeKey: string): KvEdit =>
  kvEdit('undone', (current) => {
    const { [dedupeKey]: _forgotten, ...rest } = current ?? {};
    return rest;
  });

const rememberAccount = (account: string): KvEdit =>
  kvEdit('accounts', (current = []) => (current.includes(account) ? current : [...current, account].slice(-KV_LIMITS.accounts)));

const retractedAt = (a: Activity, now: number): Activity => ({ ...a, status: 'retracted', confirmAt: undefined, updatedAt: now });

/** The activity events of a batch (learning events are the detectors' memories, not activities). */
type ActivityEvent = Extract<DetectorEvent, { type: 'record' | 'retract' }>;
export const isActivityEvent = (event: DetectorEvent): event is ActivityEvent => event.type === 'record' || event.type === 'retract';

/** What the events write, given what is stored: pure (the same inputs give the same plan). */
export function planIngest(events: readonly DetectorEvent[], snapshot: IngestSnapshot): WritePlan {
  const { now, settings } = snapshot;
  // What this plan has written so far, which later events of the batch see.
  const planned = new Map<string, ActivityWrite>();
  const byKey = new Map(snapshot.byKey);
  const current = (a: Activity) => planned.get(a.id)?.after ?? a;
  const live = () => [
    ...new Map([...snapshot.nearby, ...[...planned.values()].map((w) => w.after)].map((a) => [a.id, current(a)])).values(),
  ];
  const write = (before: Activity | undefined, after: Activity) => {
    const first = planned.get(after.id);
    planned.set(after.id, { ...(first ? (first.before ? { before: first.before } : {}) : before ? { before } : {}), after });
    byKey.set(after.dedupeKey, after);
  };
  const kv: KvEdit[] = [];
  let recorded = 0;
  let retracted = 0;
  for (const event of events) {
    if (event.type === 'retract') {
      const stored = byKey.get(event.dedupeKey);
      if (!stored || stored.status === 'retracted') continue;
      if (event.onlyIfPending && !(stored.status === 'pending' && (stored.confirmAt ?? Infinity) > now)) continue;
      write(stored, retractedAt(stored, now));
      kv.push(rememberUndone(event.dedupeKey, now));
      retracted += 1;
      // A meeting cancelled in one source is cancelled wherever else it was seen.
      for (const twin of liveMeetingTwins(stored, live())) write(twin, retractedAt(twin, now));
      continue;
    }
    if (event.type !== 'record') continue;
    if (!channelIsOn(settings, event.capture.channel) || !chatCounts(event.capture, settings.messengerChats)) continue;
    const merge = byKey.has(event.capture.dedupeKey) ? undefined : callAttemptToMerge(event.capture, live());
    const capture = merge?.record ?? event.capture;
    if (capture.kind === 'meeting') {
      const twins = meetingTwinDecision(capture, liveMeetingTwins(capture, live()));
      for (const twin of twins.retract) write(twin, retractedAt(twin, now));
      if (twins.skip) continue;
    }
    // Outreach to someone who engaged first carries how (issue 15, point 4).
    const signals = snapshot.signalsFor(capture.recipients, capture.occurredAt);
    const activity = activityFrom(snapshot.accountOf(capture), settings, now, snapshot.newId(), signals);
    // A page's or vendor's date outside the limits every entry path shares (a clock gone wrong) is not recorded.
    if (limitProblems(activity, now).length > 0) continue;
    const stored = byKey.get(activity.dedupeKey);
    if (!stored) {
      write(undefined, activity);
      kv.push(rememberAccount(capture.account));
      recorded += 1;
      // The phone-link attempt is this call: it stops counting (kept, so the same click stays de-duplicated).
      if (merge) write(current(merge.attempt), retractedAt(current(merge.attempt), now));
    } else if (stored.status === 'retracted' && snapshot.undone[activity.dedupeKey] !== undefined) {
      write(stored, { ...activity, id: stored.id, dedupeKey: stored.dedupeKey, updatedAt: now });
      kv.push(forgetUndone(activity.dedupeKey));
      recorded += 1;
    }
  }
  return { writes: [...planned.values()], kv, recorded, retracted };
}
