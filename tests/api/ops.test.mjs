// The operation table (`recertd operations`) against SailPoint's OpenAPI
// documents in ../shared/spec: every operation of a spec is either served,
// with the spec's method, path, success status, query parameters, filter
// fields with their operators, and sortable keys, or listed below as not
// served yet. No server is started.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { RECERTD } from './lib.mjs';

const SPEC_DIR = new URL('../../../shared/spec/', import.meta.url).pathname;
const SPECS = [
  { api: 'beta', file: 'certifications-beta.openapi.json' },
  { api: 'v3', file: 'certifications-campaigns-v3.openapi.json' },
];
// Operations of the specs that recertd does not serve yet (api:operationId).
// Serving one without removing it here fails, so the list stays true.
const NOT_YET = new Set([
  'v3:getActiveCampaigns', 'v3:createCampaign', 'v3:getCampaign', 'v3:updateCampaign', 'v3:move',
  'v3:startCampaign', 'v3:completeCampaign', 'v3:deleteCampaigns',
]);
// Rows that are in no certification spec: the OAuth token endpoint and
// recert's own extensions (/recert/v1).
const OUTSIDE_SPECS = new Set(['oauth:getAccessToken', 'recert:listRemediations']);
const COLLECTION = new Set(['limit', 'offset', 'count', 'filters', 'sorters']);

const served = JSON.parse(spawnSync(RECERTD, ['operations'], { encoding: 'utf8' }).stdout);
const key = (api, id) => `${api}:${id}`;
const table = new Map(served.map((o) => [key(o.api, o.operationId), o]));

function specOps() {
  const out = [];
  for (const { api, file } of SPECS) {
    const doc = JSON.parse(readFileSync(SPEC_DIR + file, 'utf8'));
    const resolve = (p) => (p.$ref ? p.$ref.split('/').reduce((o, k) => (k === '#' ? doc : o[k]), null) : p);
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const params = (op.parameters || []).map(resolve);
        const desc = (name) => params.find((p) => p.name === name && p.in === 'query')?.description;
        const filters = desc('filters') && Object.fromEntries(
          [...desc('filters').matchAll(/\*\*([\w.]+)\*\*: \*([\w, ]+)\*/g)]
            .map(([, f, ops]) => [f, ops.split(',').map((s) => s.trim()).sort()]));
        const sorters = desc('sorters') &&
          /following fields: \*\*([^*]+)\*\*/.exec(desc('sorters'))[1].split(',').map((s) => s.trim()).sort();
        out.push({
          key: key(api, op.operationId), method: method.toUpperCase(), path: `/${api}${path}`,
          status: Number(Object.keys(op.responses).find((s) => /^2/.test(s))),
          query: params.filter((p) => p.in === 'query' && !COLLECTION.has(p.name)).map((p) => p.name).sort(),
          collection: params.some((p) => p.in === 'query' && COLLECTION.has(p.name)),
          filters, sorters,
        });
      }
    }
  }
  return out;
}

test('every spec operation is served as the spec says, or listed as not served yet', () => {
  for (const s of specOps()) {
    const row = table.get(s.key);
    if (NOT_YET.has(s.key)) {
      assert.equal(row, undefined, `${s.key} is served: take it off NOT_YET`);
      continue;
    }
    assert.ok(row, `${s.key} (${s.method} ${s.path}) is neither served nor listed as not served yet`);
    assert.equal(row.method, s.method, `${s.key}: method`);
    assert.equal(row.path, s.path, `${s.key}: path`);
    assert.equal(row.status, s.status, `${s.key}: success status`);
    assert.deepEqual([...row.query].sort(), s.query, `${s.key}: query parameters`);
    assert.equal('filters' in row || 'sorters' in row, s.collection, `${s.key}: collection parameters`);
    if (!s.collection) continue;
    const rowFilters = row.filters && Object.fromEntries(
      Object.entries(row.filters).map(([f, ops]) => [f, [...ops].sort()]));
    assert.deepEqual(rowFilters ?? undefined, s.filters ?? undefined, `${s.key}: filter fields and operators`);
    assert.deepEqual(row.sorters ? [...row.sorters].sort() : undefined, s.sorters ?? undefined,
      `${s.key}: sortable keys`);
  }
});

test('every served operation is in a spec (or is the token endpoint)', () => {
  const inSpecs = new Set(specOps().map((s) => s.key));
  for (const k of table.keys()) assert.ok(inSpecs.has(k) || OUTSIDE_SPECS.has(k), `${k} is in no spec`);
});

test('no two rows share a method and a path', () => {
  const seen = new Set();
  for (const o of served) {
    const k = `${o.method} ${o.path.replace(/\{[^}]+\}/g, '{}')}`;
    assert.ok(!seen.has(k), `${k} twice`);
    seen.add(k);
  }
});
