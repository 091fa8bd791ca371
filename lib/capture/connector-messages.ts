import { z } from 'zod';
import { answerOf, defineMessages } from '../registry/merge';
import { API_SOURCE_IDS } from './api-sources';
import type { PhoneLinksSetting } from './capture-keys';
import { ConnectorErrorRecord } from './define-api-source';

/** A connected API source (phone system, booking service). */
export const ApiSourceIdSchema = z.enum(API_SOURCE_IDS as [(typeof API_SOURCE_IDS)[number], ...(typeof API_SOURCE_IDS)[number][]]);

/** What the Capture section shows of one API source: never a secret, only its masked start. */
export const ConnectorStatus = z.object({
  id: ApiSourceIdSchema,
  connected: z.boolean(),
  /** The account its activities are recorded under. */
  account: z.string().optional(),
  /** The host permission it holds (a calendar feed's own origin), as `https://host/*`. */
  origin: z.string().optional(),
  /** The connect form's fields as stored: secret ones masked ("sk_l…"). */
  fields: z.array(z.object({ name: z.string(), value: z.string(), secret: z.boolean() })),
  connectedAt: z.number().optional(),
  lastPollAt: z.number().optional(),
  lastSuccessAt: z.number().optional(),
  lastError: ConnectorErrorRecord.optional(),
  retryAt: z.number().optional(),
  recorded: z.number().int().nonnegative(),
  lastRecorded: z.number().int().nonnegative().optional(),
});
export type ConnectorStatus = z.infer<typeof ConnectorStatus>;

export interface ConnectorsOverview {
  connectors: ConnectorStatus[];
  phoneLinks: PhoneLinksSetting;
}

/** A connect or test: whether the vendor accepted the key, and the status after it. */
export interface ConnectResult {
  ok: boolean;
  error?: ConnectorErrorRecord;
  status: ConnectorStatus;
}

/** The options page's Capture section: API sources connected, tested, polled, disconnected. */
export const CONNECTOR_MESSAGES = defineMessages({
  'connectors/status': { request: z.object({}), answer: answerOf<ConnectorsOverview>() },
  /** Connect an API source with what the rep pasted (the options page asked for its origin first). */
  'connectors/connect': {
    request: z.object({ id: ApiSourceIdSchema, input: z.record(z.string().max(50), z.string().max(8000)) }),
    answer: answerOf<ConnectResult>(),
  },
  'connectors/test': { request: z.object({ id: ApiSourceIdSchema }), answer: answerOf<ConnectResult>() },
  /** Forget the key and give the API origin's permission back. */
  'connectors/disconnect': { request: z.object({ id: ApiSourceIdSchema }), answer: ConnectorStatus },
  /** Fetch now: one source, or all (the popup opening, debounced). */
  'connectors/poll': {
    request: z.object({ id: ApiSourceIdSchema.optional(), reason: z.enum(['popup', 'manual']) }),
    answer: answerOf<{ polled: string[] }>(),
  },
});
