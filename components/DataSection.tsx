import { useState } from 'react';
import { type Activity, type ActivityKind, type CustomKindId, isCustomKind } from '@/lib/activity';
import { activitiesToCsv, backupJson, decodeActivitiesFile, type ImportPreview, previewOf, usesDecimalComma } from '@/lib/csv';
import { formatNumber, t, tCount, uiLocale } from '@/lib/i18n';
import { type ImportSettingsChange, importSettingsChanges } from '@/lib/import-changes';
import { type CustomKind, customKindName } from '@/lib/kinds';
import { send } from '@/lib/messaging';
import { download, localDay } from './download';
import { errorText } from './errorText';
import { formatDate } from './format';
import { ImportSettingsChanges } from './ImportSettingsChanges';
import { importInChunks } from './importInChunks';
import { kindLabel, sendKinds } from './kindLabels';
import { localizeImportProblem } from './localizeIssue';

/**
 * Export everything, and import an earlier export after a preview. History and reports hear of an
 * import or a delete from the background's change broadcast, not from here.
 */
export function DataSection() {
  const [status, setStatus] = useState<string>();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState<{
    name: string;
    activities: Activity[];
    kinds: CustomKind[];
    preview: ImportPreview;
    changes: ImportSettingsChange[];
  }>();
  /** The rep's answer to the preview's "Counting since would move": keep it unless they choose. */
  const [moveTrackingStart, setMoveTrackingStart] = useState(false);
  /** Unknown kinds of the file the rep chose to create (all of them until a box is cleared). */
  const [create, setCreate] = useState<ReadonlySet<string>>(new Set());
  /** This install's custom kinds, read when a chosen file names custom kinds (else never asked). */
  const [customKinds, setCustomKinds] = useState<CustomKind[]>([]);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  /** Rows the background has written of the import under way. */
  const [progress, setProgress] = useState<{ done: number; total: number }>();

  async function deleteAll() {
    setConfirmingDelete(false);
    try {
      const { deleted } = await send({ type: 'activity/delete-all' });
      setStatus(tCount('deletedAll', deleted, formatNumber(deleted)));
    } catch (e) {
      setError(errorText(e));
    }
  }

  async function exportAs(format: 'csv' | 'excel' | 'json') {
    try {
      // The kinds' definitions travel with the activities, so that another install can create them.
      const [activities, kinds, { settings }] = await Promise.all([
        send({ type: 'activity/export' }),
        sendKinds({ type: 'kinds/list' }),
        send({ type: 'settings/get' }),
      ]);
      // Named by the rep's own date, not UTC's (an evening export in Moscow is still today).
      const day = localDay(Date.now(), settings.timeZone);
      if (format === 'json') download(`quota-radar-${day}.json`, backupJson(activities, kinds), 'application/json');
      else if (format === 'csv') download(`quota-radar-${day}.csv`, activitiesToCsv(activities, kinds), 'text/csv;charset=utf-8');
      else {
        const style = { timeZone: settings.timeZone, decimalComma: usesDecimalComma(uiLocale()), bom: true };
        download(`quota-radar-${day}-excel.csv`, activitiesToCsv(activities, kinds, style), 'text/csv;charset=utf-8');
      }
      setStatus(tCount('exported', activities.length, formatNumber(activities.length)));
    } catch (e) {
      setError(errorText(e));
    }
  }

  async function choose(file: File | undefined) {
    setPending(undefined);
    setError(undefined);
    setStatus(undefined);
    if (!file) return;
    // Bytes, not text(): a file that is not UTF-8 is refused instead of imported with its letters replaced.
    const parsed = decodeActivitiesFile(await bytesOf(file), file.name);
    if (!parsed.ok) {
      setError(t('importRefused', [file.name, localizeImportProblem(parsed.problem)]));
      return;
    }
    const preview = previewOf(parsed.activities);
    let known: CustomKind[] = [];
    let changes: ImportSettingsChange[];
    try {
      if (Object.keys(preview.kinds).some(isCustomKind)) known = await sendKinds({ type: 'kinds/list' });
      // Settings the import would change are listed in the preview, never changed silently.
      changes = importSettingsChanges(parsed.activities, (await send({ type: 'settings/get' })).trackingStart);
    } catch (e) {
      setError(errorText(e));
      return;
    }
    setCustomKinds(known);
    setMoveTrackingStart(false);
    setPending({ name: file.name, activities: parsed.activities, kinds: parsed.kinds ?? [], preview, changes });
    setCreate(new Set(unknownKindsOf(preview, known)));
  }

  async function confirm() {
    if (!pending) return;
    try {
      const unknown = unknownKindsOf(pending.preview, customKinds);
      setProgress({ done: 0, total: pending.activities.length });
      const result = await importInChunks(
        pending.activities,
        pending.kinds,
        unknown,
        (done, total) => setProgress({ done, total }),
        pending.changes.length ? moveTrackingStart : undefined,
      );
      setStatus(t('imported', [formatNumber(result.added), formatNumber(result.updated), formatNumber(result.skipped)]));
      setPending(undefined);
    } catch (e) {
      setError(t('importRefused', [pending.name, errorText(e)]));
    } finally {
      setProgress(undefined);
    }
  }

  const preview = pending?.preview;
  const unknownKinds = preview ? unknownKindsOf(preview, customKinds) : [];
  // Every activity is imported or none: the file's unknown kinds must all be created first.
  const allCreated = unknownKinds.every((id) => create.has(id));
  const fileName = (id: CustomKindId) => {
    const definition = pending?.kinds.find((k) => k.id === id);
    return definition ? customKindName(definition, uiLocale()) : id.slice('custom:'.length);
  };
  return (
    <section id="data" aria-labelledby="data-title">
      <h2 id="data-title">{t('section_data')}</h2>
      <h3>{t('exportTitle')}</h3>
      <p className="hint">{t('exportHint')}</p>
      <div className="actions">
        <button type="button" onClick={() => void exportAs('csv')} data-testid="export-csv">
          {t('exportCsv')}
        </button>
        <button type="button" className="secondary" onClick={() => void exportAs('excel')} data-testid="export-excel">
          {t('exportExcel')}
        </button>
        <button type="button" className="secondary" onClick={() => void exportAs('json')} data-testid="export-json">
          {t('exportJson')}
        </button>
      </div>
      <h3>{t('importTitle')}</h3>
      <p className="hint">{t('importHint')}</p>
      <label>
        {t('importChoose')}
        <input
          type="file"
          accept=".csv,.json,text/csv,application/json"
          onChange={(e) => void choose(e.target.files?.[0])}
          data-testid="import-file"
        />
      </label>
      {preview && (
        <div className="preview" data-testid="import-preview">
          <p>
            <strong>{tCount('importPreview', preview.count, [formatNumber(preview.count), pending!.name])}</strong>
          </p>
          {preview.from !== null && <p>{t('importRange', [formatDate(preview.from), formatDate(preview.to!)])}</p>}
          <ul className="chips">
            {(Object.entries(preview.kinds) as [ActivityKind, number][]).map(([kind, n]) => (
              <li key={kind}>
                {isCustomKind(kind) && unknownKinds.includes(kind) ? fileName(kind) : kindLabel(kind, customKinds)}: {formatNumber(n)}
              </li>
            ))}
          </ul>
          {unknownKinds.length > 0 && (
            <fieldset className="unknown-kinds" data-testid="import-unknown-kinds">
              <legend>{t('importUnknownKinds')}</legend>
              {unknownKinds.map((id) => (
                <label key={id} className="inline" data-testid="import-unknown-kind" data-kind={id}>
                  <input
                    type="checkbox"
                    checked={create.has(id)}
                    onChange={(e) =>
                      setCreate((all) => {
                        const next = new Set(all);
                        if (e.target.checked) next.add(id);
                        else next.delete(id);
                        return next;
                      })
                    }
                    data-testid="import-create-kind"
                  />
                  {t('importCreateKind', [fileName(id), id])}
                </label>
              ))}
              {!allCreated && <p className="hint">{t('importUnknownKindsNeeded')}</p>}
            </fieldset>
          )}
          <ImportSettingsChanges
            changes={pending!.changes}
            moveTrackingStart={moveTrackingStart}
            onMoveTrackingStart={setMoveTrackingStart}
          />
          {progress && (
            <p data-testid="import-progress">
              <progress max={Math.max(1, progress.total)} value={progress.done} />{' '}
              {t('importProgress', [formatNumber(progress.done), formatNumber(progress.total)])}
            </p>
          )}
          <div className="actions">
            <button
              type="button"
              disabled={!allCreated || progress !== undefined}
              onClick={() => void confirm()}
              data-testid="import-confirm"
            >
              {t('importConfirm')}
            </button>
            <button type="button" className="secondary" disabled={progress !== undefined} onClick={() => setPending(undefined)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
      {error && (
        <p role="alert" className="error" data-testid="import-error">
          {error}
        </p>
      )}
      <h3>{t('deleteAllTitle')}</h3>
      <p className="hint">{t('deleteAllHint')}</p>
      {confirmingDelete ? (
        <div className="actions">
          <button type="button" className="danger" onClick={() => void deleteAll()} data-testid="delete-all-confirm">
            {t('deleteAllConfirm')}
          </button>
          <button type="button" className="secondary" onClick={() => setConfirmingDelete(false)}>
            {t('cancel')}
          </button>
        </div>
      ) : (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setConfirmingDelete(true)} data-testid="delete-all">
            {t('deleteAll')}
          </button>
        </div>
      )}
      <p role="status" data-testid="data-status">
        {status}
      </p>
    </section>
  );
}

/** The custom kinds a file names that this install does not define (archived ones are known). */
function unknownKindsOf(preview: ImportPreview, customKinds: readonly CustomKind[]): CustomKindId[] {
  const known = new Set<string>(customKinds.map((k) => k.id));
  return (Object.keys(preview.kinds) as ActivityKind[]).filter((k): k is CustomKindId => isCustomKind(k) && !known.has(k));
}

/** A file's bytes. FileReader, because it works wherever the options page runs (and in jsdom). */
function bytesOf(file: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(file);
  });
}
