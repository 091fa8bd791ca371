import { readFileSync } from 'node:fs';
import { defineConfig } from 'wxt';
// Each source's channel words live in its descriptor (lib/capture/<source>/source.ts): added to the locale files at build.
import { withSourceMessages } from './lib/capture/source-words';
// API sources' origins and phone links' sites: asked for when the rep turns each on, never at install.
import { OPTIONAL_HOST_PERMISSIONS, OPTIONAL_PERMISSIONS } from './lib/optional-permissions';
// Made from the capture sources' rules (lib/capture/sources.ts), like the content scripts' `matches`.
import { WATCHED_HOSTS } from './lib/watched-hosts';

/** `identity` is held from install where it is not optional (Firefox, the granted test build below). */
const optionalPermissions = (browser: string) =>
  OPTIONAL_PERMISSIONS.filter((p) => p !== 'identity' || (browser !== 'firefox' && !GRANTED_FOR_TESTS));

/** Set by tests/e2e/calls-meetings.spec.ts for its "permission granted" build; never in a release. */
const GRANTED_FOR_TESTS = process.env.QR_GRANT_OPTIONAL_FOR_TESTS === '1';

export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  // Separate output folders let parallel builds (tests, benchmarks) not trample each other.
  outDir: process.env.QR_OUT_DIR ?? '.output',
  hooks: {
    // The sources' words (channel names, "Undone in …") join public/_locales/<language>/messages.json
    // in the built extension: a new source brings its words in its folder, no locale file to edit.
    'build:publicAssets': (_wxt, files) => {
      for (const [index, file] of files.entries()) {
        const language = /^_locales\/(en|ru)\/messages\.json$/.exec(file.relativeDest)?.[1] as 'en' | 'ru' | undefined;
        if (!language) continue;
        const text = 'contents' in file ? file.contents : readFileSync(file.absoluteSrc, 'utf8');
        files[index] = {
          relativeDest: file.relativeDest,
          contents: JSON.stringify(withSourceMessages(language, JSON.parse(text)), null, 2),
        };
      }
    },
    // Content scripts run in every watched page and frame: WXT's content-script wrapper imports
    // wxt/browser, which the polyfill module aliases to webextension-polyfill (~15 kB). MV3's own
    // runtime API returns promises in Chrome and Firefox, so content scripts get the plain one.
    'vite:build:extendConfig': (entries, config) => {
      if (!entries.every((entry) => entry.type === 'content-script')) return;
      const alias = config.resolve?.alias;
      if (Array.isArray(alias)) {
        config.resolve!.alias = alias.filter((a: { find: unknown }) => a.find !== 'wxt/browser');
      } else if (alias && typeof alias === 'object') {
        delete (alias as Record<string, string>)['wxt/browser'];
      }
    },
  },
  zip: {
    // The sources package for store review: the project, not test output or benchmark builds.
    excludeSources: ['test-results/**', 'playwright-report/**', '.output-*/**'],
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // Firefox does not take `identity` as an optional permission (addons-linter: MANIFEST_OPTIONAL_PERMISSIONS)
    // and shows no install warning for it: held from install there, asked at Salesforce's sign-in elsewhere.
    // The granted test build holds it from install too (headless Chromium cannot answer the prompt).
    permissions: [
      'storage',
      'alarms',
      'unlimitedStorage',
      'notifications',
      'scripting',
      ...(browser === 'firefox' || GRANTED_FOR_TESTS ? ['identity'] : []),
    ],
    // Phone systems' and calendars' API hosts, and phone links' sites: asked for when the rep turns
    // each on (lib/optional-permissions.ts), never at install.
    optional_host_permissions: OPTIONAL_HOST_PERMISSIONS,
    ...(optionalPermissions(browser).length ? { optional_permissions: optionalPermissions(browser) } : {}),
    action: { default_title: '__MSG_extName__' },
    // Chrome grants content-script hosts from `matches` alone; the host permissions are what
    // re-injecting into open tabs needs (and with phone links' catch-all among the optional hosts,
    // Chrome's permissions.contains() would otherwise read the watched hosts as not granted).
    // Firefox treats MV3 host permissions as optional: the options page asks for them on first run.
    // Chromium end-to-end builds only: headless Chromium cannot answer the permission prompt, so
    // the "granted" tests run on a build holding the optional hosts from install.
    host_permissions: [...WATCHED_HOSTS, ...(GRANTED_FOR_TESTS ? OPTIONAL_HOST_PERMISSIONS : [])],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // MAIN-world content scripts need Firefox 128+ under MV3.
            gecko: {
              id: 'quota-radar@example.com',
              strict_min_version: '128.0',
              // Nothing leaves the browser: activities stay in the extension's own storage.
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
