import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cruise } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const config = createRequire(import.meta.url)(join(root, '.dependency-cruiser.cjs'));
const aliases = createRequire(import.meta.url)(join(root, '.dependency-cruiser.aliases.cjs'));

interface Dependency {
  resolved: string;
  dynamic: boolean;
  dependencyTypes: string[];
}

/**
 * The popup paints the kept numbers before React loads (issue 24: its first numbers within 1.25× a
 * blank page after a worker stop). Everything its entry imports statically is parsed before that
 * frame: zod and React came in once through the theme (lib/activity), an 80 kB chunk.
 */
describe("the popup's first script", () => {
  it('imports neither zod, React nor the protocol before its first frame (React comes by dynamic import)', async () => {
    const cwd = process.cwd();
    process.chdir(root);
    try {
      // node_modules kept as leaves (the project's rules exclude them), so that zod and React are seen.
      const options = { ...config.options, exclude: { path: '(^|/)(\\.wxt|\\.output)/' }, validate: false };
      const result = await cruise(['entrypoints/popup/main.tsx'], options, aliases.resolve, {
        tsConfig: { fileName: join(root, 'tsconfig.json') },
      });
      const modules = (result.output as { modules: { source: string; dependencies: Dependency[] }[] }).modules;
      const bySource = new Map(modules.map((m) => [m.source, m]));
      const first = new Set<string>();
      const visit = (source: string) => {
        if (first.has(source)) return;
        first.add(source);
        for (const d of bySource.get(source)?.dependencies ?? []) {
          if (d.dynamic || d.dependencyTypes.some((t) => t.startsWith('type'))) continue;
          visit(d.resolved);
        }
      };
      visit('entrypoints/popup/main.tsx');
      expect([...first].some((s) => s.endsWith('first-paint.ts'))).toBe(true);
      expect([...first].filter((s) => /node_modules\/(zod|react|react-dom)\/|lib\/activity\.ts$|lib\/messages\.ts$/.test(s))).toEqual([]);
      // The check sees what mount brings: React is reachable through the dynamic import.
      expect(modules.some((m) => /node_modules\/react\//.test(m.source))).toBe(true);
    } finally {
      process.chdir(cwd);
    }
  }, 120_000);
});
