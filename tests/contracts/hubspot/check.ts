import { closed, contractFile, type Exchange, okJson, problems, readRequest, templateRegExp, vendorAjv } from '../exchange';
import rules from './rules.json';

/**
 * Every HubSpot request against the operations of HubSpot's public OpenAPI collection
 * (openapi.json, extracted from HubSpot/HubSpot-public-api-spec-collection), and the rules the spec
 * does not carry (rules.json): the property names each object's guide lists (a property outside
 * them only once the portal confirmed it), the search caps. 2xx answers are checked against the
 * operation's response schema. `confirmed` carries the properties portals confirmed so far.
 */

type Json = Record<string, unknown>;
interface Spec {
  file: string;
  paths: Record<string, Json>;
  components: { schemas: Record<string, Json> } & Json;
}
const collection = contractFile<{ source: Json; specs: Spec[] }>(import.meta.url, './openapi.json');
interface Operation {
  spec: number;
  path: string;
  method: string;
  op: { parameters?: { name: string; in: string; schema?: object }[]; requestBody?: unknown; responses: Record<string, unknown> };
}

const ajv = vendorAjv();
collection.specs.forEach((spec, i) => {
  // Answers: a requested property without a value answers null (rules.answers.nullPropertyValues).
  const answers = structuredClone(spec.components) as { schemas?: Record<string, Json> };
  for (const name of ['SimplePublicObject', 'SimplePublicObjectWithAssociations']) {
    const schema = answers.schemas?.[name] as { properties?: { properties?: Json } } | undefined;
    if (schema?.properties?.properties) schema.properties.properties.additionalProperties = { type: ['string', 'null'] };
  }
  ajv.addSchema({ $id: `hs-answers-${i}`, components: answers });
  const components = { ...spec.components, schemas: closed(spec.components.schemas) } as Json;
  const schemas = components.schemas as Record<string, { required?: string[]; properties?: Json }>;
  const search = schemas.PublicObjectSearchRequest;
  if (search?.required && search.properties) {
    schemas.PublicObjectSearchRequest = {
      ...search,
      // Fields the generated schema requires that the search guide's own requests omit, and sorts in the guide's object form.
      required: search.required.filter((f) => !rules.search.notRequired.fields.includes(f)),
      properties: { ...search.properties, sorts: { type: 'array', items: { anyOf: [{ type: 'string' }, rules.search.sorts.object] } } },
    };
  }
  ajv.addSchema({ $id: `hs-requests-${i}`, components });
});

function operationOf(method: string, pathname: string): Operation | undefined {
  for (const [spec, { paths }] of collection.specs.entries()) {
    for (const [path, item] of Object.entries(paths)) {
      const op = (item as Record<string, Operation['op']>)[method.toLowerCase()];
      if (op && templateRegExp(path).test(pathname)) return { spec, path, method, op };
    }
  }
  return undefined;
}

const schemaRef = (content: unknown): string | undefined =>
  (content as { 'application/json'?: { schema?: { $ref?: string } } } | undefined)?.['application/json']?.schema?.$ref;

function typed(value: string, schema: { type?: string } | undefined): unknown {
  if (schema?.type === 'integer' || schema?.type === 'number') return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (schema?.type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

const ACTIVITY = rules.activityProperties as unknown as Record<string, { names: string[]; source: string } | string>;

/** Properties portals confirmed (GET 200 or POST 201 on the properties API), as `<objectType>/<name>`. */
export type Confirmed = Set<string>;

function propertyProblems(label: string, type: string, names: string[], confirmed: Confirmed): string[] {
  const listed = ACTIVITY[type];
  if (!listed || typeof listed === 'string') return [];
  return names
    .filter((name) => !listed.names.includes(name) && !confirmed.has(`${type}/${name}`))
    .map((name) => `${label}: property '${name}' is neither in the ${type} guide (${listed.source}) nor confirmed by the portal`);
}

export function hubspotProblems(exchange: Exchange, confirmed: Confirmed): string[] {
  const { method, url, query, body } = readRequest(exchange.request);
  const label = `${method} ${url.pathname}`;
  const operation = operationOf(method, url.pathname);
  if (!operation) return [`${label}: no such operation in HubSpot's spec collection`];
  const out: string[] = [];
  const parameters = operation.op.parameters ?? [];
  for (const [name, value] of Object.entries(query)) {
    const parameter = parameters.find((p) => p.in === 'query' && p.name === name);
    if (!parameter) out.push(`${label}: query '${name}' is not a parameter`);
    else if (parameter.schema)
      out.push(...problems(ajv.compile(parameter.schema), typed(value, parameter.schema as { type?: string }), `${label}?${name}`));
  }
  const bodyRef = schemaRef((operation.op.requestBody as { content?: unknown } | undefined)?.content);
  if (bodyRef) {
    const validate = ajv.getSchema(`hs-requests-${operation.spec}${bodyRef}`);
    if (!validate) throw new Error(`no schema ${bodyRef}`);
    out.push(...problems(validate, body, `${label} body`));
  } else if (body !== undefined) out.push(`${label}: takes no body`);

  const object = /^\/crm\/v3\/objects\/([a-z]+)(\/search)?$/.exec(url.pathname);
  const input = (body ?? {}) as {
    properties?: Record<string, string>;
    filterGroups?: { filters: { propertyName: string }[] }[];
    limit?: number;
    after?: string;
  };
  if (object?.[1] && method === 'POST') {
    const type = object[1];
    if (object[2]) {
      const groups = input.filterGroups ?? [];
      const filters = groups.flatMap((g) => g.filters);
      out.push(
        ...propertyProblems(
          `${label} filter`,
          type,
          filters.map((f) => f.propertyName),
          confirmed,
        ),
      );
      const { search } = rules;
      if ((input.limit ?? 10) > search.maxLimit) out.push(`${label}: limit over ${search.maxLimit} (${search.source})`);
      if (Number(input.after ?? 0) > search.maxAfter) out.push(`${label}: after=${input.after}: ${search.afterNote}`);
      if (groups.length > search.maxFilterGroups) out.push(`${label}: more than ${search.maxFilterGroups} filterGroups`);
      if (groups.some((g) => g.filters.length > search.maxFiltersPerGroup) || filters.length > search.maxFilters)
        out.push(`${label}: too many filters (${search.source})`);
    } else out.push(...propertyProblems(`${label} properties`, type, Object.keys(input.properties ?? {}), confirmed));
  }

  const status = 'error' in exchange.answer ? undefined : exchange.answer.status;
  const answer = okJson(exchange.answer);
  if (status !== undefined && answer !== undefined) {
    const response = (operation.op.responses[String(status)] ?? operation.op.responses['2XX']) as { content?: unknown } | undefined;
    const ref = schemaRef(response?.content);
    if (!response) out.push(`${label}: ${status} is not a documented answer`);
    else if (ref) {
      const validate = ajv.getSchema(`hs-answers-${operation.spec}${ref}`);
      if (!validate) throw new Error(`no schema ${ref}`);
      out.push(...problems(validate, answer, `${label} answer`));
    }
  }
  // What this exchange confirms for the ones after it.
  const property = /^\/crm\/v3\/properties\/([a-z]+)(?:\/([a-z_]+))?$/.exec(url.pathname);
  if (property?.[1] && (status === 200 || status === 201)) {
    const name = property[2] ?? (body as { name?: string } | undefined)?.name;
    if (name) confirmed.add(`${property[1]}/${name}`);
  }
  return out;
}
