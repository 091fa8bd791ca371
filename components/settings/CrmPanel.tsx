import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { ACTIVITY_KINDS, CHANNELS } from '@/lib/activity';
import { isCloudPortal, parseWebhookUrl } from '@/lib/crm/bitrix24';
import { CRM_FORMS } from '@/lib/crm/forms';
import { crmsInLocaleOrder } from '@/lib/crm/locale-order';
import type { CrmSyncSettings, OutboxError } from '@/lib/crm/outbox';
import { availableCrms, crmDescriptor } from '@/lib/crm/registry';
import { CrmCredentials, type CrmId } from '@/lib/crm/types';
import { formatNumber, t, uiLocale } from '@/lib/i18n';
import { CrmConnectResult, CrmOverview, CrmStatus } from '@/lib/messages';
import { send } from '@/lib/messaging';
import { useCrmVersion } from '../CrmWarning';
import { errorText } from '../errorText';
import { formatShortDateTime } from '../format';
import { fieldOf, issueMessage } from '../localizeIssue';
import { useRequest } from '../useRequest';
import { CrmChecks } from './CrmChecks';
import { CrmRecordOptions } from './CrmRecordOptions';
import { SalesforceSignIn, salesforceErrorText } from './SalesforceSignIn';

/**
 * A webhook on a self-hosted or own-domain Bitrix24 portal: said before Connect, since the browser's
 * prompt then names that host rather than a Bitrix24 domain.
 */
function selfHostedPortal(crm: CrmId, input: Record<string, string>): string | undefined {
  const webhook = crm === 'bitrix24' ? parseWebhookUrl(input.webhookUrl ?? '') : undefined;
  return webhook && !isCloudPortal(webhook.portal) ? webhook.portal : undefined;
}

/** A CRM failure in the rep's words: bad token, missing scope, wrong domain, no network… */
export function crmErrorText(error: OutboxError, label: string, timeZone: string): string {
  const signInAgain = salesforceErrorText(error, label);
  if (signInAgain) return signInAgain;
  switch (error.kind) {
    case 'rate_limited':
      return t('crmError_rate_limited', [label, formatShortDateTime(error.at, timeZone)]);
    case 'missing_scope':
      return t('crmError_missing_scope', error.message);
    case 'user_permission':
      return t('crmError_user_permission', [label, error.message]);
    case 'rejected':
    case 'server_error':
      return t(`crmError_${error.kind}`, [label, error.message]);
    case 'wrong_key':
    case 'expired_key':
    case 'wrong_domain':
    case 'network':
    case 'no_permission':
    case 'bad_payload':
    case 'not_found':
      return t(`crmError_${error.kind}`, label);
    default:
      return t('crmError_rejected', [label, error.message]);
  }
}

/**
 * What is wrong with the form's fields, in the UI's language and naming the field as the form does
 * ("Incoming webhook URL: looks like https://…/rest/1/…/"), before anything is asked or sent.
 */
export function credentialsProblem(crm: CrmId, input: Record<string, string>): string | undefined {
  const form = CRM_FORMS[crm];
  const present = Object.fromEntries(Object.entries(input).filter(([, v]) => v.trim() !== ''));
  const parsed = CrmCredentials.safeParse({ ...present, crm });
  const labelOf = (name: string | undefined) => {
    const field = form.fields.find((f) => f.name === name);
    return field ? t(field.label) : undefined;
  };
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (!issue) return t('issueInvalid');
    const field = fieldOf(issue.path);
    const message = field === 'webhookUrl' ? t('issueWebhookUrl') : issueMessage(issue);
    const label = labelOf(field);
    return label ? t('issueWithField', [label, message]) : message;
  }
  if (parsed.data.crm === 'bitrix24' && !parseWebhookUrl(parsed.data.webhookUrl))
    return t('issueWithField', [labelOf('webhookUrl') ?? 'webhookUrl', t('issueWebhookUrl')]);
  return undefined;
}

/** Only a page can prompt for a permission: the CRM's API host is asked for in the Connect click. */
function originsFor(crm: CrmId, input: Record<string, string>): string[] {
  const descriptor = crmDescriptor(crm);
  if (!descriptor) return [];
  const present = Object.fromEntries(Object.entries(input).filter(([, v]) => v.trim() !== ''));
  const parsed = CrmCredentials.safeParse({ ...present, crm });
  // Before the fields say which host, the CRM's own domains (not the every-site pattern self-hosted portals use).
  return parsed.success ? descriptor.origins(parsed.data) : descriptor.allOrigins.filter((o) => o !== 'https://*/*');
}

/**
 * Options → CRM: connect a CRM (its API host asked for in the click, the token checked, then kept in
 * this browser only and shown masked), what is sent to it, and how the sync stands: synced, waiting,
 * failed with the reason, the last success, Retry.
 */
export function CrmPanel({ timeZone }: { timeZone: string }) {
  const version = useCrmVersion();
  const overview = useRequest(async () => CrmOverview.parse(await send({ type: 'crm/status' })), [version]);
  const crms = crmsInLocaleOrder(availableCrms(), uiLocale());
  const connected = overview.data?.crms.find((c) => c.connected);
  const [picked, setPicked] = useState<CrmId>();
  const chosen = picked ?? connected?.id ?? crms[0]?.id;
  const status = overview.data?.crms.find((c) => c.id === chosen);
  return (
    <section id="crm" aria-labelledby="crm-title" data-testid="crm">
      <h2 id="crm-title">{t('crmTitle')}</h2>
      <p className="hint">{t('crmIntro')}</p>
      <fieldset className="crm-pick">
        <legend>{t('crmPick')}</legend>
        {crms.map((d) => {
          const s = overview.data?.crms.find((c) => c.id === d.id);
          return (
            <label key={d.id} className="inline">
              <input type="radio" name="crm" checked={chosen === d.id} onChange={() => setPicked(d.id)} data-testid={`crm-pick-${d.id}`} />
              {d.label}
              {s?.connected ? ` (${t('crmConnectedShort')})` : ''}
            </label>
          );
        })}
      </fieldset>
      {overview.error && (
        <p role="alert" className="error">
          {overview.error}
        </p>
      )}
      {chosen && status && <CrmConnection key={chosen} crm={chosen} status={status} timeZone={timeZone} onChanged={overview.reload} />}
    </section>
  );
}

function CrmConnection({ crm, status, timeZone, onChanged }: { crm: CrmId; status: CrmStatus; timeZone: string; onChanged: () => void }) {
  const form = CRM_FORMS[crm];
  const [input, setInput] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [checks, setChecks] = useState<CrmConnectResult['checks']>();

  async function act(run: () => Promise<void>) {
    setBusy(true);
    setMessage(undefined);
    try {
      await run();
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
      onChanged();
    }
  }

  const answered = (result: CrmConnectResult, okText: string) => {
    setChecks(result.checks);
    setMessage(
      result.ok
        ? { ok: true, text: okText }
        : {
            ok: false,
            // Nothing is connected yet: no sync "goes on when the network is back".
            text: !result.error
              ? t('crmNotConnected')
              : result.error.kind === 'network'
                ? t('crmConnectNetwork', status.label)
                : crmErrorText(result.error, status.label, timeZone),
          },
    );
  };

  const connect = () =>
    act(async () => {
      const problem = credentialsProblem(crm, input);
      if (problem) {
        setMessage({ ok: false, text: problem });
        return;
      }
      const origins = originsFor(crm, input);
      if (!(await browser.permissions.request({ origins }))) {
        setMessage({ ok: false, text: t('permissionRefused') });
        return;
      }
      const result = CrmConnectResult.parse(await send({ type: 'crm/connect', crm, input }));
      if (result.ok) setInput({});
      answered(result, t('crmConnectedAs', [result.status.account ?? status.label, result.status.userName || '—']));
    });

  if (!status.connected && crm === 'salesforce')
    return <SalesforceSignIn status={status} describe={(error) => crmErrorText(error, status.label, timeZone)} onChanged={onChanged} />;
  if (!status.connected) {
    const selfHosted = selfHostedPortal(crm, input);
    return (
      <form
        className="crm-connect"
        data-testid={`crm-${crm}-form`}
        onSubmit={(e) => {
          e.preventDefault();
          void connect();
        }}
      >
        <p className="hint">{t(form.howTo)}</p>
        {form.fields.map((field) => (
          <label key={field.name}>
            {t(field.label)}
            {field.optional ? ` ${t('crmOptional')}` : ''}
            <input
              type={field.type ?? (field.secret ? 'password' : 'text')}
              autoComplete="off"
              spellCheck={false}
              placeholder={field.placeholder}
              value={input[field.name] ?? ''}
              onChange={(e) => setInput({ ...input, [field.name]: e.target.value })}
              data-testid={`crm-${crm}-input-${field.name}`}
            />
            {field.help && <span className="hint">{t(field.help)}</span>}
          </label>
        ))}
        {selfHosted && (
          <p className="hint" data-testid="crm-bitrix24-self-hosted">
            {t('crmBitrix24NotCloud', selfHosted)}
          </p>
        )}
        <p className="hint">
          {t(
            'crmKeyStaysHere',
            originsFor(crm, input)
              .map((o) => o.replace(/\/\*$/, ''))
              .join(', '),
          )}
        </p>
        <button type="submit" disabled={busy} data-testid={`crm-${crm}-connect`}>
          {t('crmConnect')}
        </button>
        {message && (
          <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'hint' : 'error'} data-testid={`crm-${crm}-message`}>
            {message.text}
          </p>
        )}
      </form>
    );
  }

  const { counts } = status;
  return (
    <div className="crm-connection" data-testid={`crm-${crm}-connected`}>
      <p data-testid={`crm-${crm}-account`}>{t('crmConnectedAs', [status.account ?? status.label, status.userName || '—'])}</p>
      <dl className="connector-fields">
        {status.fields.map((field) => (
          <div key={field.name}>
            <dt>{t(`crmField_${crm}_${field.name}`)}</dt>
            <dd data-testid={`crm-${crm}-${field.name}`}>{field.value}</dd>
          </div>
        ))}
      </dl>
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
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'hint' : 'error'} data-testid={`crm-${crm}-message`}>
          {message.text}
        </p>
      )}
      {checks && <CrmChecks crm={crm} checks={checks} />}
      {status.settings && <CrmSettingsForm crm={crm} initial={status.settings} timeZone={timeZone} onSaved={onChanged} />}
    </div>
  );
}

const toDateInput = (ms: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));

/** Midnight of a yyyy-mm-dd in the rep's zone, as epoch ms. */
function fromDateInput(value: string, timeZone: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const utc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  // The zone's offset at that moment (close enough at midnight: a DST change is never at 00:00 UTC±offset).
  const shown = new Date(new Date(utc).toLocaleString('en-US', { timeZone }));
  const asUtc = new Date(new Date(utc).toLocaleString('en-US', { timeZone: 'UTC' }));
  return utc - (shown.getTime() - asUtc.getTime());
}

function CrmSettingsForm({
  crm,
  initial,
  timeZone,
  onSaved,
}: {
  crm: CrmId;
  initial: CrmSyncSettings;
  timeZone: string;
  onSaved: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const [from, setFrom] = useState(toDateInput(initial.fromDate, timeZone));
  const [state, setState] = useState<{ ok: boolean; text: string }>();
  useEffect(() => {
    setDraft(initial);
    setFrom(toDateInput(initial.fromDate, timeZone));
  }, [initial, timeZone]);
  const toggle = <T extends string>(list: readonly T[], value: T, on: boolean): T[] =>
    on ? [...new Set([...list, value])] : list.filter((v) => v !== value);

  async function save() {
    setState(undefined);
    const fromDate = fromDateInput(from, timeZone);
    if (fromDate === undefined) {
      setState({ ok: false, text: t('crmFromDateInvalid') });
      return;
    }
    try {
      CrmStatus.parse(await send({ type: 'crm/settings-save', crm, settings: { ...draft, fromDate } }));
      setState({ ok: true, text: t('crmSettingsSaved') });
      onSaved();
    } catch (e) {
      setState({ ok: false, text: errorText(e) });
    }
  }

  return (
    <form
      className="crm-settings"
      data-testid={`crm-${crm}-settings`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3>{t('crmSettingsTitle')}</h3>
      <fieldset>
        <legend>{t('crmSettingsKinds')}</legend>
        {ACTIVITY_KINDS.map((kind) => (
          <label key={kind} className="inline">
            <input
              type="checkbox"
              checked={draft.kinds.includes(kind)}
              onChange={(e) => setDraft({ ...draft, kinds: toggle(draft.kinds, kind, e.target.checked) })}
              data-testid={`crm-kind-${kind}`}
            />
            {t(`kind_${kind}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('crmSettingsChannels')}</legend>
        {CHANNELS.map((channel) => (
          <label key={channel} className="inline">
            <input
              type="checkbox"
              checked={draft.channels.includes(channel)}
              onChange={(e) => setDraft({ ...draft, channels: toggle(draft.channels, channel, e.target.checked) })}
              data-testid={`crm-channel-${channel}`}
            />
            {t(`channel_${channel}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('crmSettingsFrom')}
        <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid={`crm-${crm}-from`} />
      </label>
      <label className="inline">
        <input
          type="checkbox"
          checked={draft.includeSubjects}
          onChange={(e) => setDraft({ ...draft, includeSubjects: e.target.checked })}
          data-testid={`crm-${crm}-subjects`}
        />
        {t('crmSettingsSubjects')}
      </label>
      <label className="inline">
        <input
          type="checkbox"
          checked={draft.includeNames}
          onChange={(e) => setDraft({ ...draft, includeNames: e.target.checked })}
          data-testid={`crm-${crm}-names`}
        />
        {t('crmSettingsNames')}
      </label>
      <fieldset>
        <legend>{t('crmSettingsNoMatch')}</legend>
        <label className="inline">
          <input
            type="radio"
            checked={draft.noMatch === 'skip'}
            onChange={() => setDraft({ ...draft, noMatch: 'skip' })}
            data-testid={`crm-${crm}-nomatch-skip`}
          />
          {t('crmNoMatchSkip')}
        </label>
        <label className="inline">
          <input
            type="radio"
            checked={draft.noMatch === 'create'}
            onChange={() => setDraft({ ...draft, noMatch: 'create' })}
            data-testid={`crm-${crm}-nomatch-create`}
          />
          {t('crmNoMatchCreate')}
        </label>
      </fieldset>
      <CrmRecordOptions crm={crm} draft={draft} onChange={setDraft} />
      <p className="hint">{t('crmSettingsNeverBody')}</p>
      <button type="submit" data-testid={`crm-${crm}-settings-save`}>
        {t('crmSettingsSave')}
      </button>
      {state && (
        <p role={state.ok ? 'status' : 'alert'} className={state.ok ? 'hint' : 'error'}>
          {state.text}
        </p>
      )}
    </form>
  );
}
