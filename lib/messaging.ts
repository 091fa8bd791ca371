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

/**
 * Sends a request that is safe to repeat (it carries its own de-duplication key, such as
 * `activity/log` with a `requestId`) until the background answers. The browser may stop the worker
 * while it handles the request: the port closes and the answer never comes, though the write may or
 * may not have been committed; sending again is then harmless and makes sure it was.
 */
export async function sendUntilAnswered<T extends RequestType>(request: RequestOf<T>, tries = 5): Promise<ProtocolMap[T]> {
  for (let attempt = 1; ; attempt += 1) {
    let response: { ok: true; data: ProtocolMap[T] } | { ok: false; error: string } | undefined;
    try {
      response = (await browser.runtime.sendMessage(request)) as typeof response;
    } catch (error) {
      if (attempt >= tries) throw error;
    }
    if (response) {
      if (!response.ok) throw new Error(response.error);
      return response.data;
    }
    if (attempt >= tries) throw new Error('the extension did not answer');
    await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
  }
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
