import { useEffect, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { z } from 'zod';

/** The background's broadcast after anything that changes the numbers (a capture, an entry, an import…). */
const ProgressChanged = z.object({ type: z.literal('progress/changed') });

/**
 * Calls `onChange` each time the background says its data changed. Every open page hears the
 * broadcast itself, so no component has to pass "something changed" counters to another.
 */
export function useBackgroundChanges(onChange: () => void): void {
  // The latest callback, without re-subscribing on every render.
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    const listener = (message: unknown) => {
      if (ProgressChanged.safeParse(message).success) latest.current();
      // Not answering: the broadcast expects no reply, and other listeners may answer other messages.
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, []);
}

/** A number that goes up with each background change: put it in a request's deps to reload on change. */
export function useBackgroundVersion(): number {
  const [version, setVersion] = useState(0);
  useBackgroundChanges(() => setVersion((v) => v + 1));
  return version;
}
