/**
 * Counts every IndexedDB read request made until `stop`, with the records it went through: what a
 * get returned, each step of a cursor (a cursor's request succeeds once per step), and for a count
 * the index entries it walked (its result: an index count walks every entry of its range, so a
 * History total counted again is seen). The cursor's own methods are left alone: idb recognises
 * them by identity, and a wrapped `continue` would end its iteration after one row.
 */
const READS = [
  [IDBObjectStore.prototype, ['get', 'getKey', 'getAll', 'getAllKeys', 'count', 'openCursor', 'openKeyCursor']],
  [IDBIndex.prototype, ['get', 'getKey', 'getAll', 'getAllKeys', 'count', 'openCursor', 'openKeyCursor']],
] as const;

export function countReads() {
  const counted = { requests: 0, records: 0 };
  const restore: (() => void)[] = [];
  for (const [proto, names] of READS) {
    for (const name of names) {
      const original = (proto as unknown as Record<string, (...args: unknown[]) => unknown>)[name]!;
      (proto as unknown as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
        counted.requests += 1;
        const request = original.apply(this, args) as IDBRequest | undefined;
        request?.addEventListener?.('success', () => {
          const result = request.result;
          if (result === null) return; // a cursor past its last row
          counted.records += Array.isArray(result) ? result.length : name === 'count' ? Number(result) : 1;
        });
        return request;
      };
      restore.push(() => {
        (proto as unknown as Record<string, unknown>)[name] = original;
      });
    }
  }
  return {
    counted,
    stop: () => {
      for (const undo of restore) undo();
    },
  };
}
