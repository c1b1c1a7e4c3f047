// GET /beta/certifications/{id}/reviewers: who appears, the
// IdentityReferenceWithNameAndEmail shape, filters, sorters, paging and
// authorization.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, token, call } from './lib.mjs';
import { doc as baseDoc, SECRET } from './fixture.mjs';

// The shared fixture plus a bigger reviewer group whose name order, email
// order and id order all differ, with mixed-case emails.
const doc = structuredClone(baseDoc);
const person = (id, name, email) => ({ id, name, email, managerId: null, authorities: [] });
doc.identities.push(
  person('id-r1', 'Zoe Zimmer', 'alpha.zoe@example.com'),
  person('id-r2', 'Adam Apple', 'Zed.Adam@Example.com'),
  person('id-r3', 'Mona Middle', 'mona@corp.example.org'),
  person('id-r4', 'adele abbot', 'Beta.Adele@example.com'),
);
doc.governanceGroups.push({ id: 'gg-rev', name: 'Reviewers', memberIds: ['id-r1', 'id-r2', 'id-r3', 'id-r4', 'id-g1'] });
doc.clients.push({ clientId: 'c-r3', clientSecret: SECRET, identityId: 'id-r3', name: 'c-r3' });
doc.certifications.push({
  id: 'cert-6', name: 'Source Owner Review for Reviewers', campaignId: 'camp-src',
  reviewer: { type: 'GOVERNANCE_GROUP', id: 'gg-rev' }, phase: 'ACTIVE', due: '2027-01-15T12:00:00.000Z',
  signed: null, created: '2026-11-02T09:00:00.000Z',
  reviewItems: [
    { id: 'item-61', identityId: 'id-s4', accessType: 'ENTITLEMENT', accessId: 'ent-git', decision: null, comments: null },
  ],
});

let srv, admin, certadmin, m1, m2, g1, s1, helpdesk, r3;

before(async () => {
  srv = await startServer({ doc, args: ['--rate-limit', 'off'] });
  [admin, certadmin, m1, m2, g1, s1, helpdesk, r3] = await Promise.all(
    ['c-admin', 'c-certadmin', 'c-m1', 'c-m2', 'c-g1', 'c-s1', 'c-helpdesk', 'c-r3'].map((c) => token(srv.base, c, SECRET)));
});
after(async () => { await srv.stop(); srv.cleanup(); });

const reviewers = (cert, tok, query) => call(srv.base, `/beta/certifications/${cert}/reviewers`, { tok, query });
const ids = (r) => r.body.map((x) => x.id);

test('an identity reviewer is listed with name and email', async () => {
  const r = await reviewers('cert-1', admin);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.deepEqual(r.body, [{ type: 'IDENTITY', id: 'id-m1', name: 'Mia Manager', email: 'id-m1@example.com' }]);
});

test('a governance group reviewer is listed as its member identities', async () => {
  const r = await reviewers('cert-3', admin);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, [
    { type: 'IDENTITY', id: 'id-g1', name: 'Gus Groupmember', email: 'id-g1@example.com' },
    { type: 'IDENTITY', id: 'id-m2', name: 'Max Manager', email: 'id-m2@example.com' },
  ]);
  for (const x of r.body) assert.deepEqual(Object.keys(x).sort(), ['email', 'id', 'name', 'type']);
});

test('a certification with no review items still has its reviewer', async () => {
  const r = await reviewers('cert-5', admin);
  assert.equal(r.status, 200);
  assert.deepEqual(ids(r), ['id-m2']);
});

test('default order is by name, case-insensitively', async () => {
  const r = await reviewers('cert-6', admin);
  assert.equal(r.status, 200);
  assert.deepEqual(ids(r), ['id-r2', 'id-r4', 'id-g1', 'id-r3', 'id-r1']);
  assert.deepEqual(r.body[0], { type: 'IDENTITY', id: 'id-r2', name: 'Adam Apple', email: 'Zed.Adam@Example.com' });
});

test('sorters: name, -name, email, -email, several keys', async () => {
  const cases = [
    ['name', ['id-r2', 'id-r4', 'id-g1', 'id-r3', 'id-r1']],
    ['-name', ['id-r1', 'id-r3', 'id-g1', 'id-r4', 'id-r2']],
    ['email', ['id-r1', 'id-r4', 'id-g1', 'id-r3', 'id-r2']],
    ['-email', ['id-r2', 'id-r3', 'id-g1', 'id-r4', 'id-r1']],
    ['email,name', ['id-r1', 'id-r4', 'id-g1', 'id-r3', 'id-r2']],
  ];
  for (const [s, want] of cases) {
    const r = await reviewers('cert-6', admin, { sorters: s });
    assert.equal(r.status, 200, s);
    assert.deepEqual(ids(r), want, s);
  }
});

test('unknown or unsupported sorter is 400', async () => {
  for (const s of ['id', 'type', 'nme', '-', 'name,']) {
    const r = await reviewers('cert-6', admin, { sorters: s });
    assert.equal(r.status, 400, s);
    assert.equal(r.body.detailCode, '400.1 Bad Request Content');
    assert.match(r.body.messages[0].text, /sorter/, s);
  }
});

test('filters: id eq/in, name eq/sw, email eq/sw, case-insensitive', async () => {
  const cases = [
    ['id eq "id-r3"', ['id-r3']],
    ['id eq "ID-R3"', ['id-r3']],
    ['id in ("id-r1","id-g1","nobody")', ['id-g1', 'id-r1']],
    ['name eq "Mona Middle"', ['id-r3']],
    ['name eq "mona middle"', ['id-r3']],
    ['name sw "A"', ['id-r2', 'id-r4']],
    ['name sw "ad"', ['id-r2', 'id-r4']],
    ['name sw "Adam"', ['id-r2']],
    ['email eq "zed.adam@example.com"', ['id-r2']],
    ['email eq "ZED.ADAM@EXAMPLE.COM"', ['id-r2']],
    ['email sw "BETA."', ['id-r4']],
    ['email sw "mona@"', ['id-r3']],
    ['email sw "%"', []],
    ['email sw "_"', []],
    ['name sw "Zoe" or email sw "mona"', ['id-r3', 'id-r1']],
    ['name sw "a" and email sw "z"', ['id-r2']],
    ['not name sw "a"', ['id-g1', 'id-r3', 'id-r1']],
    ['id eq "id-m1"', []],
  ];
  for (const [f, want] of cases) {
    const r = await reviewers('cert-6', admin, { filters: f });
    assert.equal(r.status, 200, `${f}: ${JSON.stringify(r.body)}`);
    assert.deepEqual(ids(r), want, f);
  }
});

test('filters on other fields or operators are 400 and name the problem', async () => {
  const cases = [
    ['name co "x"', /operator "co"/],
    ['name ne "x"', /operator "ne"/],
    ['id sw "id"', /operator "sw"/],
    ['email co "example"', /operator "co"/],
    ['email in ("a@b.c")', /operator "in"/],
    ['type eq "IDENTITY"', /unknown field "type"/],
    ['created gt "2020"', /unknown field "created"/],
    ['name eq', /value/],
  ];
  for (const [f, re] of cases) {
    const r = await reviewers('cert-6', admin, { filters: f });
    assert.equal(r.status, 400, f);
    assert.equal(r.body.detailCode, '400.1 Bad Request Content');
    assert.match(r.body.trackingId, /^[0-9a-f]{32}$/);
    assert.equal(r.body.messages.length >= 1, true);
    assert.match(r.body.messages[0].text, re, f);
  }
});

test('limit, offset and count with X-Total-Count', async () => {
  let r = await reviewers('cert-6', admin, { limit: 2, offset: 1, count: 'true' });
  assert.equal(r.status, 200);
  assert.deepEqual(ids(r), ['id-r4', 'id-g1']);
  assert.equal(r.headers.get('x-total-count'), '5');
  r = await reviewers('cert-6', admin, { limit: 2, offset: 4, count: 'true' });
  assert.deepEqual(ids(r), ['id-r1']);
  assert.equal(r.headers.get('x-total-count'), '5');
  r = await reviewers('cert-6', admin, { count: 'true', filters: 'name sw "a"' });
  assert.equal(r.headers.get('x-total-count'), '2');
  assert.deepEqual(ids(r), ['id-r2', 'id-r4']);
  r = await reviewers('cert-6', admin, { limit: 0, count: 'true' });
  assert.deepEqual(r.body, []);
  assert.equal(r.headers.get('x-total-count'), '5');
  r = await reviewers('cert-6', admin, { offset: 5 });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, []);
  r = await reviewers('cert-6', admin);
  assert.equal(r.headers.get('x-total-count'), null);
  // Paging walks the set without gaps or repeats, in sorter order.
  const seen = [];
  for (let offset = 0; offset < 10; offset += 2) {
    const p = await reviewers('cert-6', admin, { limit: 2, offset, sorters: '-email' });
    seen.push(...ids(p));
    if (p.body.length < 2) break;
  }
  assert.deepEqual(seen, ['id-r2', 'id-r3', 'id-g1', 'id-r4', 'id-r1']);
  for (const q of [{ limit: 251 }, { limit: -1 }, { offset: -1 }, { count: 'yes' }, { limit: 'x' }]) {
    const b = await reviewers('cert-6', admin, q);
    assert.equal(b.status, 400, JSON.stringify(q));
    assert.equal(b.body.detailCode, '400.1 Bad Request Content');
  }
});

test('unknown certification is 404 ErrorResponseDto', async () => {
  for (const t of [admin, m1]) {
    const r = await reviewers('cert-nope', t);
    assert.equal(r.status, 404);
    assert.equal(r.body.detailCode, '404 Not found');
    assert.match(r.body.trackingId, /^[0-9a-f]{32}$/);
    assert.ok(Array.isArray(r.body.messages) && r.body.messages.length >= 1);
    assert.equal(typeof r.body.messages[0].text, 'string');
  }
});

test('a caller who is neither admin nor reviewer is 403 ErrorResponseDto', async () => {
  for (const [t, cert] of [[s1, 'cert-1'], [helpdesk, 'cert-1'], [helpdesk, 'cert-3'], [m1, 'cert-2'],
    [m1, 'cert-3'], [g1, 'cert-1'], [r3, 'cert-3']]) {
    const r = await reviewers(cert, t);
    assert.equal(r.status, 403, cert);
    assert.equal(r.body.detailCode, '403 Forbidden');
    assert.match(r.body.trackingId, /^[0-9a-f]{32}$/);
    assert.ok(Array.isArray(r.body.messages) && r.body.messages.length >= 1);
    assert.ok(Array.isArray(r.body.causes));
  }
  // Authorization comes before validating the query.
  const r = await reviewers('cert-1', s1, { filters: 'bogus eq "x"' });
  assert.equal(r.status, 403);
});

test('reviewers, group members and admins may read the list', async () => {
  const cases = [[m1, 'cert-1'], [m1, 'cert-4'], [m2, 'cert-2'], [m2, 'cert-3'], [g1, 'cert-3'],
    [g1, 'cert-6'], [r3, 'cert-6'], [certadmin, 'cert-1'], [certadmin, 'cert-6'], [admin, 'cert-4']];
  for (const [t, cert] of cases) {
    const r = await reviewers(cert, t);
    assert.equal(r.status, 200, cert);
    assert.ok(r.body.length >= 1);
  }
});

test('no token is 401', async () => {
  const r = await reviewers('cert-1');
  assert.equal(r.status, 401);
  assert.equal(typeof r.body.error, 'string');
  const bad = await reviewers('cert-1', 'not.a.jwt');
  assert.equal(bad.status, 401);
  assert.match(bad.body.error, /^JWT validation failed: /);
});

test('other methods are 405', async () => {
  const r = await call(srv.base, '/beta/certifications/cert-1/reviewers', { tok: admin, method: 'POST', body: {} });
  assert.equal(r.status, 405);
  assert.equal(r.headers.get('allow'), 'GET');
});
