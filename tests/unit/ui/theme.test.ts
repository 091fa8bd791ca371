// @vitest-environment jsdom
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installTheme, KIND_COLORS } from '../../../components/theme';
import { ACTIVITY_KINDS } from '../../../lib/activity';
import { badgeFor } from '../../../lib/quota/badge';
import { PACE_COLORS } from '../../../lib/quota/pace-colors';
import type { Pace, ProgressReport } from '../../../lib/quota/progress';
import { defaultQuotas } from '../../../lib/settings';

const ROOT = path.resolve(__dirname, '../../..');
const UI_DIRS = ['components', 'entrypoints/popup', 'entrypoints/options'];

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
}
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const PACES = Object.keys(PACE_COLORS) as Pace[];

describe('one theme for popup, options page and badge', () => {
  it('sets the badge’s pace colours and the chart colours as CSS variables', () => {
    installTheme();
    const style = document.documentElement.style;
    for (const pace of PACES) expect(style.getPropertyValue(`--pace-${pace}`)).toBe(PACE_COLORS[pace]);
    for (const kind of ACTIVITY_KINDS) expect(style.getPropertyValue(`--kind-${kind}`)).toBe(KIND_COLORS[kind]);
    // The badge paints with the same constants.
    const report = {
      workingToday: true,
      quotas: [{ pace: 'behind', measure: 'count', neededToday: 3, done: 1, target: 9, name: 'Calls' }],
    } as unknown as ProgressReport;
    expect(badgeFor(report, 'remaining_today').color).toBe(PACE_COLORS.behind);
  });

  it('uses every pace and kind variable in theme.css, defines no pace colour of its own, and has a dark scheme', () => {
    const css = read('components/theme.css');
    for (const pace of PACES) {
      expect(css).toContain(`var(--pace-${pace})`);
      expect(css).not.toMatch(new RegExp(`--pace-${pace}\\s*:`));
    }
    for (const kind of ACTIVITY_KINDS) expect(css).toContain(`var(--kind-${kind})`);
    expect(css).toMatch(/@media \(prefers-color-scheme: dark\)/);
  });

  it('is imported by both pages, whose own stylesheets hold no colour literals', () => {
    // The popup's stylesheet brings theme.css (one file before the kept numbers' first frame) and
    // installTheme waits for React's entry (mount.tsx); its first script sets the pace colours itself.
    const installs = { popup: 'mount.tsx', options: 'main.tsx' };
    for (const [page, entry] of Object.entries(installs)) {
      expect(read(`entrypoints/${page}/${entry}`)).toContain('installTheme()');
      expect(read(`entrypoints/${page}/style.css`)).not.toMatch(/#[0-9a-f]{3,8}\b|rgba?\(/i);
    }
    expect(read('entrypoints/popup/style.css')).toContain('@import "../../components/theme.css";');
    expect(read('entrypoints/popup/first-paint.ts')).toContain('PACE_COLORS');
  });
});

describe('UI source hygiene', () => {
  const sources = UI_DIRS.flatMap((dir) => filesUnder(dir, /\.tsx$/));

  it('finds the UI sources it checks', () => {
    expect(sources).toContain('entrypoints/popup/App.tsx');
    expect(sources).toContain('components/History.tsx');
  });

  it('has no colour written in a component: no hex literal, no colour in an inline style', () => {
    const offenders = sources.filter((file) => {
      const text = read(file);
      return /['"`]#[0-9a-f]{3,8}\b/i.test(text) || /style=\{\{[^}]*(colou?r|background|fill|stroke|border)/i.test(text);
    });
    expect(offenders).toEqual([]);
  });

  it('hard-codes no quota id: quotas are the rep’s, ids included', () => {
    const ids = defaultQuotas().map((q) => q.id);
    const offenders = sources.filter((file) => ids.some((id) => new RegExp(`['"\`]${id}['"\`]`).test(read(file))));
    expect(offenders).toEqual([]);
  });
});
