import { UnsavedMark } from '../unsavedChanges';
import type { SettingsSection } from './useSettingsSection';

/** A section's Save, its answer ("Saved", "Not saved: …") and whether it holds unsaved edits. */
export function SaveBar({
  section,
  label,
  status,
  dirty,
  onSave,
}: {
  section: SettingsSection;
  label: string;
  status?: string;
  dirty: boolean;
  onSave: () => void;
}) {
  // The calendar section keeps the test ids it had when it was the only Save.
  const saveId = section === 'calendar' ? 'save-settings' : `save-settings-${section}`;
  const statusId = section === 'calendar' ? 'settings-status' : `settings-status-${section}`;
  return (
    <div className="actions">
      <button type="button" onClick={onSave} data-testid={saveId}>
        {label}
      </button>
      <UnsavedMark dirty={dirty} section={section} />
      <span role="status" data-testid={statusId}>
        {status}
      </span>
    </div>
  );
}
