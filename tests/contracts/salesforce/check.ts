import { parseSoql, parseSosl } from '../../fakes/crm/salesforce/soql';
import { type Exchange, okJson, readRequest } from '../exchange';
import contract from './contract.json';

/**
 * Salesforce's contract (contract.json: the Object Reference's field properties, the REST and OAuth
 * guides, the official Postman collection) checked on one exchange: the path is a documented
 * resource, form fields are the documented ones, record bodies name fields that may be created
 * with values the picklists allow, every SOQL field exists and may be filtered or grouped as used,
 * and the answers have the documented shape. Returns what is wrong, one line each.
 */

type Field = { type: string; props: string; length?: number; values?: string[]; required?: boolean };
const SOBJECTS = contract.sobjects as Record<string, Record<string, Field>>;
const EXTERNAL = /^\w+__c$/;

function field(sobject: string, name: string): Field | undefined {
  if (EXTERNAL.test(name)) return contract.externalIdOnActivity as Field;
  return SOBJECTS[sobject]?.[name];
}

function missing(object: unknown, required: string[]): string[] {
  const keys = object && typeof object === 'object' ? Object.keys(object) : [];
  return required.filter((k) => !keys.includes(k));
}

function checkSoql(text: string, where: string): string[] {
  const problems: string[] = [];
  let soql: ReturnType<typeof parseSoql>;
  try {
    soql = parseSoql(text);
  } catch (error) {
    return [`${where}: ${String(error)}`];
  }
  if (!SOBJECTS[soql.from]) return [`${where}: ${soql.from} is not an object the contract names`];
  const need = (name: string, prop: string, use: string) => {
    const f = field(soql.from, name);
    if (!f) problems.push(`${where}: ${soql.from}.${name} is not a documented field`);
    else if (!f.props.includes(prop)) problems.push(`${where}: ${soql.from}.${name} cannot be used in ${use}`);
  };
  for (const item of soql.select) if (item.field !== 'COUNT') need(item.field, '', 'SELECT');
  for (const c of soql.where) need(c.field, 'F', 'WHERE');
  for (const g of soql.groupBy) need(g, 'G', 'GROUP BY');
  if (soql.groupBy.length && (soql.limit === undefined || soql.limit > 2000))
    problems.push(`${where}: an aggregate must keep within 2,000 rows (LIMIT)`);
  for (const c of soql.where) {
    const f = field(soql.from, c.field);
    for (const value of Array.isArray(c.value) ? c.value : [c.value]) {
      if (f?.values && typeof value === 'string' && !f.values.includes(value)) problems.push(`${where}: ${c.field} has no value ${value}`);
    }
  }
  return problems;
}

function checkRecord(sobject: string, body: unknown, creating: boolean, where: string): string[] {
  if (!body || typeof body !== 'object') return [`${where}: no JSON body`];
  const problems: string[] = [];
  for (const [name, value] of Object.entries(body)) {
    const f = field(sobject, name);
    if (!f) {
      problems.push(`${where}: ${sobject}.${name} is not a documented field`);
      continue;
    }
    if (!f.props.includes(creating ? 'C' : 'U'))
      problems.push(`${where}: ${sobject}.${name} cannot be ${creating ? 'created' : 'updated'}`);
    if (f.values && !f.values.includes(String(value))) problems.push(`${where}: ${sobject}.${name} has no value ${String(value)}`);
    if (f.length && typeof value === 'string' && value.length > f.length)
      problems.push(`${where}: ${sobject}.${name} is longer than ${f.length}`);
    if (f.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(String(value))) problems.push(`${where}: ${sobject}.${name} is not a date`);
    if (f.type === 'datetime' && Number.isNaN(Date.parse(String(value)))) problems.push(`${where}: ${sobject}.${name} is not a date-time`);
    if (f.type === 'int' && !Number.isInteger(value)) problems.push(`${where}: ${sobject}.${name} is not an integer`);
  }
  if (creating)
    for (const [name, f] of Object.entries(SOBJECTS[sobject] ?? {}))
      if (f.required && !(name in body)) problems.push(`${where}: ${sobject}.${name} is required`);
  return problems;
}

export function salesforceProblems({ request, answer }: Exchange): string[] {
  const read = readRequest(request);
  const path = read.url.pathname;
  const where = `${read.method} ${path}`;
  const problems: string[] = [];
  const status = 'error' in answer ? 0 : answer.status;
  const json = okJson(answer);
  const oauth = contract.oauth;
  if (!('error' in answer) && status >= 400 && path.startsWith('/services/data/')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.body);
    } catch {
      parsed = undefined;
    }
    const shaped = Array.isArray(parsed) && parsed.every((e) => missing(e, ['message', 'errorCode']).length === 0);
    if (!shaped) problems.push(`${where} error answer is not [{message, errorCode}]`);
  }
  if (path === oauth.token.path) {
    const form = (read.body ?? {}) as Record<string, string>;
    const grant = oauth.token.grants[form.grant_type as keyof typeof oauth.token.grants];
    if (!grant) return [`${where}: grant_type ${form.grant_type} is not one we may use`];
    for (const k of missing(form, grant.required)) problems.push(`${where}: ${k} missing`);
    for (const k of Object.keys(form)) if (!grant.allowed.includes(k)) problems.push(`${where}: ${k} is not a token parameter`);
    if (form.client_secret !== undefined) problems.push(`${where}: a client secret was sent`);
    if (json) for (const k of missing(json, oauth.token.answer.required)) problems.push(`${where} answer: ${k} missing`);
    if (!('error' in answer) && status >= 400)
      for (const k of missing(JSON.parse(answer.body), oauth.token.error.required)) problems.push(`${where} error: ${k} missing`);
    return problems;
  }
  if (path === oauth.revoke.path) {
    for (const k of missing(read.body ?? {}, oauth.revoke.required)) problems.push(`${where}: ${k} missing`);
    return problems;
  }
  if (path === oauth.userinfo.path) {
    if (read.method !== 'GET') problems.push(`${where}: userinfo is read with GET`);
    if (json) for (const k of missing(json, oauth.userinfo.answer.required)) problems.push(`${where} answer: ${k} missing`);
    return problems;
  }
  const version = /^(\/services\/data\/v\d+\.\d)(\/.*)$/.exec(path);
  if (!version || !new RegExp(contract.rest.versionPath).test(version[1]!)) return [`${where}: not a documented resource`];
  const rest = version[2]!;
  const segments = rest.split('/').slice(1);
  const resource = contract.rest.resources.find((r) => {
    const parts = r.path.split('/').slice(1);
    return r.method === read.method && parts.length === segments.length && parts.every((p, i) => p.startsWith('{') || p === segments[i]);
  });
  if (!resource) return [`${where}: not a documented resource`];
  if (resource.path === '/query') problems.push(...checkSoql(read.query.q ?? '', where));
  if (resource.path === '/search') {
    try {
      const sosl = parseSosl(read.query.q ?? '');
      for (const o of sosl.objects) if (!SOBJECTS[o]) problems.push(`${where}: ${o} is not an object the contract names`);
    } catch (error) {
      problems.push(`${where}: ${String(error)}`);
    }
  }
  const sobject = segments[1] ?? '';
  if (resource.method === 'POST') problems.push(...checkRecord(sobject, read.body, true, where));
  if (resource.method === 'PATCH') {
    if (!EXTERNAL.test(segments[2] ?? '')) problems.push(`${where}: an upsert names a custom external-id field`);
    // An upsert may create: every field must be createable (an update of a create-only one is refused, and the client finds the record).
    problems.push(...checkRecord(sobject, read.body, true, where));
  }
  if (json && resource.path === '/query')
    for (const k of missing(json, contract.rest.queryAnswer.required)) problems.push(`${where} answer: ${k} missing`);
  if (json && (resource.method === 'POST' || resource.method === 'PATCH'))
    for (const k of missing(json, contract.rest.saveAnswer.required)) problems.push(`${where} answer: ${k} missing`);
  return problems;
}
