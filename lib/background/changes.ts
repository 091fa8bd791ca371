import type { Activity } from '../activity';

/**
 * Reported after every write that may change progress: the written activities (which patch the
 * progress cache), or nothing (an import, new settings: the cache is dropped).
 */
export type Changed = (written?: readonly (Activity | null | undefined)[]) => void;
