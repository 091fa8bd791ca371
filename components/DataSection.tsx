import { useState } from 'react';
import type { Activity, ActivityKind } from '@/lib/activity';
import { activitiesToCsv, decodeActivitiesFile, type ImportPreview, previewOf } from '@/lib/csv';
import { formatNumber, t } from '@/lib/i18n';
import { send } from '@/lib/messaging';
import { download, today } from './download';
import { errorText } from './errorText';
import { formatDate } from './format';
import { localizeImportProblem } from './localizeIssue';

/**
 * Export everything, and import an earlier export after a preview. History and reports hear of an
 * import or a delete from the background's change broadcast, not from here.
 */
export function DataSection() {
  const [status, setStatus] = useState<string>();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState<{ name: string; activities: Activity[]; preview: ImportPreview }>();
  const [confirmingDelete, setConfirmingDelete] = useState(false);

  async function deleteAll() {
    setConfirmingDelete(false);
    try {
      const { deleted } = await send({ type: 'activity/delete-all' });
      setStatus(t('deletedAll', formatNumber(deleted)));
    } catch (e) {
      setError(errorText(e));
    }
  }

  async function exportAs(format: 'csv' | 'json') {
    try {
      const activities = await send({ type: 'activity/export' });
      if (format === 'csv') download(`quota-radar-${today()}.csv`, activitiesToCsv(activities), 'text/csv;charset=utf-8');
      else download(`quota-radar-${today()}.json`, JSON.stringify(activities, null, 1), 'application/json');
      setStatus(t('exported', formatNumber(activities.length)));
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
    const parsed = decodeActivitiesFile(await bytesOf(file));
    if (!parsed.ok) {
      setError(t('importRefused', [file.name, localizeImportProblem(parsed.problem)]));
      return;
    }
    setPending({ name: file.name, activities: parsed.activities, preview: previewOf(parsed.activities) });
  }

  async function confirm() {
    if (!pending) return;
    try {
      const result = await send({ type: 'activity/import', activities: pending.activities });
      setStatus(t('imported', [formatNumber(result.added), formatNumber(result.updated), formatNumber(result.skipped)]));
      setPending(undefined);
    } catch (e) {
      setError(t('importRefused', [pending.name, errorText(e)]));
    }
  }

  const preview = pending?.preview;
  return (
    <section id="data" aria-labelledby="data-title">
      <h2 id="data-title">{t('section_data')}</h2>
      <h3>{t('exportTitle')}</h3>
      <p className="hint">{t('exportHint')}</p>
      <div className="actions">
        <button type="button" onClick={() => void exportAs('csv')} data-testid="export-csv">
          {t('exportCsv')}
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
            <strong>{t('importPreview', [formatNumber(preview.count), pending!.name])}</strong>
          </p>
          {preview.from !== null && <p>{t('importRange', [formatDate(preview.from), formatDate(preview.to!)])}</p>}
          <ul className="chips">
            {(Object.entries(preview.kinds) as [ActivityKind, number][]).map(([kind, n]) => (
              <li key={kind}>
                {t(`kind_${kind}`)}: {formatNumber(n)}
              </li>
            ))}
          </ul>
          <div className="actions">
            <button type="button" onClick={() => void confirm()} data-testid="import-confirm">
              {t('importConfirm')}
            </button>
            <button type="button" className="secondary" onClick={() => setPending(undefined)}>
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

/** A file's bytes. FileReader, because it works wherever the options page runs (and in jsdom). */
function bytesOf(file: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(file);
  });
}
