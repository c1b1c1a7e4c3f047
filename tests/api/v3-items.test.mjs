// The v3 reads of one certification's review items and summaries:
// GET /v3/certifications/{id}/access-review-items, decision-summary,
// identity-summaries (the list and one), access-summaries/{type}, and the
// v3 rows of reviewers and an item's permissions. Shapes, every filter
// field and operator, every sorter both ways (orders checked against a
// model of the data), paging and counts, the exclusive entitlements /
// access-profiles / roles parameters, 400/403/404, and counters that agree
// with the decisions in the fixture (and with beta's certification
// counters).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, token, call } from './lib.mjs';
import { doc as baseDoc, SECRET } from './fixture.mjs';

// The shared fixture plus cert-7 (reviewed by id-m1), whose identities,
// access names and source names each sort in a different order than ids,
// with mixed case, and cert-8, every item decided.
const doc = structuredClone(baseDoc);
const person = (id, name) => ({ id, name, email: `${id}@example.com`, managerId: null, authorities: [] });
doc.identities.push(person('id-t1', 'Zed Zulu'), person('id-t2', 'amy Apple'), person('id-t3', 'Bob Baker'));
doc.entitlements.push(
  { id: 'ent-x', name: 'Xray', source: 'Zeta Src', attribute: 'group', value: 'X', permissions: [] },
  { id: 'ent-y', name: 'yankee', source: 'alpha src', attribute: 'group', value: 'Y',
    permissions: [{ target: 'T.Y', rights: ['READ'] }] },
);
doc.accessProfiles.push({ id: 'ap-ops', name: 'Ops', source: 'Beta Src', entitlementIds: ['ent-y', 'ent-x'] });
doc.roles.push({ id: 'role-eng', name: 'engineering', accessProfileIds: ['ap-ops', 'ap-hr'], entitlementIds: ['ent-git'] });
const cert = (id, reviewer, reviewItems) => ({
  id, name: `Review ${id}`, campaignId: 'camp-q4', reviewer: { type: 'IDENTITY', id: reviewer },
  phase: 'ACTIVE', due: '2026-12-31T23:59:59.000Z', signed: null, created: '2026-11-01T09:00:00.000Z', reviewItems,
});
const item = (id, identityId, accessType, accessId, decision = null, comments = null) =>
  ({ id, identityId, accessType, accessId, decision, comments });
doc.certifications.push(
  cert('cert-7', 'id-m1', [
    item('it-71', 'id-t1', 'ENTITLEMENT', 'ent-x'),
    item('it-72', 'id-t1', 'ACCESS_PROFILE', 'ap-ops', 'APPROVE'),
    item('it-73', 'id-t2', 'ENTITLEMENT', 'ent-y', 'REVOKE', 'not needed'),
    item('it-74', 'id-t2', 'ROLE', 'role-fin', 'APPROVE'),
    item('it-75', 'id-t3', 'ENTITLEMENT', 'ent-x', 'APPROVE'),
    item('it-76', 'id-t3', 'ACCESS_PROFILE', 'ap-hr', 'APPROVE'),
    item('it-77', 'id-t2', 'ENTITLEMENT', 'ent-x'),
    item('it-78', 'id-t3', 'ROLE', 'role-eng', 'REVOKE'),
  ]),
  cert('cert-8', 'id-m1', [
    item('it-81', 'id-t1', 'ENTITLEMENT', 'ent-y', 'APPROVE'),
    item('it-82', 'id-t2', 'ENTITLEMENT', 'ent-y', 'REVOKE'),
  ]),
);

// The model of cert-7 the orders and filters are checked against.
const ident = Object.fromEntries(doc.identities.map((i) => [i.id, i.name]));
const access = {};
for (const e of doc.entitlements) access[`ENTITLEMENT:${e.id}`] = { name: e.name, entSource: e.source };
for (const p of doc.accessProfiles) access[`ACCESS_PROFILE:${p.id}`] = { name: p.name, apSource: p.source };
for (const r of doc.roles) access[`ROLE:${r.id}`] = { name: r.name };
const model = (certId) => doc.certifications.find((c) => c.id === certId).reviewItems.map((it) => ({
  id: it.id, identityId: it.identityId, identityName: ident[it.identityId], type: it.accessType,
  accessId: it.accessId, accessName: access[`${it.accessType}:${it.accessId}`].name,
  entSource: access[`${it.accessType}:${it.accessId}`].entSource ?? null,
  apSource: access[`${it.accessType}:${it.accessId}`].apSource ?? null,
  decision: it.decision,
}));
const M7 = model('cert-7');
// SQLite's order: NOCASE (ASCII) text, NULL first ascending; the id
// tie-break runs the way the last key does.
const cmpText = (a, b) => (a === b ? 0 : a === null ? -1 : b === null ? 1
  : a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);
const order = (rows, keys) => {
  const desc = keys.length ? keys[keys.length - 1].desc : false;
  return [...rows].sort((x, y) => {
    for (const k of keys) {
      const c = cmpText(x[k.field], y[k.field]);
      if (c) return k.desc ? -c : c;
    }
    const c = cmpText(x.id, y.id);
    return desc ? -c : c;
  }).map((r) => r.id);
};
const SORTERS = { 'identitySummary.name': 'identityName', 'access.name': 'accessName', 'access.type': 'type',
  'entitlement.sourceName': 'entSource', 'accessProfile.sourceName': 'apSource' };

let srv, admin, certadmin, m1, m2, g1, helpdesk;

before(async () => {
  srv = await startServer({ doc, args: ['--rate-limit', 'off'] });
  [admin, certadmin, m1, m2, g1, helpdesk] = await Promise.all(
    ['c-admin', 'c-certadmin', 'c-m1', 'c-m2', 'c-g1', 'c-helpdesk'].map((c) => token(srv.base, c, SECRET)));
});
after(async () => { await srv.stop(); srv.cleanup(); });

const get = (path, tok, query) => call(srv.base, `/v3/certifications/${path}`, { tok, query });
const items = (certId, query, tok = admin) => get(`${certId}/access-review-items`, tok, query);
const ids = (r) => r.body.map((x) => x.id);
const errorText = (r) => r.body.messages.map((m) => m.text).join(' | ');

// --- access-review-items -------------------------------------------------

const ENT = (id, name, attribute, value, sourceName, hasPermissions) => ({
  id, name, description: null, privileged: false, attributeName: attribute, attributeValue: value,
  sourceName, hasPermissions, isPermission: false, revocable: false, cloudGoverned: false,
  containsDataAccess: false,
});
const ENT_READ = ENT('ent-read', 'Reader', 'role', 'READ', 'Oracle HR', true);
const ENT_X = ENT('ent-x', 'Xray', 'group', 'X', 'Zeta Src', false);
const ENT_Y = ENT('ent-y', 'yankee', 'group', 'Y', 'alpha src', true);
const ENT_GIT = ENT('ent-git', 'GitHub Admin', 'team', 'admins', 'GitHub', false);
const AP_HR = { id: 'ap-hr', name: 'HR Analyst', entitlements: [ENT_READ] };
const AP_OPS = { id: 'ap-ops', name: 'Ops', entitlements: [ENT_X, ENT_Y] };

test('an item is an AccessReviewItem with its identity summary and the full object of its access', async () => {
  const r = await items('cert-7', { filters: 'id in ("it-73","it-72","it-78")' });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  const byId = Object.fromEntries(r.body.map((x) => [x.id, x]));
  assert.deepEqual(byId['it-73'], {
    id: 'it-73', completed: true, newAccess: false, decision: 'REVOKE', comments: 'not needed',
    identitySummary: { id: byId['it-73'].identitySummary.id, name: 'amy Apple', identityId: 'id-t2', completed: false },
    accessSummary: { access: { type: 'ENTITLEMENT', id: 'ent-y', name: 'yankee' }, entitlement: ENT_Y, accessProfile: null, role: null },
  });
  assert.deepEqual(byId['it-72'].accessSummary, {
    access: { type: 'ACCESS_PROFILE', id: 'ap-ops', name: 'Ops' }, entitlement: null, accessProfile: AP_OPS, role: null,
  });
  assert.deepEqual(byId['it-78'].accessSummary, {
    access: { type: 'ROLE', id: 'role-eng', name: 'engineering' }, entitlement: null, accessProfile: null,
    role: { id: 'role-eng', name: 'engineering', accessProfiles: [AP_HR, AP_OPS], entitlements: [ENT_GIT] },
  });
  // An undecided item: completed false, decision null.
  const u = await items('cert-7', { filters: 'id eq "it-71"' });
  assert.equal(u.body[0].completed, false);
  assert.equal(u.body[0].decision, null);
  assert.equal(u.body[0].comments, null);
});

test('an item\'s identity summary is the one identity-summaries lists, completed when all its items are', async () => {
  const [it, sums] = await Promise.all([items('cert-7'), get('cert-7/identity-summaries', admin)]);
  const sumById = Object.fromEntries(sums.body.map((s) => [s.id, s]));
  for (const x of it.body) {
    assert.deepEqual(x.identitySummary, sumById[x.identitySummary.id], x.id);
    const mine = M7.filter((m) => m.identityId === x.identitySummary.identityId);
    assert.equal(x.identitySummary.completed, mine.every((m) => m.decision !== null), x.id);
  }
  const all8 = await items('cert-8');
  assert.ok(all8.body.every((x) => x.identitySummary.completed && x.completed));
});

test('default order: the identity\'s name, then the id', async () => {
  const r = await items('cert-7', { count: 'true' });
  assert.equal(r.status, 200);
  assert.deepEqual(ids(r), order(M7, [{ field: 'identityName', desc: false }]));
  assert.equal(r.headers.get('x-total-count'), String(M7.length));
});

test('sorters: every key, both ways, and two keys', async () => {
  for (const [key, field] of Object.entries(SORTERS)) {
    for (const desc of [false, true]) {
      const r = await items('cert-7', { sorters: `${desc ? '-' : ''}${key}` });
      assert.equal(r.status, 200, key);
      assert.deepEqual(ids(r), order(M7, [{ field, desc }]), `sorters=${desc ? '-' : ''}${key}`);
    }
  }
  const r = await items('cert-7', { sorters: 'access.type,-identitySummary.name' });
  assert.deepEqual(ids(r), order(M7, [{ field: 'type', desc: false }, { field: 'identityName', desc: true }]));
  const r2 = await items('cert-7', { sorters: '-entitlement.sourceName,access.name' });
  assert.deepEqual(ids(r2), order(M7, [{ field: 'entSource', desc: true }, { field: 'accessName', desc: false }]));
});

test('filters: every field and operator, case-insensitively', async () => {
  const sumId = (await get('cert-7/identity-summaries', admin, { filters: 'name eq "Bob Baker"' })).body[0].id;
  const cases = [
    ['id eq "IT-71"', (m) => m.id === 'it-71'],
    ['id in ("it-71","it-75","nope")', (m) => ['it-71', 'it-75'].includes(m.id)],
    ['type eq "ENTITLEMENT"', (m) => m.type === 'ENTITLEMENT'],
    ['type eq "role"', (m) => m.type === 'ROLE'],
    ['access.type eq "ACCESS_PROFILE"', (m) => m.type === 'ACCESS_PROFILE'],
    ['completed eq true', (m) => m.decision !== null],
    ['completed eq false', (m) => m.decision === null],
    ['completed ne true', (m) => m.decision === null],
    [`identitySummary.id eq "${sumId}"`, (m) => m.identityId === 'id-t3'],
    [`identitySummary.id in ("${sumId}","x")`, (m) => m.identityId === 'id-t3'],
    ['identitySummary.name eq "AMY APPLE"', (m) => m.identityId === 'id-t2'],
    ['identitySummary.name sw "b"', (m) => m.identityId === 'id-t3'],
    ['access.id eq "ENT-X"', (m) => m.accessId === 'ent-x'],
    ['access.id in ("ent-y","ap-hr")', (m) => ['ent-y', 'ap-hr'].includes(m.accessId)],
    ['access.name eq "xray"', (m) => m.accessName === 'Xray'],
    ['access.name sw "Y"', (m) => m.accessName === 'yankee'],
    ['entitlement.sourceName eq "ZETA SRC"', (m) => m.entSource === 'Zeta Src'],
    ['entitlement.sourceName sw "al"', (m) => m.entSource === 'alpha src'],
    ['accessProfile.sourceName eq "oracle hr"', (m) => m.apSource === 'Oracle HR'],
    ['accessProfile.sourceName sw "beta"', (m) => m.apSource === 'Beta Src'],
    ['type eq "ENTITLEMENT" and completed eq false', (m) => m.type === 'ENTITLEMENT' && m.decision === null],
    ['access.name sw "x" or identitySummary.name sw "z"', (m) => m.accessName === 'Xray' || m.identityId === 'id-t1'],
  ];
  for (const [filters, keep] of cases) {
    const r = await items('cert-7', { filters, count: 'true' });
    assert.equal(r.status, 200, `${filters}: ${JSON.stringify(r.body)}`);
    const want = order(M7.filter(keep), [{ field: 'identityName', desc: false }]);
    assert.ok(want.length > 0 && want.length < M7.length, `${filters} selects some`);
    assert.deepEqual(ids(r), want, filters);
    assert.equal(r.headers.get('x-total-count'), String(want.length), filters);
  }
});

test('filters and sorters that the spec does not list are 400s that say why', async () => {
  const bad = [
    [{ filters: 'name eq "x"' }, /unknown field "name"/],
    [{ filters: 'type ne "ROLE"' }, /operator "ne" is not allowed on "type"/],
    [{ filters: 'access.name co "ra"' }, /operator "co" is not allowed on "access.name"/],
    [{ filters: 'completed eq "yes"' }, /completed/],
    [{ sorters: 'id' }, /"id" is not sortable/],
    [{ sorters: 'decision' }, /not sortable/],
  ];
  for (const [query, re] of bad) {
    const r = await items('cert-7', query);
    assert.equal(r.status, 400, JSON.stringify(query));
    assert.match(errorText(r), re, JSON.stringify(query));
  }
});

test('paging: pages in order with an id tie-break, limit and offset bounds, count', async () => {
  const all = order(M7, [{ field: 'type', desc: true }]);
  const seen = [];
  for (let offset = 0; offset < all.length + 3; offset += 3) {
    const r = await items('cert-7', { sorters: '-access.type', limit: 3, offset, count: 'true' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('x-total-count'), String(all.length));
    seen.push(...ids(r));
  }
  assert.deepEqual(seen, all);
  const zero = await items('cert-7', { limit: 0, count: 'true' });
  assert.deepEqual(zero.body, []);
  assert.equal(zero.headers.get('x-total-count'), String(all.length));
  const past = await items('cert-7', { offset: 100 });
  assert.deepEqual(past.body, []);
  assert.equal(past.headers.get('x-total-count'), null);
  for (const [query, re] of [[{ limit: 251 }, /limit: must be between 0 and 250/], [{ offset: -1 }, /offset/],
    [{ count: 'yes' }, /count: must be true or false/]]) {
    const r = await items('cert-7', query);
    assert.equal(r.status, 400, JSON.stringify(query));
    assert.match(errorText(r), re);
  }
});

test('entitlements, access-profiles and roles narrow to items of that type with those ids', async () => {
  const cases = [
    [{ entitlements: 'ent-x' }, (m) => m.type === 'ENTITLEMENT' && m.accessId === 'ent-x'],
    [{ entitlements: 'ent-y, ENT-X' }, (m) => m.type === 'ENTITLEMENT'],
    [{ 'access-profiles': 'ap-hr,nope' }, (m) => m.accessId === 'ap-hr'],
    [{ roles: 'role-fin,role-eng' }, (m) => m.type === 'ROLE'],
    // An id of another type is not an item of that type.
    [{ roles: 'ent-x' }, () => false],
  ];
  for (const [query, keep] of cases) {
    const r = await items('cert-7', { ...query, count: 'true' });
    assert.equal(r.status, 200, JSON.stringify(query));
    const want = order(M7.filter(keep), [{ field: 'identityName', desc: false }]);
    assert.deepEqual(ids(r), want, JSON.stringify(query));
    assert.equal(r.headers.get('x-total-count'), String(want.length));
  }
  // With filters and sorters.
  const r = await items('cert-7', { entitlements: 'ent-x,ent-y', filters: 'completed eq false', sorters: '-identitySummary.name' });
  assert.deepEqual(ids(r), order(M7.filter((m) => m.type === 'ENTITLEMENT' && m.decision === null),
    [{ field: 'identityName', desc: true }]));
});

test('two of entitlements, access-profiles, roles at once is a 400 naming them', async () => {
  const r = await items('cert-7', { entitlements: 'ent-x', roles: 'role-fin' });
  assert.equal(r.status, 400);
  assert.equal(r.body.detailCode, '400.1 Bad Request Content');
  assert.match(errorText(r), /entitlements and roles cannot be used together/);
  assert.match(errorText(r), /entitlements, access-profiles, roles/);
  const three = await items('cert-7', { entitlements: 'a', 'access-profiles': 'b', roles: 'c' });
  assert.equal(three.status, 400);
  assert.match(errorText(three), /entitlements and access-profiles and roles cannot be used together/);
  for (const v of ['', 'a,,b', ',', 'a, ']) {
    const e = await items('cert-7', { 'access-profiles': v });
    assert.equal(e.status, 400, JSON.stringify(v));
    assert.match(errorText(e), /access-profiles: must be one or more comma-separated ids/);
  }
  const many = await items('cert-7', { entitlements: Array.from({ length: 251 }, (_, i) => `e${i}`).join(',') });
  assert.equal(many.status, 400);
  assert.match(errorText(many), /entitlements: at most 250 ids/);
});

// --- authorization, for every operation ----------------------------------

const OPS = [
  (c) => `${c}/access-review-items`, (c) => `${c}/decision-summary`, (c) => `${c}/identity-summaries`,
  (c) => `${c}/access-summaries/ENTITLEMENT`, (c) => `${c}/reviewers`,
];

test('admins and the certification\'s reviewers read; others 403; an unknown certification 404', async () => {
  for (const op of OPS) {
    for (const tok of [admin, certadmin, m1]) assert.equal((await get(op('cert-7'), tok)).status, 200, op('cert-7'));
    for (const tok of [m2, g1, helpdesk]) {
      const r = await get(op('cert-7'), tok);
      assert.equal(r.status, 403, op('cert-7'));
      assert.equal(r.body.detailCode, '403 Forbidden');
    }
    // A member of the reviewing governance group reads cert-3.
    assert.equal((await get(op('cert-3'), g1)).status, 200, op('cert-3'));
    for (const tok of [admin, m2]) assert.equal((await get(op('cert-nope'), tok)).status, 404, op('cert-nope'));
    // Refused before the parameters are looked at.
    assert.equal((await get(op('cert-7'), m2, { limit: 999 })).status, 403);
    assert.equal((await get(op('cert-7'), undefined)).status, 401);
  }
  const sid = (await get('cert-7/identity-summaries', admin)).body[0].id;
  assert.equal((await get(`cert-7/identity-summaries/${sid}`, m1)).status, 200);
  assert.equal((await get(`cert-7/identity-summaries/${sid}`, m2)).status, 403);
  assert.equal((await get(`cert-nope/identity-summaries/${sid}`, m2)).status, 404);
  assert.equal((await get('cert-7/access-review-items/it-73/permissions', m1)).status, 200);
  assert.equal((await get('cert-7/access-review-items/it-73/permissions', m2)).status, 403);
});

// --- identity summaries ---------------------------------------------------

const summaryModel = (certId) => {
  const m = model(certId);
  return [...new Set(m.map((x) => x.identityId))].map((id) => ({
    id, identityName: ident[id], completed: m.filter((x) => x.identityId === id).every((x) => x.decision !== null),
  }));
};

test('identity summaries: the shape, one per identity, by name; completed filter and name filters', async () => {
  const r = await get('cert-7/identity-summaries', admin, { count: 'true' });
  assert.equal(r.status, 200);
  const S7 = summaryModel('cert-7');
  assert.equal(r.headers.get('x-total-count'), String(S7.length));
  for (const s of r.body) assert.deepEqual(Object.keys(s).sort(), ['completed', 'id', 'identityId', 'name']);
  const byName = [...S7].sort((a, b) => cmpText(a.identityName, b.identityName));
  assert.deepEqual(r.body.map((s) => [s.name, s.identityId, s.completed]), byName.map((s) => [s.identityName, s.id, s.completed]));
  const desc = await get('cert-7/identity-summaries', admin, { sorters: '-name' });
  assert.deepEqual(desc.body.map((s) => s.identityId), byName.map((s) => s.id).reverse());
  const first = r.body[0];
  const cases = [
    [`id eq "${first.id}"`, [first.identityId]],
    [`id in ("${first.id}","${r.body[2].id}")`, [first.identityId, r.body[2].identityId]],
    ['completed eq true', S7.filter((s) => s.completed).map((s) => s.id)],
    ['completed eq false', byName.filter((s) => !s.completed).map((s) => s.id)],
    ['completed ne false', S7.filter((s) => s.completed).map((s) => s.id)],
    ['name eq "BOB BAKER"', ['id-t3']],
    ['name sw "z"', ['id-t1']],
  ];
  for (const [filters, want] of cases) {
    const f = await get('cert-7/identity-summaries', admin, { filters, count: 'true' });
    assert.equal(f.status, 200, filters);
    assert.deepEqual(f.body.map((s) => s.identityId), want, filters);
    assert.equal(f.headers.get('x-total-count'), String(want.length));
  }
  assert.ok(cases[2][1].length > 0 && cases[3][1].length > 0, 'both completed values occur');
  const page = await get('cert-7/identity-summaries', admin, { limit: 1, offset: 1 });
  assert.deepEqual(page.body, [r.body[1]]);
  for (const query of [{ filters: 'identityId eq "x"' }, { sorters: 'completed' }, { filters: 'name co "a"' }]) {
    assert.equal((await get('cert-7/identity-summaries', admin, query)).status, 400, JSON.stringify(query));
  }
  const all8 = await get('cert-8/identity-summaries', admin);
  assert.ok(all8.body.length === 2 && all8.body.every((s) => s.completed));
});

test('one identity summary; one not in that certification is a 404 naming it', async () => {
  const list = await get('cert-7/identity-summaries', admin);
  for (const s of list.body) {
    const one = await get(`cert-7/identity-summaries/${s.id}`, m1);
    assert.equal(one.status, 200);
    assert.deepEqual(one.body, s);
  }
  const other = (await get('cert-8/identity-summaries', admin)).body[0].id;
  for (const id of [other, 'nope']) {
    const r = await get(`cert-7/identity-summaries/${id}`, admin);
    assert.equal(r.status, 404);
    assert.equal(r.body.detailCode, '404 Not found');
    assert.match(errorText(r), new RegExp(`certification "cert-7" has no identity summary "${id}"`));
  }
});

// --- access summaries -----------------------------------------------------

const accessModel = (certId, type) => {
  const m = model(certId).filter((x) => x.type === type);
  return [...new Set(m.map((x) => x.accessId))].map((id) => {
    const mine = m.filter((x) => x.accessId === id);
    return { id, accessName: mine[0].accessName, entSource: mine[0].entSource, apSource: mine[0].apSource,
      completed: mine.every((x) => x.decision !== null) };
  });
};
const accessOrder = (rows, desc = false) => order(rows, [{ field: 'accessName', desc }]);
const aids = (r) => r.body.map((a) => a.access.id);

test('access summaries: one per distinct access of the type, with its full object', async () => {
  const ents = await get('cert-7/access-summaries/ENTITLEMENT', admin, { count: 'true' });
  assert.equal(ents.status, 200);
  assert.deepEqual(ents.body, [
    { access: { type: 'ENTITLEMENT', id: 'ent-x', name: 'Xray' }, entitlement: ENT_X, accessProfile: null, role: null },
    { access: { type: 'ENTITLEMENT', id: 'ent-y', name: 'yankee' }, entitlement: ENT_Y, accessProfile: null, role: null },
  ]);
  assert.equal(ents.headers.get('x-total-count'), '2');
  const aps = await get('cert-7/access-summaries/ACCESS_PROFILE', admin);
  assert.deepEqual(aps.body.map((a) => a.accessProfile), [AP_HR, AP_OPS]);
  assert.ok(aps.body.every((a) => a.entitlement === null && a.role === null));
  const roles = await get('cert-7/access-summaries/ROLE', admin);
  assert.deepEqual(aids(roles), accessOrder(accessModel('cert-7', 'ROLE')));
  assert.equal(roles.body[0].role.id, 'role-eng');
  assert.deepEqual(roles.body[1].role, { id: 'role-fin', name: 'Finance', accessProfiles: [AP_HR], entitlements: [] });
  // cert-5 has no items: no summaries.
  const none = await get('cert-5/access-summaries/ROLE', admin, { count: 'true' });
  assert.deepEqual(none.body, []);
  assert.equal(none.headers.get('x-total-count'), '0');
});

test('access summaries: sorter access.name both ways, every filter, paging', async () => {
  for (const type of ['ENTITLEMENT', 'ACCESS_PROFILE', 'ROLE']) {
    const rows = accessModel('cert-7', type);
    for (const desc of [false, true]) {
      const r = await get(`cert-7/access-summaries/${type}`, admin, { sorters: `${desc ? '-' : ''}access.name` });
      assert.deepEqual(aids(r), accessOrder(rows, desc), `${type} ${desc}`);
    }
  }
  const ents = accessModel('cert-7', 'ENTITLEMENT');
  const aps = accessModel('cert-7', 'ACCESS_PROFILE');
  const cases = [
    ['ENTITLEMENT', 'completed eq true', ents.filter((a) => a.completed)],
    ['ENTITLEMENT', 'completed eq false', ents.filter((a) => !a.completed)],
    ['ENTITLEMENT', 'completed ne false', ents.filter((a) => a.completed)],
    ['ENTITLEMENT', 'access.id eq "ENT-Y"', ents.filter((a) => a.id === 'ent-y')],
    ['ENTITLEMENT', 'access.id in ("ent-x","ap-hr")', ents.filter((a) => a.id === 'ent-x')],
    ['ENTITLEMENT', 'access.name eq "XRAY"', ents.filter((a) => a.id === 'ent-x')],
    ['ENTITLEMENT', 'access.name sw "y"', ents.filter((a) => a.id === 'ent-y')],
    ['ENTITLEMENT', 'entitlement.sourceName eq "alpha SRC"', ents.filter((a) => a.id === 'ent-y')],
    ['ENTITLEMENT', 'entitlement.sourceName sw "zeta"', ents.filter((a) => a.id === 'ent-x')],
    ['ACCESS_PROFILE', 'accessProfile.sourceName eq "beta src"', aps.filter((a) => a.id === 'ap-ops')],
    ['ACCESS_PROFILE', 'accessProfile.sourceName sw "Ora"', aps.filter((a) => a.id === 'ap-hr')],
    ['ACCESS_PROFILE', 'completed eq true', aps.filter((a) => a.completed)],
    ['ACCESS_PROFILE', 'entitlement.sourceName sw "a"', []],
  ];
  for (const [type, filters, want] of cases) {
    const r = await get(`cert-7/access-summaries/${type}`, admin, { filters, count: 'true' });
    assert.equal(r.status, 200, filters);
    assert.deepEqual(aids(r), accessOrder(want), `${type} ${filters}`);
    assert.equal(r.headers.get('x-total-count'), String(want.length));
  }
  assert.ok(ents.some((a) => a.completed) && ents.some((a) => !a.completed), 'both completed values occur');
  const p1 = await get('cert-7/access-summaries/ACCESS_PROFILE', admin, { limit: 1, offset: 1, count: 'true' });
  assert.deepEqual(aids(p1), [accessOrder(aps)[1]]);
  assert.equal(p1.headers.get('x-total-count'), '2');
  for (const query of [{ filters: 'type eq "ROLE"' }, { sorters: 'access.id' }, { limit: 300 }]) {
    assert.equal((await get('cert-7/access-summaries/ROLE', admin, query)).status, 400, JSON.stringify(query));
  }
  const done = await get('cert-8/access-summaries/ENTITLEMENT', admin, { filters: 'completed eq true' });
  assert.deepEqual(aids(done), ['ent-y']);
});

test('access summaries of a type other than ROLE, ACCESS_PROFILE, ENTITLEMENT: 400 naming it and them', async () => {
  for (const type of ['ACCOUNT', 'role', 'IDENTITY']) {
    const r = await get(`cert-7/access-summaries/${type}`, admin);
    assert.equal(r.status, 400, type);
    assert.match(errorText(r), new RegExp(`type: "${type}" is not an access type; use ROLE, ACCESS_PROFILE or ENTITLEMENT`));
  }
});

// --- decision summary -----------------------------------------------------

const tally = (rows) => {
  const out = {};
  const kinds = [['ENTITLEMENT', 'entitlementDecisions', 'entitlements'], ['ACCESS_PROFILE', 'accessProfileDecisions', 'accessProfiles'],
    ['ROLE', 'roleDecisions', 'roles']];
  for (const [type, d, n] of kinds) {
    const mine = rows.filter((x) => x.type === type);
    out[`${d}Made`] = mine.filter((x) => x.decision).length;
    out[`${d}Total`] = mine.length;
    out[`${n}Approved`] = mine.filter((x) => x.decision === 'APPROVE').length;
    out[`${n}Revoked`] = mine.filter((x) => x.decision === 'REVOKE').length;
  }
  Object.assign(out, { accountDecisionsMade: 0, accountDecisionsTotal: 0, accountsApproved: 0, accountsRevoked: 0 });
  return out;
};
const FIELDS = ['entitlementDecisionsMade', 'accessProfileDecisionsMade', 'roleDecisionsMade', 'accountDecisionsMade',
  'entitlementDecisionsTotal', 'accessProfileDecisionsTotal', 'roleDecisionsTotal', 'accountDecisionsTotal',
  'entitlementsApproved', 'entitlementsRevoked', 'accessProfilesApproved', 'accessProfilesRevoked', 'rolesApproved',
  'rolesRevoked', 'accountsApproved', 'accountsRevoked'];

test('decision summary: every IdentityCertDecisionSummary field, derived from the items', async () => {
  const r = await get('cert-7/decision-summary', m1);
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.body).sort(), [...FIELDS].sort());
  assert.deepEqual(r.body, tally(M7));
  assert.ok(r.body.entitlementsApproved && r.body.entitlementsRevoked && r.body.rolesRevoked, 'the fixture decides each way');
  assert.deepEqual((await get('cert-1/decision-summary', admin)).body, tally(model('cert-1')));
  const empty = await get('cert-5/decision-summary', admin);
  assert.ok(Object.values(empty.body).every((v) => v === 0));
});

test('decision summary: filtered by identitySummary.id (eq, in); other filters and sorters are 400s', async () => {
  const sums = (await get('cert-7/identity-summaries', admin)).body;
  const t3 = sums.find((s) => s.identityId === 'id-t3');
  const t1 = sums.find((s) => s.identityId === 'id-t1');
  const one = await get('cert-7/decision-summary', admin, { filters: `identitySummary.id eq "${t3.id}"` });
  assert.deepEqual(one.body, tally(M7.filter((m) => m.identityId === 'id-t3')));
  const two = await get('cert-7/decision-summary', admin, { filters: `identitySummary.id in ("${t3.id}","${t1.id}")` });
  assert.deepEqual(two.body, tally(M7.filter((m) => m.identityId !== 'id-t2')));
  for (const query of [{ filters: 'id eq "x"' }, { filters: `identitySummary.id sw "${t3.id}"` }, { sorters: 'id' }]) {
    const r = await get('cert-7/decision-summary', admin, query);
    assert.equal(r.status, 400, JSON.stringify(query));
  }
});

test('the counters agree with one another and with beta\'s certification counters', async () => {
  for (const certId of ['cert-1', 'cert-7', 'cert-8']) {
    const [its, sums, dec, beta] = await Promise.all([
      items(certId, { count: 'true' }), get(`${certId}/identity-summaries`, admin), get(`${certId}/decision-summary`, admin),
      call(srv.base, '/beta/certifications', { tok: admin, query: { filters: `id eq "${certId}"` } }),
    ]);
    const c = beta.body[0];
    const made = dec.body.entitlementDecisionsMade + dec.body.accessProfileDecisionsMade + dec.body.roleDecisionsMade;
    const total = dec.body.entitlementDecisionsTotal + dec.body.accessProfileDecisionsTotal + dec.body.roleDecisionsTotal;
    assert.equal(made, c.decisionsMade, certId);
    assert.equal(total, c.decisionsTotal, certId);
    assert.equal(Number(its.headers.get('x-total-count')), c.decisionsTotal, certId);
    assert.equal(its.body.filter((x) => x.completed).length, c.decisionsMade, certId);
    assert.equal(sums.body.length, c.entitiesTotal, certId);
    assert.equal(sums.body.filter((s) => s.completed).length, c.entitiesCompleted, certId);
    assert.equal(c.completed, made === total, certId);
  }
});

// --- v3 reviewers and permissions: as in beta -----------------------------

test('v3 reviewers answer as beta does, with the same filters and sorters', async () => {
  for (const [cert, query] of [['cert-3', {}], ['cert-3', { sorters: '-name' }], ['cert-3', { filters: 'name sw "g"', count: 'true' }],
    ['cert-1', { filters: 'email eq "ID-M1@example.com"' }]]) {
    const [v3, beta] = await Promise.all([get(`${cert}/reviewers`, admin, query),
      call(srv.base, `/beta/certifications/${cert}/reviewers`, { tok: admin, query })]);
    assert.equal(v3.status, 200);
    assert.deepEqual(v3.body, beta.body, JSON.stringify(query));
    assert.equal(v3.headers.get('x-total-count'), beta.headers.get('x-total-count'));
  }
  const three = await get('cert-3/reviewers', admin);
  assert.deepEqual(three.body.map((r) => r.id), ['id-g1', 'id-m2']);
  assert.equal((await get('cert-3/reviewers', admin, { sorters: 'id' })).status, 400);
});

test('v3 permissions answer as beta does; an item of another certification is a 404', async () => {
  for (const [path, query] of [['cert-7/access-review-items/it-73/permissions', {}], ['cert-1/access-review-items/item-1/permissions',
    { filters: 'rights ca ("SELECT") and target sw "SYS"', count: 'true' }], ['cert-7/access-review-items/it-72/permissions', {}]]) {
    const [v3, beta] = await Promise.all([get(path, admin, query), call(srv.base, `/beta/certifications/${path}`, { tok: admin, query })]);
    assert.equal(v3.status, 200, path);
    assert.deepEqual(v3.body, beta.body, path);
    assert.equal(v3.headers.get('x-total-count'), beta.headers.get('x-total-count'));
  }
  assert.deepEqual((await get('cert-7/access-review-items/it-73/permissions', m1)).body, [{ rights: ['READ'], target: 'T.Y' }]);
  const r = await get('cert-7/access-review-items/item-1/permissions', admin);
  assert.equal(r.status, 404);
  assert.match(errorText(r), /certification "cert-7" has no review item "item-1"/);
});
