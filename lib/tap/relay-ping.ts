/**
 * The popup's question to the active tab's relay: "are you there, and can you still reach the
 * background?" (tabs.sendMessage reaches only the relay of a live extension context: an orphaned
 * relay, left behind by an update, cannot answer). Dependency-free: bundled into the relay.
 */
export const RELAY_PING_TYPE = 'relay/ping';
export const RELAY_PONG_TYPE = 'relay/pong';

export const isRelayPing = (message: unknown): boolean =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === RELAY_PING_TYPE;
