import { createContext, useContext, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { onBroadcast } from '@/lib/messaging';

/**
 * Whether the view around a component is on screen: false for the options page's sections kept
 * but hidden (SectionViews). A view not on screen asks nothing on a change; it catches up once
 * shown. Every extension page shares one renderer process (and its main thread) with the popup,
 * so an options page updating what nobody sees delays the open popup's new numbers.
 */
export const ViewShown = createContext(true);

const subscribeVisibility = (onChange: () => void) => {
  document.addEventListener('visibilitychange', onChange);
  return () => document.removeEventListener('visibilitychange', onChange);
};

/** False while the page's tab is in the background (the rep capturing in another tab). */
function usePageShown(): boolean {
  return useSyncExternalStore(
    subscribeVisibility,
    () => document.visibilityState !== 'hidden',
    () => true,
  );
}

/**
 * Calls `onChange` each time the background says its data changed. Every open page hears the
 * broadcast itself, so no component has to pass "something changed" counters to another. While
 * the view or the page is not on screen, changes are held: one call (`catchingUp` true) once shown.
 */
export function useBackgroundChanges(onChange: (catchingUp: boolean) => void): void {
  // The latest callback, without re-subscribing on every render.
  const latest = useRef(onChange);
  latest.current = onChange;
  // Both hooks always, in the same order.
  const viewShown = useContext(ViewShown);
  const pageShown = usePageShown();
  const shown = viewShown && pageShown;
  const shownNow = useRef(shown);
  shownNow.current = shown;
  const missed = useRef(false);
  // The protocol's 'progress/changed' broadcast: sent after a capture, an entry, an import, new settings.
  useEffect(
    () =>
      onBroadcast('progress/changed', () => {
        if (shownNow.current) latest.current(false);
        else missed.current = true;
      }),
    [],
  );
  useEffect(() => {
    if (!shown || !missed.current) return;
    missed.current = false;
    latest.current(true);
  }, [shown]);
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
  useBackgroundChanges((catchingUp) => {
    const bump = () => {
      timer.current = undefined;
      last.current = performance.now();
      setVersion((v) => v + 1);
    };
    const wait = last.current + everyMs - performance.now();
    if (everyMs <= 0 || wait <= 0 || catchingUp) {
      clearTimeout(timer.current);
      bump();
    } else timer.current ??= setTimeout(bump, wait);
  });
  return version;
}
