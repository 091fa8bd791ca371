import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createRouter, type HandlerTable } from '../../../lib/background/router';
import { Request } from '../../../lib/messages';
import { broadcast, onBroadcast } from '../../../lib/messaging';

/** A table where every handler fails the test if called, for tests that replace one of them. */
function table(overrides: Partial<HandlerTable>): HandlerTable {
  const unexpected = async () => expect.fail('unexpected handler called');
  const all = Object.fromEntries(Request.options.map((option) => [option.shape.type.value, unexpected])) as unknown as HandlerTable;
  return { ...all, ...overrides };
}

describe('the router', () => {
  it('never throws: a handler that throws becomes an error answer', async () => {
    const handle = createRouter(
      table({
        'ui/get': async () => {
          throw new Error('disk full');
        },
        'ui/set': async () => {
          throw 'not an Error';
        },
      }),
    );
    expect(await handle({ type: 'ui/get', key: 'setupDismissed' })).toEqual({ ok: false, error: 'disk full' });
    expect(await handle({ type: 'ui/set', key: 'setupDismissed', value: true })).toEqual({ ok: false, error: 'not an Error' });
  });

  it('parses before dispatch: the handler gets the parsed request, a bad one never reaches it', async () => {
    const seen = vi.fn(async () => true);
    const handle = createRouter(table({ 'ui/get': seen }));
    expect(await handle({ type: 'ui/get', key: 'setupDismissed', extra: 1 })).toEqual({ ok: true, data: true });
    expect(seen).toHaveBeenCalledWith({ type: 'ui/get', key: 'setupDismissed' });
    expect((await handle({ type: 'ui/get', key: 'other' })).ok).toBe(false);
    expect(seen).toHaveBeenCalledTimes(1);
  });

  it('a table without a handler for every request type does not compile', () => {
    const { 'progress/get': _missing, ...rest } = table({});
    // @ts-expect-error 'progress/get' has no handler
    const incomplete: HandlerTable = rest;
    expect(Object.keys(incomplete)).not.toContain('progress/get');
  });
});

describe('broadcasts', () => {
  it('a listener hears the broadcasts of its type, validated, until it stops listening', async () => {
    fakeBrowser.reset();
    const heard = vi.fn();
    const stop = onBroadcast('progress/changed', heard);
    await broadcast({ type: 'progress/changed' });
    expect(heard).toHaveBeenCalledWith({ type: 'progress/changed' });
    // Not a broadcast (a request going by, garbage): ignored.
    await fakeBrowser.runtime.sendMessage({ type: 'progress/get' }).catch(() => undefined);
    await fakeBrowser.runtime.sendMessage('progress/changed').catch(() => undefined);
    expect(heard).toHaveBeenCalledTimes(1);
    stop();
    await broadcast({ type: 'progress/changed' });
    expect(heard).toHaveBeenCalledTimes(1);
  });

  it('a broadcast outside the protocol is refused before it is sent', async () => {
    await expect(broadcast({ type: 'progress/exploded' } as never)).rejects.toThrow();
  });
});
