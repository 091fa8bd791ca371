import { useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { send } from '@/lib/messaging';
import type { ProgressReport } from '@/lib/quota/progress';

/** The background's progress report, refreshed whenever the background says something changed. */
export function useProgress() {
  const [report, setReport] = useState<ProgressReport>();
  const [error, setError] = useState<string>();

  const refresh = useCallback(async () => {
    try {
      setReport(await send({ type: 'progress/get' }));
      setError(undefined);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, []);

  useEffect(() => {
    void refresh();
    const listener = (message: unknown) => {
      if ((message as { type?: string })?.type === 'progress/changed') void refresh();
    };
    browser.runtime.onMessage.addListener(listener);
    // Pending sends turn counted with time, and "expected by now" moves: refresh while open.
    const timer = setInterval(() => void refresh(), 5000);
    return () => {
      browser.runtime.onMessage.removeListener(listener);
      clearInterval(timer);
    };
  }, [refresh]);

  return { report, error, refresh };
}
