import type { CaptureSource } from '../capture-source';
import type { WatchRule } from '../watch-rules';

export const YAHOO_BATCH_PATH = /^\/ws\/v3\/batch$/;
/**
 * Yahoo names each batch in its query: messages.saveAndSend (compose send) and messages.send
 * (sending a saved draft). Everything else on /ws/v3/batch (list loads, flag updates) is noise.
 */
export const YAHOO_SEND_QUERY = /(^|&)name=messages\.(saveAndSend|send)/;

export const yahooRules: readonly WatchRule[] = [
  { hosts: ['mail.yahoo.com'], path: YAHOO_BATCH_PATH, query: YAHOO_SEND_QUERY, methods: ['POST'] },
];

/** The page side (what the tap bundles, the relay and the manifest read): rules only, no detector. */
export const page: CaptureSource = { rules: yahooRules };
