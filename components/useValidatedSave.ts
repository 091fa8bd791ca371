import { useState } from 'react';
import type { z } from 'zod';
import { t } from '@/lib/i18n';
import { errorText } from './errorText';
import { fieldErrors } from './fieldErrors';

/**
 * The save flow every settings form shares: validate with the schema the background uses, show
 * each field's first problem inline (in the UI's language), and save only a valid value.
 * Resolves to whether it saved.
 */
export function useValidatedSave<T>(schema: z.ZodType<T>, save: (value: T) => Promise<void>) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string>();

  async function submit(candidate: unknown): Promise<boolean> {
    const parsed = schema.safeParse(candidate);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error, schema));
      setStatus(t('fixErrors'));
      return false;
    }
    setErrors({});
    try {
      await save(parsed.data);
      setStatus(t('saved'));
      return true;
    } catch (e) {
      setStatus(errorText(e));
      return false;
    }
  }

  return { errors, status, setStatus, submit };
}
