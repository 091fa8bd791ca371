import { DETECTORS } from '../capture';
import { sendUndoneByClick } from '../capture/gmail/undo-clicked';
import { HOOK_SOURCES } from '../capture/hook-sources';
import { INGEST_RULE_READS } from '../capture/ingest-rules';
import { LinkedInAccount } from '../capture/linkedin/account';
import { ParticipantsMemory } from '../capture/linkedin/participants-store';
import { type DetectionFailure, detectAll } from '../capture/run';
import type { Capture, DetectorEvent, Observation } from '../capture/types';
import { channelIsOn, type Settings } from '../settings';
import type { ActivityStore } from '../store';
import type { Changed } from './changes';
import type { Config } from './config';
import { EngagementMemory, signalsFrom } from './engagements';
import { type IngestSnapshot, isActivityEvent, planIngest, rememberUndone } from './ingest-plan';
import { chatCounts, keptActivity, keptRecipients } from './privacy';
import { RecentChatsMemory } from './recent-chats';
import type { HandlerTable } from './router';

export { undoHoldSeconds } from './ingest-plan';

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
    // Who engaged with the rep (issue 15, point 4): one answer lists many people, learned in one write.
    await this.engagements.learn(
      events.flatMap((event) =>
        event.type === 'engagement' && channelIsOn(settings, event.channel)
          ? [{ person: event.person, signal: { kind: event.kind, at: event.at, topics: event.topics } }]
          : [],
      ),
    );
    for (const event of events) {
      // A messenger chat written to is a recent chat, counted or not: the rep can pick it to exclude or mark as work.
      if (event.type === 'record' && channelIsOn(settings, event.capture.channel)) await this.recentChats.sent(event.capture, settings);
      if (event.type === 'participants') {
        await this.participants.learn(event.conversationId, keptRecipients(event.participants, settings.privacy));
      } else if ((event.type === 'self' || event.type === 'ownPost') && channelIsOn(settings, 'linkedin')) {
        // Learned only while LinkedIn counts (the rep can turn it off).
        if (event.type === 'self') await this.linkedin.remember(event.profileId);
        else await this.engagements.learnOwnPost(event.postIds, event.topics);
      }
    }
    // A messenger message carries its chat's shown name where names are kept.
    const activityEvents = await Promise.all(
      events
        .filter(isActivityEvent)
        .map(async (event) =>
          event.type === 'record' ? { ...event, capture: await this.recentChats.withChatNames(event.capture, settings) } : event,
        ),
    );
    if (!activityEvents.length) return { recorded: 0, retracted: 0 };
    const plan = planIngest(activityEvents, await this.snapshot(activityEvents, settings, now));
    const written = await this.store.apply(plan, now);
    if (written.length) this.changed(written);
    return { recorded: plan.recorded, retracted: plan.retracted };
  }

  /** What planning reads, by exact keys and index ranges: the events' keys, the ranges the rules ask for. */
  private async snapshot(events: readonly DetectorEvent[], settings: Settings, now: number): Promise<IngestSnapshot> {
    const captures = events.flatMap((e) => (e.type === 'record' ? [e.capture] : []));
    const keys = [
      ...new Set(events.flatMap((e) => (e.type === 'record' ? [e.capture.dedupeKey] : e.type === 'retract' ? [e.dedupeKey] : []))),
    ];
    const stored = await Promise.all(keys.map((key) => this.store.getByDedupeKey(key)));
    const byKey = new Map(stored.flatMap((a) => (a ? [[a.dedupeKey, a] as const] : [])));
    const ranges = [...captures, ...byKey.values()].flatMap((c) => INGEST_RULE_READS.flatMap((reads) => reads(c) ?? []));
    const nearby = ranges.length ? await this.store.inRanges(ranges) : [];
    const accounts = new Map<Capture, Capture>();
    for (const capture of captures) accounts.set(capture, await this.linkedin.withLinkedInAccount(capture));
    const learned = await this.engagements.learned(captures.flatMap((c) => c.recipients));
    const undone = byKey.size ? ((await this.store.readKv('undone')) ?? {}) : {};
    return {
      now,
      settings,
      byKey,
      nearby,
      undone,
      signalsFor: (recipients, at) => signalsFrom(learned, recipients, at),
      accountOf: (capture) => {
        const account = accounts.get(capture)?.account;
        return account === undefined || account === capture.account ? capture : { ...capture, account };
      },
      newId: () => crypto.randomUUID(),
    };
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
