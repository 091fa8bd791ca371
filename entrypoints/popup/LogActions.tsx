import { kindLabel } from '@/components/kindLabels';
import { t } from '@/lib/i18n';
import type { CustomKind } from '@/lib/kinds';
import type { ManualEntry, ManualKind } from '@/lib/messages';

/** Logged in one click; deals and new customers open the form (amount and units). */
const ONE_CLICK: ManualKind[] = ['call', 'meeting', 'opportunity', 'demo', 'work_report'];
/** Sales: the form opens for them, asking amount and units. */
export const SALE_KINDS = ['deal', 'new_customer'] as const;

export const isSale = (kind: ManualKind | undefined): boolean => kind === 'deal' || kind === 'new_customer';

/**
 * The log buttons that stay in sight below the scrolling part: one click for the usual kinds and
 * the rep's own one-click kinds, the form for sales and for "with details", and undo.
 */
export function LogActions({
  customKinds,
  entryKind,
  onLog,
  onOpenForm,
  onUndo,
}: {
  customKinds: readonly CustomKind[];
  /** The kind the entry form is open for, if it is. */
  entryKind: ManualKind | undefined;
  onLog: (entry: ManualEntry) => void;
  /** Opens the form for a kind, or closes it when it is open for that button already. */
  onOpenForm: (toggle: (open: ManualKind | undefined) => ManualKind | undefined) => void;
  onUndo: () => void;
}) {
  // The rep's own kinds marked for the popup, unless hidden (or removed).
  const customButtons = customKinds.filter((k) => k.oneClick && !k.hidden && !k.archived);
  return (
    <div className="actions" role="group" aria-label={t('logTitle')}>
      {ONE_CLICK.map((kind) => (
        <button key={kind} type="button" onClick={() => onLog({ kind })} data-testid={`log-${kind}`}>
          + {t(`kind_${kind}`)}
        </button>
      ))}
      {customButtons.map((kind) => (
        <button key={kind.id} type="button" onClick={() => onLog({ kind: kind.id })} data-testid={`log-${kind.id}`}>
          + {kindLabel(kind.id, customKinds)}
        </button>
      ))}
      {SALE_KINDS.map((kind) => (
        <button
          key={kind}
          type="button"
          onClick={() => onOpenForm((k) => (k === kind ? undefined : kind))}
          aria-expanded={entryKind === kind}
          aria-controls="deal-form"
          data-testid={`log-${kind}`}
        >
          + {t(`kind_${kind}`)}…
        </button>
      ))}
      <button
        type="button"
        className="secondary"
        onClick={() => onOpenForm((k) => (k && !isSale(k) ? undefined : 'call'))}
        aria-expanded={entryKind !== undefined && !isSale(entryKind)}
        aria-controls="deal-form"
        data-testid="log-details"
      >
        {t('logWithDetails')}
      </button>
      <button type="button" className="secondary" onClick={onUndo} data-testid="undo">
        {t('undoLast')}
      </button>
    </div>
  );
}
