import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { ApiAnswer, ApiRequest, ConnectorError } from '../../lib/api-connector/http';
import type { CrmSend } from '../../lib/crm/types';

/**
 * What a client sent and what it got back, recorded around its `send` while the client's own test
 * scenarios run (see tests/unit/contracts/*.test.ts): the contract tests check every one of them
 * against the vendor's published material kept beside this file.
 */
export interface Exchange {
  request: ApiRequest;
  answer: ApiAnswer | { error: ConnectorError };
}

/** A contract file beside the caller, read as data (a typed import of a large spec would make tsc infer all of it). */
export function contractFile<T>(base: string, name: string): T {
  return JSON.parse(readFileSync(new URL(name, base), 'utf8')) as T;
}

export function recording(send: CrmSend, log: Exchange[]): CrmSend {
  return async (request) => {
    const answer = await send(request);
    log.push({ request, answer });
    return answer;
  };
}

/** One request, as the contract tests read it. */
export interface ReadRequest {
  method: string;
  url: URL;
  query: Record<string, string>;
  /** The JSON body, or the form fields of a form body; undefined without one. */
  body: unknown;
}

export function readRequest(request: ApiRequest): ReadRequest {
  const url = new URL(request.url);
  const type = Object.entries(request.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  let body: unknown;
  if (request.body !== undefined && request.body !== '') {
    body = type.includes('x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(request.body)) : JSON.parse(request.body);
  }
  return { method: request.method, url, query: Object.fromEntries(url.searchParams), body };
}

/** The answer's JSON when it is a 2xx with a JSON body, else undefined (a test's deliberately broken page is not JSON). */
export function okJson(answer: Exchange['answer']): unknown {
  if ('error' in answer || answer.status < 200 || answer.status > 299 || !answer.body.trim()) return undefined;
  try {
    return JSON.parse(answer.body);
  } catch {
    return undefined;
  }
}

/** Ajv with formats (date-time, email…), tolerant of vendor keywords (`x-source`, `example`). */
export function vendorAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  // OpenAPI's numeric formats: the type already says what they check.
  for (const format of ['int32', 'int64', 'float', 'double']) ajv.addFormat(format, true);
  return ajv;
}

/** A validator's failures in one line each: `<where> <what>`. */
export function problems(validate: ValidateFunction, value: unknown, label: string): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    (e) =>
      `${label}${e.instancePath || ''} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? ` '${String(e.params.additionalProperty)}'` : ''}`,
  );
}

/** A JSON Schema copy in which every object refuses properties it does not name (request bodies: a misspelt field fails). */
export function closed<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(closed) as T;
  if (!schema || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) copy[key] = key === 'example' || key === 'examples' ? value : closed(value);
  if (copy.type === 'object' && copy.properties && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy as T;
}

/**
 * A JSON Schema copy in which every property may also be null: code generated from an OpenAPI
 * document (Pipedrive's TypeScript client) keeps the types but drops `nullable`, and the vendor
 * answers null for every unset field.
 */
export function nullable<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(nullable) as T;
  if (!schema || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && value && typeof value === 'object')
      copy[key] = Object.fromEntries(
        Object.entries(value).map(([name, property]) => [name, { anyOf: [nullable(property), { type: 'null' }] }]),
      );
    else copy[key] = nullable(value);
  }
  return copy as T;
}

/** A path template (`/activities/{id}`) as a RegExp on a pathname. */
export function templateRegExp(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
  return new RegExp(`^${escaped}$`);
}
