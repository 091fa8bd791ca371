import { detectPhoneLinkCall, type PhoneLinkClick } from './phone-link/detect';
import type { DetectorEvent } from './types';

/**
 * The third kind of capture source, one line each: sources whose input is something the rep did on
 * any page they allow (a click), caught by a page hook in a content script that the background
 * registers at run time for the granted sites (not by the tap, which runs only on the watched
 * hosts). Each line: the message the hook sends, the optional permissions it needs and its pure
 * detector. The content script imports the folder's page-hook.ts directly (dependency-free).
 */
export interface HookSource<Fact> {
  /** The protocol message (lib/messages.ts) carrying one fact from the page. */
  message: 'phone-link/clicked';
  /** Host permissions asked for when the rep turns the source on (optional_host_permissions). */
  origins: readonly string[];
  /** API permissions asked for with them (optional_permissions). */
  permissions: readonly string[];
  /** The dynamically registered content script's id and file (entrypoints/<id>.content.ts). */
  contentScript: { id: string; js: string };
  detect(fact: Fact, settings: { defaultCallingCode?: string; account?: string }): DetectorEvent[];
}

export const HOOK_SOURCES = {
  'phone-link': {
    message: 'phone-link/clicked',
    // Any site the rep works in: asked for, never granted at install.
    origins: ['https://*/*', 'http://*/*'],
    // `scripting` (registering its content script) is held from install: the background re-injects
    // the capture scripts into open tabs with it.
    permissions: [],
    contentScript: { id: 'phone-link', js: 'content-scripts/phone-link.js' },
    detect: detectPhoneLinkCall,
  } satisfies HookSource<PhoneLinkClick>,
} as const;

export type HookSourceId = keyof typeof HOOK_SOURCES;
export const HOOK_SOURCE_IDS = Object.keys(HOOK_SOURCES) as HookSourceId[];
