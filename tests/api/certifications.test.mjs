// GET /beta/certifications: authentication, visibility, every collection
// parameter, and every error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, token, call } from './lib.mjs';
import { doc, SECRET } from './fixture.mjs';

let srv, admin, certadmin, m1, m2, g1, s1, helpdesk;

before(async () => {
  srv = await startServer({ doc, args: ['--rate-limit', 'off'] });
  [admin, certadmin, m1, m2, g1, s1, helpdesk] = await Promise.all(
    ['c-admin', 'c-certadmin', 'c-m1', 'c-m2', 'c-g1', 'c-s1', 'c-helpdesk'].map((c) => token(srv.base, c, SECRET)));
});
after(async () => { await srv.stop(); srv.cleanup(); });

const list = (tok, query) => call(srv.base, '/beta/certifications', { tok, query });
const ids = (r) => r.body.map((c) => c.id);

test('no token is 401 with an error body', async () => {
  const r = await list(undefined);
  assert.equal(r.status, 401);
  assert.equal(typeof r.body.error, 'string');
  assert.equal(r.headers.get('www-authenticate'), 'Bearer');
});

test('a malformed or badly signed token is 401', async () => {
  for (const t of ['abc', 'a.b.c', admin.slice(0, -4) + 'AAAA']) {
    const r = await list(t);
    assert.equal(r.status, 401, t);
    assert.match(r.body.error, /^JWT validation failed: /);
  }
});

test('ORG_ADMIN and CERT_ADMIN see every certification', async () => {
  for (const t of [admin, certadmin]) {
    const r = await list(t, { sorters: 'name' });
    assert.equal(r.status, 200);
    assert.deepEqual(ids(r).sort(), ['cert-1', 'cert-2', 'cert-3', 'cert-4', 'cert-5']);
  }
});

test('a reviewer sees only what they review, directly or through a group', async () => {
  assert.deepEqual(ids(await list(m1)).sort(), ['cert-1', 'cert-4']);
  assert.deepEqual(ids(await list(m2)).sort(), ['cert-2', 'cert-3', 'cert-5']);
  assert.deepEqual(ids(await list(g1)), ['cert-3']);
  assert.deepEqual(ids(await list(s1)), []);
  assert.deepEqual(ids(await list(helpdesk)), []);
});

test('reviewer-identitiy=me and an id narrow; a non-admin never sees others through it', async () => {
  assert.deepEqual(ids(await list(admin, { 'reviewer-identitiy': 'me' })), []);
  assert.deepEqual(ids(await list(admin, { 'reviewer-identitiy': 'id-m1', sorters: 'name' })), ['cert-1', 'cert-4']);
  assert.deepEqual(ids(await list(m1, { 'reviewer-identitiy': 'me' })).sort(), ['cert-1', 'cert-4']);
  assert.deepEqual(ids(await list(m1, { 'reviewer-identitiy': 'id-m2' })), []);
  assert.deepEqual(ids(await list(m1, { 'reviewer-identity': 'id-m1' })).sort(), ['cert-1', 'cert-4']);
  assert.deepEqual(ids(await list(admin, { 'reviewer-identitiy': 'id-g1' })), ['cert-3']);
});

test('CertificationDto has every field with the right shape', async () => {
  const r = await list(admin, { filters: 'id eq "cert-1"' });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  const c = r.body[0];
  assert.deepEqual(c, {
    id: 'cert-1', name: 'Q4 Manager Review for Mia Manager',
    campaignRef: { id: 'camp-q4', name: 'Q4 Manager Review', type: 'CAMPAIGN', campaignType: 'MANAGER',
      description: 'Quarterly', correlatedStatus: 'CORRELATED', mandatoryCommentRequirement: 'NO_DECISIONS' },
    phase: 'ACTIVE', due: '2026-12-31T23:59:59.000Z', signed: null,
    reviewer: { type: 'IDENTITY', id: 'id-m1', name: 'Mia Manager', email: 'id-m1@example.com' },
    reassignment: null, hasErrors: false, errorMessage: null, completed: false,
    decisionsMade: 2, decisionsTotal: 5, entitiesCompleted: 0, entitiesTotal: 2,
    created: '2026-11-01T09:00:00.000Z', modified: c.modified,
  });
  assert.match(c.modified, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
});

test('counters: a fully decided certification is completed', async () => {
  const [c] = (await list(admin, { filters: 'id eq "cert-2"' })).body;
  assert.equal(c.completed, true);
  assert.equal(c.decisionsMade, 2);
  assert.equal(c.entitiesCompleted, 2);
  assert.equal(c.entitiesTotal, 2);
});

test('a governance-group reviewer has no email', async () => {
  const [c] = (await list(admin, { filters: 'id eq "cert-3"' })).body;
  assert.deepEqual(c.reviewer, { type: 'GOVERNANCE_GROUP', id: 'gg-db', name: 'DB Owners', email: null });
});

test('filters: every field and operator of the table', async () => {
  const cases = [
    ['id eq "cert-2"', ['cert-2']],
    ['id eq "CERT-2"', ['cert-2']],
    ['id in ("cert-1","cert-3")', ['cert-1', 'cert-3']],
    ['phase eq "SIGNED"', ['cert-4']],
    ['phase eq "staged"', ['cert-5']],
    ['completed eq true', ['cert-2', 'cert-4', 'cert-5']],
    ['completed ne true', ['cert-1', 'cert-3']],
    ['completed eq false and phase eq "ACTIVE"', ['cert-1', 'cert-3']],
    ['campaignRef.campaignType eq "SOURCE_OWNER"', ['cert-3', 'cert-4']],
    ['campaignRef.campaignType in ("MANAGER")', ['cert-1', 'cert-2', 'cert-5']],
    ['campaignRef.id eq "camp-src"', ['cert-3', 'cert-4']],
    ['campaignRef.id in ("camp-q4", "nope")', ['cert-1', 'cert-2', 'cert-5']],
    ['not phase eq "ACTIVE"', ['cert-4', 'cert-5']],
    ['phase eq "SIGNED" or id eq "cert-1" and completed eq true', ['cert-4']],
    ['(phase eq "SIGNED" or id eq "cert-1") and completed eq false', ['cert-1']],
    ['id eq "cert-1" or id eq "cert-2" or id eq "cert-3"', ['cert-1', 'cert-2', 'cert-3']],
  ];
  for (const [f, want] of cases) {
    const r = await list(admin, { filters: f });
    assert.equal(r.status, 200, `${f}: ${JSON.stringify(r.body)}`);
    assert.deepEqual(ids(r).sort(), want, f);
  }
});

test('filters: a value is never SQL', async () => {
  const r = await list(admin, { filters: 'id eq "x\' OR 1=1 --"' });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, []);
});

test('filters errors say what and where', async () => {
  const cases = [
    ['owner eq "x"', 'filters: unknown field "owner" at position 1'],
    ['phase sw "A"', 'filters: operator "sw" is not allowed on "phase" at position 7'],
    ['completed eq "yes"', /completed/],
    ['id eq', /expected a value/],
    ['id eq "unterminated', /unterminated/],
    ['id EQ "x"', /lower case/],
    ['(id eq "x"', /expected "\)"/],
    ['', /empty/],
  ];
  for (const [f, want] of cases) {
    const r = await list(admin, { filters: f });
    assert.equal(r.status, 400, f);
    assert.equal(r.body.detailCode, '400.1 Bad Request Content');
    assert.match(r.body.trackingId, /^[0-9a-f]{32}$/);
    assert.equal(r.headers.get('slpt-request-id'), r.body.trackingId);
    const text = r.body.messages[0].text;
    if (typeof want === 'string') assert.equal(text, want, f); else assert.match(text, want, f);
    assert.equal(r.body.messages[0].locale, 'en-US');
    assert.equal(r.body.messages[0].localeOrigin, 'DEFAULT');
  }
});

test('sorters: each key, descending, several keys, ties broken by id', async () => {
  assert.deepEqual(ids(await list(admin, { sorters: 'name' })),
    ['cert-5', 'cert-2', 'cert-1', 'cert-3', 'cert-4']);
  assert.deepEqual(ids(await list(admin, { sorters: '-name' })),
    ['cert-4', 'cert-3', 'cert-1', 'cert-2', 'cert-5']);
  assert.deepEqual(ids(await list(admin, { sorters: 'due' })),
    ['cert-5', 'cert-4', 'cert-2', 'cert-1', 'cert-3']);
  assert.deepEqual(ids(await list(admin, { sorters: '-due' })),
    ['cert-3', 'cert-1', 'cert-2', 'cert-4', 'cert-5']);
  assert.deepEqual(ids(await list(admin, { sorters: '-signed,name' })),
    ['cert-4', 'cert-5', 'cert-2', 'cert-1', 'cert-3']);
  const r = await list(admin, { sorters: 'due2' });
  assert.equal(r.status, 400);
  assert.equal(r.body.messages[0].text, 'sorters: "due2" is not sortable; use name, due, signed');
});

test('limit, offset and count', async () => {
  let r = await list(admin, { limit: 2, offset: 1, count: 'true', sorters: 'name' });
  assert.equal(r.status, 200);
  assert.deepEqual(ids(r), ['cert-2', 'cert-1']);
  assert.equal(r.headers.get('x-total-count'), '5');
  r = await list(admin, { count: 'true', filters: 'phase eq "ACTIVE"', limit: 1 });
  assert.equal(r.headers.get('x-total-count'), '3');
  assert.equal(r.body.length, 1);
  r = await list(admin, { limit: 0, count: 'true' });
  assert.deepEqual(r.body, []);
  assert.equal(r.headers.get('x-total-count'), '5');
  r = await list(admin, { offset: 5 });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, []);
  r = await list(admin, { offset: 1000 });
  assert.deepEqual(r.body, []);
  r = await list(admin);
  assert.equal(r.headers.get('x-total-count'), null);
  r = await list(m1, { count: 'true' });
  assert.equal(r.headers.get('x-total-count'), '2');
});

test('paging walks the whole collection without gaps or repeats', async () => {
  const seen = [];
  for (let offset = 0; ; offset += 2) {
    const r = await list(admin, { limit: 2, offset, sorters: 'due' });
    seen.push(...ids(r));
    if (r.body.length < 2) break;
  }
  assert.deepEqual(seen, ['cert-5', 'cert-4', 'cert-2', 'cert-1', 'cert-3']);
});

test('bad limit, offset and count are 400s', async () => {
  const cases = [
    [{ limit: 251 }, 'limit: must be between 0 and 250'],
    [{ limit: -1 }, 'limit: must be between 0 and 250'],
    [{ limit: 'ten' }, 'limit: "ten" is not an integer'],
    [{ limit: '' }, 'limit: "" is not an integer'],
    [{ offset: -5 }, 'offset: must be 0 or more'],
    [{ offset: '1.5' }, 'offset: "1.5" is not an integer'],
    [{ count: 'yes' }, 'count: must be true or false'],
  ];
  for (const [q, text] of cases) {
    const r = await list(admin, q);
    assert.equal(r.status, 400, JSON.stringify(q));
    assert.equal(r.body.messages[0].text, text);
  }
  const r = await call(srv.base, '/beta/certifications?limit=1&limit=2', { tok: admin });
  assert.equal(r.status, 400);
  assert.equal(r.body.messages[0].text, 'limit: given more than once');
});

test('filters accept + for spaces and percent-encoded quotes', async () => {
  const r = await call(srv.base, '/beta/certifications?filters=id+eq+%22cert-1%22', { tok: admin });
  assert.equal(r.status, 200);
  assert.deepEqual(ids(r), ['cert-1']);
});

test('unknown route is 404, wrong method 405, both ErrorResponseDto', async () => {
  let r = await call(srv.base, '/beta/nothing', { tok: admin });
  assert.equal(r.status, 404);
  assert.equal(r.body.detailCode, '404 Not found');
  r = await call(srv.base, '/beta/certifications', { tok: admin, method: 'DELETE' });
  assert.equal(r.status, 405);
  assert.equal(r.headers.get('allow'), 'GET');
  assert.match(r.body.trackingId, /^[0-9a-f]{32}$/);
});
