import { defineConfig } from 'wxt';
// Made from the capture sources' rules (lib/capture/sources.ts), like the content scripts' `matches`.
import { WATCHED_HOSTS } from './lib/watched-hosts';

export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  // Separate output folders let parallel builds (tests, benchmarks) not trample each other.
  outDir: process.env.QR_OUT_DIR ?? '.output',
  hooks: {
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
    permissions: ['storage', 'alarms', 'unlimitedStorage', 'notifications', 'scripting'],
    action: { default_title: '__MSG_extName__' },
    host_permissions: WATCHED_HOSTS,
    // Chrome grants content-script hosts from `matches` alone. Firefox treats MV3 host permissions as
    // optional: they are listed here and the options page asks for them on first run.
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
