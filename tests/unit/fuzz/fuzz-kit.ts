import { serialize } from 'node:v8';
import type { Harness } from '../service/harness';

/** Shared pieces of the fuzz tests: a seeded generator, hostile values, a store dump, a tally. */

/**
 * The gate (`npm test`) runs the fuzz cases at a size that keeps it within its ten minutes; `npm run bench`
 * runs them whole (QR_FUZZ_FULL=1): every hostile body on every site, the 100,000-row import.
 */
export const FUZZ_FULL = process.env.QR_FUZZ_FULL === '1';

/** mulberry32: seeded, so that a failing case can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

/** Objects whose own keys are `__proto__` and `constructor`, as JSON.parse makes them from a page's text. */
export const POLLUTING = (): unknown =>
  JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}}');

/** JSON text `depth` levels deep, built as text (JSON.stringify itself would overflow the stack). */
export function deeplyNestedJson(depth: number): string {
  return `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
}

export function deeplyNested(depth: number): unknown {
  let value: unknown = { leaf: true };
  for (let i = 0; i < depth; i += 1) value = i % 2 ? [value] : { a: value };
  return value;
}

/** Values a message field may carry when the sender is hostile or broken. */
export const HOSTILE_VALUES: readonly (() => unknown)[] = [
  () => undefined,
  () => null,
  () => true,
  () => 0,
  () => -1,
  () => 1.5,
  () => Number.NaN,
  () => Number.POSITIVE_INFINITY,
  () => 2 ** 60,
  () => '',
  () => 'x',
  () => '\u0000\uFFFD\u202E<script>',
  () => 'y'.repeat(100_000),
  () => [],
  () => [1, 'two', null],
  () => ({}),
  () => ({ type: 'progress/get' }),
  POLLUTING,
  () => deeplyNested(2000),
  () => new Date(0),
];

/** Every object store of the service's database, keys and values, as bytes: equal means untouched. */
export async function dumpStore(harness: Harness): Promise<Buffer> {
  // Untyped: every store, whatever the schema names.
  const db = harness.store.db as unknown as {
    objectStoreNames: DOMStringList;
    getAllKeys(name: string): Promise<unknown[]>;
    getAll(name: string): Promise<unknown[]>;
  };
  const names = [...db.objectStoreNames].sort();
  const out: Record<string, [unknown[], unknown[]]> = {};
  for (const name of names) out[name] = [await db.getAllKeys(name), await db.getAll(name)];
  return serialize(out);
}

export function prototypeSnapshot(): string {
  const probe = {} as Record<string, unknown>;
  return JSON.stringify([
    Object.getOwnPropertyNames(Object.prototype).sort(),
    probe.polluted,
    Object.getOwnPropertyNames(Array.prototype).sort().length,
  ]);
}

export type Ending = 'accepted' | 'refused' | 'crashed';

/** Cases per input kind and how they ended, printed as one line each. */
export class FuzzReport {
  private readonly rows = new Map<string, Record<Ending, number> & { examples: Set<string> }>();

  note(kind: string, ending: Ending, detail = ''): void {
    let row = this.rows.get(kind);
    if (!row) this.rows.set(kind, (row = { accepted: 0, refused: 0, crashed: 0, examples: new Set() }));
    row[ending] += 1;
    if (ending === 'crashed') console.error(`[fuzz] ${kind}: ${detail}`);
    if (detail && row.examples.size < 3) row.examples.add(detail.slice(0, 90));
  }

  crashed(): number {
    return [...this.rows.values()].reduce((sum, row) => sum + row.crashed, 0);
  }

  print(title: string): void {
    const lines = [...this.rows].map(([kind, row]) => {
      const tried = row.accepted + row.refused + row.crashed;
      const examples = row.examples.size ? `; e.g. ${[...row.examples].map((e) => JSON.stringify(e)).join(', ')}` : '';
      return `  ${kind}: ${tried} tried, ${row.accepted} accepted, ${row.refused} refused with an error, ${row.crashed} crashed${examples}`;
    });
    console.log(`[fuzz] ${title}\n${lines.join('\n')}`);
  }
}
