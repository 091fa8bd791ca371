import { Activity } from '../activity';
import { DETECTORS } from '../capture';
import { sendUndoneByClick } from '../capture/gmail/undo-clicked';
import { LinkedInAccount } from '../capture/linkedin/account';
import { ParticipantsMemory } from '../capture/linkedin/participants-store';
import { type DetectionFailure, detectAll } from '../capture/run';
import type { Capture, DetectorEvent, Observation } from '../capture/types';
import { type Settings, channelIsOn } from '../settings';
import type { ActivityStore } from '../store';
import { KV_LIMITS, type KvEdit, kvEdit } from '../store/kv';
import type { Changed } from './changes';
import type { Config } from './config';
import { chatCounts, keptRecipients, keptSubject } from './privacy';
import type { HandlerTable } from './router';


/**
 * Remembers that the page undid this capture, so that the same key captured again is a new act (a
 * send after its undo, a reaction given again), not a duplicate. A deletion by the user is not
 * remembered: the same capture coming again stays deleted. Written with the retraction itself.
 */
const rememberUndone = (dedupeKey: string, at: number): KvEdit =>
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

/**
 * Undo windows of the providers whose sends are held ('undo-window'), where the send does not name
 * its own (Capture.holdSeconds, Proton's DelaySeconds). Gmail's is the user's setting. Mail.ru's and
 * Yandex's are not public (their undo bar shows for a few seconds): they are held as long as Gmail's
 * longest, so that an undo inside the real window still finds the send pending and retracts it.
 */
const PROVIDER_UNDO_SECONDS: Partial<Record<Capture['channel'], number>> = { mailru: 30, yandex: 30 };

/** How long an undo-window hold lasts for this capture. */
export function undoHoldSeconds(capture: Pick<Capture, 'channel' | 'holdSeconds'>, settings: Pick<Settings, 'gmailUndoSeconds'>): number {
  return capture.holdSeconds ?? PROVIDER_UNDO_SECONDS[capture.channel] ?? settings.gmailUndoSeconds;
}

/** Applies the privacy rule and the hold, and gives a capture its identity. */
function activityFrom(capture: Capture, settings: Settings, now: number): Activity {
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
    id: crypto.randomUUID(),
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
    createdAt: now,
    updatedAt: now,
  });
}

/** Capture ingestion: runs the detectors on what the page tap saw and records what they concluded. */
export class Ingest {
  private readonly participants: ParticipantsMemory;
  private readonly linkedin: LinkedInAccount;

  constructor(
    private readonly store: ActivityStore,
    private readonly clock: () => number,
    private readonly config: Config,
    private readonly changed: Changed,
  ) {
    this.participants = new ParticipantsMemory(store, clock);
    this.linkedin = new LinkedInAccount(store);
  }

  async detect(observation: Observation): Promise<DetectorEvent[]> {
    await this.participants.load();
    const { events, failures } = detectAll(DETECTORS, observation, {
      participantsOf: (id) => this.participants.participantsOf(id),
      participantsOfThread: (threadId) => this.participants.participantsOfThread(threadId),
    });
    if (failures.length) await this.countFailures(failures);
    return events;
  }

  async applyEvents(events: readonly DetectorEvent[]): Promise<{ recorded: number; retracted: number }> {
    const settings = await this.config.getSettings();
    const now = this.clock();
    let recorded = 0;
    let retracted = 0;
    const written: Activity[] = [];
    for (const event of events) {
      if (event.type === 'participants') {
        await this.participants.learn(event.conversationId, keptRecipients(event.participants, settings.privacy));
      } else if (event.type === 'retract') {
        const undone = await this.store.retractByDedupeKey(event.dedupeKey, now, event.onlyIfPending, [rememberUndone(event.dedupeKey, now)]);
        if (undone) {
          written.push(undone);
          retracted += 1;
        }
      } else if (channelIsOn(settings, event.capture.channel) && chatCounts(event.capture, settings.messengerChats)) {
        const activity = activityFrom(await this.linkedin.withLinkedInAccount(event.capture), settings, now);
        const result = await this.store.record(activity, [rememberAccount(event.capture.account)]);
        if (result.created) {
          written.push(result.activity);
          recorded += 1;
        } else if (result.activity.status === 'retracted' && (await this.store.readKv('undone'))?.[activity.dedupeKey] !== undefined) {
          const reopened = await this.store.reopen(result.activity.id, activity, now, [forgetUndone(activity.dedupeKey)]);
          if (reopened) written.push(reopened);
          recorded += 1;
        }
      }
    }
    if (recorded || retracted) this.changed(written);
    return { recorded, retracted };
  }

  /**
   * After the settings changed: a privacy rule that keeps no names makes what was learned forget
   * them too, and a chat the rep excluded (or a group no longer marked as work) leaves nothing in
   * storage: its messages are deleted, not retracted.
   */
  async applyPrivacyToLearned(settings: Settings): Promise<void> {
    if (!settings.privacy.storeRecipientNames) {
      await this.participants.rewrite((participants) => keptRecipients(participants, settings.privacy));
    }
    await this.store.deleteOfKind('messenger_message', (activity) => !chatCounts(activity, settings.messengerChats));
  }

  /** Counts what each source failed to understand, for the options page's Capture section. */
  private async countFailures(failures: readonly DetectionFailure[]): Promise<void> {
    const now = this.clock();
    const counts = (await this.store.readKv('captureFailures')) ?? {};
    for (const failure of failures) {
      const previous = counts[failure.source];
      counts[failure.source] = {
        count: (previous?.count ?? 0) + 1,
        since: previous?.since ?? now,
        lastAt: now,
        reason: failure.reason,
        message: failure.message,
      };
    }
    await this.store.writeKv('captureFailures', counts);
  }

  readonly handlers: Pick<
    HandlerTable,
    'capture/observed' | 'capture/undo-clicked' | 'capture/failures' | 'capture/failures-clear'
  > = {
    'capture/observed': async ({ observation }) => this.applyEvents(await this.detect(observation)),

    'capture/undo-clicked': async ({ at }) => {
      const send = sendUndoneByClick(await this.store.pending(), at);
      if (!send) return { retracted: 0 };
      const now = this.clock();
      const undone = await this.store.retract(send.id, now, [rememberUndone(send.dedupeKey, now)]);
      this.changed([undone]);
      return { retracted: 1 };
    },

    'capture/failures': async () => (await this.store.readKv('captureFailures')) ?? {},

    'capture/failures-clear': async () => {
      await this.store.writeKv('captureFailures', {});
      return {};
    },
  };
}
