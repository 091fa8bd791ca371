import { useUnsavedSections } from '@/components/unsavedChanges';
import { t } from '@/lib/i18n';
import { SECTION_IDS, type SectionId, sectionHref } from './sections/route';

/**
 * The list of sections, one link each: following a link changes the URL's hash, which chooses the
 * view (so back and forward work, and a link from elsewhere opens the same view). The current one
 * is marked with aria-current for screen readers; a section with unsaved edits says so.
 */
export function SideNav({ current }: { current: SectionId }) {
  const unsaved = useUnsavedSections();
  return (
    <nav className="side-nav" aria-label={t('sectionsNav')}>
      <p className="brand">{t('extName')}</p>
      <ul>
        {SECTION_IDS.map((id) => (
          <li key={id}>
            <a href={sectionHref(id)} aria-current={id === current ? 'page' : undefined} data-testid={`nav-${id}`}>
              {t(`section_${id}`)}
              {unsaved.has(id) && (
                <span className="unsaved" title={t('unsavedChanges')} data-testid={`nav-unsaved-${id}`}>
                  {' '}
                  ●<span className="visually-hidden">{t('unsavedChanges')}</span>
                </span>
              )}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
