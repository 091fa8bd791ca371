/**
 * The connections kit: what connecting an account to a service takes, written once for the phone
 * systems and calendars (lib/background/connectors.ts), the CRM sync (lib/background/crm.ts) and the
 * manager's team board (lib/background/team-board.ts); the page side is components/connections/.
 *
 * - secret.ts: the stored secret, parsed with its schema on every read and write, kept where the job
 *   says (the extension's database, or storage.local under `secret:`), never synced or exported.
 * - permission.ts: the optional host permission: asked in the click, checked before each request,
 *   given back on Disconnect unless another connection still holds the host.
 * - mask.ts: the one rule for showing a secret.
 * - pace.ts: a vendor's published windows (WindowPacer) or least interval (IntervalPacer).
 * - state.ts: not connected / checking / connected / error.
 * - errors.ts: one failure record, and failures in the rep's words (en + ru).
 *
 * A connection is either `fields` (keys the rep pastes) or `oauth` (a sign-in): the form takes one or
 * the other (components/connections/ConnectionForm.tsx).
 */
export {
  CONNECTION_ERROR_KINDS,
  type ConnectionErrorKind,
  errorInWords,
  errorWords,
  type Failure,
  type FailureRecord,
  failureRecord,
  type Surface,
} from './errors';
export { maskSecret, type ShownField, shownFields } from './mask';
export { IntervalPacer, MAX_PACE_WAIT_MS, type PacerOptions, type PaceStore, realSleep, type Send, spacedSend, WindowPacer } from './pace';
export { browserHostAccess, type HostAccess, type PermissionsApi, releaseHosts, requestHosts, shownHost } from './permission';
export {
  isSecretKey,
  SECRET_KEY_PREFIX,
  type SecretBackend,
  type SecretSlot,
  type StorageArea,
  secretSlot,
  storageLocalSecrets,
} from './secret';
export {
  type ConnectionEvent,
  type ConnectionPhase,
  type ConnectionState,
  isChecking,
  NOT_CONNECTED,
  nextConnectionState,
  stateOfStatus,
} from './state';

/** How the rep connects a service: pasting keys into fields, or signing in (OAuth) on the vendor's page. */
export type ConnectionMethod = 'fields' | 'oauth';
