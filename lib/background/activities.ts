import { Activity, type ActivityKind } from '../activity';
import { assertWithinLimits } from '../entry-limits';
import { earliestOccurredAt } from '../import-changes';
import { carriesUnits } from '../kinds';
import { ManualEntry } from '../messages';
import type { ActivityStore } from '../store';
import type { Changed } from './changes';
import type { Config } from './config';
import { importRows } from './import-chunks';
import type { Kinds } from './kinds';
import { keptRecipient } from './privacy';
import type { HandlerTable } from './router';

type ActivityRequests =
  | 'activity/log'
  | 'activity/undo-last'
  | 'activity/retract'
  | 'activity/restore'
  | 'activity/update'
  | 'activity/list'
  | 'activity/export'
  | 'activity/import'
  | 'activity/delete-all'
  | 'activity/set-outcome'
  | 'calls/recent';

/** How far back the popup lists calls for one-click outcomes. */
const RECENT_CALLS_MS = 2 * 86_400_000;

/** Manual entries and what the user does to activities: edit, undo, retract, restore, import, export, delete. */
export class Activities {
  constructor(
    private readonly store: ActivityStore,
    private readonly clock: () => number,
    private readonly config: Config,
    private readonly changed: Changed,
    private readonly kinds: Kinds,
  ) {}

  /** A custom kind must be defined and not archived; units go with deals and new customers only. */
  private async checkEntry(kind: ActivityKind, units: number | undefined): Promise<void> {
    await this.kinds.assertUsable(kind);
    if (units !== undefined && !carriesUnits(kind)) throw new Error('units: only deals and new customers carry units sold');
  }

  /** Turns pending captures whose undo window or due time has passed into counted ones. */
  async confirmDue(): Promise<number> {
    const confirmed = await this.store.confirmDue(this.clock());
    if (confirmed.length) this.changed(confirmed);
    return confirmed.length;
  }

  readonly handlers: Pick<HandlerTable, ActivityRequests> = {
    'activity/log': async ({ entry, requestId }) => {
      const settings = await this.config.getSettings();
      const now = this.clock();
      // The limits every entry path shares (lib/entry-limits.ts): 2031 for 2021, 1999, 10^22.
      assertWithinLimits({ ...entry, detection: { method: 'manual' } }, now);
      await this.checkEntry(entry.kind, entry.units);
      const id = crypto.randomUUID();
      const { recipient, signal, ...rest } = entry;
      const occurredAt = entry.occurredAt ?? now;
      const activity = Activity.parse({
        ...rest,
        // The rep's word that they engaged first: no time of its own, so no later than the entry.
        ...(signal ? { signals: [{ kind: signal.kind, engagedAt: occurredAt, ...(signal.topic ? { topics: [signal.topic] } : {}) }] } : {}),
        id,
        channel: 'manual',
        occurredAt,
        account: 'me',
        recipients: recipient ? [keptRecipient(recipient, settings.privacy)] : [],
        // A resend of the same request (the popup retrying after the worker stopped) finds this key.
        dedupeKey: `manual:${requestId ?? id}`,
        status: 'counted',
        detection: { method: 'manual' },
        createdAt: now,
        updatedAt: now,
      });
      const result = await this.store.record(activity);
      if (result.created) this.changed([result.activity]);
      return result.activity;
    },

    'activity/undo-last': async () => {
      // The rep's own last entry only (issue 21, point 3): a capture leaves by name, from History or the recent list.
      const last = await this.store.lastManual();
      if (!last) return null;
      const undone = await this.store.retract(last.id, this.clock());
      this.changed([undone]);
      return undone ?? null;
    },

    'activity/retract': async ({ id }) => {
      const result = await this.store.retract(id, this.clock());
      this.changed([result]);
      return result ?? null;
    },

    'activity/restore': async ({ id }) => {
      const result = await this.store.restore(id, this.clock());
      this.changed([result]);
      return result ?? null;
    },

    'activity/update': async ({ id, patch }) => {
      const existing = await this.store.get(id);
      if (!existing) throw new Error('no such activity');
      if (existing.channel !== 'manual') throw new Error('only manual entries can be edited; captured ones can be deleted');
      const valid = ManualEntry.partial().parse(patch);
      assertWithinLimits({ kind: valid.kind ?? existing.kind, ...valid, detection: { method: 'manual' } }, this.clock());
      // A kind changed now, or units added, must fit together with what the entry keeps.
      if (valid.kind !== undefined && valid.kind !== existing.kind) await this.kinds.assertUsable(valid.kind);
      const units = 'units' in valid ? valid.units : existing.units;
      if (units !== undefined && !carriesUnits(valid.kind ?? existing.kind))
        throw new Error('units: only deals and new customers carry units sold');
      const settings = await this.config.getSettings();
      const { recipient, signal, ...rest } = valid;
      const occurredAt = valid.occurredAt ?? existing.occurredAt;
      const result = await this.store.update(
        id,
        {
          ...rest,
          ...(recipient ? { recipients: [keptRecipient(recipient, settings.privacy)] } : {}),
          ...(signal
            ? { signals: [{ kind: signal.kind, engagedAt: occurredAt, ...(signal.topic ? { topics: [signal.topic] } : {}) }] }
            : {}),
        },
        this.clock(),
      );
      this.changed([result]);
      return result ?? null;
    },

    'activity/list': async ({ filter, offset, limit, after, withTotal }) => {
      const [page, undone] = await Promise.all([
        this.store.list(filter, offset, limit, { ...(after ? { after } : {}), ...(withTotal === false ? { withTotal } : {}) }),
        this.store.readKv('undone'),
      ]);
      // Which of them the page itself undid (Gmail's Undo): History says "Undone in Gmail", offers no Restore.
      const undoneOnPage = page.items.filter((a) => a.status === 'retracted' && undone?.[a.dedupeKey] !== undefined).map((a) => a.id);
      return { ...page, undoneOnPage };
    },

    'activity/export': async () => this.store.all(),

    'activity/import': async ({ activities, kinds: definitions = [], createKinds = [], moveTrackingStart = false }) => {
      const { privacy } = await this.config.getSettings();
      const valid = importRows(activities, { now: this.clock(), privacy });
      // An activity of a kind this install does not know is imported only once the rep chose to create it.
      const unknown = await this.kinds.unknownIn(valid);
      const notChosen = unknown.filter((id) => !createKinds.includes(id));
      if (notChosen.length) throw new Error(`unknown kinds: ${notChosen.join(', ')}; create them to import their activities`);
      // Defined before the activities are written: should the import then fail, the new kinds stay
      // defined (and empty), never activities of a kind this install cannot name.
      const kindsCreated = await this.kinds.createForImport(unknown, definitions);
      const result = await this.store.importAll(valid, this.clock());
      // Counting reaches back to the first imported activity only when the rep chose so in the preview.
      const earliest = earliestOccurredAt(valid);
      if (moveTrackingStart && earliest !== undefined) await this.config.trackFrom(earliest);
      this.changed();
      return kindsCreated.length ? { ...result, kindsCreated } : result;
    },

    'activity/set-outcome': async ({ id, outcome, durationSec }) => {
      const existing = await this.store.get(id);
      if (!existing) throw new Error('no such activity');
      if (existing.kind !== 'call') throw new Error('only calls have an outcome');
      // No outcome: back to a plain attempt, without a talk time either.
      const patch =
        outcome === null
          ? { outcome: undefined, durationSec: undefined }
          : { outcome, durationSec: durationSec ?? (outcome === 'connected' ? existing.durationSec : 0) };
      const result = await this.store.update(id, patch, this.clock());
      this.changed([result]);
      return result ?? null;
    },

    'calls/recent': async ({ limit }) => {
      const now = this.clock();
      const calls = await this.store.inRange(['call'], now - RECENT_CALLS_MS, now + 60_000);
      return calls
        .filter((call) => call.status !== 'retracted')
        .sort((a, b) => b.occurredAt - a.occurredAt)
        .slice(0, limit ?? 10);
    },

    'activity/delete-all': async () => {
      const deleted = await this.store.count();
      await this.store.deleteAll(this.clock());
      // What was learned about who engaged with the rep goes with the activities (issue 15, point 4).
      await Promise.all([this.store.deleteKv('engagements'), this.store.deleteKv('linkedinOwnPosts')]);
      this.changed();
      return { deleted };
    },
  };
}
