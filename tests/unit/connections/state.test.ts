import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ConnectionEvent, type ConnectionState, NOT_CONNECTED, nextConnectionState, stateOfStatus } from '../../../lib/connections';

const run = (events: ConnectionEvent<string>[], from: ConnectionState<string> = NOT_CONNECTED) =>
  events.reduce(nextConnectionState<string>, from);

describe('the connection state machine', () => {
  it('connect: not connected → checking → connected', () => {
    const checking = run([{ type: 'check' }]);
    expect(checking).toEqual({ phase: 'checking', wasConnected: false });
    expect(nextConnectionState(checking, { type: 'accepted' })).toEqual({ phase: 'connected' });
  });

  it('a refused connect is an error with nothing kept; a failed test keeps the connection', () => {
    expect(run([{ type: 'check' }, { type: 'refused', error: 'wrong key' }])).toEqual({
      phase: 'error',
      error: 'wrong key',
      connected: false,
    });
    expect(run([{ type: 'check' }, { type: 'refused', error: 'expired' }], { phase: 'connected' })).toEqual({
      phase: 'error',
      error: 'expired',
      connected: true,
    });
  });

  it('a second check while one runs changes nothing; a late answer after Disconnect is ignored', () => {
    const checking = run([{ type: 'check' }], { phase: 'connected' });
    expect(nextConnectionState(checking, { type: 'check' })).toBe(checking);
    const gone = run([{ type: 'disconnected' }], checking);
    expect(gone).toEqual(NOT_CONNECTED);
    expect(nextConnectionState(gone, { type: 'accepted' })).toEqual(NOT_CONNECTED);
    expect(nextConnectionState(gone, { type: 'refused', error: 'late' })).toEqual(NOT_CONNECTED);
  });

  it('a status read follows the background, except while the rep waits for a check', () => {
    expect(run([{ type: 'status', connected: true }])).toEqual({ phase: 'connected' });
    expect(run([{ type: 'status', connected: true, error: 'network' }])).toEqual({ phase: 'error', error: 'network', connected: true });
    const checking = run([{ type: 'check' }]);
    expect(nextConnectionState(checking, { type: 'status', connected: true })).toBe(checking);
    expect(stateOfStatus(false)).toEqual(NOT_CONNECTED);
  });

  const event = fc.oneof(
    fc.constant<ConnectionEvent<string>>({ type: 'check' }),
    fc.constant<ConnectionEvent<string>>({ type: 'accepted' }),
    fc.constant<ConnectionEvent<string>>({ type: 'disconnected' }),
    fc.string({ maxLength: 5 }).map((error): ConnectionEvent<string> => ({ type: 'refused', error })),
    fc
      .record({ connected: fc.boolean(), error: fc.option(fc.string({ maxLength: 5 }), { nil: undefined }) })
      .map(({ connected, error }): ConnectionEvent<string> => ({ type: 'status', connected, ...(error !== undefined ? { error } : {}) })),
  );

  it('only a check starts checking, only a check ends in connected or refused, Disconnect always ends it', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), (events) => {
        let state: ConnectionState<string> = NOT_CONNECTED;
        for (const e of events) {
          const next = nextConnectionState(state, e);
          if (next.phase === 'checking' && state.phase !== 'checking') expect(e.type).toBe('check');
          if (state.phase !== 'checking' && (e.type === 'accepted' || e.type === 'refused')) expect(next).toBe(state);
          if (e.type === 'disconnected') expect(next).toEqual(NOT_CONNECTED);
          state = next;
        }
      }),
    );
  });
});
