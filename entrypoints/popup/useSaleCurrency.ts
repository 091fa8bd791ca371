import { useBackgroundVersion } from '@/components/useBackgroundChanges';
import { useRequest } from '@/components/useRequest';
import { localCurrency } from '@/lib/format/money';
import { uiLocale } from '@/lib/i18n';
import { send } from '@/lib/messaging';
import type { Quota } from '@/lib/settings';

/**
 * The currency a new deal is in: that of the rep's last one, else the revenue quota's, else their
 * locale's (roubles in Russian); never a fixed USD the rep has to notice and change.
 */
export function useSaleCurrency(quotas: readonly Quota[] | undefined): string {
  const lastSale = useRequest(
    () =>
      send({
        type: 'activity/list',
        filter: { channels: ['manual'], kinds: ['deal', 'new_customer', 'opportunity'], statuses: ['counted', 'pending'] },
        offset: 0,
        limit: 20,
        // No total: the read stops at the page (or a bounded look back), whatever the history's size.
        withTotal: false,
      }),
    [useBackgroundVersion()],
  ).data?.items.find((a) => a.currency !== undefined);
  return lastSale?.currency ?? quotas?.find((q) => q.measure === 'sum' && q.currency)?.currency ?? localCurrency(uiLocale());
}
