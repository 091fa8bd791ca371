import type { Request } from '../messages';

/**
 * Something a source needs from the page itself rather than from its requests (Gmail: a click on
 * the undo-send link). The relay runs each registered source's hook on that source's hosts, in
 * the isolated world, before the page's own scripts. A hook must stay small and dependency-free
 * (it is bundled into every watched frame) and must never throw into the page.
 */
export interface PageHookContext {
  /** The page's document (the isolated world shares its DOM). */
  document: Document;
  /** Hands a message to the background; never throws (a reloaded extension is ignored). */
  send(message: PageHookMessage): void;
}

/** What a page hook may tell the background: the protocol's page events other than observations (types only, no bytes). */
export type PageHookMessage = Extract<Request, { type: 'capture/undo-clicked' }>;

export type PageHook = (context: PageHookContext) => void;
