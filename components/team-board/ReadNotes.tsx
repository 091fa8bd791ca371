import { useEffect, useState } from 'react';
import type { TeamBoard, TeamReading } from '@/lib/crm/team-board';
import { formatNumber, t } from '@/lib/i18n';
import { send } from '@/lib/messaging';
import { formatShortDateTime } from '../format';
import { NotReadNote } from './NotReadNote';

/** How often the Team section asks how far a read has got, while one runs. */
const PROGRESS_POLL_MS = 1_000;
const DAY_MS = 86_400_000;

/**
 * A read under way (issue 26): how many pages and records so far, and which of its queries, asked of
 * the background every second while the board is loading. A read the browser stopped says it goes on
 * from where it stopped.
 */
export function ReadingProgress({ crm, active }: { crm: string; active: boolean }) {
  const [reading, setReading] = useState<TeamReading>();
  useEffect(() => {
    if (!active) {
      setReading(undefined);
      return;
    }
    let stopped = false;
    const ask = () =>
      send({ type: 'team/status' }).then(
        (status) => !stopped && setReading(status.reading),
        () => undefined,
      );
    void ask();
    const timer = setInterval(() => void ask(), PROGRESS_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [active]);
  if (!active || !reading) return null;
  return (
    <p className="hint" role="status" data-testid="team-reading" data-pages={reading.pages} data-running={reading.running}>
      {t(reading.running ? 'teamReading' : 'teamReadingStopped', [
        crm,
        formatNumber(reading.pages),
        formatNumber(reading.records),
        String(Math.min(reading.step + 1, reading.steps)),
        String(reading.steps),
      ])}
      {reading.resumed > 0 && ` ${t('teamReadResumed')}`}
    </p>
  );
}

/**
 * What the board's read cost and what it cannot see: changes only or whole, answered from what was
 * kept, deletions seen at the next whole read (and a button for one now), and the "updated" bound of
 * a CRM whose list filters by last change only, and the records its API gives the board no way to read.
 */
export function ReadNotes({
  board,
  crm,
  timeZone,
  disabled,
  onReadWhole,
}: {
  board: TeamBoard;
  crm: string;
  timeZone: string;
  disabled: boolean;
  onReadWhole: () => void;
}) {
  const read = board.read;
  const when = (ms: number) => formatShortDateTime(ms, timeZone);
  return (
    <div className="hint small" data-testid="team-read">
      {read && (
        <p data-testid="team-read-cost" data-whole={read.whole} data-changes={read.changes} data-reused={read.reused}>
          {read.reused
            ? t('teamReadReused', [when(read.readAt), crm])
            : t(read.changes > 0 && read.whole === 0 ? 'teamReadChanges' : 'teamReadWhole', [
                crm,
                formatNumber(read.pages),
                formatNumber(read.records),
              ])}
          {read.resumed > 0 && ` ${t('teamReadResumed')}`}
        </p>
      )}
      {read &&
        (read.alwaysWhole ? (
          <p data-testid="team-read-deletions">{t('teamReadAlwaysWhole', crm)}</p>
        ) : (
          <p data-testid="team-read-deletions">
            {t('teamReadDeletions', [crm, when(read.fullAt), when(read.wholeAgainAt)])}{' '}
            <button type="button" className="secondary no-print" disabled={disabled} onClick={onReadWhole} data-testid="team-read-whole">
              {t('teamReadAgain')}
            </button>
          </p>
        ))}
      {board.updatedWithinMs !== undefined && (
        <p data-testid="team-updated-within">{t('teamUpdatedWithin', [crm, String(Math.round(board.updatedWithinMs / DAY_MS))])}</p>
      )}
      <NotReadNote board={board} crm={crm} />
    </div>
  );
}
