import { type ReactNode, useEffect, useRef, useState } from 'react';
import { ViewShown } from '@/components/useBackgroundChanges';
import { t } from '@/lib/i18n';
import { SECTION_IDS, type SectionId } from './sections/route';

/**
 * One section shown at a time. A section is built the first time it is opened and then kept
 * (hidden while another is shown), so that its unsaved edits survive a visit to another section
 * and the navigation can still mark them; a hidden one does not follow changes until shown again. Moving to another section puts the focus on its heading
 * (where a screen reader starts reading) and names it in the window title; opening the page does
 * not move the focus.
 */
export function SectionViews({ current, render }: { current: SectionId; render: (id: SectionId) => ReactNode }) {
  const [opened, setOpened] = useState<ReadonlySet<SectionId>>(() => new Set([current]));
  const first = useRef(true);

  useEffect(() => {
    setOpened((previous) => (previous.has(current) ? previous : new Set([...previous, current])));
    document.title = `${t(`section_${current}`)} · ${t('extName')}`;
  }, [current]);

  const shown = opened.has(current) ? opened : new Set([...opened, current]);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    focusHeading(current);
  }, [current]);

  return (
    <>
      {SECTION_IDS.filter((id) => shown.has(id)).map((id) => (
        <div key={id} className="view" data-view={id} hidden={id !== current}>
          {/* A hidden section asks for nothing on a change; it catches up when shown again. */}
          <ViewShown.Provider value={id === current}>{render(id)}</ViewShown.Provider>
        </div>
      ))}
    </>
  );
}

/** Focuses the section's heading (`<id>-title`, as every section names its h2), else the view itself. */
function focusHeading(id: SectionId): void {
  const view = document.querySelector<HTMLElement>(`.view[data-view="${id}"]`);
  const target = document.getElementById(`${id}-title`) ?? view;
  if (!target) return;
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus({ preventScroll: true });
  // The new section from its top, not where the previous one was scrolled to.
  if (document.scrollingElement) document.scrollingElement.scrollTop = 0;
}
