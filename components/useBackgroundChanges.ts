import { useEffect, useRef, useState } from 'react';
import { onBroadcast } from '@/lib/messaging';

/**
 * Calls `onChange` each time the background says its data changed. Every open page hears the
 * broadcast itself, so no component has to pass "something changed" counters to another.
 */
export function useBackgroundChanges(onChange: () => void): void {
  // The latest callback, without re-subscribing on every render.
  const latest = useRef(onChange);
  latest.current = onChange;
  // The protocol's 'progress/changed' broadcast: sent after a capture, an entry, an import, new settings.
  useEffect(() => onBroadcast('progress/changed', () => latest.current()), []);
}

/**
 * A number that goes up with each background change: put it in a request's deps to reload on change.
 * With `everyMs`, at most once per that time (the first change at once, a burst's last after it): a
 * page that re-asks for a report need not ask once per capture of a burst.
 */
export function useBackgroundVersion(everyMs = 0): number {
  const [version, setVersion] = useState(0);
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  useBackgroundChanges(() => {
    const bump = () => {
      timer.current = undefined;
      last.current = performance.now();
      setVersion((v) => v + 1);
    };
    const wait = last.current + everyMs - performance.now();
    if (everyMs <= 0 || wait <= 0) bump();
    else timer.current ??= setTimeout(bump, wait);
  });
  return version;
}
