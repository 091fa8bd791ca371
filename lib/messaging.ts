import { browser } from 'wxt/browser';
import { Broadcast, type BroadcastType, type ProtocolMap, type Request, type RequestType } from './messages';

type RequestOf<T extends RequestType> = Extract<Request, { type: T }>;

/** Sends one protocol request to the background and returns its data, or throws its error. */
export async function send<T extends RequestType>(request: RequestOf<T>): Promise<ProtocolMap[T]> {
  const response = (await browser.runtime.sendMessage(request)) as
    | { ok: true; data: ProtocolMap[T] }
    | { ok: false; error: string }
    | undefined;
  if (!response) throw new Error('the extension did not answer');
  if (!response.ok) throw new Error(response.error);
  return response.data;
}

/** Announces a change to every open extension page; nobody listening is fine. */
export async function broadcast(message: Broadcast): Promise<void> {
  await browser.runtime.sendMessage(Broadcast.parse(message)).catch(() => undefined);
}

/** Calls `listener` for each broadcast of this type; returns the function that stops listening. */
export function onBroadcast<T extends BroadcastType>(type: T, listener: (message: Extract<Broadcast, { type: T }>) => void): () => void {
  const receive = (message: unknown) => {
    const parsed = Broadcast.safeParse(message);
    if (parsed.success && parsed.data.type === type) listener(parsed.data as Extract<Broadcast, { type: T }>);
  };
  browser.runtime.onMessage.addListener(receive);
  return () => browser.runtime.onMessage.removeListener(receive);
}
