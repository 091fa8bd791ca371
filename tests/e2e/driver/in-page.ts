/**
 * Functions evaluated inside the extension's pages, shared by both drivers. Each is
 * self-contained: it is serialised and run in the page, without this module's scope.
 */

/** Every object store of the extension's database, with keys (activities and kv). */
export function dumpDatabaseInPage(): Promise<Record<string, { key: unknown; value: unknown }[]>> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('quota-radar');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const names = [...db.objectStoreNames];
      const out: Record<string, { key: unknown; value: unknown }[]> = {};
      if (names.length === 0) {
        db.close();
        resolve(out);
        return;
      }
      const tx = db.transaction(names);
      for (const name of names) {
        const rows: { key: unknown; value: unknown }[] = (out[name] = []);
        const cursor = tx.objectStore(name).openCursor();
        cursor.onsuccess = () => {
          const c = cursor.result;
          if (!c) return;
          rows.push({ key: c.key, value: c.value });
          c.continue();
        };
      }
      tx.oncomplete = () => {
        db.close();
        resolve(out);
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}
