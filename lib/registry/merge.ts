import { z } from 'zod';

/**
 * How features declare what they own (messages, stored keys) next to their code, and how the thin
 * registries (lib/messages.ts, lib/store/kv.ts) put the declarations together. Imports nothing but
 * zod's types, so that a feature can declare without importing the registry (no circles).
 */

/** The names two or more parts declare: never when each is declared once. */
type DeclaredTwice<Parts extends readonly object[], Seen = never> = Parts extends readonly [
  infer Head,
  ...infer Rest extends readonly object[],
]
  ? (keyof Head & Seen) | DeclaredTwice<Rest, Seen | keyof Head>
  : never;

type Merged<Parts extends readonly object[]> = Parts extends readonly [infer Head, ...infer Rest extends readonly object[]]
  ? Head & Merged<Rest>
  : unknown;

/**
 * The features' declarations as one object. A name declared by two features is a compile error
 * (the call then asks for an argument that names it) and, should a cast hide it, a thrown one.
 */
export function mergeDeclarations<const Parts extends readonly object[]>(
  parts: Parts,
  ..._declaredOnce: [DeclaredTwice<Parts>] extends [never] ? [] : [declaredTwice: `declared twice: ${DeclaredTwice<Parts> & string}`]
): { [K in keyof Merged<Parts>]: Merged<Parts>[K] } {
  const merged: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [name, value] of Object.entries(part)) {
      if (Object.hasOwn(merged, name)) throw new Error(`${name}: declared twice`);
      merged[name] = value;
    }
  }
  return merged as never;
}

/** One request a feature answers: its fields (without `type`, which is the name) and its answer. */
export interface MessageSpec {
  request: z.ZodObject;
  answer: z.ZodType;
}

/** A feature's messages, by type ("crm/status"): request and answer schemas side by side. */
export function defineMessages<const Specs extends Record<string, MessageSpec>>(specs: Specs): Specs {
  return specs;
}

/**
 * An answer's schema where the answer is built by the background itself (not parsed again by the
 * page that asked): its type only. A page that parses an answer declares a real schema instead.
 */
export const answerOf = <T>() => z.custom<T>();

/** A feature's stored keys: each with the schema every read and write of it goes through. */
export function defineKeys<const Schemas extends Record<string, z.ZodType>>(schemas: Schemas): Schemas {
  return schemas;
}

/**
 * Read and write access to some stored keys, as a feature asks for it: the store (which holds
 * every key) is one, without the feature importing the store's registry.
 */
export interface KeyedAccess<Schemas extends Record<string, z.ZodType>> {
  readKv<K extends keyof Schemas & string>(key: K): Promise<z.output<Schemas[K]> | undefined>;
  writeKv<K extends keyof Schemas & string>(key: K, value: z.input<Schemas[K]>): Promise<void>;
}
