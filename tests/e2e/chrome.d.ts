// Code passed to page.evaluate / worker.evaluate runs inside the extension, where `chrome` exists.
// biome-ignore lint/suspicious/noExplicitAny: only used inside evaluate callbacks
declare const chrome: any;
