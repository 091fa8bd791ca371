import { useCallback, useEffect, useReducer, useState } from 'react';
import { browser } from 'wxt/browser';
import {
  type ConnectionEvent,
  type ConnectionState,
  isChecking,
  NOT_CONNECTED,
  nextConnectionState,
  requestHosts,
} from '@/lib/connections';
import { t } from '@/lib/i18n';
import { errorText } from '../errorText';

/** What a connection's form says after an action: a success in a status line, a failure in an alert. */
export interface ConnectionMessage {
  ok: boolean;
  text: string;
}

const reduce = (state: ConnectionState<string>, event: ConnectionEvent<string>) => nextConnectionState(state, event);

/**
 * One connection's page state: the kit's state machine (checking disables the buttons), the last
 * message, and `act`, which runs one action (connect, test, fetch now, disconnect) and says what came
 * of it. `status`: the background's view, read again after every action.
 */
export function useConnection(status: { connected: boolean } | undefined, onChanged?: () => void) {
  const [state, dispatch] = useReducer(reduce, NOT_CONNECTED);
  const [message, setMessage] = useState<ConnectionMessage>();
  const connected = status?.connected ?? false;
  useEffect(() => dispatch({ type: 'status', connected }), [connected]);

  const act = useCallback(
    async (run: () => Promise<ConnectionMessage | undefined>) => {
      dispatch({ type: 'check' });
      setMessage(undefined);
      try {
        const said = await run();
        setMessage(said);
        dispatch(said && !said.ok ? { type: 'refused', error: said.text } : { type: 'accepted' });
      } catch (e) {
        const text = errorText(e);
        setMessage({ ok: false, text });
        dispatch({ type: 'refused', error: text });
      } finally {
        onChanged?.();
      }
    },
    [onChanged],
  );

  return { state, busy: isChecking(state), message, setMessage, act };
}

/**
 * Asks for the service's hosts in the click itself (the browser prompts only for a user gesture):
 * undefined when granted, else what to say.
 */
export async function askForHosts(origins: readonly string[], permissions: readonly string[] = []): Promise<ConnectionMessage | undefined> {
  const granted = await requestHosts(browser.permissions as never, origins, permissions);
  return granted ? undefined : { ok: false, text: t('permissionRefused') };
}
