import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The page scripts (the tap bundles, the relay, the page-world hooks script) and what the manifest
 * reads stay free of packages, detectors and schemas: each entry's run-time imports, followed
 * file by file, stay in lib/capture/ and reach no detect.ts, types.ts, parse.ts or registry.ts.
 * Split from registry.test.ts (which holds every source to its registry).
 */

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CAPTURE_DIR = path.join(ROOT, 'lib/capture');
const sourceFolders = readdirSync(CAPTURE_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('what the page scripts load stays dependency-free', () => {
  /** The modules a file imports at run time (type-only imports are erased), resolved; packages by name. */
  function runtimeImports(file: string): string[] {
    const source = readFileSync(file, 'utf8');
    const specifiers = [...source.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?from\s+'([^']+)'/gm)].map((match) => match[1] as string);
    return specifiers.map((specifier) => (specifier.startsWith('.') ? path.resolve(path.dirname(file), `${specifier}.ts`) : specifier));
  }

  function closure(entry: string): string[] {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      if (path.isAbsolute(file)) for (const next of runtimeImports(file)) visit(next);
    };
    visit(entry);
    return [...seen];
  }

  // The manifest reads sources.ts (from all-sources.ts, the descriptors), each tap bundle its group, the
  // relay page-side.ts and page-hooks.ts, the page-world hooks script page-world-hooks.ts; the last
  // ones read each folder's rules.ts and hooks by glob, so those files are checked one by one.
  const folderFiles = sourceFolders.flatMap((id) =>
    ['source.ts', 'rules.ts', 'page-hook.ts', 'page-world-hook.ts', 'click-hook.ts']
      .map((file) => `lib/capture/${id}/${file}`)
      .filter((file) => existsSync(path.join(ROOT, file))),
  );
  for (const entry of [
    'lib/capture/all-sources.ts',
    'lib/capture/sources.ts',
    'lib/capture/page-side.ts',
    'lib/capture/tap-group-mail-and-messengers.ts',
    'lib/capture/tap-group-linkedin.ts',
    'lib/capture/tap-filter.ts',
    'lib/capture/page-hooks.ts',
    'lib/capture/page-world-hooks.ts',
    ...folderFiles,
  ]) {
    it(`${entry} pulls in no package, detector or schema`, () => {
      const loaded = closure(path.join(ROOT, entry)).map((file) => (path.isAbsolute(file) ? path.relative(ROOT, file) : file));
      expect(
        loaded.filter((file) => !file.startsWith('lib/capture/')),
        'outside lib/capture/',
      ).toEqual([]);
      expect(
        loaded.filter(
          (file) =>
            /\/(detect|types|parse|registry|define-detector)\.ts$/.test(file) ||
            (file.startsWith('lib/capture/linkedin/') && !/\/(rules|source)\.ts$/.test(file)),
        ),
      ).toEqual([]);
    });
  }
});
