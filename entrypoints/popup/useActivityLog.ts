import { useState } from 'react';
import { describeActivity } from '@/components/activityWords';
import { errorText } from '@/components/errorText';
import { t } from '@/lib/i18n';
import type { CustomKind } from '@/lib/kinds';
import type { ManualEntry } from '@/lib/messages';
import { send, sendUntilAnswered } from '@/lib/messaging';

/**
 * Logging by hand and undoing the last entry, with the line that says what happened ("Logged:
 * Deal — $12,500"); the numbers are read again after either.
 */
export function useActivityLog(customKinds: readonly CustomKind[], refresh: () => void) {
  const [status, setStatus] = useState<string>();

  async function log(entry: ManualEntry): Promise<boolean> {
    try {
      // One id per click: if the worker stops mid-write, the resend records the entry once.
      const logged = await sendUntilAnswered({ type: 'activity/log', entry, requestId: crypto.randomUUID() });
      // The amount as it will count, so a misread is seen at once.
      setStatus(t('logged', describeActivity(logged, customKinds)));
      return true;
    } catch (e) {
      setStatus(errorText(e));
      return false;
    } finally {
      refresh();
    }
  }

  async function undo(): Promise<void> {
    const undone = await send({ type: 'activity/undo-last' }).catch(() => null);
    setStatus(undone ? t('undone', describeActivity(undone, customKinds)) : t('nothingToUndo'));
    refresh();
  }

  return { status, setStatus, log, undo };
}
