/**
 * What hook-sources.ts finds in a hook source's folder by name: the detector of its facts. A file of
 * its own so that the glob there loads no page source's detector.
 */
export { detectPhoneLinkCall as detectFact } from './detect';
