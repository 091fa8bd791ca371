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

/** A number that goes up with each background change: put it in a request's deps to reload on change. */
export function useBackgroundVersion(): number {
  const [version, setVersion] = useState(0);
  useBackgroundChanges(() => setVersion((v) => v + 1));
  return version;
}
