import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { ApiAnswer, ApiRequest } from '../../lib/api-connector/http';

/**
 * Checks requests and answers against a vendor's contract kept under tests/contracts/<vendor>/: an
 * OpenAPI 3.0 fragment cut from the vendor's own document, or, where none is published, the rules of
 * its docs or official clients written in the same form. Vendor rules a schema does not carry are
 * `x-` keys (x-auth, x-path-suffix, x-common-query-parameters, x-must-equal, x-json-schema,
 * x-comma-list-of), each with its source. OpenAPI schemas become JSON Schema (nullable, $ref) for ajv.
 */

// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document is untyped JSON here.
type Json = any;

export function loadContract(vendor: string, file: string): Json {
  return JSON.parse(readFileSync(new URL(`./${vendor}/${file}`, import.meta.url), 'utf8'));
}

const DROPPED = new Set(['example', 'examples', 'xml', 'externalDocs', 'discriminator', 'deprecated', 'nullable']);

/** An OpenAPI 3.0 schema as JSON Schema: nullable becomes a null type, component refs become definitions. */
function toJsonSchema(schema: Json, strictObjects: boolean): Json {
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema(s, strictObjects));
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED.has(key) || key.startsWith('x-')) continue;
    // An `enum` that is not a list (Calendly's UNAUTHENTICATED message) says what is usual, not a constraint.
    if (key === 'enum' && !Array.isArray(value)) continue;
    if (key === '$ref' && typeof value === 'string') out.$ref = value.replace('#/components/schemas/', '#/definitions/');
    else if (key === 'properties' && value && typeof value === 'object')
      out.properties = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, toJsonSchema(s, strictObjects)]));
    else out[key] = toJsonSchema(value, strictObjects);
  }
  if (schema.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else return { anyOf: [out, { type: 'null' }] };
  }
  // A request body may not carry what the vendor does not name (a misspelled field is an error).
  if (strictObjects && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

export class ContractChecker {
  private readonly ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
  private readonly definitions: Json;

  constructor(readonly doc: Json) {
    this.definitions = Object.fromEntries(Object.entries(doc.components?.schemas ?? {}).map(([name, s]) => [name, toJsonSchema(s, false)]));
  }

  private compile(schema: Json, strictObjects = false): ValidateFunction {
    return this.ajv.compile({ ...toJsonSchema(schema, strictObjects), definitions: this.definitions });
  }

  private check(schema: Json, value: unknown, what: string, strictObjects = false): string[] {
    const validate = this.compile(schema, strictObjects);
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${what}${e.instancePath} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
  }

  private resolve(node: Json): Json {
    if (typeof node?.$ref !== 'string') return node;
    const [, , kind, name] = node.$ref.split('/');
    return this.resolve(this.doc.components?.[kind]?.[name]);
  }

  /** The operation a URL and method name, or why none: its path template and definition. */
  operation(method: string, url: URL): { template: string; op: Json; pathItem: Json } | string {
    const server = (this.doc.servers ?? []).map((s: Json) => new URL(s.url)).find((s: URL) => s.origin === url.origin);
    if (!server) return `${url.origin} is not a server of the contract`;
    let path = url.pathname.slice(server.pathname.replace(/\/$/, '').length);
    const suffix = this.doc['x-path-suffix']?.value as string | undefined;
    if (suffix) {
      if (!path.endsWith(suffix)) return `${path}: the vendor's clients end the path with "${suffix}"`;
      path = path.slice(0, -suffix.length);
    }
    for (const [template, pathItem] of Object.entries<Json>(this.doc.paths)) {
      const pattern = new RegExp(`^${template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{[^}]+\\\}/g, '[^/]+')}$`);
      if (!pattern.test(path)) continue;
      const op = pathItem[method.toLowerCase()];
      if (!op) return `${method} ${template} is not in the contract`;
      return { template, op, pathItem };
    }
    return `${path} is not a path of the contract`;
  }

  /** Every way `request` breaks the contract; empty when it keeps it. */
  request(request: ApiRequest): string[] {
    const url = new URL(request.url);
    const found = this.operation(request.method, url);
    if (typeof found === 'string') return [found];
    const { op, pathItem } = found;
    const errors: string[] = [];
    const params: Json[] = [...(pathItem.parameters ?? []), ...(op.parameters ?? [])].map((p: Json) => this.resolve(p));
    // A query parameter of object type, form style and exploded (OpenAPI's default), is its properties.
    const query: Json[] = [...(this.doc['x-common-query-parameters'] ?? [])];
    for (const p of params.filter((p) => p.in === 'query')) {
      const schema = this.resolve(p.schema);
      if (schema?.type === 'object' && p.explode !== false)
        for (const [name, s] of Object.entries<Json>(schema.properties ?? {}))
          query.push({ name, in: 'query', required: (schema.required ?? []).includes(name), schema: s });
      else query.push({ ...p, schema });
    }
    for (const name of new Set(url.searchParams.keys())) {
      const param = query.find((p) => p.name === name);
      if (!param) {
        errors.push(`undeclared query parameter "${name}"`);
        continue;
      }
      const values = url.searchParams.getAll(name);
      const schema = this.resolve(param.schema);
      if (schema?.type === 'array') {
        const items = param.explode === false || param.style !== 'form' ? values.flatMap((v) => v.split(',')) : values;
        errors.push(
          ...this.check(
            schema,
            items.map((v) => typed(v, this.resolve(schema.items))),
            `query ${name}`,
          ),
        );
      } else if (values.length > 1) errors.push(`query ${name} given ${values.length} times`);
      else errors.push(...this.check(schema, typed(values[0] as string, schema), `query ${name}`));
    }
    for (const p of query) if (p.required && !url.searchParams.has(p.name)) errors.push(`required query parameter "${p.name}" missing`);
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
    for (const p of params.filter((p) => p.in === 'header')) {
      const value = headers[String(p.name).toLowerCase()];
      if (value === undefined) {
        if (p.required) errors.push(`required header "${p.name}" missing`);
        continue;
      }
      errors.push(...this.check(p.schema, value, `header ${p.name}`));
      if (p['x-must-equal'] !== undefined && value !== p['x-must-equal']) errors.push(`header ${p.name} must be ${p['x-must-equal']}`);
    }
    const auth = this.doc['x-auth'];
    if (auth && !new RegExp(auth.pattern).test(headers[auth.header] ?? ''))
      errors.push(`header ${auth.header} is not in the documented form`);
    errors.push(...this.body(request, headers['content-type'], op));
    return errors;
  }

  private body(request: ApiRequest, contentType: string | undefined, op: Json): string[] {
    if (!op.requestBody) return request.body === undefined ? [] : ['a body where the operation takes none'];
    const type = (contentType ?? '').split(';')[0]!.trim();
    const media = op.requestBody.content?.[type];
    if (!media) return [`body sent as "${type}", not one of ${Object.keys(op.requestBody.content ?? {}).join(', ')}`];
    if (request.body === undefined) return op.requestBody.required ? ['required body missing'] : [];
    let value: Json;
    if (type === 'application/x-www-form-urlencoded') {
      const form = new URLSearchParams(request.body);
      value = Object.fromEntries(form.entries());
      if ([...form.keys()].length !== Object.keys(value).length) return ['a form field is repeated'];
    } else value = JSON.parse(request.body);
    const schema = this.resolve(media.schema);
    const errors = this.check(schema, value, 'body', true);
    // Form fields that carry JSON (Mango's `json`): their own schema, with the same strictness.
    for (const [name, s] of Object.entries<Json>(schema.properties ?? {})) {
      if (!s['x-json-schema'] || typeof value[name] !== 'string') continue;
      const inner = JSON.parse(value[name]);
      errors.push(...this.check(s['x-json-schema'], inner, `body ${name}`, true));
      for (const [field, f] of Object.entries<Json>(s['x-json-schema'].properties ?? {})) {
        const allowed = f['x-comma-list-of'] ? this.doc[f['x-comma-list-of']]?.enum : undefined;
        if (!allowed || typeof inner[field] !== 'string') continue;
        for (const item of inner[field].split(',').map((x: string) => x.trim()))
          if (!allowed.includes(item)) errors.push(`body ${name}.${field}: "${item}" is not one of the documented names`);
      }
    }
    return errors;
  }

  /** Every way an answer breaks the response the contract gives for its status; `covered` false when it gives none. */
  answer(method: string, url: string, answer: ApiAnswer): { covered: boolean; errors: string[] } {
    const found = this.operation(method, new URL(url));
    if (typeof found === 'string') return { covered: false, errors: [found] };
    const responses = found.op.responses ?? {};
    const response = this.resolve(responses[String(answer.status)] ?? responses[`${String(answer.status)[0]}XX`] ?? responses.default);
    if (!response) return { covered: false, errors: [] };
    const content = response.content ?? {};
    const json = content['application/json'];
    // A documented answer without JSON (an empty 204, Mango's text report: checked where it is asked for).
    if (!json) return { covered: true, errors: [] };
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      return { covered: true, errors: ['the answer is not JSON'] };
    }
    return { covered: true, errors: this.check(this.resolve(json.schema), body, 'answer') };
  }
}

/** A query string value as the schema's type reads it (what a server's parser would do). */
function typed(value: string, schema: Json): unknown {
  const type = Array.isArray(schema?.type) ? schema.type[0] : schema?.type;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}
