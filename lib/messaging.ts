import { browser } from 'wxt/browser';
import type { ProtocolMap, Request, RequestType } from './messages';

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
