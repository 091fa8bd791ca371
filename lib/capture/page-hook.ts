import type { Request } from '../messages';
import type { Observation } from './types';

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
export type PageHookMessage = Extract<Request, { type: 'capture/undo-clicked' | 'capture/chat-seen' }>;

export type PageHook = (context: PageHookContext) => void;

/**
 * What a page-world hook gets: the page's own window (its globals, as the page's scripts see them)
 * and the tap's way out. The observation it reports travels like a tapped request (page event →
 * relay → background), so the source's detector reads it like any other.
 */
export interface PageWorldHookContext {
  window: Window;
  /** Hands an observation to the relay; never throws. */
  report(observation: Observation): void;
}

/**
 * Something a source needs from the page's own world (MAIN), before the page's scripts run: a
 * client's event bus or a global to wrap (Telegram Web, whose traffic a fetch tap cannot see).
 * Same rules as the tap: small, dependency-free, never throws into the page, keeps its own
 * references to globals the page may replace.
 */
export type PageWorldHook = (context: PageWorldHookContext) => void;

/** A folder's page-hook.ts exports its hook as `relayHook`, with the page hosts it runs on. */
export interface PageHookEntry {
  pages: readonly string[];
  hook: PageHook;
}

/** A folder's page-world-hook.ts exports its hook as `pageWorld`, with the page hosts it runs on. */
export interface PageWorldHookEntry {
  pages: readonly string[];
  hook: PageWorldHook;
}
