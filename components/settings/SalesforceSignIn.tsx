import { type KeyboardEvent, useState } from 'react';
import { browser } from 'wxt/browser';
import { fetchAnswer } from '@/lib/api-connector/http';
import type { OutboxError } from '@/lib/crm/outbox';
import { type LaunchWebAuthFlow, signIn } from '@/lib/crm/salesforce/auth';
import { SalesforceConsumerKey, SalesforceMyDomain } from '@/lib/crm/salesforce/credentials';
import type { CrmError } from '@/lib/crm/types';
import { t } from '@/lib/i18n';
import type { CrmConnectResult } from '@/lib/messages';
import { errorText } from '../errorText';
import { CrmChecks } from './CrmChecks';

/**
 * Salesforce's sign-in, in the connect form's sign-in slot (ConnectionForm's `oauth` input) of
 * Options → CRM and of the manager's team board: the org's My Domain URL and the app's consumer key,
 * then "Sign in with Salesforce". The click asks for `identity` and the My Domain host (only a page
 * can prompt), runs the PKCE sign-in in the browser's auth window (lib/crm/salesforce/auth.ts), and
 * hands the credentials to `connect` (the rep's crm/connect, the board's team/connect): checked by
 * the background, then kept in this browser only. No <form> of its own: the slot is inside one.
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

/** What a sign-in gives the background to connect with. */
export interface SalesforceSignedIn {
  myDomain: string;
  clientId: string;
  accessToken: string;
  refreshToken: string;
}

/** The surface's answer to a connect: its words, and the connection check's lines where it has them. */
export interface SignInConnected {
  ok: boolean;
  text: string;
  checks?: CrmConnectResult['checks'];
}

export function SalesforceSignIn({
  describe,
  connect,
  onChanged,
  testIdPrefix = 'crm-salesforce',
}: {
  /** The surface's words for a failed sign-in (crmErrorText, teamErrorText). */
  describe: (error: CrmError & { at: number }) => string;
  connect: (input: SalesforceSignedIn) => Promise<SignInConnected>;
  onChanged: () => void;
  /** `crm-salesforce` in Options → CRM, `team-salesforce` on the board. */
  testIdPrefix?: string;
}) {
  const [myDomain, setMyDomain] = useState('');
  const [clientId, setClientId] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [checks, setChecks] = useState<CrmConnectResult['checks']>();
  const id = (name: string) => `${testIdPrefix}-${name}`;

  async function signInAndConnect() {
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
    const result = await connect({ myDomain: domain.data, clientId: key.data, ...signed.value });
    setChecks(result.checks);
    setMessage({ ok: result.ok, text: result.text });
  }

  const start = () => {
    if (busy) return;
    setBusy(true);
    setMessage(undefined);
    signInAndConnect()
      .catch((error: unknown) => setMessage({ ok: false, text: errorText(error) }))
      .finally(() => {
        setBusy(false);
        onChanged();
      });
  };
  // Enter in a field signs in, as a form's submit would.
  const onEnter = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    start();
  };

  return (
    <div className="crm-signin" data-testid={id('signin')}>
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
          onKeyDown={onEnter}
          data-testid={id('input-myDomain')}
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
          onKeyDown={onEnter}
          data-testid={id('input-clientId')}
        />
        <span className="hint">{t('crmFieldHelp_salesforce_clientId')}</span>
      </label>
      <p className="hint" data-testid={id('redirect')}>
        {t('crmSalesforceRedirect', redirectUrl())}
      </p>
      {/* type="button": the slot sits in the surface's form, whose own submit is not this sign-in. */}
      <button type="button" disabled={busy} onClick={start} data-testid={id('connect')}>
        {t('crmSalesforceSignIn')}
      </button>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'hint' : 'error'} data-testid={id('message')}>
          {message.text}
        </p>
      )}
      {checks && <CrmChecks crm="salesforce" checks={checks} />}
    </div>
  );
}
