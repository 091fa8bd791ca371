import { useState } from 'react';
import { ACTIVITY_KINDS, type ActivityKind, type CustomKindId } from '@/lib/activity';
import { formatNumber, t, tCount } from '@/lib/i18n';
import { type CustomKind, KindNames } from '@/lib/kinds';
import type { KindUsage } from '@/lib/messages';
import { errorText } from './errorText';
import { kindLabel, sendKinds, useCustomKinds } from './kindLabels';

type NamesDraft = { en: string; ru: string };
const namesOf = (draft: NamesDraft) => ({
  ...(draft.en.trim() ? { en: draft.en.trim() } : {}),
  ...(draft.ru.trim() ? { ru: draft.ru.trim() } : {}),
});

/**
 * The rep's own activity kinds: add (a name in English, Russian or both; a popup button or not),
 * rename, hide, remove. Removing a kind with activities asks what becomes of them.
 */
export function KindsEditor() {
  const customKinds = useCustomKinds();
  const [draft, setDraft] = useState<NamesDraft>({ en: '', ru: '' });
  const [oneClick, setOneClick] = useState(true);
  const [status, setStatus] = useState<string>();
  const [error, setError] = useState<string>();
  const live = customKinds.filter((k) => !k.archived);

  async function run(action: () => Promise<string>) {
    try {
      setStatus(await action());
      setError(undefined);
    } catch (e) {
      setError(errorText(e));
    }
  }

  function add() {
    const names = KindNames.safeParse(namesOf(draft));
    if (!names.success) {
      setError(t('kindNameNeeded'));
      return;
    }
    void run(async () => {
      const kind = await sendKinds({ type: 'kinds/add', names: names.data, oneClick });
      setDraft({ en: '', ru: '' });
      return t('kindAdded', kindLabel(kind.id, [kind]));
    });
  }

  return (
    <section id="kinds" aria-labelledby="kinds-title">
      <h2 id="kinds-title">{t('section_kinds')}</h2>
      <p className="hint">{t('kindsHint')}</p>
      {live.length === 0 && <p className="muted">{t('kindsNone')}</p>}
      <ul className="kinds-list" data-testid="kinds-list">
        {live.map((kind) => (
          <KindRow key={kind.id} kind={kind} customKinds={customKinds} run={run} />
        ))}
      </ul>
      <fieldset className="kind-add" data-testid="kind-add">
        <legend>{t('kindAddTitle')}</legend>
        <label>
          {t('kindNameEn')}
          <input value={draft.en} maxLength={60} onChange={(e) => setDraft({ ...draft, en: e.target.value })} data-testid="kind-name-en" />
        </label>
        <label>
          {t('kindNameRu')}
          <input value={draft.ru} maxLength={60} onChange={(e) => setDraft({ ...draft, ru: e.target.value })} data-testid="kind-name-ru" />
        </label>
        <label className="inline">
          <input type="checkbox" checked={oneClick} onChange={(e) => setOneClick(e.target.checked)} data-testid="kind-one-click" />
          {t('kindOneClick')}
        </label>
        <button type="button" onClick={add} data-testid="kind-add-button">
          {t('kindAdd')}
        </button>
      </fieldset>
      {error && (
        <p role="alert" className="error" data-testid="kinds-error">
          {error}
        </p>
      )}
      <p role="status" data-testid="kinds-status">
        {status}
      </p>
    </section>
  );
}

function KindRow({
  kind,
  customKinds,
  run,
}: {
  kind: CustomKind;
  customKinds: readonly CustomKind[];
  run: (action: () => Promise<string>) => Promise<void>;
}) {
  const [names, setNames] = useState<NamesDraft>({ en: kind.names.en ?? '', ru: kind.names.ru ?? '' });
  const [removing, setRemoving] = useState<KindUsage>();
  const renamed = (names.en.trim() || undefined) !== kind.names.en || (names.ru.trim() || undefined) !== kind.names.ru;
  const update = (patch: { names?: KindNames; oneClick?: boolean; hidden?: boolean }) =>
    run(async () => {
      const next = await sendKinds({ type: 'kinds/update', id: kind.id, ...patch });
      return t('kindSaved', kindLabel(next.id, [next]));
    });

  return (
    <li className="kind-row" data-testid="kind-row" data-kind={kind.id}>
      <code className="muted small">{kind.id}</code>
      <label>
        {t('kindNameEn')}
        <input value={names.en} maxLength={60} onChange={(e) => setNames({ ...names, en: e.target.value })} data-testid="kind-row-en" />
      </label>
      <label>
        {t('kindNameRu')}
        <input value={names.ru} maxLength={60} onChange={(e) => setNames({ ...names, ru: e.target.value })} data-testid="kind-row-ru" />
      </label>
      <button
        type="button"
        className="secondary"
        disabled={!renamed}
        onClick={() => {
          const parsed = KindNames.safeParse(namesOf(names));
          if (parsed.success) void update({ names: parsed.data });
          else void run(async () => Promise.reject(new Error(t('kindNameNeeded'))));
        }}
        data-testid="kind-rename"
      >
        {t('kindRename')}
      </button>
      <label className="inline">
        <input
          type="checkbox"
          checked={kind.oneClick}
          onChange={(e) => void update({ oneClick: e.target.checked })}
          data-testid="kind-row-one-click"
        />
        {t('kindOneClick')}
      </label>
      <label className="inline">
        <input
          type="checkbox"
          checked={kind.hidden}
          onChange={(e) => void update({ hidden: e.target.checked })}
          data-testid="kind-row-hidden"
        />
        {t('kindHidden')}
      </label>
      <button
        type="button"
        className="secondary"
        onClick={() => void sendKinds({ type: 'kinds/usage', id: kind.id }).then(setRemoving, () => setRemoving(undefined))}
        data-testid="kind-remove"
      >
        {t('remove')}
      </button>
      {removing && <RemoveKind kind={kind} usage={removing} customKinds={customKinds} run={run} onClose={() => setRemoving(undefined)} />}
    </li>
  );
}

/**
 * What to do with a kind's activities before it goes: move them to another kind, keep them under the
 * archived kind, or delete them, which asks a second time. A kind a quota counts cannot go yet.
 */
function RemoveKind({
  kind,
  usage,
  customKinds,
  run,
  onClose,
}: {
  kind: CustomKind;
  usage: KindUsage;
  customKinds: readonly CustomKind[];
  run: (action: () => Promise<string>) => Promise<void>;
  onClose: () => void;
}) {
  const [choice, setChoice] = useState<'move' | 'archive' | 'delete'>('move');
  const [moveTo, setMoveTo] = useState<ActivityKind>('call');
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const targets: ActivityKind[] = [
    ...ACTIVITY_KINDS,
    ...customKinds.filter((k) => !k.archived && k.id !== kind.id).map((k) => k.id as CustomKindId),
  ];
  const name = kindLabel(kind.id, customKinds);
  const remove = (confirmDelete?: true) =>
    run(async () => {
      const done = await sendKinds({
        type: 'kinds/remove',
        id: kind.id,
        activities: usage.activities === 0 ? 'none' : choice,
        ...(choice === 'move' ? { moveTo } : {}),
        ...(confirmDelete ? { confirmDelete } : {}),
      });
      onClose();
      if (done.moved) return tCount('kindRemovedMoved', done.moved, [name, formatNumber(done.moved), kindLabel(moveTo, customKinds)]);
      if (done.deleted) return tCount('kindRemovedDeleted', done.deleted, [name, formatNumber(done.deleted)]);
      if (done.archived) return tCount('kindRemovedArchived', done.archived, [name, formatNumber(done.archived)]);
      return t('kindRemoved', name);
    });

  if (usage.quotas.length)
    return (
      <div className="remove-kind" role="alert" data-testid="kind-remove-dialog">
        <p>{t('kindUsedByQuotas', [name, usage.quotas.join(', ')])}</p>
        <button type="button" className="secondary" onClick={onClose}>
          {t('cancel')}
        </button>
      </div>
    );
  return (
    <div className="remove-kind" data-testid="kind-remove-dialog">
      {usage.activities === 0 ? (
        <p>{t('kindRemoveEmpty', name)}</p>
      ) : (
        <fieldset>
          <legend>{tCount('kindRemoveWithActivities', usage.activities, [name, formatNumber(usage.activities)])}</legend>
          <label className="inline">
            <input type="radio" checked={choice === 'move'} onChange={() => setChoice('move')} data-testid="kind-remove-move" />
            {t('kindRemoveMove')}
            <select value={moveTo} onChange={(e) => setMoveTo(e.target.value as ActivityKind)} data-testid="kind-remove-move-to">
              {targets.map((k) => (
                <option key={k} value={k}>
                  {kindLabel(k, customKinds)}
                </option>
              ))}
            </select>
          </label>
          <label className="inline">
            <input type="radio" checked={choice === 'archive'} onChange={() => setChoice('archive')} data-testid="kind-remove-archive" />
            {t('kindRemoveArchive')}
          </label>
          <label className="inline">
            <input type="radio" checked={choice === 'delete'} onChange={() => setChoice('delete')} data-testid="kind-remove-delete" />
            {t('kindRemoveDelete')}
          </label>
        </fieldset>
      )}
      {confirmingDelete ? (
        <div className="actions">
          <p className="error">{tCount('kindRemoveDeleteConfirm', usage.activities, [formatNumber(usage.activities), name])}</p>
          <button type="button" className="danger" onClick={() => void remove(true)} data-testid="kind-remove-delete-confirm">
            {tCount('kindRemoveDeleteYes', usage.activities, formatNumber(usage.activities))}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            {t('cancel')}
          </button>
        </div>
      ) : (
        <div className="actions">
          <button
            type="button"
            className={usage.activities > 0 && choice === 'delete' ? 'danger' : ''}
            // Deleting activities asks once more: a second, explicit confirmation.
            onClick={() => (usage.activities > 0 && choice === 'delete' ? setConfirmingDelete(true) : void remove())}
            data-testid="kind-remove-confirm"
          >
            {t('kindRemoveConfirm')}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            {t('cancel')}
          </button>
        </div>
      )}
    </div>
  );
}
