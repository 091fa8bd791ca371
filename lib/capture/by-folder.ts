/**
 * Reads what each source folder exports under a file name (`import.meta.glob(..., { eager: true })`):
 * a source's detector, hooks and API client are found in its folder by name, so no central list
 * names them (all-sources.ts names the sources once). Vite resolves the globs at build time, in
 * every bundle and in Vitest; never import a module that globs from wxt.config.ts's imports (the
 * config is loaded without Vite).
 */
export type ModulesByPath = Record<string, Record<string, unknown>>;

/** `./<source>/detect.ts` → `<source>`. */
export function folderOf(path: string): string {
  const parts = path.split('/');
  return parts[parts.length - 2] ?? path;
}

/** Per folder, the first export of its module that `is` accepts (given the export's name too). */
export function pickByFolder<T>(modules: ModulesByPath, is: (value: unknown, folder: string, name: string) => value is T): Map<string, T> {
  const found = new Map<string, T>();
  for (const [path, exports] of Object.entries(modules)) {
    const folder = folderOf(path);
    const entry = Object.entries(exports).find(([name, candidate]) => is(candidate, folder, name));
    if (entry) found.set(folder, entry[1] as T);
  }
  return found;
}
