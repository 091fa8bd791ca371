import { z } from 'zod';
import type { CrmError, CrmResult } from '../types';
import { type BitrixCall, OPERATION_LIMIT_RETRY_MS, QUERY_LIMIT_RETRY_MS } from './rest';

/**
 * Bitrix24's `batch` (b24restdocs settings/how-to-call-rest-api/batch.md): up to 50 calls in one
 * HTTP request, each a string "method?query" in PHP's http_build_query form. The portal's rate limit
 * counts HTTP requests ("each application request increases a virtual request counter", limits.md),
 * and the same page reckons one batch of 50 list calls as 2,500 records in one request; each nested
 * call still spends its own method's time budget (`operating`, limits.md), so a batch is not free,
 * only one request against the 2-a-second bucket.
 */

/** The most calls one batch holds; more end in ERROR_BATCH_LENGTH_EXCEEDED. */
export const BATCH_MAX = 50;
/** A list method's page: 50 rows (every *.list method). */
export const LIST_PAGE = 50;

/** PHP's http_build_query: nested objects and arrays as `a[b][0]=v`, brackets kept, the rest encoded. */
export function phpQuery(params: Record<string, unknown>): string {
  const parts: string[] = [];
  const add = (key: string, value: unknown) => {
    if (value === undefined || value === null) return;
    if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) add(`${key}[${encodeURIComponent(k)}]`, v);
      return;
    }
    const scalar = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
    parts.push(`${key}=${encodeURIComponent(scalar)}`);
  };
  for (const [k, v] of Object.entries(params)) add(encodeURIComponent(k), v);
  return parts.join('&');
}

const ByKey = <T extends z.ZodType>(value: T) =>
  // PHP answers an empty map as `[]`.
  z.union([z.record(z.string(), value), z.array(z.never()).transform(() => ({}) as Record<string, z.infer<T>>)]);
const BatchResult = z.object({
  result: ByKey(z.unknown()),
  result_error: ByKey(z.object({ error: z.union([z.string(), z.number()]).transform(String), error_description: z.string().optional() })),
  result_total: ByKey(z.number().int().nonnegative()).optional(),
  result_next: ByKey(z.number().int().nonnegative()).optional(),
});

function nestedFailure(method: string, error: string, description = ''): CrmError {
  const message = `${method}: ${error}${description ? ` (${description})` : ''}`.slice(0, 300);
  if (error === 'QUERY_LIMIT_EXCEEDED') return { kind: 'rate_limited', message, retryAfterMs: QUERY_LIMIT_RETRY_MS };
  if (error === 'OPERATION_TIME_LIMIT') return { kind: 'rate_limited', message, retryAfterMs: OPERATION_LIMIT_RETRY_MS };
  return { kind: 'rejected', message };
}

/** Pages of one list method read in one batch: the rows of each page in order, and where the last page said the list goes on. */
export async function batchListPages<T>(
  call: BitrixCall,
  method: string,
  params: Record<string, unknown>,
  starts: readonly number[],
  row: z.ZodType<T>,
): Promise<CrmResult<{ rows: T[]; next?: number; total?: number }>> {
  if (starts.length === 0 || starts.length > BATCH_MAX) throw new Error(`a batch holds 1 to ${BATCH_MAX} calls`);
  const cmd = Object.fromEntries(starts.map((start, i) => [`p${i}`, `${method}?${phpQuery({ ...params, start })}`]));
  const got = await call('batch', { halt: 1, cmd }, BatchResult);
  if (!got.ok) return got;
  const { result, result_error: errors, result_total: totals = {}, result_next: nexts = {} } = got.value.result;
  const rows: T[] = [];
  for (let i = 0; i < starts.length; i++) {
    const key = `p${i}`;
    const error = errors[key];
    if (error) return { ok: false, error: nestedFailure(method, error.error, error.error_description) };
    const page = z.array(row).safeParse(result[key]);
    if (!page.success) return { ok: false, error: { kind: 'bad_payload', message: `${method} in a batch: not a list of rows` } };
    rows.push(...page.data);
  }
  const last = `p${starts.length - 1}`;
  const next = nexts[last];
  const total = totals[last];
  return { ok: true, value: { rows, ...(next !== undefined ? { next } : {}), ...(total !== undefined ? { total } : {}) } };
}
