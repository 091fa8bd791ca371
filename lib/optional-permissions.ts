import { API_SOURCE_DESCRIPTORS, HOOK_SOURCE_DESCRIPTORS } from './capture/all-sources';
import { availableCrms } from './crm/registry';

/**
 * What the extension may ask for after install, never at install: each API source's origin (asked
 * when the rep connects it), the hook sources' sites and permissions (asked when the rep turns
 * them on), and each CRM's API hosts (asked when the rep connects it). The manifest's optional lists
 * are exactly these. Read from the sources' descriptors: wxt.config.ts loads this without Vite.
 */
export const OPTIONAL_HOST_PERMISSIONS: string[] = [
  ...new Set([
    ...API_SOURCE_DESCRIPTORS.map((source) => source.origin),
    ...HOOK_SOURCE_DESCRIPTORS.flatMap((source) => source.origins),
    ...availableCrms().flatMap((crm) => crm.allOrigins),
  ]),
];

/**
 * API permissions asked for after install: a hook source's beyond the install-time ones (none today:
 * `scripting` is held from install), and `identity` for Salesforce's sign-in window
 * (identity.launchWebAuthFlow), asked in the "Sign in with Salesforce" click.
 */
export const OPTIONAL_PERMISSIONS: string[] = [
  ...new Set([...HOOK_SOURCE_DESCRIPTORS.flatMap((source) => source.permissions), 'identity']),
];
