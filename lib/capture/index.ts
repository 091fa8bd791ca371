/** What the background needs from capture: every registered detector (registry.ts). */
export { DETECTORS } from './registry';
