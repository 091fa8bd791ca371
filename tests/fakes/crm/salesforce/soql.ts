/**
 * The subset of SOQL and SOSL the fake Salesforce understands: exactly what the Quota Radar client
 * sends (lib/crm/salesforce/), parsed strictly so that a malformed or badly escaped query fails here
 * as Salesforce's MALFORMED_QUERY would. Grammar (SOQL reference,
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/):
 *   SELECT item (, item)* FROM Object [WHERE cond (AND cond)*] [GROUP BY f (, f)*] [ORDER BY f] [LIMIT n]
 *   item: Field | COUNT(Id) alias;  cond: Field op value | Field IN (value, …)
 *   op: = != < <= > >= LIKE;  value: 'escaped string' | number | true | false | null | YYYY-MM-DD
 */

export type Value = string | number | boolean | null;
export interface Condition {
  field: string;
  op: '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'IN';
  value: Value | Value[];
}
export interface Soql {
  select: { field: string; count?: string }[];
  from: string;
  where: Condition[];
  groupBy: string[];
  orderBy?: string;
  limit?: number;
}

const TOKEN = /\s*(?:('(?:\\.|[^'\\])*')|(!=|<=|>=|=|<|>|\(|\)|,)|([A-Za-z_][A-Za-z0-9_.]*)|(\d{4}-\d{2}-\d{2})|(-?\d+(?:\.\d+)?))/sy;

const CONTROL: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

function unquote(literal: string): string {
  return literal.slice(1, -1).replace(/\\(.)/gs, (_, c: string) => CONTROL[c] ?? c);
}

function tokens(text: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.trimEnd().length) {
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(text);
    if (!match) throw new Error(`MALFORMED_QUERY: unexpected text at ${at}: ${text.slice(at, at + 20)}`);
    out.push(match[0].trim());
    at = TOKEN.lastIndex;
  }
  return out;
}

function literalValue(token: string): Value {
  if (token.startsWith("'")) return unquote(token);
  if (/^(true|false)$/i.test(token)) return token.toLowerCase() === 'true';
  if (/^null$/i.test(token)) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(token)) return token;
  if (/^-?\d/.test(token)) return Number(token);
  throw new Error(`MALFORMED_QUERY: not a value: ${token}`);
}

export function parseSoql(text: string): Soql {
  const t = tokens(text);
  let i = 0;
  const peek = () => t[i]?.toUpperCase();
  const take = (expected?: string) => {
    const token = t[i++];
    if (token === undefined || (expected && token.toUpperCase() !== expected))
      throw new Error(`MALFORMED_QUERY: expected ${expected ?? 'more'} at ${token}`);
    return token;
  };
  take('SELECT');
  const select: Soql['select'] = [];
  do {
    if (peek() === ',') take(',');
    const field = take();
    if (field.toUpperCase() === 'COUNT') {
      take('(');
      take('ID');
      take(')');
      select.push({ field: 'COUNT', count: peek() !== ',' && peek() !== 'FROM' ? take() : 'expr0' });
    } else select.push({ field });
  } while (peek() === ',');
  take('FROM');
  const from = take();
  const where: Condition[] = [];
  if (peek() === 'WHERE') {
    take('WHERE');
    do {
      if (peek() === 'AND') take('AND');
      const field = take();
      const op = take().toUpperCase() as Condition['op'];
      if (!['=', '!=', '<', '<=', '>', '>=', 'LIKE', 'IN'].includes(op)) throw new Error(`MALFORMED_QUERY: unknown operator ${op}`);
      if (op === 'IN') {
        take('(');
        const list: Value[] = [literalValue(take())];
        while (peek() === ',') {
          take(',');
          list.push(literalValue(take()));
        }
        take(')');
        where.push({ field, op, value: list });
      } else {
        const token = take();
        // LIKE reads its own escapes (\\% \\_ are themselves): it keeps the literal as written.
        where.push({ field, op, value: op === 'LIKE' && token.startsWith("'") ? token.slice(1, -1) : literalValue(token) });
      }
    } while (peek() === 'AND');
  }
  const groupBy: string[] = [];
  if (peek() === 'GROUP') {
    take('GROUP');
    take('BY');
    groupBy.push(take());
    while (peek() === ',') {
      take(',');
      groupBy.push(take());
    }
  }
  let orderBy: string | undefined;
  if (peek() === 'ORDER') {
    take('ORDER');
    take('BY');
    orderBy = take();
  }
  let limit: number | undefined;
  if (peek() === 'LIMIT') {
    take('LIMIT');
    limit = Number(take());
  }
  if (i !== t.length) throw new Error(`MALFORMED_QUERY: unexpected ${t[i]}`);
  for (const item of select)
    if (item.field !== 'COUNT' && groupBy.length && !groupBy.includes(item.field))
      throw new Error(`MALFORMED_QUERY: ${item.field} is neither grouped nor aggregated`);
  return { select, from, where, groupBy, ...(orderBy ? { orderBy } : {}), ...(limit !== undefined ? { limit } : {}) };
}

/** LIKE as Salesforce matches it: `%` any run, `_` one character, a backslash escapes the next character; case-insensitive. */
export function likeMatches(value: string, pattern: string): boolean {
  let regex = '';
  const literal = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) {
      const next = pattern[++i]!;
      regex += literal(CONTROL[next] ?? next);
    } else if (c === '%') regex += '.*';
    else if (c === '_') regex += '.';
    else regex += literal(c);
  }
  return new RegExp(`^${regex}$`, 'is').test(value);
}

export function matches(row: Record<string, unknown>, condition: Condition): boolean {
  const actual = row[condition.field] ?? null;
  const { value } = condition;
  switch (condition.op) {
    case '=':
      return typeof actual === 'string' && typeof value === 'string' ? actual.toLowerCase() === value.toLowerCase() : actual === value;
    case '!=':
      return actual !== value;
    case 'IN':
      return Array.isArray(value) && value.includes(actual as Value);
    case 'LIKE':
      return typeof actual === 'string' && typeof value === 'string' && likeMatches(actual, value);
    default: {
      if (actual === null || value === null) return false;
      const [a, b] = [actual as string | number, value as string | number];
      return condition.op === '<' ? a < b : condition.op === '<=' ? a <= b : condition.op === '>' ? a > b : a >= b;
    }
  }
}

/** SOSL: `FIND {"phrase"} IN (PHONE|ALL) FIELDS RETURNING Contact(Id), Lead(Id WHERE IsConverted = false) LIMIT n`. */
export function parseSosl(text: string): { phrase: string; scope: 'PHONE' | 'ALL'; objects: string[] } {
  const match = /^FIND \{"((?:\\.|[^"\\])*)"\} IN (PHONE|ALL) FIELDS RETURNING (.+?)(?: LIMIT \d+)?$/.exec(text);
  if (!match) throw new Error('MALFORMED_SEARCH: not a FIND the fake knows');
  const phrase = match[1]!.replace(/\\(.)/g, '$1');
  const objects = [...match[3]!.matchAll(/(\w+)\(/g)].map((m) => m[1]!);
  return { phrase, scope: match[2] as 'PHONE' | 'ALL', objects };
}

type Row = Record<string, unknown> & { Id: string };

/** A parsed SOQL over an object's rows: filtered, ordered, grouped with COUNT, limited, shaped as the query resource answers. */
export function runSoql(soql: Soql, rows: readonly Row[], sobjectsPath: string): Record<string, unknown>[] {
  let hits = rows.filter((row) => soql.where.every((c) => matches(row, c)));
  const order = soql.orderBy;
  if (order) hits = [...hits].sort((a, b) => String(a[order] ?? '').localeCompare(String(b[order] ?? '')));
  let records: Record<string, unknown>[];
  if (soql.groupBy.length) {
    const groups = new Map<string, Record<string, unknown>>();
    const count = soql.select.find((s) => s.count)?.count ?? 'expr0';
    for (const row of hits) {
      const key = JSON.stringify(soql.groupBy.map((f) => row[f] ?? null));
      const group = groups.get(key) ?? {
        attributes: { type: 'AggregateResult' },
        ...Object.fromEntries(soql.groupBy.map((f) => [f, row[f] ?? null])),
        [count]: 0,
      };
      group[count] = (group[count] as number) + 1;
      groups.set(key, group);
    }
    records = [...groups.values()];
  } else
    records = hits.map((row) => ({
      attributes: { type: soql.from, url: `${sobjectsPath}/${soql.from}/${row.Id}` },
      ...Object.fromEntries(soql.select.map((s) => [s.field, row[s.field] ?? null])),
    }));
  return soql.limit !== undefined ? records.slice(0, soql.limit) : records;
}

/** A parsed SOSL over the org's rows: phones by their digits, ALL FIELDS by any text holding the phrase. */
export function runSosl(sosl: ReturnType<typeof parseSosl>, rows: Readonly<Record<string, readonly Row[]>>, sobjectsPath: string) {
  const digits = sosl.phrase.replace(/\D/g, '');
  return sosl.objects.flatMap((sobject) =>
    (rows[sobject] ?? [])
      .filter((row) => sobject !== 'Lead' || row.IsConverted === false)
      .filter((row) =>
        sosl.scope === 'PHONE'
          ? digits.length > 0 && String(row.Phone ?? '').replace(/\D/g, '') === digits
          : Object.values(row).some((v) => typeof v === 'string' && v.toLowerCase().includes(sosl.phrase.toLowerCase())),
      )
      .map((row) => ({ attributes: { type: sobject, url: `${sobjectsPath}/${sobject}/${row.Id}` }, Id: row.Id })),
  );
}
