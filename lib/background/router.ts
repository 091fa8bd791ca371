import { describeZodError, type ProtocolMap, Request, type RequestType } from '../messages';

export type RequestOf<T extends RequestType> = Extract<Request, { type: T }>;
export type Handler<T extends RequestType> = (request: RequestOf<T>) => Promise<ProtocolMap[T]>;

/** One handler per request type: a type without one is a compile error. */
export type HandlerTable = { [T in RequestType]: Handler<T> };

export type Handled = { ok: true; data: unknown } | { ok: false; error: string };

/**
 * A handler's failure worded for the person who sees it: a full disk says so rather than
 * "AbortError". (Each write is one transaction, so the write that failed left nothing behind.)
 */
function describeFailure(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'QuotaExceededError') return 'storage is full: the browser refused to save. Free some disk space, then try again.';
  if (name === 'AbortError') return 'the browser did not finish saving (is the disk full?). Try again.';
  return error instanceof Error ? error.message : String(error);
}

/** Turns the handler table into the background's one message entry point, which never throws. */
export function createRouter(table: HandlerTable): (message: unknown) => Promise<Handled> {
  return async (message) => {
    const parsed = Request.safeParse(message);
    if (!parsed.success) return { ok: false, error: `invalid message: ${describeZodError(parsed.error)}` };
    try {
      const handler = table[parsed.data.type] as Handler<RequestType>;
      return { ok: true, data: await handler(parsed.data as never) };
    } catch (error) {
      return { ok: false, error: describeFailure(error) };
    }
  };
}
