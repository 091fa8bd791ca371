import { t } from '../i18n';

/**
 * A connection's failures: one record shape (kept in state, sent to pages) and one place that puts
 * them in the rep's words, in English and Russian (public/_locales). A surface (the Capture
 * section's connectors, Options → CRM, the manager's team board) words the same kind its own way:
 * a rep's sync "goes on when the network is back", a manager's board does not.
 */

/** Every kind a connection may fail with: the vendor's network kinds, the CRMs', and the board's own. */
export const CONNECTION_ERROR_KINDS = [
  'wrong_key',
  'expired_key',
  'rate_limited',
  'bad_payload',
  'server_error',
  'rejected',
  'network',
  'no_permission',
  'address_reset',
  'missing_scope',
  'wrong_domain',
  'not_found',
  'user_permission',
  'not_connected',
  'unsupported',
] as const;
export type ConnectionErrorKind = (typeof CONNECTION_ERROR_KINDS)[number];

/** A failure as a client or a job names it. */
export interface Failure<K extends string = string> {
  kind: K;
  message: string;
  status?: number;
  retryAfterMs?: number;
}

/** A failure as it is kept and shown: when, and the message on one line and short enough to store. */
export interface FailureRecord<K extends string = string> {
  kind: K;
  message: string;
  status?: number;
  retryAfterMs?: number;
  /** When the service may be asked again (a rate limit). */
  retryAt?: number;
  at: number;
}

/** The one record builder. `wait`: how a rate limit's wait is kept (as asked, as a time, or not at all). */
export function failureRecord<K extends string>(
  { kind, message, status, retryAfterMs }: Failure<K>,
  at: number,
  wait: 'retryAfterMs' | { retryAt: number } | 'none' = 'retryAfterMs',
): FailureRecord<K> {
  return {
    kind,
    message: message.replace(/\s+/g, ' ').trim().slice(0, 300),
    ...(status !== undefined ? { status } : {}),
    ...(wait === 'retryAfterMs' && retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(typeof wait === 'object' && kind === 'rate_limited' ? { retryAt: wait.retryAt } : {}),
    at,
  };
}

export type Surface = 'connector' | 'crm' | 'team';

/** What a message takes: nothing, the service's name, the vendor's words, a time, or two of them. */
type Args = 'none' | 'service' | 'message' | 'service+message' | 'time' | 'service+time';
type Words = readonly [key: string, args: Args];

/** The surfaces' words per kind; a kind a surface does not name falls back to `other`. */
const WORDS: Record<Surface, { byKind: Partial<Record<ConnectionErrorKind, Words>>; other: (kind: string) => Words }> = {
  connector: {
    byKind: {
      rate_limited: ['connectorErrorRateLimited', 'time'],
      network: ['connectorErrorNetwork', 'service'],
      bad_payload: ['connectorErrorBadPayload', 'service'],
      rejected: ['connectorErrorRejected', 'service+message'],
      server_error: ['connectorErrorServer', 'service+message'],
    },
    other: (kind) => [`connectorError_${kind}`, 'none'],
  },
  crm: {
    byKind: {
      rate_limited: ['crmError_rate_limited', 'service+time'],
      missing_scope: ['crmError_missing_scope', 'message'],
      user_permission: ['crmError_user_permission', 'service+message'],
      rejected: ['crmError_rejected', 'service+message'],
      server_error: ['crmError_server_error', 'service+message'],
      wrong_key: ['crmError_wrong_key', 'service'],
      expired_key: ['crmError_expired_key', 'service'],
      wrong_domain: ['crmError_wrong_domain', 'service'],
      network: ['crmError_network', 'service'],
      no_permission: ['crmError_no_permission', 'service'],
      bad_payload: ['crmError_bad_payload', 'service'],
      not_found: ['crmError_not_found', 'service'],
    },
    other: () => ['crmError_rejected', 'service+message'],
  },
  team: {
    byKind: {
      wrong_key: ['teamErrorWrongKey', 'service'],
      expired_key: ['teamErrorExpiredKey', 'service'],
      missing_scope: ['teamErrorMissingScope', 'service+message'],
      wrong_domain: ['teamErrorWrongDomain', 'service'],
      network: ['teamErrorNetwork', 'service'],
      rate_limited: ['teamErrorRateLimited', 'service+time'],
      no_permission: ['teamErrorNoPermission', 'service'],
      server_error: ['teamErrorServer', 'service+message'],
      bad_payload: ['teamErrorBadPayload', 'service'],
      not_connected: ['teamErrorNotConnected', 'none'],
      unsupported: ['teamErrorUnsupported', 'service'],
    },
    // rejected, not_found: the CRM's own words.
    other: () => ['teamErrorRejected', 'service+message'],
  },
};

/** When a rate-limited surface says to look again: what the record keeps, else a minute after it. */
const retryTime = (surface: Surface, error: FailureRecord): number => {
  if (surface === 'crm') return error.at;
  return error.retryAt ?? error.at + (error.retryAfterMs ?? 60_000);
};

/** The message key and its substitutions for a failure (what `errorInWords` says, before translation). */
export function errorWords(
  error: FailureRecord,
  surface: Surface,
  service: string,
  formatTime: (ms: number) => string,
): [string, string[]] {
  const table = WORDS[surface];
  const [key, args] = table.byKind[error.kind as ConnectionErrorKind] ?? table.other(error.kind);
  const time = () => formatTime(retryTime(surface, error));
  const values: Record<Args, string[]> = {
    none: [],
    service: [service],
    message: [error.message],
    'service+message': [service, error.message],
    time: [time()],
    'service+time': [service, time()],
  };
  return [key, values[args]];
}

/** A failure in the rep's words, in the UI's language: what to do about it, not an HTTP status. */
export function errorInWords(error: FailureRecord, surface: Surface, service: string, formatTime: (ms: number) => string): string {
  const [key, substitutions] = errorWords(error, surface, service, formatTime);
  return t(key, substitutions.length ? substitutions : undefined);
}
