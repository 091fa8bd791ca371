import { parsePhpQuery } from '../../fakes/crm/bitrix24/fake-bitrix24';
import { type Exchange, readRequest } from '../exchange';
import generated from './methods.json';
import rules from './rules.json';

/**
 * Every Bitrix24 call against its method page in bitrix24/b24restdocs (methods.json: the page's
 * parameters, which are required, every name its tables define, its DEPRECATED note) and the
 * prose rules in rules.json (deprecated methods kept on purpose and why, multi-field keys).
 * Bitrix24 publishes no machine-readable contract, so the rules are checked as data, not ajv.
 */

interface Method {
  page: string;
  params: string[];
  required: string[];
  known: string[];
  deprecated?: string;
}
const methods = generated.methods as Record<string, Method>;
const kept = rules.keptDeprecated as Record<string, { page: string; why: string }>;

export function bitrixProblems(exchange: Exchange): string[] {
  const { url, body } = readRequest(exchange.request);
  const method = /\/rest\/\d+\/[^/]+\/([a-z0-9_.]+?)(?:\.json)?$/.exec(url.pathname)?.[1];
  if (!method) return [`${url.pathname}: not a webhook call`];
  const out = callProblems(method, (body ?? {}) as Record<string, unknown>);
  if (method !== 'batch') return out;
  // Each command of a batch ("method?query", batch.md) against its own method's page.
  const commands = Object.values(((body ?? {}) as { cmd?: Record<string, string> }).cmd ?? {});
  if (commands.length > 50) out.push(`batch: ${commands.length} commands, at most 50 (batch.md)`);
  for (const command of commands) {
    const [inner = '', query = ''] = String(command).split('?', 2);
    if (inner === 'batch') out.push('batch: a batch inside a batch (batch.md)');
    else out.push(...callProblems(inner, parsePhpQuery(query)).map((p) => `batch → ${p}`));
  }
  return out;
}

function callProblems(method: string, params: Record<string, unknown>): string[] {
  const page = methods[method];
  if (!page) return [`${method}: no page for it in methods.json`];
  const out: string[] = [];
  if (page.deprecated && !kept[method]) out.push(`${method} is deprecated (${page.page}): ${page.deprecated}`);
  for (const name of Object.keys(params))
    if (!page.params.includes(name)) out.push(`${method}: '${name}' is not a parameter (${page.page})`);
  for (const name of page.required) if (!(name in params)) out.push(`${method}: required '${name}' missing (${page.page})`);
  const fields = params.fields as Record<string, unknown> | undefined;
  if (fields && rules.fieldsChecked.includes(method)) {
    for (const name of Object.keys(fields))
      if (!page.known.includes(name)) out.push(`${method}: field '${name}' is not on its page (${page.page})`);
    for (const entry of (fields.fm as Record<string, unknown>[] | undefined) ?? []) {
      for (const key of Object.keys(entry))
        if (!rules.multiField.keys.includes(key)) out.push(`${method}: fm key '${key}' (${rules.multiField.page})`);
      if (!rules.multiField.typeIds.includes(String(entry.typeId))) out.push(`${method}: fm typeId '${String(entry.typeId)}'`);
    }
  }
  return out;
}
