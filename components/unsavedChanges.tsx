import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { t } from '@/lib/i18n';

type Report = (section: string, dirty: boolean) => void;
const UnsavedContext = createContext<{ report: Report; dirty: ReadonlySet<string> }>({ report: () => undefined, dirty: new Set() });

/**
 * Knows which sections hold edits not yet saved, and while any does, asks the browser to warn
 * before the page is left (closing the tab, reloading, following a link away).
 */
export function UnsavedChangesProvider({ children }: { children: ReactNode }) {
  const [dirty, setDirty] = useState<ReadonlySet<string>>(() => new Set());
  const report = useCallback<Report>((section, isDirty) => {
    setDirty((previous) => {
      if (previous.has(section) === isDirty) return previous;
      const next = new Set(previous);
      if (isDirty) next.add(section);
      else next.delete(section);
      return next;
    });
  }, []);
  const anyDirty = dirty.size > 0;
  useEffect(() => {
    if (!anyDirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older Chromium needs returnValue set to show the prompt.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [anyDirty]);
  return <UnsavedContext.Provider value={{ report, dirty }}>{children}</UnsavedContext.Provider>;
}

/** Tells the page whether `section` has unsaved edits (and that it has none once it goes away). */
export function useUnsavedFlag(section: string, dirty: boolean): void {
  const { report } = useContext(UnsavedContext);
  useEffect(() => report(section, dirty), [report, section, dirty]);
  useEffect(() => () => report(section, false), [report, section]);
}

/** The sections with unsaved edits, e.g. to mark them in the navigation. */
export function useUnsavedSections(): ReadonlySet<string> {
  return useContext(UnsavedContext).dirty;
}

/** "Unsaved changes", shown beside a section's Save while its edits are not saved. */
export function UnsavedMark({ dirty, section }: { dirty: boolean; section: string }) {
  return dirty ? (
    <span className="unsaved" data-testid={`unsaved-${section}`}>
      {t('unsavedChanges')}
    </span>
  ) : null;
}
