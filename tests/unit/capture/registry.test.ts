import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import pageWorldHooks from '../../../entrypoints/page-world-hooks.content';
import relay from '../../../entrypoints/relay.content';
import tapMail from '../../../entrypoints/tap.content';
import tapLinkedIn from '../../../entrypoints/tap-linkedin.content';
import type { ApiAnswer } from '../../../lib/api-connector/http';
import { DETECTORS } from '../../../lib/capture';
import { API_SOURCE_DESCRIPTORS } from '../../../lib/capture/all-sources';
import { API_SOURCE_IDS, API_SOURCES, type ApiSourceId, apiSource } from '../../../lib/capture/api-sources';
import { HOOK_SOURCE_IDS, HOOK_SOURCES, type HookSourceId } from '../../../lib/capture/hook-sources';
import { PAGE_HOOKS } from '../../../lib/capture/page-hooks';
import { PAGE_WORLD_HOOKS } from '../../../lib/capture/page-world-hooks';
import { DETECTOR_BY_SOURCE } from '../../../lib/capture/registry';
import { detectAll } from '../../../lib/capture/run';
import { CAPTURE_SOURCES, pageHostsOf, SOURCE_IDS, type SourceId } from '../../../lib/capture/sources';
import type { DetectorEvent, Observation } from '../../../lib/capture/types';
import { WATCHED_HOSTS } from '../../../lib/watched-hosts';
import wxtConfig from '../../../wxt.config';
import type { SourceFixtures } from '../../builders/source-fixtures';
import type { ApiSourceFixtures } from '../../fixtures/connectors/api-source-fixtures';

/**
 * Holds the capture registry true: every folder under lib/capture/ is a registered source of one
 * of three kinds, each with what that kind needs, tests and fixtures, and no source fails on any
 * fixture. Adding a source is one folder plus its registry lines; this test names what is missing.
 *
 * - Page sources (sources.ts, registry.ts): their input is a request the page made; rules, detector,
 *   hosts in the manifest.
 * - API sources (api-sources.ts): their input is a page of a vendor's API; source.ts, the API origin
 *   among the optional host permissions (never asked at install).
 * - Hook sources (hook-sources.ts): their input is a click on any page the rep allowed; page-hook.ts
 *   and detect.ts, sites and API permissions optional, a content script registered at run time.
 *
 * Fixture convention: tests/builders/<source>.ts exports `captureFixtures` (source-fixtures.ts);
 * each positive yields at least one record, no negative yields one.
 *
 * Over 300 lines: the three kinds of source each need their own checks over every source; what the
 * page scripts may import is in page-scripts.test.ts, adding a source in architecture/adding-a-source.test.ts.
 */

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CAPTURE_DIR = path.join(ROOT, 'lib/capture');
const sourceFolders = readdirSync(CAPTURE_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** Every tap bundle's pages together (a page tapped twice would lose the second bundle's rules). */
const tapMatches = [...(tapMail.matches as string[]), ...(tapLinkedIn.matches as string[])];

/** No participants known: the fixtures must stand on their own. The rep's colleagues are at seller.example. */
const context = { participantsOf: () => undefined, internalDomains: ['seller.example'] };

const records = (events: DetectorEvent[]) => events.filter((event) => event.type === 'record');

async function fixturesOf(id: string): Promise<SourceFixtures | undefined> {
  const file = path.join(ROOT, 'tests/builders', `${id}.ts`);
  if (!existsSync(file)) return undefined;
  const module = (await import(/* @vite-ignore */ file)) as { captureFixtures?: SourceFixtures };
  return module.captureFixtures;
}

/** Whether some unit test imports from lib/capture/<id>/ (the source's own tests). */
function hasTests(id: string): boolean {
  const dir = path.join(ROOT, 'tests/unit');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.test.ts'));
  return files.some((file) => readFileSync(path.join(dir, file), 'utf8').includes(`lib/capture/${id}/`));
}

type Manifest = {
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
};
const manifestFor = (browser: string): Manifest => (wxtConfig.manifest as (env: { browser: string }) => Manifest)({ browser });

describe('capture registry', () => {
  it('every folder under lib/capture/ is a registered source of one kind, and every source has its folder', () => {
    const registered = [...SOURCE_IDS, ...API_SOURCE_IDS, ...HOOK_SOURCE_IDS];
    expect(new Set(registered).size, 'a source is registered once, in one registry').toBe(registered.length);
    expect(sourceFolders, 'folders in lib/capture/ vs sources in sources.ts, api-sources.ts and hook-sources.ts').toEqual(
      [...registered].sort(),
    );
    expect(Object.keys(DETECTOR_BY_SOURCE).sort(), 'detectors in lib/capture/registry.ts').toEqual([...SOURCE_IDS].sort());
    expect(DETECTORS.map((detector) => detector.id)).toEqual(SOURCE_IDS);
  });

  for (const id of SOURCE_IDS) {
    describe(id, () => {
      it('has rules.ts and a detector, and the detector watches with the very rules the tap uses', async () => {
        expect(existsSync(path.join(CAPTURE_DIR, id, 'rules.ts')), `lib/capture/${id}/rules.ts`).toBe(true);
        expect(existsSync(path.join(CAPTURE_DIR, id, 'detect.ts')), `lib/capture/${id}/detect.ts`).toBe(true);
        const source = CAPTURE_SOURCES[id as SourceId];
        const detector = DETECTOR_BY_SOURCE[id as SourceId];
        expect(source, `${id} is not in lib/capture/sources.ts`).toBeDefined();
        expect(detector?.id).toBe(id);
        expect(detector?.rules, 'rules are written once: the detector gets the registered rules').toBe(source.rules);
        const exported = Object.values(await import(/* @vite-ignore */ path.join(CAPTURE_DIR, id, 'rules.ts')));
        expect(exported, `the registered rules of ${id} come from its rules.ts`).toContain(source.rules);
        expect(source.rules.length).toBeGreaterThan(0);
      });

      it('runs on every host its rules name, or on the pages it names instead: the content scripts match them', () => {
        const source: { rules: readonly { hosts: readonly string[] }[]; pages?: readonly string[]; tap?: false } | undefined =
          CAPTURE_SOURCES[id as SourceId];
        const pages = source?.pages ?? source?.rules.flatMap((rule) => rule.hosts) ?? [];
        expect(pages.length, `${id} runs on some page`).toBeGreaterThan(0);
        for (const host of pages) {
          // A source with nothing to tap reports through its page-world hook instead (checked below).
          if (source?.tap === false) expect(tapMatches, `tap stays off ${host}`).not.toContain(`https://${host}/*`);
          else
            expect(
              tapMatches.filter((m) => m === `https://${host}/*`),
              `exactly one tap bundle matches ${host}`,
            ).toHaveLength(1);
          expect(relay.matches, `relay matches ${host}`).toContain(`https://${host}/*`);
        }
        if (source?.tap === false)
          expect(existsSync(path.join(CAPTURE_DIR, id, 'page-world-hook.ts')), `${id} has no tap, so it needs a page-world hook`).toBe(
            true,
          );
      });

      it('registers its page hook when it has one, and its page-world hook on its pages', () => {
        const hasHook = existsSync(path.join(CAPTURE_DIR, id, 'page-hook.ts'));
        expect(PAGE_HOOKS[id] !== undefined, `lib/capture/${id}/page-hook.ts exports relayHook`).toBe(hasHook);
        if (hasHook) expect(PAGE_HOOKS[id]?.pages, `the page hook of ${id} runs on its pages`).toEqual(pageHostsOf(id as SourceId));
        const hasPageWorldHook = existsSync(path.join(CAPTURE_DIR, id, 'page-world-hook.ts'));
        expect(
          PAGE_WORLD_HOOKS[id as SourceId] !== undefined,
          `lib/capture/${id}/page-world-hook.ts vs lib/capture/page-world-hooks.ts`,
        ).toBe(hasPageWorldHook);
        if (hasPageWorldHook) {
          expect(PAGE_WORLD_HOOKS[id as SourceId]?.pages, `the page-world hook of ${id} runs on its pages`).toEqual(
            pageHostsOf(id as SourceId),
          );
          for (const host of pageHostsOf(id as SourceId)) {
            expect(pageWorldHooks.matches, `page-world hooks script matches ${host}`).toContain(`https://${host}/*`);
          }
        }
      });

      it('has its own test file and a fixture set with positives and negatives', async () => {
        expect(existsSync(path.join(ROOT, 'tests/unit/capture', `${id}.test.ts`)), `tests/unit/capture/${id}.test.ts`).toBe(true);
        const fixtures = await fixturesOf(id);
        expect(fixtures, `tests/builders/${id}.ts exports captureFixtures`).toBeDefined();
        expect(Object.keys(fixtures?.positive ?? {}).length, 'positive fixtures').toBeGreaterThan(0);
        expect(Object.keys(fixtures?.negative ?? {}).length, 'negative fixtures').toBeGreaterThan(0);
      });

      it('records each positive fixture, none of the negatives, and fails on none', async () => {
        const fixtures = await fixturesOf(id);
        const detector = DETECTOR_BY_SOURCE[id as SourceId];
        for (const [name, observation] of Object.entries(fixtures?.positive ?? {})) {
          expect(detector.watches(observation.request.method, new URL(observation.request.url)), `${name} is a ${id} request`).toBe(true);
          const { events, failures } = detectAll(DETECTORS, observation, context);
          expect(failures, `${name}: detector failures`).toEqual([]);
          expect(records(events).length, `${name}: records`).toBeGreaterThan(0);
        }
        for (const [name, observation] of Object.entries(fixtures?.negative ?? {})) {
          const { events, failures } = detectAll(DETECTORS, observation, context);
          expect(failures, `${name}: detector failures`).toEqual([]);
          expect(records(events), `${name}: records`).toEqual([]);
        }
      });

      it('learns who engaged from each engagement fixture, recording nothing (issue 15, point 4)', async () => {
        const fixtures = await fixturesOf(id);
        for (const [name, { observation, context: extra }] of Object.entries(fixtures?.learnsEngagement ?? {})) {
          const { events, failures } = detectAll(DETECTORS, observation, { ...context, ...extra });
          expect(failures, `${name}: detector failures`).toEqual([]);
          expect(records(events), `${name}: records`).toEqual([]);
          expect(events.filter((event) => event.type === 'engagement').length, `${name}: engagement`).toBeGreaterThan(0);
          // Where the answer needs context to be about the rep's post, without it the same answer teaches nothing.
          if (extra) expect(detectAll(DETECTORS, observation, context).events.filter((event) => event.type === 'engagement')).toEqual([]);
        }
      });
    });
  }

  for (const id of API_SOURCE_IDS) {
    describe(`${id} (API source)`, () => {
      const fixturesOf = async (): Promise<ApiSourceFixtures | undefined> => {
        const file = path.join(ROOT, 'tests/fixtures/connectors', id, 'index.ts');
        if (!existsSync(file)) return undefined;
        return ((await import(/* @vite-ignore */ file)) as { apiFixtures?: ApiSourceFixtures }).apiFixtures;
      };

      it('has source.ts and api.ts, its client found in api.ts, with the origin and poll cadence its descriptor names', async () => {
        expect(existsSync(path.join(CAPTURE_DIR, id, 'source.ts')), `lib/capture/${id}/source.ts`).toBe(true);
        expect(existsSync(path.join(CAPTURE_DIR, id, 'api.ts')), `lib/capture/${id}/api.ts`).toBe(true);
        const exported = Object.values(await import(/* @vite-ignore */ path.join(CAPTURE_DIR, id, 'api.ts')));
        expect(exported).toContain(API_SOURCES[id].source);
        const descriptor = API_SOURCE_DESCRIPTORS.find((source) => source.id === id);
        expect(descriptor?.origin, 'the descriptor (read by the manifest) and the client ask for one origin').toBe(apiSource(id).origin);
        expect(descriptor?.captures, 'the descriptor and the client capture the same kind').toBe(apiSource(id).captures);
        expect(API_SOURCES[id].pollMinutes).toBeGreaterThanOrEqual(5);
      });

      it('asks for its API origin only as an optional permission, in Chrome and Firefox', () => {
        const source = apiSource(id);
        // A source whose host is what the rep pastes (a calendar feed) asks for that address's origin only,
        // which the manifest's optional every-site pattern covers; never for every site itself.
        if (source.originOf) {
          expect(source.originOf({ url: 'https://calendar.example.net/feed.ics' })).toBe('https://calendar.example.net/*');
          expect(source.originOf({ url: 'https://*/x' })).toBeUndefined();
        }
        const origin = source.originOf ? source.originOf({ url: 'https://calendar.example.net/feed.ics' })! : source.origin;
        const patterns = (manifest: { optional_host_permissions?: string[] }) => manifest.optional_host_permissions ?? [];
        expect(origin).toMatch(/^https:\/\/[a-z0-9.-]+\/\*$/);
        if (source.originOf) {
          for (const browser of ['chrome', 'firefox']) expect(patterns(manifestFor(browser))).toContain(source.origin);
          return;
        }
        for (const browser of ['chrome', 'firefox']) {
          const manifest = manifestFor(browser);
          expect(manifest.optional_host_permissions).toContain(origin);
          expect(manifest.host_permissions ?? []).not.toContain(origin);
        }
      });

      it('has its tests and a fixture set with positives and negatives', async () => {
        expect(hasTests(id), `a test under tests/unit imports lib/capture/${id}/`).toBe(true);
        const fixtures = await fixturesOf();
        expect(fixtures, `tests/fixtures/connectors/${id}/index.ts exports apiFixtures`).toBeDefined();
        expect(Object.keys(fixtures?.positive ?? {}).length, 'positive fixtures').toBeGreaterThan(0);
        expect(Object.keys(fixtures?.negative ?? {}).length, 'negative fixtures').toBeGreaterThan(0);
      });

      it('records from each positive page, nothing from the negatives', async () => {
        const fixtures = (await fixturesOf())!;
        const source = apiSource(id as ApiSourceId);
        const secret = source.secret.parse(fixtures.secret);
        const read = async (name: string, fixture: ApiSourceFixtures['positive'][string]) => {
          const cursor = fixture.cursor === undefined ? undefined : source.cursor.parse(fixture.cursor);
          const page = source.pager(secret, fixtures.since, fixtures.now).parse(fixture.answer, cursor);
          if (!page.ok) return [];
          const send = async (request: Parameters<NonNullable<ApiSourceFixtures['more']>>[0]) =>
            fixtures.more?.(request) ?? { error: { kind: 'network' as const, message: `${name}: unexpected request ${request.url}` } };
          const { events } = await source.toEvents(
            page.items,
            fixture.owner ?? fixtures.owner,
            { send, internalDomains: ['seller.example'], now: fixtures.now },
            secret,
          );
          return records(events);
        };
        for (const [name, fixture] of Object.entries(fixtures.positive)) {
          expect((await read(name, fixture)).length, `${name}: records`).toBeGreaterThan(0);
        }
        for (const [name, fixture] of Object.entries(fixtures.negative)) {
          expect(await read(name, fixture), `${name}: records`).toEqual([]);
        }
      });
    });
  }

  it('no API source throws on any fixture answer or on answers in no documented shape', async () => {
    const answers: ApiAnswer[] = [
      { status: 200, headers: {}, body: '' },
      { status: 200, headers: {}, body: 'null' },
      { status: 200, headers: {}, body: '[]' },
      { status: 200, headers: {}, body: '{}' },
      { status: 200, headers: {}, body: '<html>captive portal</html>' },
      { status: 500, headers: {}, body: 'oops' },
      { status: 429, headers: { 'retry-after': 'soon' }, body: '' },
    ];
    for (const id of API_SOURCE_IDS) {
      const file = path.join(ROOT, 'tests/fixtures/connectors', id, 'index.ts');
      const fixtures = ((await import(/* @vite-ignore */ file)) as { apiFixtures: ApiSourceFixtures }).apiFixtures;
      for (const fixture of [...Object.values(fixtures.positive), ...Object.values(fixtures.negative)]) answers.push(fixture.answer);
    }
    for (const id of API_SOURCE_IDS) {
      const fixtures = (
        (await import(/* @vite-ignore */ path.join(ROOT, 'tests/fixtures/connectors', id, 'index.ts'))) as {
          apiFixtures: ApiSourceFixtures;
        }
      ).apiFixtures;
      const source = apiSource(id);
      const pager = source.pager(source.secret.parse(fixtures.secret), fixtures.since, fixtures.now);
      for (const answer of answers) {
        expect(() => pager.parse(answer, undefined), `${id} on ${answer.body.slice(0, 40)}`).not.toThrow();
      }
    }
  });

  for (const id of HOOK_SOURCE_IDS) {
    describe(`${id} (hook source)`, () => {
      const source = HOOK_SOURCES[id as HookSourceId];

      it('has click-hook.ts and detect.ts (its detectFact), its content script and its tests', () => {
        expect(existsSync(path.join(CAPTURE_DIR, id, 'click-hook.ts')), `lib/capture/${id}/click-hook.ts`).toBe(true);
        expect(typeof source.detect, `lib/capture/${id}/detect.ts exports detectFact`).toBe('function');
        expect(existsSync(path.join(CAPTURE_DIR, id, 'detect.ts')), `lib/capture/${id}/detect.ts`).toBe(true);
        expect(existsSync(path.join(ROOT, 'entrypoints', `${source.contentScript.id}.content.ts`)), 'its run-time content script').toBe(
          true,
        );
        expect(hasTests(id), `a test under tests/unit imports lib/capture/${id}/`).toBe(true);
        // Not a relay hook: the relay runs only on the watched hosts.
        expect(PAGE_HOOKS[id]).toBeUndefined();
      });

      it('asks for its sites and permissions only as optional ones, in Chrome and Firefox', () => {
        for (const browser of ['chrome', 'firefox']) {
          const manifest = manifestFor(browser);
          for (const origin of source.origins) {
            expect(manifest.optional_host_permissions).toContain(origin);
            expect(manifest.host_permissions ?? []).not.toContain(origin);
          }
          for (const permission of source.permissions) {
            expect(manifest.optional_permissions).toContain(permission);
            expect(manifest.permissions ?? []).not.toContain(permission);
          }
        }
      });

      it('records each positive fact, none of the negatives, and throws on none', async () => {
        const { hookFixtures } = (await import(/* @vite-ignore */ path.join(ROOT, 'tests/builders', `${id}.ts`))) as {
          hookFixtures: { positive: Record<string, unknown>; negative: Record<string, unknown> };
        };
        expect(Object.keys(hookFixtures.positive).length).toBeGreaterThan(0);
        expect(Object.keys(hookFixtures.negative).length).toBeGreaterThan(0);
        for (const [name, fact] of Object.entries(hookFixtures.positive)) {
          expect(records(source.detect(fact as never, {})).length, `${name}: records`).toBeGreaterThan(0);
        }
        for (const [name, fact] of Object.entries(hookFixtures.negative)) {
          expect(records(source.detect(fact as never, {})), `${name}: records`).toEqual([]);
        }
      });
    });
  }

  it('the manifest hosts are exactly the hosts the rules name, or the pages a source names instead', () => {
    const pageHosts = new Set(
      SOURCE_IDS.flatMap((id) => {
        const source: { rules: readonly { hosts: readonly string[] }[]; pages?: readonly string[] } = CAPTURE_SOURCES[id];
        return source.pages ?? source.rules.flatMap((rule) => rule.hosts);
      }),
    );
    expect(new Set(WATCHED_HOSTS)).toEqual(new Set([...pageHosts].map((host) => `https://${host}/*`)));
  });

  it('page-world hooks run only on the pages of sources that have one, in the page world', () => {
    const hooked = SOURCE_IDS.filter((id) => PAGE_WORLD_HOOKS[id] !== undefined);
    expect(hooked.length).toBeGreaterThan(0);
    expect(new Set(pageWorldHooks.matches as string[])).toEqual(
      new Set(hooked.flatMap((id) => pageHostsOf(id)).map((host) => `https://${host}/*`)),
    );
    expect(pageWorldHooks).toMatchObject({ world: 'MAIN', runAt: 'document_start' });
  });
});

// Recorded real Gmail traffic lives beside the checkout (../shared/fixtures); never copied in.
const RECORDED = path.join(ROOT, '../shared/fixtures/gmail-sync');
const haveRecorded = existsSync(RECORDED);
if (!haveRecorded) console.warn(`registry.test: ${RECORDED} is absent; skipping the recorded Gmail traffic.`);

describe.skipIf(!haveRecorded)('every detector on the recorded Gmail traffic', () => {
  const cases = haveRecorded
    ? readdirSync(RECORDED)
        .filter((file) => file.endsWith('.request.json'))
        .map((file) => file.replace('.request.json', ''))
    : [];

  it.each(cases)('%s: no failure; a send records, a draft does not', (name) => {
    const observation: Observation = {
      pageUrl: 'https://mail.google.com/mail/u/0/#inbox',
      request: {
        method: 'POST',
        url: 'https://mail.google.com/sync/u/0/i/s?hl=en&c=7&rt=r&pt=ji',
        headers: {},
        body: readFileSync(path.join(RECORDED, `${name}.request.json`), 'utf8'),
      },
      response: { status: 200, body: readFileSync(path.join(RECORDED, `${name}.response.json`), 'utf8') },
      startedAt: 1_662_744_701_000,
    };
    const { events, failures } = detectAll(DETECTORS, observation, context);
    expect(failures).toEqual([]);
    expect(records(events).length).toBe(name.includes('draft') ? 0 : 1);
  });
});
