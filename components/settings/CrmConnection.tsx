import { useState } from 'react';
import { shownHost } from '@/lib/connections';
import { CRM_FORMS } from '@/lib/crm/forms';
import type { CrmId } from '@/lib/crm/types';
import { formatNumber, t } from '@/lib/i18n';
import { CrmConnectResult, CrmStatus } from '@/lib/messages';
import { send } from '@/lib/messaging';
import { ConnectionForm, type ConnectionInput, MessageLine } from '../connections/ConnectionForm';
import { ShownFields } from '../connections/ShownFields';
import { askForHosts, type ConnectionMessage, useConnection } from '../connections/useConnection';
import { formatShortDateTime } from '../format';
import { CrmChecks } from './CrmChecks';
import { CrmSettingsForm } from './CrmSettingsForm';
import { crmSignIn } from './crmSignIn';
import { credentialsProblem, crmErrorText, originsFor, selfHostedPortal } from './crmWords';

/**
 * One CRM in Options → CRM: its connect form (fields to paste, or a sign-in), then once connected
 * the account, the masked credentials, the sync's figures and errors, Test / Sync now / Retry /
 * Disconnect, the last test's checks and what is sent.
 */
export function CrmConnection({
  crm,
  status,
  timeZone,
  onChanged,
}: {
  crm: CrmId;
  status: CrmStatus;
  timeZone: string;
  onChanged: () => void;
}) {
  const form = CRM_FORMS[crm];
  const [input, setInput] = useState<Record<string, string>>({});
  const { busy, message, act } = useConnection(status, onChanged);
  const [checks, setChecks] = useState<CrmConnectResult['checks']>();
  const said = message && { ...message, testId: `crm-${crm}-message` };

  const answered = (result: CrmConnectResult, okText: string): ConnectionMessage => {
    setChecks(result.checks);
    if (result.ok) return { ok: true, text: okText };
    // Nothing is connected yet: no sync "goes on when the network is back".
    if (!result.error) return { ok: false, text: t('crmNotConnected') };
    const text =
      result.error.kind === 'network' ? t('crmConnectNetwork', status.label) : crmErrorText(result.error, status.label, timeZone);
    return { ok: false, text };
  };

  const connect = () =>
    act(async () => {
      const problem = credentialsProblem(crm, input);
      if (problem) return { ok: false, text: problem };
      const refused = await askForHosts(originsFor(crm, input));
      if (refused) return refused;
      const result = CrmConnectResult.parse(await send({ type: 'crm/connect', crm, input }));
      if (result.ok) setInput({});
      return answered(result, t('crmConnectedAs', [result.status.account ?? status.label, result.status.userName || '—']));
    });

  if (!status.connected) {
    const selfHosted = selfHostedPortal(crm, input);
    const signIn = crmSignIn(crm, status, (error) => crmErrorText(error, status.label, timeZone), onChanged);
    const method: ConnectionInput = signIn
      ? { kind: 'oauth', signIn }
      : {
          kind: 'fields',
          fields: form.fields.map((field) => ({
            name: field.name,
            label: t(field.label),
            note: field.optional ? ` ${t('crmOptional')}` : '',
            help: field.help && <span className="hint">{t(field.help)}</span>,
            secret: field.secret,
            ...(field.type ? { type: field.type } : {}),
            ...(field.placeholder ? { placeholder: field.placeholder } : {}),
            testId: `crm-${crm}-input-${field.name}`,
          })),
          submit: { label: t('crmConnect'), testId: `crm-${crm}-connect` },
        };
    return (
      <ConnectionForm
        className="crm-connect"
        testId={`crm-${crm}-form`}
        input={method}
        values={input}
        onValues={setInput}
        onSubmit={() => void connect()}
        busy={busy}
        before={<p className="hint">{t(form.howTo)}</p>}
        after={
          <>
            {selfHosted && (
              <p className="hint" data-testid="crm-bitrix24-self-hosted">
                {t('crmBitrix24NotCloud', selfHosted)}
              </p>
            )}
            {method.kind === 'fields' && <p className="hint">{t('crmKeyStaysHere', originsFor(crm, input).map(shownHost).join(', '))}</p>}
          </>
        }
        {...(said ? { message: said } : {})}
      />
    );
  }

  const { counts } = status;
  return (
    <div className="crm-connection" data-testid={`crm-${crm}-connected`}>
      <p data-testid={`crm-${crm}-account`}>{t('crmConnectedAs', [status.account ?? status.label, status.userName || '—'])}</p>
      <ShownFields fields={status.fields} label={(name) => t(`crmField_${crm}_${name}`)} testId={(name) => `crm-${crm}-${name}`} />
      <p data-testid={`crm-${crm}-counts`}>
        {t('crmCounts', [
          formatNumber(counts.synced),
          formatNumber(counts.waiting),
          formatNumber(counts.failed),
          formatNumber(counts.retracted),
        ])}
      </p>
      <p className="hint" data-testid={`crm-${crm}-last-success`}>
        {status.lastSuccessAt ? t('crmLastSuccess', formatShortDateTime(status.lastSuccessAt, timeZone)) : t('crmNeverSynced')}
      </p>
      {status.lastError && (
        <p className="warning" data-testid={`crm-${crm}-error`}>
          {crmErrorText(status.lastError, status.label, timeZone)}
        </p>
      )}
      {status.failures.length > 0 && (
        <ul className="crm-failures" data-testid={`crm-${crm}-failures`}>
          {status.failures.map((f) => (
            <li key={f.activityId}>
              {crmErrorText(f.error, status.label, timeZone)}
              {f.gaveUp ? ` ${t('crmGaveUp')}` : ''}
            </li>
          ))}
        </ul>
      )}
      <div className="row">
        <button
          type="button"
          disabled={busy}
          onClick={() => void act(async () => answered(CrmConnectResult.parse(await send({ type: 'crm/test', crm })), t('crmTestOk')))}
          data-testid={`crm-${crm}-test`}
        >
          {t('crmTest')}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => void act(async () => void (await send({ type: 'crm/sync-now', crm })))}
          data-testid={`crm-${crm}-sync-now`}
        >
          {t('crmSyncNow')}
        </button>
        <button
          type="button"
          disabled={busy || counts.failed === 0}
          onClick={() => void act(async () => void CrmStatus.parse(await send({ type: 'crm/retry', crm })))}
          data-testid={`crm-${crm}-retry`}
        >
          {t('crmRetry')}
        </button>
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={() => void act(async () => void CrmStatus.parse(await send({ type: 'crm/disconnect', crm })))}
          data-testid={`crm-${crm}-disconnect`}
        >
          {t('crmDisconnect')}
        </button>
      </div>
      {said && <MessageLine message={said} />}
      {checks && <CrmChecks crm={crm} checks={checks} />}
      {status.settings && <CrmSettingsForm crm={crm} initial={status.settings} timeZone={timeZone} onSaved={onChanged} />}
    </div>
  );
}
