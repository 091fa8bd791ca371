/**
 * How the page-world tap hands observations to the isolated-world relay: a CustomEvent on
 * `window` whose detail is the observation as a JSON string.
 *
 * Why not window.postMessage: every message listener of the page (Gmail, Outlook and LinkedIn
 * have several) would receive our traffic too, and a structured clone of large bodies is paid
 * on each. A CustomEvent reaches only listeners of this name, dispatches synchronously, and a
 * string detail crosses between worlds in Chrome and Firefox alike (object details do not
 * reliably). The page can dispatch the same event; the relay validates what it receives, and
 * the background parses it again with the full schema.
 */
export const TAP_EVENT = 'quota-radar:observation';
