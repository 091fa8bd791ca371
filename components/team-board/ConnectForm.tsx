import { useState } from 'react';
import { credentialsFromForm, crmCredentialFields, crmDescriptor } from '@/lib/crm/team-board';
import type { CrmId } from '@/lib/crm/types';
import { t } from '@/lib/i18n';
import { send } from '@/lib/messaging';
import { ConnectionForm } from '../connections/ConnectionForm';
import { askForHosts, useConnection } from '../connections/useConnection';
import { fieldOf, issueMessage } from '../localizeIssue';
import { SalesforceSignIn, type SignInConnected } from '../settings/SalesforceSignIn';
import { crmLabel, fieldLabel, teamErrorText } from './teamWords';

/**
 * The manager's connect form: which CRM, and the same credentials a rep pastes (fields from the
 * CRM's credential schema), or for a CRM signed in to (Salesforce) the same sign-in as Options → CRM
 * in the form's sign-in slot. The CRM's API origin is asked for in the click, the token is checked
 * with the CRM by the background and kept only when accepted.
 */
export function ConnectForm({ available, timeZone, onConnected }: { available: CrmId[]; timeZone: string; onConnected: () => void }) {
  const [crm, setCrm] = useState<CrmId | undefined>(available[0]);
  const [input, setInput] = useState<Record<string, string>>({});
  const { busy, message, setMessage, act } = useConnection(undefined);

  if (available.length === 0 || crm === undefined) {
    return (
      <p className="hint" data-testid="team-no-client">
        {t('teamNoClient')}
      </p>
    );
  }
  const label = crmLabel(crm);

  const connect = (id: CrmId) =>
    act(async () => {
      const parsed = credentialsFromForm(id, input);
      if (!parsed.success) {
        // In the UI's language, naming the field as the form does ("API token: at least 10 characters").
        const issue = parsed.error.issues[0];
        const field = issue && fieldOf(issue.path);
        const text = issue && field === 'webhookUrl' ? t('issueWebhookUrl') : issue && issueMessage(issue);
        return { ok: false, text: !issue || !text ? t('issueInvalid') : field ? t('issueWithField', [fieldLabel(id, field), text]) : text };
      }
      const descriptor = crmDescriptor(id);
      if (!descriptor) return { ok: false, text: t('teamErrorUnsupported', label) };
      // Only this CRM's API host.
      const refused = await askForHosts(descriptor.origins(parsed.data));
      if (refused) return refused;
      const result = await send({ type: 'team/connect', credentials: parsed.data });
      if (!result.ok) return { ok: false, text: teamErrorText(result.error, label, timeZone) };
      setInput({});
      onConnected();
      return undefined;
    });

  // A CRM the manager signs in to (Salesforce) fills the form's sign-in slot, as in Options → CRM, connecting the board.
  const signInConnect = async (credentials: Record<string, string>): Promise<SignInConnected> => {
    const parsed = credentialsFromForm(crm, credentials);
    const issue = !parsed.success ? parsed.error.issues[0] : undefined;
    if (!parsed.success) return { ok: false, text: issue ? issueMessage(issue) : t('issueInvalid') };
    const result = await send({ type: 'team/connect', credentials: parsed.data });
    if (!result.ok) return { ok: false, text: teamErrorText(result.error, label, timeZone) };
    onConnected();
    return { ok: true, text: t('teamConnectedAs', [label, result.status.account?.account ?? '', result.status.account?.userName ?? '—']) };
  };
  const signIn =
    crm === 'salesforce' ? (
      <SalesforceSignIn
        describe={(error) => teamErrorText(error, label, timeZone)}
        connect={(signedIn) => signInConnect({ ...signedIn })}
        onChanged={() => undefined}
        testIdPrefix="team-salesforce"
      />
    ) : undefined;

  return (
    <ConnectionForm
      className="crm-connect team-connect"
      testId="team-connect"
      input={
        signIn
          ? { kind: 'oauth', signIn }
          : {
              kind: 'fields',
              // No field help here: it speaks to a rep whose records are written, and the board only reads.
              fields: crmCredentialFields(crm).map((field) => ({
                name: field.name,
                label: fieldLabel(crm, field.name),
                note: field.optional && <span className="hint"> {t('teamOptional')}</span>,
                secret: field.secret,
                ...(field.type && !field.secret ? { type: field.type } : {}),
                ...(field.placeholder ? { placeholder: field.placeholder } : {}),
                testId: `team-input-${field.name}`,
              })),
              submit: { label: t('teamConnect'), testId: 'team-connect-button' },
            }
      }
      values={input}
      onValues={setInput}
      onSubmit={() => void connect(crm)}
      busy={busy}
      before={
        <label>
          {t('teamCrm')}
          <select
            value={crm}
            onChange={(e) => {
              setCrm(e.target.value as CrmId);
              setInput({});
              setMessage(undefined);
            }}
            data-testid="team-crm"
          >
            {available.map((id) => (
              <option key={id} value={id}>
                {crmLabel(id)}
              </option>
            ))}
          </select>
        </label>
      }
      after={<p className="hint">{t('teamTokenStaysHere', label)}</p>}
      {...(message && !message.ok ? { message: { ...message, testId: 'team-connect-error' } } : {})}
    />
  );
}
