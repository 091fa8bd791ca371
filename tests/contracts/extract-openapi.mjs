// Cuts a vendor's OpenAPI document down to the operations a client calls, with every component they
// reference, and writes it with where it came from. Run by hand when a vendor's spec is taken again:
//   node tests/contracts/extract-openapi.mjs <spec.json|yaml> <out.json> '<source JSON>' 'GET /path' ['POST /other' …]
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';

const [specPath, outPath, sourceJson, ...operations] = process.argv.slice(2);
const spec = parse(readFileSync(specPath, 'utf8'));
const out = {
  'x-source': JSON.parse(sourceJson),
  openapi: spec.openapi,
  info: { title: spec.info?.title, version: spec.info?.version },
  servers: spec.servers,
  paths: {},
  components: {},
};
const pending = [];
const seen = new Set();
const collectRefs = (node) => {
  if (Array.isArray(node)) node.forEach(collectRefs);
  else if (node && typeof node === 'object') {
    if (typeof node.$ref === 'string' && !seen.has(node.$ref)) {
      seen.add(node.$ref);
      pending.push(node.$ref);
    }
    Object.values(node).forEach(collectRefs);
  }
};
for (const operation of operations) {
  const [method, path] = operation.split(' ');
  const item = spec.paths[path]?.[method.toLowerCase()];
  if (!item) throw new Error(`${operation} is not in ${specPath}`);
  out.paths[path] ??= {};
  if (spec.paths[path].parameters) out.paths[path].parameters = spec.paths[path].parameters;
  out.paths[path][method.toLowerCase()] = item;
  collectRefs(out.paths[path]);
}
while (pending.length) {
  const ref = pending.pop();
  const [, , kind, name] = ref.split('/');
  const value = spec.components?.[kind]?.[name];
  if (value === undefined) throw new Error(`${ref} not found`);
  out.components[kind] ??= {};
  out.components[kind][name] = value;
  collectRefs(value);
}
writeFileSync(outPath, `${JSON.stringify(out, null, 2)}\n`);
