// WXT's path aliases ("@/lib/...") for dependency-cruiser, as a resolver config: WXT keeps them in
// .wxt/tsconfig.json relative to that folder, which the tsconfig-paths plugin resolves wrongly.
module.exports = { resolve: { alias: { '@': __dirname, '~': __dirname, '@@': __dirname, '~~': __dirname } } };
