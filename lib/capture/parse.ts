import { Recipient } from '../activity';

/**
 * The one JSON and text helper every capture source uses. Everything here is defensive: page
 * traffic is untrusted and changes without notice, so odd input yields undefined (or an empty
 * list), never an exception.
 */

/**
 * Parses a JSON body. Text before the first `[` or `{` is skipped: Google's `)]}'` anti-XSSI
 * line and similar guards. Undefined when it is not JSON, or is a bare value (string, number,
 * null), which no source reads.
 */
export function parseJson(body: string | null | undefined): unknown {
  if (typeof body !== 'string' || body.length === 0) return undefined;
  const start = body.search(/[[{]/);
  if (start < 0) return undefined;
  try {
    return JSON.parse(start === 0 ? body : body.slice(start)) as unknown;
  } catch {
    return undefined;
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is a plain object, else undefined (for `?.` chains). */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return isObject(value) ? value : undefined;
}

/** The value when it is an array, else an empty one. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}

/** A string value, trimmed and cut to `max` characters when given; undefined when empty or not a string. */
export function text(value: unknown, max?: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed.length === 0) return undefined;
  return max === undefined ? trimmed : trimmed.slice(0, max);
}

/** The non-empty strings of a list (trimmed); empty when it is not a list. */
export function strings(value: unknown): string[] {
  return asArray(value).flatMap((item) => text(item) ?? []);
}

/** A finite number as text (ids some APIs send as numbers), else undefined. */
export function numberText(value: unknown): string | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

/** decodeURIComponent that leaves a malformed escape as it was. */
export function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A recipient the Activity model accepts (valid address), or undefined. */
export function recipient(address: unknown, name: unknown, role: 'to' | 'cc' | 'bcc'): Recipient | undefined {
  if (typeof address !== 'string') return undefined;
  const parsed = Recipient.safeParse({ address, name: text(name, 300), role });
  return parsed.success ? parsed.data : undefined;
}

/** An address fit to be an account: lower-cased, plausible, or undefined. */
export function emailAddress(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const address = value.trim().toLowerCase();
  return /^[^\s@:<>()]+@[^\s@:<>()]+\.[^\s@:<>()]+$/.test(address) && address.length <= 300 ? address : undefined;
}

/** Epoch ms from a number or a numeric string (Gmail's keyed form sends "1525348076087"). */
export function epochMs(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{10,16}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** Drops missing and empty values, and cuts the rest to the Detection schema's 500 characters, so `ids` hold strings only. */
export function definedIds(ids: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(ids)) if (value) out[key] = value.slice(0, 500);
  return out;
}

const MAX_WALK_DEPTH = 64;
const MAX_WALK_NODES = 200_000;

/**
 * Visits every object (not array) in a JSON tree in document order, iteratively and within a
 * budget: responses can be large, and a page could send something deep enough to overflow the stack.
 */
export function walkObjects(root: unknown, visit: (node: Record<string, unknown>) => void): void {
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  let budget = MAX_WALK_NODES;
  while (stack.length > 0 && budget-- > 0) {
    const { value, depth } = stack.pop() as { value: unknown; depth: number };
    if (depth > MAX_WALK_DEPTH || value === null || typeof value !== 'object') continue;
    const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
    if (!Array.isArray(value)) visit(value as Record<string, unknown>);
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1 });
    }
  }
}

/** The first object in document order that `matches`. */
export function findObject(root: unknown, matches: (node: Record<string, unknown>) => boolean): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  walkObjects(root, (node) => {
    if (!found && matches(node)) found = node;
  });
  return found;
}

/**
 * The fields of a form body: URL-encoded text, or multipart/form-data text as the tap renders it.
 * Empty when there is no body; never throws (a malformed escape yields what URLSearchParams makes of it).
 */
export function formFields(body: string | null | undefined): URLSearchParams {
  const fields = new URLSearchParams();
  if (typeof body !== 'string' || body.length === 0) return fields;
  const trimmed = body.trimStart();
  if (!trimmed.startsWith('--')) {
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) return fields;
    try {
      return new URLSearchParams(trimmed);
    } catch {
      return fields;
    }
  }
  const boundary = /^(--[^\r\n]+)\r?\n/.exec(trimmed)?.[1];
  if (!boundary) return fields;
  for (const part of trimmed.split(boundary)) {
    const match = /^\r?\nContent-Disposition:[^\r\n]*\bname="([^"]*)"[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n([\s\S]*?)\r?\n?$/i.exec(part);
    if (match?.[1] !== undefined && match[2] !== undefined) fields.append(match[1], match[2]);
  }
  return fields;
}

/**
 * Recipients from a header-style address list: `Name <a@b.c>, "Last, First" <d@e.f>, g@h.i`.
 * Entries without a valid address are dropped; at most 500.
 */
export function addressList(value: unknown, role: 'to' | 'cc' | 'bcc'): Recipient[] {
  if (typeof value !== 'string' || value.length === 0) return [];
  const out: Recipient[] = [];
  // Split on commas and semicolons outside quotes and angle brackets.
  let current = '';
  let quoted = false;
  let angled = false;
  const entries: string[] = [];
  for (const char of value.slice(0, 100_000)) {
    if (char === '"') quoted = !quoted;
    else if (char === '<' && !quoted) angled = true;
    else if (char === '>' && !quoted) angled = false;
    if ((char === ',' || char === ';') && !quoted && !angled) {
      entries.push(current);
      current = '';
    } else current += char;
  }
  entries.push(current);
  for (const entry of entries) {
    const angle = /^(.*)<([^<>]*)>\s*$/.exec(entry.trim());
    const address = (angle?.[2] ?? entry).trim();
    const name = angle?.[1]?.trim().replace(/^"(.*)"$/, '$1');
    const r = recipient(address, name, role);
    if (r) out.push(r);
    if (out.length >= 500) break;
  }
  return out;
}
