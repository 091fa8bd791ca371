import { useEffect, useId, useState } from 'react';
import { browser } from 'wxt/browser';
import { API_SOURCE_IDS, type ApiSourceId, apiSource } from '@/lib/capture/api-sources';
import { type ConnectorErrorRecord, originFor } from '@/lib/capture/define-api-source';
import { HOOK_SOURCES } from '@/lib/capture/hook-sources';
import { errorInWords, shownHost } from '@/lib/connections';
import { formatNumber, t } from '@/lib/i18n';
import type { ConnectorStatus } from '@/lib/messages';
import { onBroadcast, send } from '@/lib/messaging';
import { type ConnectionField, ConnectionForm, MessageLine } from '../connections/ConnectionForm';
import { ShownFields } from '../connections/ShownFields';
import { askForHosts, useConnection } from '../connections/useConnection';
import { errorText } from '../errorText';
import { formatShortDateTime } from '../format';
import { useRequest } from '../useRequest';

const PHONE_LINK = HOOK_SOURCES['phone-link'];

/** A number that goes up each time the background says a connector changed (connected, polled, removed). */
export function useConnectorsVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => onBroadcast('connectors/changed', () => setVersion((v) => v + 1)), []);
  return version;
}

/** A connector failure in the rep's words (the connections kit's, as the Capture section says them). */
export function connectorErrorText(error: ConnectorErrorRecord, vendor: string, timeZone: string): string {
  return errorInWords(error, 'connector', vendor, (ms) => formatShortDateTime(ms, timeZone));
}

/**
 * The Capture section's "Phone systems and calendars": connect each with its key (checked with the
 * vendor first, then kept in this browser only, shown masked), test, fetch now, disconnect; the
 * last fetch, the last error and how much was recorded; and phone links on any site, opt-in.
 * Each origin is asked for here, in the click, since only a page can prompt the rep.
 */
export function ConnectorsPanel({ timeZone }: { timeZone: string }) {
  const version = useConnectorsVersion();
  const overview = useRequest(() => send({ type: 'connectors/status' }), [version]);
  const byId = new Map((overview.data?.connectors ?? []).map((c) => [c.id, c]));
  const calls = API_SOURCE_IDS.filter((id) => apiSource(id).captures === 'call');
  const meetings = API_SOURCE_IDS.filter((id) => apiSource(id).captures === 'meeting');
  return (
    <div className="connectors" data-testid="connectors">
      <h3>{t('connectorsTitle')}</h3>
      <p className="hint">{t('connectorsHint')}</p>
      <PhoneLinks setting={overview.data?.phoneLinks} onChanged={overview.reload} />
      <h4>{t('connectorsPhoneSystems')}</h4>
      {calls.map((id) => (
        <Connector key={id} id={id} status={byId.get(id)} timeZone={timeZone} onChanged={overview.reload} />
      ))}
      <h4>{t('connectorsCalendars')}</h4>
      {meetings.map((id) => (
        <Connector key={id} id={id} status={byId.get(id)} timeZone={timeZone} onChanged={overview.reload} />
      ))}
    </div>
  );
}

function PhoneLinks({
  setting,
  onChanged,
}: {
  setting: { enabled: boolean; defaultCallingCode?: string } | undefined;
  onChanged: () => void;
}) {
  const id = useId();
  const [code, setCode] = useState(setting?.defaultCallingCode ?? '');
  const [error, setError] = useState<string>();
  useEffect(() => setCode(setting?.defaultCallingCode ?? ''), [setting?.defaultCallingCode]);
  const enabled = setting?.enabled ?? false;

  async function turn(on: boolean) {
    setError(undefined);
    try {
      const defaultCallingCode = code.trim() || undefined;
      if (on) {
        // Asked in the click itself: the browser prompts only for a user gesture.
        const granted = await browser.permissions.request({
          origins: [...PHONE_LINK.origins],
          permissions: [...PHONE_LINK.permissions] as never,
        });
        if (!granted) {
          setError(t('permissionRefused'));
          return;
        }
      }
      await send({ type: 'phone-links/set', setting: { enabled: on, ...(defaultCallingCode ? { defaultCallingCode } : {}) } });
      if (!on)
        await browser.permissions
          .remove({ origins: [...PHONE_LINK.origins], permissions: [...PHONE_LINK.permissions] as never })
          .catch(() => false);
    } catch (e) {
      setError(errorText(e));
    } finally {
      onChanged();
    }
  }

  return (
    <fieldset className="phone-links" data-testid="phone-links">
      <legend>{t('phoneLinksTitle')}</legend>
      <label className="inline">
        <input type="checkbox" checked={enabled} onChange={(e) => void turn(e.target.checked)} data-testid="phone-links-toggle" />
        {t('phoneLinksEnable')}
      </label>
      <p className="hint">{t('phoneLinksHint')}</p>
      <label>
        {t('phoneLinksCallingCode')}
        <input
          id={`${id}-code`}
          inputMode="numeric"
          size={4}
          value={code}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 3))}
          onBlur={() => {
            if (enabled && code !== (setting?.defaultCallingCode ?? '')) void turn(true);
          }}
          data-testid="phone-links-code"
        />
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

function Connector({
  id,
  status,
  timeZone,
  onChanged,
}: {
  id: ApiSourceId;
  status: ConnectorStatus | undefined;
  timeZone: string;
  onChanged: () => void;
}) {
  const source = apiSource(id);
  const vendor = t(`channel_${id}`);
  const [input, setInput] = useState<Record<string, string>>({});
  const { busy, message, act } = useConnection(status, onChanged);
  const connected = status?.connected ?? false;
  const failed = (error: ConnectorErrorRecord) => ({ ok: false, text: connectorErrorText(error, vendor, timeZone) });

  const connect = () =>
    act(async () => {
      // Only this vendor's API host (a calendar feed: the pasted address's own), asked in the click;
      // an address that names no host asks for nothing (the background says what is wrong with it).
      const origin = source.originOf ? source.originOf(input) : source.origin;
      const refused = await askForHosts(origin ? [origin] : []);
      if (refused) return refused;
      const result = await send({ type: 'connectors/connect', id, input });
      if (result.ok) {
        setInput({});
        return { ok: true, text: t('connectorConnected') };
      }
      return result.error ? failed(result.error) : undefined;
    });

  const test = () =>
    act(async () => {
      const result = await send({ type: 'connectors/test', id });
      return result.ok ? { ok: true, text: t('connectorTestOk') } : failed(result.error!);
    });

  const fields: ConnectionField[] = source.fields.map((field) => ({
    name: field.name,
    label: t(`connectorField_${field.name}`),
    secret: field.secret,
    testId: `connector-${id}-input-${field.name}`,
  }));

  return (
    <details className="connector" open={connected} data-testid={`connector-${id}`} data-connected={connected}>
      <summary>
        {/* "Zadarma: подключено": the state is not an adjective agreeing with the vendor's name. */}
        {vendor}: <span className="hint">{connected ? t('connectorStateConnected', status?.account ?? '') : t('connectorStateOff')}</span>
      </summary>
      {connected && status ? (
        <>
          <ShownFields fields={status.fields} label={(name) => t(`connectorField_${name}`)} testId={(name) => `connector-${id}-${name}`} />
          <p className="hint" data-testid={`connector-${id}-status`}>
            {status.lastSuccessAt
              ? t('connectorLastFetch', formatShortDateTime(status.lastSuccessAt, timeZone))
              : t('connectorNeverFetched')}{' '}
            {t('connectorRecorded', formatNumber(status.recorded))}
          </p>
          {status.lastError && (
            <p className="warning" data-testid={`connector-${id}-error`}>
              {connectorErrorText(status.lastError, vendor, timeZone)}
            </p>
          )}
          <div className="row">
            <button type="button" disabled={busy} onClick={() => void test()}>
              {t('connectorTest')}
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() => void act(async () => void (await send({ type: 'connectors/poll', id, reason: 'manual' })))}
            >
              {t('connectorFetchNow')}
            </button>
            <button
              type="button"
              className="danger"
              disabled={busy}
              onClick={() => void act(async () => void (await send({ type: 'connectors/disconnect', id })))}
              data-testid={`connector-${id}-disconnect`}
            >
              {t('connectorDisconnect')}
            </button>
          </div>
        </>
      ) : (
        <ConnectionForm
          testId={`connector-${id}-form`}
          input={{ kind: 'fields', fields, submit: { label: t('connectorConnect'), testId: `connector-${id}-connect` } }}
          values={input}
          onValues={setInput}
          onSubmit={() => void connect()}
          busy={busy}
          after={
            (!source.originOf || source.originOf(input)) && (
              <p className="hint">{t('connectorKeyStaysHere', shownHost(originFor(source, input)))}</p>
            )
          }
        />
      )}
      {message && <MessageLine message={message} />}
    </details>
  );
}
