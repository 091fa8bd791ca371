import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cruise } from 'dependency-cruiser';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const config = createRequire(import.meta.url)(join(root, '.dependency-cruiser.cjs'));
const aliases = createRequire(import.meta.url)(join(root, '.dependency-cruiser.aliases.cjs'));

interface Dependency {
  resolved: string;
  dynamic: boolean;
  dependencyTypes: string[];
}

const FIRST_SCRIPT = 'entrypoints/popup-first-paint.ts';
const MODULE_ENTRY = 'entrypoints/popup/main.tsx';
/** What must stay out of everything parsed before the kept numbers' frame. */
const HEAVY =
  /node_modules\/(zod|react|react-dom|webextension-polyfill)\/|lib\/activity\.ts$|lib\/messages\.ts$|lib\/messaging\.ts$|lib\/i18n\.ts$/;

/**
 * The popup paints the kept numbers before React loads (issue 24: its first numbers within 1.25× a
 * blank page after a worker stop). Its first script (a classic script at the top of popup.html)
 * reads and paints them; the module entry runs between that paint and its frame. Everything either
 * imports statically is parsed before that frame: zod and React came in once through the theme
 * (lib/activity), an 80 kB chunk, and the polyfill through lib/i18n.
 */
describe("the popup's first script", () => {
  let modules: { source: string; dependencies: Dependency[] }[] = [];
  /** The modules `entry` brings in statically (type-only and dynamic imports left out). */
  const staticGraph = (entry: string) => {
    const bySource = new Map(modules.map((m) => [m.source, m]));
    const seen = new Set<string>();
    const visit = (source: string) => {
      if (seen.has(source)) return;
      seen.add(source);
      for (const d of bySource.get(source)?.dependencies ?? []) {
        if (d.dynamic || d.dependencyTypes.some((t) => t.startsWith('type'))) continue;
        visit(d.resolved);
      }
    };
    visit(entry);
    return [...seen];
  };

  beforeAll(async () => {
    const cwd = process.cwd();
    process.chdir(root);
    try {
      // node_modules kept as leaves (the project's rules exclude them), so that zod and React are seen.
      const options = { ...config.options, exclude: { path: '(^|/)(\\.wxt|\\.output)/' }, validate: false };
      const result = await cruise([FIRST_SCRIPT, MODULE_ENTRY], options, aliases.resolve, {
        tsConfig: { fileName: join(root, 'tsconfig.json') },
      });
      modules = (result.output as { modules: typeof modules }).modules;
    } finally {
      process.chdir(cwd);
    }
  }, 120_000);

  it('is a classic script at the top of the head, run before the CSS and module scripts the build adds after it', () => {
    const html = readFileSync(join(root, 'entrypoints/popup/index.html'), 'utf8');
    const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(tags[0]).toMatch(/src="\/popup-first-paint\.js"/);
    expect(tags[0]).not.toMatch(/type="module"|\bdefer\b|\basync\b/);
    expect(html.indexOf('popup-first-paint.js')).toBeLessThan(html.indexOf('</head>'));
    expect(html).not.toMatch(/<link\b/);
  });

  it('brings no package and none of the protocol, zod, React or the polyfill', () => {
    const first = staticGraph(FIRST_SCRIPT);
    expect(first).toContain('entrypoints/popup/first-paint.ts');
    expect(first).toContain('lib/kept-progress.ts');
    expect(first.filter((s) => s.includes('node_modules/') || HEAVY.test(s))).toEqual([]);
  });

  it('the module entry, run before that frame, brings none of them either (React comes by dynamic import)', () => {
    const entry = staticGraph(MODULE_ENTRY);
    expect(entry.filter((s) => HEAVY.test(s))).toEqual([]);
    expect(entry.some((s) => s.endsWith('mount.tsx'))).toBe(false);
    // The check sees what mount brings: React and the polyfill are reachable through the dynamic import.
    expect(modules.some((m) => /node_modules\/react\//.test(m.source))).toBe(true);
    expect(modules.some((m) => m.source.endsWith('lib/i18n.ts'))).toBe(true);
  });
});
