import { type DependencyList, startTransition, useCallback, useEffect, useState } from 'react';
import { errorText } from './errorText';

export interface RequestState<T> {
  /** The answer to the latest request that finished; kept while a newer one loads. */
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  /** Asks again with the same inputs (after a change the component made itself). */
  reload: () => void;
}

/**
 * Runs `load` whenever `deps` change and keeps only the answer to the latest run: each run gets
 * an AbortSignal that is aborted as soon as a newer run starts (or the component goes away), and
 * an aborted run's answer is dropped. So switching a report period quickly can never end with an
 * older, slower answer shown under the newer choice.
 */
export function useRequest<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
  options: { delayMs?: number; inTransition?: boolean } = {},
): RequestState<T> {
  const [state, setStateNow] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  const [reloads, setReloads] = useState(0);
  const { delayMs = 0, inTransition = false } = options;
  // An answer rendered as a transition is rendered in slices that let the renderer's other work
  // through: every extension page (the open popup too) shares one renderer process.
  const setState: typeof setStateNow = (update) => (inTransition ? startTransition(() => setStateNow(update)) : setStateNow(update));

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    setState((s) => (s.loading ? s : { ...s, loading: true }));
    const run = () => {
      load(signal).then(
        (data) => {
          if (!signal.aborted) setState({ data, loading: false });
        },
        (e: unknown) => {
          if (!signal.aborted) setState((s) => ({ data: s.data, error: errorText(e), loading: false }));
        },
      );
    };
    // A delay lets typing in a search box settle before asking.
    const timer = delayMs > 0 ? setTimeout(run, delayMs) : undefined;
    if (delayMs <= 0) run();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [...deps, reloads, delayMs]);

  const reload = useCallback(() => setReloads((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
