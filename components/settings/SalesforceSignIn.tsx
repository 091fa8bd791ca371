import { useState } from 'react';
import { browser } from 'wxt/browser';
import { fetchAnswer } from '@/lib/api-connector/http';
import type { OutboxError } from '@/lib/crm/outbox';
import { type LaunchWebAuthFlow, signIn } from '@/lib/crm/salesforce/auth';
import { SalesforceConsumerKey, SalesforceMyDomain } from '@/lib/crm/salesforce/credentials';
import { t } from '@/lib/i18n';
import { CrmConnectResult, type CrmStatus } from '@/lib/messages';
import { send } from '@/lib/messaging';
import { errorText } from '../errorText';
import { CrmChecks } from './CrmChecks';

/**
 * Options → CRM → Salesforce: the org's My Domain URL and the app's consumer key, then "Sign in with
 * Salesforce". The click asks for `identity` and the My Domain host (only a page can prompt), runs
 * the PKCE sign-in in the browser's auth window (lib/crm/salesforce/auth.ts), and hands the tokens to
 * the background's connect like any CRM's credentials: checked, then kept in this browser only.
 */

type Identity = { launchWebAuthFlow: LaunchWebAuthFlow; getRedirectURL(): string };
const identity = () => (browser as unknown as { identity?: Identity }).identity;

/** The app's callback URL: the browser's own for this extension (Chrome's until `identity` is granted and the browser can say). */
function redirectUrl(): string {
  return identity()?.getRedirectURL() ?? `https://${browser.runtime.id}.chromiumapp.org/`;
}

/** Salesforce's "sign in again" (a refresh token that expired or was revoked), else undefined: the panel's own words apply. */
export function salesforceErrorText(error: Pick<OutboxError, 'kind'>, label: string): string | undefined {
  return label === 'Salesforce' && error.kind === 'expired_key' ? t('crmSalesforceSignInAgain') : undefined;
}

export function SalesforceSignIn({
  status,
  describe,
  onChanged,
}: {
  status: CrmStatus;
  /** The panel's words for a failed connect (crmErrorText). */
  describe: (error: OutboxError) => string;
  onChanged: () => void;
}) {
  const [myDomain, setMyDomain] = useState('');
  const [clientId, setClientId] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [checks, setChecks] = useState<CrmConnectResult['checks']>();

  async function connect() {
    const domain = SalesforceMyDomain.safeParse(myDomain);
    const key = SalesforceConsumerKey.safeParse(clientId);
    if (!domain.success || !key.success) {
      const [label, issue] = !domain.success
        ? ['crmField_salesforce_myDomain', domain.error]
        : ['crmField_salesforce_clientId', key.error!];
      setMessage({ ok: false, text: t('issueWithField', [t(label), issue.issues[0]?.message ?? t('issueInvalid')]) });
      return;
    }
    // The identity API appears once `identity` is held: asked for here in Chrome (optional); Firefox holds it from install.
    const permissions: 'identity'[] = identity() ? [] : ['identity'];
    if (!(await browser.permissions.request({ permissions, origins: [`${domain.data}/*`] }))) {
      setMessage({ ok: false, text: t('permissionRefused') });
      return;
    }
    const auth = identity();
    if (!auth) {
      setMessage({ ok: false, text: t('permissionRefused') });
      return;
    }
    const signed = await signIn({
      myDomain: domain.data,
      clientId: key.data,
      redirectUri: auth.getRedirectURL(),
      launch: (details) => auth.launchWebAuthFlow(details),
      send: (request) => fetchAnswer(request),
    });
    if (!signed.ok) {
      setMessage({ ok: false, text: describe({ ...signed.error, at: Date.now() }) });
      return;
    }
    const input = {
      myDomain: domain.data,
      clientId: key.data,
      accessToken: signed.value.accessToken,
      refreshToken: signed.value.refreshToken,
    };
    const result = CrmConnectResult.parse(await send({ type: 'crm/connect', crm: 'salesforce', input }));
    setChecks(result.checks);
    setMessage(
      result.ok
        ? { ok: true, text: t('crmConnectedAs', [result.status.account ?? status.label, result.status.userName || '—']) }
        : { ok: false, text: result.error ? describe(result.error) : t('crmNotConnected') },
    );
  }

  return (
    <form
      className="crm-connect"
      data-testid="crm-salesforce-form"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setMessage(undefined);
        connect()
          .catch((error: unknown) => setMessage({ ok: false, text: errorText(error) }))
          .finally(() => {
            setBusy(false);
            onChanged();
          });
      }}
    >
      <p className="hint">{t('crmHowTo_salesforce')}</p>
      <label>
        {t('crmField_salesforce_myDomain')}
        {/* Text, not url: "acme" or "acme.lightning.force.com" are fine here, and a url field would refuse them. */}
        <input
          type="text"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder="https://acme.my.salesforce.com"
          value={myDomain}
          onChange={(e) => setMyDomain(e.target.value)}
          data-testid="crm-salesforce-input-myDomain"
        />
      </label>
      <label>
        {t('crmField_salesforce_clientId')}
        <input
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={clientId}
          onChange={(e) => setClientId(e.target.value)}
          data-testid="crm-salesforce-input-clientId"
        />
        <span className="hint">{t('crmFieldHelp_salesforce_clientId')}</span>
      </label>
      <p className="hint" data-testid="crm-salesforce-redirect">
        {t('crmSalesforceRedirect', redirectUrl())}
      </p>
      <button type="submit" disabled={busy} data-testid="crm-salesforce-connect">
        {t('crmSalesforceSignIn')}
      </button>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'hint' : 'error'} data-testid="crm-salesforce-message">
          {message.text}
        </p>
      )}
      {checks && <CrmChecks crm="salesforce" checks={checks} />}
    </form>
  );
}
