import { useEffect, useRef, useState } from 'react';
import type { EarlyProgress } from '@/lib/kept-progress';
import { send } from '@/lib/messaging';
import type { ProgressReport } from '@/lib/quota/progress';
import { useBackgroundChanges } from './useBackgroundChanges';
import { useRequest } from './useRequest';

/**
 * The background's progress report, refreshed whenever the background says something changed.
 * With `early` (the popup): the request its entry already sent is the first load, and until it
 * answers the kept progress stands in, with `updating` true — never shown as current.
 */
export function useProgress(early?: EarlyProgress) {
  const firstLoad = useRef(early?.first);
  const { data, error, reload } = useRequest(() => {
    const pending = firstLoad.current;
    firstLoad.current = undefined;
    return pending ?? send({ type: 'progress/get' });
  }, []);
  const [kept, setKept] = useState<ProgressReport | undefined>(early?.keptNow?.report);
  useEffect(() => {
    if (!early || early.keptNow) return;
    let live = true;
    void early.kept.then((value) => live && setKept(value?.report));
    return () => {
      live = false;
    };
  }, [early]);
  useBackgroundChanges(reload);
  useEffect(() => {
    // Pending sends turn counted with time, and "expected by now" moves: refresh while open.
    const timer = setInterval(reload, 5000);
    return () => clearInterval(timer);
  }, [reload]);
  const updating = data === undefined && error === undefined && kept !== undefined;
  return { report: data ?? (error === undefined ? kept : undefined), updating, error, refresh: reload };
}
