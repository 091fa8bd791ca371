/**
 * A connection's state as the rep sees it: not connected, checking (the service is being asked),
 * connected, or in error (the service refused, or a connected one stopped answering). One machine
 * for every connection, so every form disables its buttons and says what happened the same way.
 */
export type ConnectionPhase = 'not_connected' | 'checking' | 'connected' | 'error';

export type ConnectionState<E = unknown> =
  | { phase: 'not_connected' }
  | {
      phase: 'checking';
      /** Whether the credentials were kept before this check (a test, not a connect). */
      wasConnected: boolean;
    }
  | { phase: 'connected' }
  | {
      phase: 'error';
      error: E;
      /** Whether credentials are still kept (a failed test), or none are (a refused connect). */
      connected: boolean;
    };

export type ConnectionEvent<E = unknown> =
  /** Connect or Test was clicked: the service is being asked. */
  | { type: 'check' }
  /** The service accepted the credentials. */
  | { type: 'accepted' }
  /** The service (or the browser: a refused permission) said no, with why. */
  | { type: 'refused'; error: E }
  /** The credentials were forgotten. */
  | { type: 'disconnected' }
  /** The background's status was read again (another tab, a poll, a run). */
  | { type: 'status'; connected: boolean; error?: E };

export const NOT_CONNECTED: ConnectionState<never> = { phase: 'not_connected' };

/** The state a status read from the background shows. */
export function stateOfStatus<E>(connected: boolean, error?: E): ConnectionState<E> {
  if (error !== undefined) return { phase: 'error', error, connected };
  return connected ? { phase: 'connected' } : NOT_CONNECTED;
}

const keptCredentials = (state: ConnectionState<unknown>): boolean =>
  state.phase === 'connected' || (state.phase === 'error' && state.connected) || (state.phase === 'checking' && state.wasConnected);

/**
 * The next state. A check while one runs changes nothing (the second click waits for the first), and
 * an answer that arrives when nothing is being checked (a late one, after Disconnect) is ignored.
 */
export function nextConnectionState<E>(state: ConnectionState<E>, event: ConnectionEvent<E>): ConnectionState<E> {
  switch (event.type) {
    case 'check':
      return state.phase === 'checking' ? state : { phase: 'checking', wasConnected: keptCredentials(state) };
    case 'accepted':
      return state.phase === 'checking' ? { phase: 'connected' } : state;
    case 'refused':
      return state.phase === 'checking' ? { phase: 'error', error: event.error, connected: state.wasConnected } : state;
    case 'disconnected':
      return NOT_CONNECTED;
    case 'status':
      // What the rep is waiting for is answered by the check itself, not by a status read meanwhile.
      return state.phase === 'checking' ? state : stateOfStatus(event.connected, event.error);
  }
}

export const isChecking = (state: ConnectionState<unknown>): boolean => state.phase === 'checking';
