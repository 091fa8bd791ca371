import { useState } from 'react';
import type { z } from 'zod';
import { t } from '@/lib/i18n';
import { fieldErrors } from './fieldErrors';

/**
 * The save flow every settings form shares: validate with the schema the background uses, show
 * each field's first problem inline, and save only a valid value.
 */
export function useValidatedSave<T>(schema: z.ZodType<T>, save: (value: T) => Promise<void>) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string>();

  async function submit(candidate: unknown): Promise<void> {
    const parsed = schema.safeParse(candidate);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      setStatus(t('fixErrors'));
      return;
    }
    setErrors({});
    try {
      await save(parsed.data);
      setStatus(t('saved'));
    } catch (e) {
      setStatus(e instanceof Error ? e.message : String(e));
    }
  }

  return { errors, status, submit };
}
