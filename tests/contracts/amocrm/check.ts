import type { ValidateFunction } from 'ajv';
import { type Exchange, problems, readRequest, templateRegExp, vendorAjv } from '../exchange';
import rules from './rules.json';

/**
 * Every amoCRM request against the rules of amoCRM's official PHP client (rules.json, encoded from
 * amocrm/amocrm-api-php: the paths its services call, the query keys its filters build, the keys
 * its models' toApi write). amoCRM publishes no answer schemas, so answers are left to the client's
 * own zod parsing.
 */

interface Rule {
  method: string;
  path: string;
  query?: string[];
  body?: object;
  source: string;
}
const ajv = vendorAjv();
// Literal paths first: contacts/notes is not contacts/{id}.
const byLiteralFirst = (a: Rule, b: Rule) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0);
const operations = (rules.operations as Rule[]).toSorted(byLiteralFirst).map((rule) => ({
  ...rule,
  pattern: templateRegExp(rule.path),
  validate: rule.body ? ajv.compile(rule.body) : undefined,
})) satisfies (Rule & { pattern: RegExp; validate?: ValidateFunction })[];

export function amoProblems(exchange: Exchange): string[] {
  const { method, url, body } = readRequest(exchange.request);
  const label = `${method} ${url.pathname}`;
  const operation = operations.find((o) => o.method === method && o.pattern.test(url.pathname));
  if (!operation) return [`${label}: no such call in the official PHP client`];
  const out: string[] = [];
  for (const [name, value] of url.searchParams) {
    if (!operation.query?.includes(name)) out.push(`${label}: query '${name}' is not built by the client's filters (${operation.source})`);
    for (const limit of rules.limits)
      if (name === limit.query && Number(value) > limit.max) out.push(`${label}: ${name}=${value} over ${limit.max}`);
  }
  if (operation.validate) out.push(...problems(operation.validate, body, `${label} body`));
  else if (body !== undefined) out.push(`${label}: takes no body`);
  const notes = Array.isArray(body) ? body : body && typeof body === 'object' ? [body] : [];
  for (const note of notes as { note_type?: unknown }[])
    if (/\/notes/.test(url.pathname) && note.note_type !== undefined && !rules.noteTypes.values.includes(String(note.note_type)))
      out.push(`${label}: note_type '${String(note.note_type)}' is not one of NoteFactory's`);
  return out;
}
