import { Activity } from '../activity';
import { DETECTORS } from '../capture';
import { sendUndoneByClick } from '../capture/gmail/undo-clicked';
import { HOOK_SOURCES } from '../capture/hook-sources';
import { LinkedInAccount } from '../capture/linkedin/account';
import { ParticipantsMemory } from '../capture/linkedin/participants-store';
import { findAttemptToMerge, MERGE_WINDOW_MS } from '../capture/phone-link/merge';
import { type DetectionFailure, detectAll } from '../capture/run';
import type { Capture, DetectorEvent, Observation } from '../capture/types';
import { limitProblems } from '../entry-limits';
import { channelIsOn, type Settings } from '../settings';
import type { ActivityStore } from '../store';
import { KV_LIMITS, type KvEdit, kvEdit } from '../store/kv';
import type { Changed } from './changes';
import type { Config } from './config';
import { EngagementMemory } from './engagements';
import { chatCounts, keptActivity, keptRecipients, keptSubject } from './privacy';
import { RecentChatsMemory } from './recent-chats';
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
 * its own (Capture.holdSeconds, Proton's DelaySeconds). Gmail's is the user's setting. Yandex's is not
 * public (its undo bar shows for a few seconds): held as long as Gmail's longest, so that an undo
 * inside the real window still finds the send pending and retracts it. (Mail.ru's undo is not seen:
 * its sends are not held.)
 */
const PROVIDER_UNDO_SECONDS: Partial<Record<Capture['channel'], number>> = { yandex: 30 };

/** How long an undo-window hold lasts for this capture. */
export function undoHoldSeconds(capture: Pick<Capture, 'channel' | 'holdSeconds'>, settings: Pick<Settings, 'gmailUndoSeconds'>): number {
  return capture.holdSeconds ?? PROVIDER_UNDO_SECONDS[capture.channel] ?? settings.gmailUndoSeconds;
}

/** Applies the privacy rule and the hold, and gives a capture its identity (and the signals that preceded it). */
function activityFrom(capture: Capture, settings: Settings, now: number, signals: Activity['signals'] = []): Activity {
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
    outcome: capture.outcome,
    durationSec: capture.durationSec,
    bookedAt: capture.bookedAt,
    ...(signals.length ? { signals } : {}),
    createdAt: now,
    updatedAt: now,
  });
}

/** An activity back as the capture it came from (what the merge rules compare). */
function captureOf(a: Activity): Capture {
  return {
    kind: a.kind,
    channel: a.channel,
    occurredAt: a.occurredAt,
    account: a.account,
    recipients: a.recipients,
    dedupeKey: a.dedupeKey,
    detection: a.detection,
    ...(a.subtype !== undefined ? { subtype: a.subtype } : {}),
  };
}

/** Capture ingestion: runs the detectors on what the page tap saw and records what they concluded. */
export class Ingest {
  private readonly participants: ParticipantsMemory;
  readonly recentChats: RecentChatsMemory;
  private readonly linkedin: LinkedInAccount;
  private readonly engagements: EngagementMemory;

  constructor(
    private readonly store: ActivityStore,
    private readonly clock: () => number,
    private readonly config: Config,
    private readonly changed: Changed,
  ) {
    this.participants = new ParticipantsMemory(store, clock);
    this.recentChats = new RecentChatsMemory(store, clock, () => config.getSettings());
    this.linkedin = new LinkedInAccount(store);
    this.engagements = new EngagementMemory(store, clock);
  }

  async detect(observation: Observation): Promise<DetectorEvent[]> {
    await this.participants.load();
    const settings = await this.config.getSettings();
    const [ownPosts, linkedinSelf] = await Promise.all([this.engagements.ownPosts(), this.store.readKv('linkedinSelf')]);
    const { events, failures } = detectAll(DETECTORS, observation, {
      participantsOf: (id) => this.participants.participantsOf(id),
      internalDomains: settings.internalDomains,
      participantsOfThread: (threadId) => this.participants.participantsOfThread(threadId),
      engagementTopics: settings.engagementTopics ?? [],
      ...(linkedinSelf ? { linkedinSelf } : {}),
      ownPost: (postId) => ownPosts[postId],
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
    // Who engaged with the rep (issue 15, point 4): one answer lists many people, learned in one write.
    await this.engagements.learn(
      events.flatMap((event) =>
        event.type === 'engagement' && channelIsOn(settings, event.channel)
          ? [{ person: event.person, signal: { kind: event.kind, at: event.at, topics: event.topics } }]
          : [],
      ),
    );
    for (const event of events) {
      if (event.type === 'engagement') continue;
      // A messenger chat written to is a recent chat, counted or not: the rep can pick it to exclude or mark as work.
      if (event.type === 'record' && channelIsOn(settings, event.capture.channel)) await this.recentChats.sent(event.capture, settings);
      if (event.type === 'participants') {
        await this.participants.learn(event.conversationId, keptRecipients(event.participants, settings.privacy));
      } else if (event.type === 'self' || event.type === 'ownPost') {
        // Learned only while LinkedIn counts (the rep can turn it off).
        if (!channelIsOn(settings, 'linkedin')) continue;
        if (event.type === 'self') await this.linkedin.remember(event.profileId);
        else await this.engagements.learnOwnPost(event.postIds, event.topics);
      } else if (event.type === 'retract') {
        const undone = await this.store.retractByDedupeKey(event.dedupeKey, now, event.onlyIfPending, [
          rememberUndone(event.dedupeKey, now),
        ]);
        if (undone) {
          written.push(undone);
          retracted += 1;
          // A meeting cancelled in one source is cancelled wherever else it was seen.
          for (const twin of await this.liveMeetingTwins(undone)) {
            const also = await this.store.retract(twin.id, now);
            if (also) written.push(also);
          }
        }
      } else if (channelIsOn(settings, event.capture.channel) && chatCounts(event.capture, settings.messengerChats)) {
        const merge = await this.callAttemptToMerge(event.capture);
        const capture = merge?.decision.record ?? event.capture;
        if (capture.kind === 'meeting' && (await this.meetingSeenElsewhere(capture, now, written))) continue;
        // Outreach to someone who engaged first carries how (issue 15, point 4).
        const signals = await this.engagements.signalsFor(capture.recipients, capture.occurredAt);
        const named = await this.recentChats.withChatNames(capture, settings);
        const activity = activityFrom(await this.linkedin.withLinkedInAccount(named), settings, now, signals);
        // A page's or vendor's date outside the limits every entry path shares (a clock gone wrong) is not recorded.
        if (limitProblems(activity, now).length > 0) continue;
        const result = await this.store.record(activity, [rememberAccount(capture.account)]);
        if (result.created) {
          written.push(result.activity);
          recorded += 1;
          // The phone-link attempt is this call: it stops counting (kept, so the same click stays de-duplicated).
          if (merge) {
            const folded = await this.store.retract(merge.attempt.id, now);
            if (folded) written.push(folded);
          }
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
   * The phone-link attempt a polled call is (same number within a few minutes): live attempts near
   * the call's start, the closest one. Only a call from a phone system's log absorbs one.
   */
  private async callAttemptToMerge(
    capture: Capture,
  ): Promise<{ attempt: Activity; decision: NonNullable<ReturnType<typeof findAttemptToMerge>>['decision'] } | undefined> {
    if (capture.kind !== 'call' || capture.detection.method !== 'api') return undefined;
    if (await this.store.getByDedupeKey(capture.dedupeKey)) return undefined;
    const nearby = await this.store.inRange(['call'], capture.occurredAt - MERGE_WINDOW_MS, capture.occurredAt + MERGE_WINDOW_MS + 1);
    const attempts = nearby.filter((a) => a.channel === 'phone' && a.subtype === 'attempt' && a.status !== 'retracted');
    const found = findAttemptToMerge(attempts.map(captureOf), capture);
    const attempt = found && attempts.find((a) => a.dedupeKey === found.attempt.dedupeKey);
    return found && attempt ? { attempt, decision: found.decision } : undefined;
  }

  /** Live meetings of other sources with the same cross-source key (detection.ids.meeting) as `meeting`. */
  private async liveMeetingTwins(meeting: Pick<Activity, 'kind' | 'occurredAt' | 'dedupeKey' | 'detection'>): Promise<Activity[]> {
    const key = meeting.detection.ids?.meeting;
    if (meeting.kind !== 'meeting' || key === undefined) return [];
    // The key holds the start to the minute: the same meeting starts within that minute.
    const sameMinute = await this.store.inRange(['meeting'], meeting.occurredAt - 60_000, meeting.occurredAt + 60_001);
    return sameMinute.filter((a) => a.status !== 'retracted' && a.dedupeKey !== meeting.dedupeKey && a.detection.ids?.meeting === key);
  }

  /**
   * The same meeting seen twice (booked in Calendly, sent from Outlook) counts once. A booking
   * service's record wins over a page's (it also sees cancellations): a page meeting already
   * recorded is retracted for it, and a page meeting arriving after it is not recorded.
   */
  private async meetingSeenElsewhere(capture: Capture, now: number, written: Activity[]): Promise<boolean> {
    const twins = await this.liveMeetingTwins(capture);
    if (twins.length === 0) return false;
    if (capture.detection.method !== 'api') return true;
    for (const twin of twins.filter((t) => t.detection.method !== 'api')) {
      const replaced = await this.store.retract(twin.id, now);
      if (replaced) written.push(replaced);
    }
    return twins.some((t) => t.detection.method === 'api');
  }

  /** A click on a phone link (any site the rep allowed): a call attempt, unless phone links are off. */
  async phoneLinkClicked(click: unknown): Promise<{ recorded: number; retracted: number }> {
    const setting = await this.store.readKv('phoneLinks');
    if (!setting?.enabled) return { recorded: 0, retracted: 0 };
    const events = HOOK_SOURCES['phone-link'].detect(click as never, {
      ...(setting.defaultCallingCode ? { defaultCallingCode: setting.defaultCallingCode } : {}),
    });
    return this.applyEvents(events);
  }

  /**
   * After the settings changed: a privacy rule that keeps no names makes what was learned forget
   * them too; subjects or names turned off are removed from the stored activities (issue 27,
   * point 6), as a chat the rep excluded (or a group no longer marked as work) leaves nothing in
   * storage: its messages are deleted, not retracted.
   */
  async applyPrivacyToLearned(settings: Settings, previous?: Settings): Promise<void> {
    const { privacy } = settings;
    if (!privacy.storeRecipientNames) {
      await this.participants.rewrite((participants) => keptRecipients(participants, privacy));
    }
    // Only when a setting is turned off: a save of other settings does not read every activity.
    const turnedOff =
      (!privacy.storeSubjects && previous?.privacy.storeSubjects !== false) ||
      (!privacy.storeRecipientNames && previous?.privacy.storeRecipientNames !== false);
    if (turnedOff) await this.store.rewriteAll((activity) => keptActivity(activity, privacy));
    await this.store.deleteOfKind('messenger_message', (activity) => !chatCounts(activity, settings.messengerChats), this.clock());
    await this.recentChats.applySettings(settings);
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
    'capture/observed' | 'capture/undo-clicked' | 'capture/failures' | 'capture/failures-clear' | 'phone-link/clicked'
  > = {
    'phone-link/clicked': async ({ click }) => this.phoneLinkClicked(click),

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
