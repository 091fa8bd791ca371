// Import rules the tree keeps (issue 23): no circles; the quota engine free of UI and background
// code; the UI free of background code. Checked by tests/unit/architecture/deps.test.ts.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A circle makes two modules one: neither can be read, tested or moved alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'engine-not-ui-or-background',
      severity: 'error',
      comment: 'The quota engine is pure: it must not reach into UI code or the background worker.',
      from: { path: '^lib/quota/' },
      to: { path: '^(components|entrypoints|lib/background)/' },
    },
    {
      name: 'ui-not-background',
      severity: 'error',
      comment: 'Pages talk to the background by messages (lib/messaging.ts), never by importing it.',
      from: { path: '^(components|entrypoints/popup|entrypoints/options)/' },
      to: { path: '^lib/background/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|\\.wxt|\\.output)/' },
    // Type-only imports count: a circle of types still ties two modules together.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    webpackConfig: { fileName: '.dependency-cruiser.aliases.cjs' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
  },
};
