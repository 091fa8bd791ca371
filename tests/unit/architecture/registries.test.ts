import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { HandlerTable } from '../../../lib/background/router';
import { MESSAGES, type ProtocolMap, Request } from '../../../lib/messages';
import { defineKeys, defineMessages, type KeyedAccess, mergeDeclarations } from '../../../lib/registry/merge';
import type { SETTINGS_KEYS } from '../../../lib/settings-keys';
import type { ActivityStore } from '../../../lib/store';
import { KV_SCHEMAS, validKv } from '../../../lib/store/kv';

/**
 * The registries refuse at compile time what would fail at run time: each `@ts-expect-error` below
 * is checked by `tsc --noEmit` (it fails when the line compiles). The functions are never called:
 * only the type checker reads them.
 */
export function compileTimeChecks(store: ActivityStore, table: HandlerTable) {
  const A = defineKeys({ a: z.string() });
  const B = defineKeys({ b: z.number() });
  mergeDeclarations([A, B]);
  // @ts-expect-error a key declared by two features
  mergeDeclarations([A, B, defineKeys({ a: z.boolean() })]);
  // @ts-expect-error a stored key needs a schema
  defineKeys({ c: 'string' });
  // @ts-expect-error a key no feature declares cannot be read
  void store.readKv('notDeclared');
  // @ts-expect-error nor written with a value its schema does not take
  void store.writeKv('trackingStart', 'yesterday');
  // A feature's narrow access takes the store as it is.
  const access: KeyedAccess<typeof SETTINGS_KEYS> = store;
  void access;

  const messages = defineMessages({ 'x/get': { request: z.object({}), answer: z.number() } });
  // @ts-expect-error a message declared twice
  mergeDeclarations([messages, defineMessages({ 'x/get': { request: z.object({ id: z.string() }), answer: z.null() } })]);
  // @ts-expect-error a message needs an answer schema
  defineMessages({ 'x/put': { request: z.object({}) } });

  // @ts-expect-error a request without a handler: the table misses one
  const missing: HandlerTable = { ...table, 'crm/status': undefined };
  void missing;
  // @ts-expect-error a handler must answer with the declared answer
  const wrong: HandlerTable = { ...table, 'ui/get': async () => 'yes' };
  void wrong;
  // The answer types come from the declarations.
  const answer: ProtocolMap['kinds/usage'] = { activities: 1, quotas: [] };
  void answer;
}

describe('the registries', () => {
  it('parse every declared request by its type, and nothing else', () => {
    const types = Request.options.map((option) => option.shape.type.value);
    expect(new Set(types)).toEqual(new Set(Object.keys(MESSAGES)));
    expect(Request.safeParse({ type: 'crm/status' }).success).toBe(true);
    expect(Request.safeParse({ type: 'crm/nope' }).success).toBe(false);
    expect(Request.safeParse({ type: 'ui/set', key: 'setupDismissed', value: 'yes' }).success).toBe(false);
  });

  it('refuse at run time what a cast slipped past the compiler', () => {
    const twice = [defineKeys({ a: z.string() }), defineKeys({ a: z.number() })] as unknown as [object];
    expect(() => mergeDeclarations(twice)).toThrow('a: declared twice');
    expect(() => validKv('notDeclared' as never, 1)).toThrow('not a stored key');
  });

  it('hold every key with a schema', () => {
    for (const [key, schema] of Object.entries(KV_SCHEMAS)) expect(schema, key).toBeInstanceOf(z.ZodType);
  });
});
