import { closed, contractFile, type Exchange, nullable, okJson, problems, readRequest, templateRegExp, vendorAjv } from '../exchange';
import rules from './rules.json';

/**
 * Every Pipedrive request against the operations of Pipedrive's official Node client
 * (client-nodejs.json, extracted from its OpenAPI-generated code) and the rules it does not carry
 * (rules.json: read-only fields, deprecations, page caps). An answer (2xx) is checked against the
 * operation's answer model. Returns the problems, one line each; none means the exchange holds.
 */

interface Operation {
  operation: string;
  method: string;
  version: 'v1' | 'v2';
  path: string;
  query: Record<string, { type?: string }>;
  body?: string;
  answer: string;
}
const spec = contractFile<{ operations: Operation[]; definitions: Record<string, unknown> }>(import.meta.url, './client-nodejs.json');
const ajv = vendorAjv();
// Answers: the generated models lose OpenAPI's `nullable` (see nullable()); data of an empty v1 list is null.
ajv.addSchema({ $id: 'pd-answers', definitions: nullable(spec.definitions) });
ajv.addSchema({ $id: 'pd-requests', definitions: closed(spec.definitions) });

const versionOf = (pathname: string): { version: 'v1' | 'v2'; path: string } | undefined => {
  const match = /^(?:\/api)?\/(v1|v2)(\/.*)$/.exec(pathname);
  return match ? { version: match[1] as 'v1' | 'v2', path: match[2] as string } : undefined;
};

function operationOf(method: string, pathname: string): Operation | undefined {
  const at = versionOf(pathname);
  if (!at) return undefined;
  return spec.operations.find((o) => o.method === method && o.version === at.version && templateRegExp(o.path).test(at.path));
}

/** A query value as its schema's type (the URL carries text). */
function typed(value: string, schema: { type?: string }): unknown {
  if (schema.type === 'number') return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (schema.type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

export function pipedriveProblems(exchange: Exchange): string[] {
  const { method, url, query, body } = readRequest(exchange.request);
  const label = `${method} ${url.pathname}`;
  const at = versionOf(url.pathname);
  if (!at) return [`${label}: not a Pipedrive API path`];
  if (at.version === 'v2' && !url.pathname.startsWith('/api/v2/')) return [`${label}: v2 answers only under /api/v2/ (migration guide)`];
  const out: string[] = [];
  for (const rule of rules.deprecated) {
    if (rule.version === at.version && (rule.method === '*' || rule.method === method) && templateRegExp(rule.path).test(at.path))
      out.push(`${label}: deprecated, use ${rule.instead} (${rule.source})`);
  }
  const operation = operationOf(method, url.pathname);
  if (!operation) return [...out, `${label}: no such operation in client-nodejs`];
  for (const [name, value] of Object.entries(query)) {
    const schema = operation.query[name];
    if (!schema) {
      out.push(`${label}: query '${name}' is not a parameter of ${operation.operation}`);
      continue;
    }
    const validate = ajv.compile(schema);
    out.push(...problems(validate, typed(value, schema), `${label}?${name}=${value}`));
  }
  for (const limit of rules.limits) {
    if (limit.method === method && limit.version === at.version && templateRegExp(limit.path).test(at.path)) {
      const value = Number(query[limit.query]);
      if (value > limit.max) out.push(`${label}: ${limit.query}=${value} is over ${limit.max} (${limit.source})`);
    }
  }
  if (operation.body) {
    const validate = ajv.getSchema(`pd-requests${operation.body}`);
    if (!validate) throw new Error(`no schema ${operation.body}`);
    out.push(...problems(validate, body, `${label} body`));
  } else if (body !== undefined) out.push(`${label}: ${operation.operation} takes no body`);
  for (const rule of rules.readOnly) {
    if (rule.method !== method || rule.version !== at.version || !templateRegExp(rule.path).test(at.path)) continue;
    for (const field of rule.fields)
      if (body && typeof body === 'object' && field in body) out.push(`${label} body: '${field}' is read-only: ${rule.answer}`);
  }
  const answer = okJson(exchange.answer);
  if (answer !== undefined) {
    const validate = ajv.getSchema(`pd-answers${operation.answer}`);
    if (!validate) throw new Error(`no schema ${operation.answer}`);
    out.push(...problems(validate, answer, `${label} answer`));
  }
  return out;
}
