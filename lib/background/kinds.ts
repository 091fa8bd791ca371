import { type Activity, type ActivityKind, type CustomKindId, isCustomKind } from '../activity';
import { type CustomKind, customKindIdFor, customKindName, MAX_CUSTOM_KINDS } from '../kinds';
import type { ActivityStore } from '../store';
import type { Changed } from './changes';
import type { Config } from './config';
import type { HandlerTable } from './router';

type KindRequests = 'kinds/list' | 'kinds/add' | 'kinds/update' | 'kinds/usage' | 'kinds/remove';

/**
 * The rep's own activity kinds (issue 15): add, rename, show in the popup, hide, remove. A kind is
 * never removed in a way that loses activities silently: with activities of it, the rep chooses to
 * move them, keep them under the archived kind, or (confirmed twice) delete them.
 */
export class Kinds {
  constructor(
    private readonly store: ActivityStore,
    private readonly clock: () => number,
    private readonly config: Config,
    private readonly changed: Changed,
  ) {}

  /** Whether a kind can be given to a new or edited entry: built in, or defined and not archived. */
  async assertUsable(kind: ActivityKind): Promise<void> {
    if (!isCustomKind(kind)) return;
    const found = (await this.config.customKinds()).find((k) => k.id === kind);
    if (!found) throw new Error(`kind: ${kind} is not a defined kind (add it in Options → Activity kinds)`);
    if (found.archived) throw new Error(`kind: ${kind} was removed; its activities are kept, but nothing new can be logged as it`);
  }

  /**
   * The custom kinds an import names that are not defined here, in the order first seen. Archived
   * kinds are known (their activities come back under them).
   */
  async unknownIn(activities: readonly Pick<Activity, 'kind'>[]): Promise<CustomKindId[]> {
    const known = new Set((await this.config.customKinds()).map((k) => k.id));
    const unknown = new Set<CustomKindId>();
    for (const { kind } of activities) if (isCustomKind(kind) && !known.has(kind)) unknown.add(kind);
    return [...unknown];
  }

  /**
   * Defines the kinds an import asked to create: from the file's definition when it has one (shown
   * and not archived, whatever it was there), else named after the id. Returns the ids created.
   */
  async createForImport(ids: readonly CustomKindId[], definitions: readonly CustomKind[]): Promise<CustomKindId[]> {
    const current = await this.config.customKinds();
    const known = new Set(current.map((k) => k.id));
    const fresh = ids
      .filter((id) => !known.has(id))
      .map((id): CustomKind => {
        const from = definitions.find((d) => d.id === id);
        return from
          ? { id, names: from.names, oneClick: from.oneClick, hidden: from.hidden }
          : { id, names: { en: id.slice('custom:'.length) }, oneClick: false, hidden: false };
      });
    if (!fresh.length) return [];
    if (current.length + fresh.length > MAX_CUSTOM_KINDS) throw new Error(`kinds: at most ${MAX_CUSTOM_KINDS} custom kinds`);
    await this.config.saveCustomKinds([...current, ...fresh]);
    return fresh.map((k) => k.id);
  }

  /** Two live kinds of the same name would be told apart by nobody: refused in either language. */
  private assertNameFree(all: readonly CustomKind[], names: CustomKind['names'], except?: CustomKindId): void {
    for (const lang of ['en', 'ru'] as const) {
      const name = names[lang]?.toLowerCase();
      if (!name) continue;
      const clash = all.find((k) => k.id !== except && !k.archived && customKindName(k, lang).toLowerCase() === name);
      if (clash) throw new Error(`names: a kind named "${names[lang]}" already exists`);
    }
  }

  private async find(id: CustomKindId): Promise<{ all: CustomKind[]; kind: CustomKind }> {
    const all = await this.config.customKinds();
    const kind = all.find((k) => k.id === id);
    if (!kind) throw new Error(`kind: ${id} is not a defined kind`);
    return { all, kind };
  }

  readonly handlers: Pick<HandlerTable, KindRequests> = {
    'kinds/list': async () => this.config.customKinds(),

    'kinds/add': async ({ names, oneClick }) => {
      const all = await this.config.customKinds();
      if (all.length >= MAX_CUSTOM_KINDS) throw new Error(`kinds: at most ${MAX_CUSTOM_KINDS} custom kinds`);
      this.assertNameFree(all, names);
      const name = names.en ?? names.ru ?? '';
      const kind: CustomKind = { id: customKindIdFor(name, new Set(all.map((k) => k.id))), names, oneClick, hidden: false };
      await this.config.saveCustomKinds([...all, kind]);
      this.changed();
      return kind;
    },

    'kinds/update': async ({ id, names, oneClick, hidden }) => {
      const { all, kind } = await this.find(id);
      if (kind.archived) throw new Error(`kind: ${id} was removed`);
      if (names) this.assertNameFree(all, names, id);
      const next: CustomKind = {
        ...kind,
        ...(names ? { names } : {}),
        ...(oneClick !== undefined ? { oneClick } : {}),
        ...(hidden !== undefined ? { hidden } : {}),
      };
      await this.config.saveCustomKinds(all.map((k) => (k.id === id ? next : k)));
      this.changed();
      return next;
    },

    'kinds/usage': async ({ id }) => {
      await this.find(id);
      const [activities, quotas] = await Promise.all([this.store.countOfKind(id), this.config.getQuotas()]);
      return { activities, quotas: quotas.filter((q) => q.kinds.includes(id)).map((q) => q.name) };
    },

    'kinds/remove': async ({ id, activities: choice, moveTo, confirmDelete }) => {
      const { all, kind } = await this.find(id);
      const usedBy = (await this.config.getQuotas()).filter((q) => q.kinds.includes(id));
      // A quota counting a kind that is gone would silently count less: the rep edits the quota first.
      if (usedBy.length)
        throw new Error(`kind: ${id} is counted by ${usedBy.map((q) => `"${q.name}"`).join(', ')}; remove it from those quotas first`);
      const count = await this.store.countOfKind(id);
      const result = { moved: 0, deleted: 0, archived: 0 };
      if (count > 0) {
        if (choice === 'none') throw new Error(`activities: ${count} activities have this kind: move, keep (archive) or delete them`);
        if (choice === 'move') {
          if (moveTo === undefined || moveTo === id) throw new Error('moveTo: choose another kind to move the activities to');
          await this.assertUsable(moveTo);
          result.moved = await this.store.moveKind(id, moveTo, this.clock());
        } else if (choice === 'delete') {
          if (confirmDelete !== true) throw new Error('confirmDelete: deleting activities needs a second confirmation');
          result.deleted = (await this.store.deleteOfKind(id, () => true)).length;
        } else {
          result.archived = count;
        }
      }
      // Kept activities keep their kind's names: the definition stays, archived.
      const next =
        result.archived > 0
          ? all.map((k) => (k.id === id ? { ...kind, archived: true, oneClick: false, hidden: true } : k))
          : all.filter((k) => k.id !== id);
      await this.config.saveCustomKinds(next);
      this.changed();
      return result;
    },
  };
}
