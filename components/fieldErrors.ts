import type { z } from 'zod';
import { localizeIssue } from './localizeIssue';

/**
 * zod issues keyed by their path ("0.target", "workingDays"), the first per field, worded in the
 * UI's language with the allowed range read from `schema` (the schema that was parsed).
 */
export function fieldErrors(error: z.ZodError | undefined, schema?: z.ZodType): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error?.issues ?? []) {
    const key = issue.path.join('.');
    out[key] ??= localizeIssue(issue, schema);
  }
  return out;
}

/**
 * What a field with a possible error needs: marked invalid and described by its message's element,
 * so that a screen reader reads the problem with the field.
 */
export function errorAttributes(errorId: string, message: string | undefined) {
  return message ? { 'aria-invalid': true as const, 'aria-describedby': errorId } : { 'aria-invalid': false as const };
}
