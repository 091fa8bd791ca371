import { startFirstPaint } from './popup/first-paint';

/**
 * The popup's first script (popup.html loads it at the top of its head, before its CSS and module
 * scripts): built apart, as one small file with nothing shared, so that the kept numbers' storage
 * read starts while the page is still being parsed. See entrypoints/popup/first-paint.ts.
 */
export default defineUnlistedScript(() => {
  startFirstPaint();
});
