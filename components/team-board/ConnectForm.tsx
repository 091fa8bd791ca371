import { useState } from 'react';
import { browser } from 'wxt/browser';
import { credentialsFromForm, crmCredentialFields, crmDescriptor } from '@/lib/crm/team-board';
import type { CrmId } from '@/lib/crm/types';
import { t } from '@/lib/i18n';
import { send } from '@/lib/messaging';
import { errorText } from '../errorText';
import { fieldOf, issueMessage } from '../localizeIssue';
import { crmLabel, fieldLabel, teamErrorText } from './teamWords';

/**
 * The manager's connect form: which CRM, and the same credentials a rep pastes (fields from the
 * CRM's credential schema). The CRM's API origin is asked for in the click, the token is checked
 * with the CRM by the background and kept only when accepted.
 */
export function ConnectForm({ available, timeZone, onConnected }: { available: CrmId[]; timeZone: string; onConnected: () => void }) {
  const [crm, setCrm] = useState<CrmId | undefined>(available[0]);
  const [input, setInput] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  if (available.length === 0 || crm === undefined) {
    return (
      <p className="hint" data-testid="team-no-client">
        {t('teamNoClient')}
      </p>
    );
  }
  const label = crmLabel(crm);

  async function connect(id: CrmId) {
    setError(undefined);
    const parsed = credentialsFromForm(id, input);
    if (!parsed.success) {
      // In the UI's language, naming the field as the form does ("API token: at least 10 characters").
      const issue = parsed.error.issues[0];
      const field = issue && fieldOf(issue.path);
      const message = issue && field === 'webhookUrl' ? t('issueWebhookUrl') : issue && issueMessage(issue);
      setError(!issue || !message ? t('issueInvalid') : field ? t('issueWithField', [fieldLabel(id, field), message]) : message);
      return;
    }
    const descriptor = crmDescriptor(id);
    if (!descriptor) {
      setError(t('teamErrorUnsupported', label));
      return;
    }
    setBusy(true);
    try {
      // Only this CRM's API host, asked in the click itself: the browser prompts only for a user gesture.
      if (!(await browser.permissions.request({ origins: descriptor.origins(parsed.data) }))) {
        setError(t('permissionRefused'));
        return;
      }
      const result = await send({ type: 'team/connect', credentials: parsed.data });
      if (result.ok) {
        setInput({});
        onConnected();
      } else {
        setError(teamErrorText(result.error, label, timeZone));
      }
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="crm-connect team-connect"
      data-testid="team-connect"
      onSubmit={(e) => {
        e.preventDefault();
        void connect(crm);
      }}
    >
      <label>
        {t('teamCrm')}
        <select
          value={crm}
          onChange={(e) => {
            setCrm(e.target.value as CrmId);
            setInput({});
            setError(undefined);
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
      {/* No field help here: it speaks to a rep whose records are written, and the board only reads. */}
      {crmCredentialFields(crm).map((field) => (
        <label key={field.name}>
          {fieldLabel(crm, field.name)}
          {field.optional && <span className="hint"> {t('teamOptional')}</span>}
          <input
            type={field.secret ? 'password' : (field.type ?? 'text')}
            autoComplete="off"
            spellCheck={false}
            placeholder={field.placeholder}
            value={input[field.name] ?? ''}
            onChange={(e) => setInput({ ...input, [field.name]: e.target.value })}
            data-testid={`team-input-${field.name}`}
          />
        </label>
      ))}
      <p className="hint">{t('teamTokenStaysHere', label)}</p>
      <button type="submit" disabled={busy} data-testid="team-connect-button">
        {t('teamConnect')}
      </button>
      {error && (
        <p role="alert" className="error" data-testid="team-connect-error">
          {error}
        </p>
      )}
    </form>
  );
}
