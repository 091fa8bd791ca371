import { useEffect, useState } from 'react';
import type { TeamBoard as Board, BoardCell, TeamError, TeamStatus } from '@/lib/crm/team-board';
import { toCsv } from '@/lib/csv';
import { formatNumber, t } from '@/lib/i18n';
import { send } from '@/lib/messaging';
import type { ReportPeriod } from '@/lib/quota/report';
import { download } from './download';
import { errorText } from './errorText';
import { formatDate } from './format';
import { PeriodSelect } from './PeriodSelect';
import { mappingText } from './Reports';
import { ConnectForm } from './team-board/ConnectForm';
import { ReadingProgress, ReadNotes } from './team-board/ReadNotes';
import { RepPicker } from './team-board/RepPicker';
import { boardRows, crmLabel, fieldLabel, paceText, showMeasure, teamErrorText } from './team-board/teamWords';
import { useRequest } from './useRequest';

/** A board request the worker never answered (the browser stopped it) is asked again this often, after this long. */
const [RESUME_TRIES, RESUME_AFTER_MS] = [3, 2_000];

/** While printing the board, the print stylesheet shows this section instead of the report. */
const PRINT_FLAG = 'team';

/**
 * Options → Team: the manager connects with their own CRM token, picks a period and sees each rep's
 * progress per quota (done / target, pace, projection) from the CRM's records, and the team's total.
 * Printable and exportable like the report.
 */
export function TeamBoard({ timeZone }: { timeZone: string }) {
  const status = useRequest(() => send({ type: 'team/status' }), []);
  const connected = status.data?.connected === true;
  return (
    <section id="team" aria-labelledby="team-title" className="team-board" data-testid="team-board" data-connected={connected}>
      <h2 id="team-title">{t('section_team')}</h2>
      <p className="hint no-print">{t('teamHint')}</p>
      {status.error && (
        <p role="alert" className="error">
          {status.error}
        </p>
      )}
      {status.data &&
        (status.data.connected ? (
          <Connected status={status.data} timeZone={timeZone} onChanged={status.reload} />
        ) : (
          <ConnectForm available={status.data.available} timeZone={timeZone} onConnected={status.reload} />
        ))}
    </section>
  );
}

function Connected({ status, timeZone, onChanged }: { status: TeamStatus; timeZone: string; onChanged: () => void }) {
  const crm = crmLabel(status.crm!);
  const [period, setPeriod] = useState<ReportPeriod>('this_month');
  const [tries, setTries] = useState(0);
  // What the next read asks: changes since the last (a refresh, a period change), nothing when what
  // was read covers it (a rep-picker change), or everything again (deletions seen).
  const [mode, setMode] = useState<'refresh' | 'reuse' | 'whole'>('refresh');
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string>();
  const answer = useRequest(
    async () => ({
      period,
      result: await send({ type: 'team/board', period, ...(mode === 'reuse' ? { reuse: true } : mode === 'whole' ? { whole: true } : {}) }),
    }),
    [period, tries],
  );
  const readAgain = (next: 'refresh' | 'reuse' | 'whole') => {
    setMode(next);
    setTries((n) => n + 1);
  };
  // An answer for an earlier period choice is not shown under the new one.
  const result = answer.data?.period === period ? answer.data.result : undefined;
  const board = result?.ok ? result.board : undefined;
  const failure = result && !result.ok ? result.error : undefined;
  const retryAt = failure?.retryAt;

  // A rate limit: ask again once, when the CRM said we may (not before).
  useEffect(() => {
    if (retryAt === undefined) return;
    const timer = setTimeout(() => readAgain('refresh'), Math.max(0, retryAt - Date.now()) + 500);
    return () => clearTimeout(timer);
  }, [retryAt]);

  // The browser stopped the worker mid-read (the message got no answer): ask again, and the next
  // worker goes on from the read's last checkpoint. A few times, not forever.
  const [resumes, setResumes] = useState(0);
  useEffect(() => {
    if (answer.loading) return;
    if (!answer.error) {
      setResumes(0);
      return;
    }
    if (resumes >= RESUME_TRIES) return;
    const timer = setTimeout(() => {
      setResumes((n) => n + 1);
      setTries((n) => n + 1);
    }, RESUME_AFTER_MS);
    return () => clearTimeout(timer);
  }, [answer.error, answer.loading, resumes]);

  async function act(run: () => Promise<void>) {
    setBusy(true);
    setActionError(undefined);
    try {
      await run();
    } catch (e) {
      setActionError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const disconnect = () =>
    act(async () => {
      await send({ type: 'team/disconnect' });
      onChanged();
    });

  const chooseReps = (repIds: string[] | null) =>
    act(async () => {
      await send({ type: 'team/reps', repIds });
      readAgain('reuse');
    });

  const print = () => {
    document.body.dataset.print = PRINT_FLAG;
    const done = () => {
      delete document.body.dataset.print;
      window.removeEventListener('afterprint', done);
    };
    window.addEventListener('afterprint', done);
    window.print();
  };

  return (
    <>
      <div className="team-connection no-print" data-testid="team-connection">
        <p>
          {t('teamConnectedAs', [crm, status.account?.account ?? '', status.account?.userName ?? ''])}{' '}
          {status.fields.map((f) => (
            <span key={f.name} className="hint" data-testid={`team-field-${f.name}`}>
              {fieldLabel(status.crm!, f.name)}: {f.value}{' '}
            </span>
          ))}
        </p>
        <button type="button" className="danger" disabled={busy} onClick={() => void disconnect()} data-testid="team-disconnect">
          {t('connectorDisconnect')}
        </button>
      </div>
      <div className="actions no-print">
        <PeriodSelect
          value={period}
          onChange={(next) => {
            setMode('refresh');
            setPeriod(next);
          }}
          testId="team-period"
        />
        <button
          type="button"
          disabled={answer.loading || (retryAt !== undefined && retryAt > Date.now())}
          onClick={() => readAgain('refresh')}
          data-testid="team-refresh"
        >
          {t('teamRefresh')}
        </button>
        <button type="button" disabled={!board} onClick={print} data-testid="team-print">
          {t('print')}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!board}
          onClick={() =>
            board &&
            download(`quota-radar-team-${period}.csv`, toCsv([], boardRows(board, t(`report_${period}`))), 'text/csv;charset=utf-8')
          }
          data-testid="team-csv"
        >
          {t('downloadCsv')}
        </button>
      </div>
      {(answer.error || actionError) && (
        <p role="alert" className="error">
          {answer.error ?? actionError}
        </p>
      )}
      {failure && <FailureNote error={failure} crm={crm} timeZone={timeZone} />}
      {!result && !answer.error && <p className="hint">{t('loading')}</p>}
      <ReadingProgress crm={crm} active={answer.loading} />
      {board && (
        <>
          <p className="print-only">
            <strong>{t('extName')}</strong> — {t('section_team')} — {t(`report_${period}`)} ({crm}, {status.account?.account})
          </p>
          <p className="hint" data-testid="team-interval">
            {formatDate(board.interval.start)} – {formatDate(board.interval.end - 1)} ·{' '}
            {t('teamRecords', [formatNumber(board.records.distinct), crm])}
          </p>
          {board.cutOff && (
            <p role="alert" className="warning" data-testid="team-cut-off" data-reason={board.cutOff.reason}>
              {t(board.cutOff.reason === 'page_cap' ? 'teamCutOffPageCap' : 'teamCutOffCursorLoop', [
                formatNumber(board.cutOff.pagesRead),
                crm,
              ])}
            </p>
          )}
          <ReadNotes board={board} crm={crm} timeZone={timeZone} disabled={answer.loading} onReadWhole={() => readAgain('whole')} />
          <BoardTable board={board} />
          <RepPicker board={board} disabled={busy} onChoose={chooseReps} />
        </>
      )}
    </>
  );
}

function FailureNote({ error, crm, timeZone }: { error: TeamError; crm: string; timeZone: string }) {
  return (
    <p role="alert" className={error.kind === 'rate_limited' ? 'warning' : 'error'} data-testid="team-error" data-kind={error.kind}>
      {teamErrorText(error, crm, timeZone)}
    </p>
  );
}

function Cell({ cell, quota, testId }: { cell: BoardCell; quota: Board['quotas'][number]; testId: string }) {
  const pace = cell.met ? 'met' : cell.pace;
  return (
    <td data-testid={testId} data-quota={quota.quotaId} data-done={cell.done} data-target={cell.target} data-pace={pace}>
      <span className="team-done">
        {showMeasure(cell.done, quota)} / {showMeasure(cell.target, quota)}
      </span>{' '}
      <span className={`pace-${pace}`}>
        <span className={`pace-dot fill-${cell.pace}`} aria-hidden="true" />
        {paceText(cell)}
      </span>
      {cell.projection !== null && <div className="hint small">{t('teamProjection', showMeasure(Math.round(cell.projection), quota))}</div>}
    </td>
  );
}

function BoardTable({ board }: { board: Board }) {
  return (
    <table className="report-table team-table" data-testid="team-table">
      {board.reps.some((r) => r.trackingStart === null) && (
        // Never silently short: a whole-period target beside a popup's pro-rated one must say why.
        <caption className="hint small" style={{ captionSide: 'bottom' }} data-testid="team-tracking-note">
          {t('teamTrackingStartUnknown')}
        </caption>
      )}
      <thead>
        <tr>
          <th scope="col">{t('teamColRep')}</th>
          {board.quotas.map((q) => {
            const basis = mappingText(q);
            return (
              <th scope="col" key={q.quotaId}>
                {q.name}
                <div className="hint small">
                  {t('teamTargetEach', showMeasure(q.target, q))}
                  {basis && ` (${basis})`}
                </div>
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {board.reps.length === 0 && (
          <tr>
            <td colSpan={board.quotas.length + 1} className="hint">
              {t('teamNoReps')}
            </td>
          </tr>
        )}
        {board.reps.map((rep) => (
          <tr key={rep.user.id} data-testid="team-rep" data-rep={rep.user.id}>
            <th scope="row">
              {rep.user.name}
              {rep.user.email && <div className="hint small">{rep.user.email}</div>}
              <div className="hint small" data-testid="team-rep-tracking">
                {rep.trackingStart !== null ? t('teamTrackedSince', formatDate(rep.trackingStart)) : t('teamTrackingStartUnknownRep')}
              </div>
            </th>
            {rep.cells.map((cell, i) => (
              <Cell key={cell.quotaId} cell={cell} quota={board.quotas[i]!} testId="team-cell" />
            ))}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr data-testid="team-total">
          <th scope="row">{t('teamTotal')}</th>
          {board.total.map((cell, i) => (
            <Cell key={cell.quotaId} cell={cell} quota={board.quotas[i]!} testId="team-total-cell" />
          ))}
        </tr>
      </tfoot>
    </table>
  );
}
