import type { CrmSyncSettings } from '@/lib/crm/outbox';
import { CRM_LANGUAGES } from '@/lib/crm/record-words';
import type { CrmId } from '@/lib/crm/types';
import { t } from '@/lib/i18n';

/**
 * How records read in the CRM: their language (default: the UI's), and for Bitrix24 where a record
 * that matched no contact goes (the rep's own completed task, or a chosen lead's or deal's timeline).
 */
export function CrmRecordOptions({
  crm,
  draft,
  onChange,
}: {
  crm: CrmId;
  draft: CrmSyncSettings;
  onChange: (next: CrmSyncSettings) => void;
}) {
  const target = draft.unlinkedTo;
  const withoutTarget = (): CrmSyncSettings => {
    const { unlinkedTo: _gone, ...rest } = draft;
    return rest;
  };
  return (
    <>
      <label>
        {t('crmSettingsLanguage')}
        <select
          value={draft.language ?? ''}
          onChange={(e) => {
            const { language: _gone, ...rest } = draft;
            const value = e.target.value;
            onChange(value === 'en' || value === 'ru' ? { ...rest, language: value } : rest);
          }}
          data-testid={`crm-${crm}-language`}
        >
          <option value="">{t('crmLanguageUi')}</option>
          {CRM_LANGUAGES.map((language) => (
            <option key={language} value={language}>
              {t(`crmLanguage_${language}`)}
            </option>
          ))}
        </select>
      </label>
      {crm === 'bitrix24' && (
        <fieldset>
          <legend>{t('crmUnlinkedTitle')}</legend>
          <label className="inline">
            <input type="radio" checked={!target} onChange={() => onChange(withoutTarget())} data-testid="crm-bitrix24-unlinked-task" />
            {t('crmUnlinkedTask')}
          </label>
          <label className="inline">
            <input
              type="radio"
              checked={Boolean(target)}
              onChange={() => onChange({ ...draft, unlinkedTo: target ?? { entity: 'deal', id: '' } })}
              data-testid="crm-bitrix24-unlinked-item"
            />
            {t('crmUnlinkedItem')}
          </label>
          {target && (
            <span className="inline">
              <select
                value={target.entity}
                onChange={(e) => onChange({ ...draft, unlinkedTo: { ...target, entity: e.target.value === 'lead' ? 'lead' : 'deal' } })}
                data-testid="crm-bitrix24-unlinked-entity"
                aria-label={t('crmUnlinkedEntity')}
              >
                <option value="deal">{t('crmUnlinkedDeal')}</option>
                <option value="lead">{t('crmUnlinkedLead')}</option>
              </select>
              <input
                inputMode="numeric"
                value={target.id}
                onChange={(e) => onChange({ ...draft, unlinkedTo: { ...target, id: e.target.value.trim() } })}
                aria-label={t('crmUnlinkedId')}
                placeholder="42"
                data-testid="crm-bitrix24-unlinked-id"
              />
            </span>
          )}
          <p className="hint">{t('crmUnlinkedHint')}</p>
        </fieldset>
      )}
    </>
  );
}
