import { useEffect, useState } from 'react';
import type { TeamBoard as Board } from '@/lib/crm/team-board';
import { t } from '@/lib/i18n';

/** Which CRM users are on the board: every active user, or the ones ticked. */
export function RepPicker({ board, disabled, onChoose }: { board: Board; disabled: boolean; onChoose: (repIds: string[] | null) => void }) {
  // Ticked at once; the board follows when the background has read it again.
  const [ticked, setTicked] = useState(() => new Set(board.reps.map((r) => r.user.id)));
  useEffect(() => setTicked(new Set(board.reps.map((r) => r.user.id))), [board]);
  const toggle = (id: string, on: boolean) => {
    const next = board.users.filter((u) => (u.id === id ? on : ticked.has(u.id))).map((u) => u.id);
    setTicked(new Set(next));
    onChoose(next.length === board.users.length ? null : next);
  };
  return (
    <details className="team-reps no-print" data-testid="team-reps">
      <summary>{board.chosen ? t('teamRepsChosen', [String(board.reps.length), String(board.users.length)]) : t('teamRepsAll')}</summary>
      <ul className="plain">
        {board.users.map((u) => (
          <li key={u.id}>
            <label className="inline">
              <input type="checkbox" checked={ticked.has(u.id)} disabled={disabled} onChange={(e) => toggle(u.id, e.target.checked)} />
              {u.name}
            </label>
          </li>
        ))}
      </ul>
      {board.chosen && (
        <button type="button" className="secondary" disabled={disabled} onClick={() => onChoose(null)}>
          {t('teamRepsShowAll')}
        </button>
      )}
    </details>
  );
}
