import { useEffect } from 'react';
import { send } from '@/lib/messaging';
import { useBackgroundChanges } from './useBackgroundChanges';
import { useRequest } from './useRequest';

/** The background's progress report, refreshed whenever the background says something changed. */
export function useProgress() {
  const { data: report, error, reload } = useRequest(() => send({ type: 'progress/get' }), []);
  useBackgroundChanges(reload);
  useEffect(() => {
    // Pending sends turn counted with time, and "expected by now" moves: refresh while open.
    const timer = setInterval(reload, 5000);
    return () => clearInterval(timer);
  }, [reload]);
  return { report, error, refresh: reload };
}
