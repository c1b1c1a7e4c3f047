// The authorization matrix: every route and method (POST /oauth/token aside)
// against every kind of caller, with the expected status read from the
// POLICY table below; and that no answer ever carries data the caller may
// not see (403/404/401 bodies, beta and v3 list-certifications and v3
// certification-tasks through filters, reviewer-identitiy, counts, and
// tasks of another reviewer).
//
// The server runs with --workers 0: reassign-async queues tasks that never
// run, so a 200 changes nothing another row depends on; decide, sign-off
// and reassign (sync) are sent bodies that pass authorization and then fail
// the review rules (see THE POLICY), so every row of the matrix sees the
// fixture exactly as imported.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { startServer, token, call } from './lib.mjs';
import { doc, SECRET } from './fixture.mjs';
import { serveOn, sleep } from './serve-on.mjs';

// ======================================================================
// THE POLICY
//
// Callers (tokens):
//   none        no Authorization header
//   expired     a genuine ORG_ADMIN token whose exp has passed (minted by a
//               second node on the same store with --token-ttl 1)
//   otherKey    ORG_ADMIN claims, HS256, signed with a key that is not the store's
//   algNone     ORG_ADMIN claims with {"alg":"none"} and no signature
//   basic       c-admin's client credentials as HTTP Basic (valid at /oauth/token only)
//   plain       c-s1 (Sam Subject): reviews nothing
//   m1          c-m1 (Mia Manager): reviews cert-1 and cert-4 directly
//   m2          c-m2 (Max Manager): reviews cert-2, cert-5, and cert-3 through gg-db
//   g1          c-g1 (Gus Groupmember): reviews cert-3 only, through group gg-db
//   certAdmin   c-certadmin (CERT_ADMIN)
//   orgAdmin    c-admin (ORG_ADMIN)
//   helpdesk    c-helpdesk (HELPDESK): no certification authority
//
// Routes (columns): the certification id of the row goes in the path.
const ROUTES = ['list', 'reviewers', 'permissions', 'reassign', 'pending', 'task',
  'v3list', 'v3get', 'decide', 'signoff', 'v3reassign', 'v3async', 'v3tasks', 'v3task', 'remed',
  'items', 'dsum', 'isums', 'isum', 'asums', 'v3revs', 'v3perm'];
//   list         GET  /beta/certifications
//   reviewers    GET  /beta/certifications/{cert}/reviewers
//   permissions  GET  /beta/certifications/{cert}/access-review-items/{item of cert}/permissions
//   reassign     POST /beta/certifications/{cert}/reassign-async   (a valid ReviewReassign)
//   pending      GET  /beta/certifications/{cert}/tasks-pending
//   task         GET  /beta/certifications/{cert}/tasks/{a task of cert}
//   v3list       GET  /v3/certifications
//   v3get        GET  /v3/certifications/{cert}
//   decide       POST /v3/certifications/{cert}/decide       (fails its rules: 400, see below)
//   signoff      POST /v3/certifications/{cert}/sign-off     (items undecided: 400, see below)
//   v3reassign   POST /v3/certifications/{cert}/reassign     (fails its rules: 400, see below)
//   v3async      POST /v3/certifications/{cert}/reassign-async (a valid ReviewReassign)
//   v3tasks      GET  /v3/certification-tasks
//   v3task       GET  /v3/certification-tasks/{a task of cert}
//   remed        GET  /recert/v1/campaigns/{the campaign of cert}/remediations
//   items        GET  /v3/certifications/{cert}/access-review-items
//   dsum         GET  /v3/certifications/{cert}/decision-summary
//   isums        GET  /v3/certifications/{cert}/identity-summaries
//   isum         GET  /v3/certifications/{cert}/identity-summaries/{an identity summary of cert}
//   asums        GET  /v3/certifications/{cert}/access-summaries/ENTITLEMENT
//   v3revs       GET  /v3/certifications/{cert}/reviewers
//   v3perm       GET  /v3/certifications/{cert}/access-review-items/{item of cert}/permissions
//
// Rows must not depend on each other, so no row changes what another sees:
//   - the reassign-async rows (beta and v3) queue tasks that never run
//     (--workers 0): a 200 there adds a pending task and nothing else;
//   - decide, sign-off and reassign (sync) would change the certification
//     (a decided cert-3 could be signed, after which every later decide and
//     reassign would be refused; a moved item would be gone from the
//     permissions route). Their bodies are chosen to pass authorization and
//     then fail the review rules, the same way for every authorized caller:
//     decide an item of the certification with a proposedEndDate on an
//     APPROVE; sign off a certification with undecided items (nobody
//     decides any); reassign an item to its own subject. Their 400 is
//     checked to carry that rule's sentence, which only the review layer
//     writes, after authorization: so a 400 row proves authorization passed,
//     and the rolled back write transaction changes nothing.
//   - remediations is ORG_ADMIN/CERT_ADMIN only (workflow.md §2, §6): 403 for
//     everyone else whatever the campaign, 404 for an admin when the
//     campaign does not exist.
//
// prettier-ignore
const POLICY = [
  // caller       cert          list revw perm reas pend task v3li v3ge deci sign v3re v3as v3ts v3tk remd itms dsum isms isum asms v3rv v3pm
  ['none',        'cert-1',     401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401], // no token
  ['expired',     'cert-1',     401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
  ['otherKey',    'cert-1',     401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
  ['algNone',     'cert-1',     401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
  ['basic',       'cert-1',     401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
  ['none',        'cert-3',     401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
  ['expired',     'cert-3',     401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
  ['otherKey',    'cert-3',     401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
  ['algNone',     'cert-3',     401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
  ['plain',       'cert-1',     200, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403], // reviews nothing
  ['plain',       'cert-3',     200, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403],
  ['m1',          'cert-1',     200, 200, 200, 200, 200, 200, 200, 200, 400, 400, 400, 200, 200, 200, 403, 200, 200, 200, 200, 200, 200, 200], // reviewer of this certification
  ['m2',          'cert-1',     200, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403], // reviewer of another certification
  ['m1',          'cert-3',     200, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403],
  ['g1',          'cert-3',     200, 200, 200, 200, 200, 200, 200, 200, 400, 400, 400, 200, 200, 200, 403, 200, 200, 200, 200, 200, 200, 200], // member of the reviewer group
  ['m2',          'cert-3',     200, 200, 200, 200, 200, 200, 200, 200, 400, 400, 400, 200, 200, 200, 403, 200, 200, 200, 200, 200, 200, 200], // the group's other member
  ['g1',          'cert-1',     200, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403], // a group member elsewhere
  ['g1',          'cert-2',     200, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403],
  ['certAdmin',   'cert-1',     200, 200, 200, 200, 200, 200, 200, 200, 400, 400, 400, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  ['certAdmin',   'cert-3',     200, 200, 200, 200, 200, 200, 200, 200, 400, 400, 400, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  ['orgAdmin',    'cert-1',     200, 200, 200, 200, 200, 200, 200, 200, 400, 400, 400, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  ['orgAdmin',    'cert-3',     200, 200, 200, 200, 200, 200, 200, 200, 400, 400, 400, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  ['helpdesk',    'cert-1',     200, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403],
  ['helpdesk',    'cert-3',     200, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403],
  // An unknown certification (and task, and campaign): 401 before anything
  // else, then 404 for anyone (remediations: 403 unless an admin).
  ['none',        'cert-nope',  401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
  ['expired',     'cert-nope',  401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401],
  ['plain',       'cert-nope',  200, 404, 404, 404, 404, 404, 200, 404, 404, 404, 404, 404, 200, 404, 403, 404, 404, 404, 404, 404, 404, 404],
  ['m1',          'cert-nope',  200, 404, 404, 404, 404, 404, 200, 404, 404, 404, 404, 404, 200, 404, 403, 404, 404, 404, 404, 404, 404, 404],
  ['helpdesk',    'cert-nope',  200, 404, 404, 404, 404, 404, 200, 404, 404, 404, 404, 404, 200, 404, 403, 404, 404, 404, 404, 404, 404, 404],
  ['certAdmin',   'cert-nope',  200, 404, 404, 404, 404, 404, 200, 404, 404, 404, 404, 404, 200, 404, 404, 404, 404, 404, 404, 404, 404, 404],
  ['orgAdmin',    'cert-nope',  200, 404, 404, 404, 404, 404, 200, 404, 404, 404, 404, 404, 200, 404, 404, 404, 404, 404, 404, 404, 404, 404],
];

// What list-certifications returns to each caller (and nothing else, however asked).
const ALL = ['cert-1', 'cert-2', 'cert-3', 'cert-4', 'cert-5'];
const VISIBLE = {
  plain: [], helpdesk: [], g1: ['cert-3'],
  m1: ['cert-1', 'cert-4'], m2: ['cert-2', 'cert-3', 'cert-5'],
  certAdmin: ALL, orgAdmin: ALL,
};
// The certifications each identity reviews (directly or through its group).
const REVIEWS = {
  'id-m1': ['cert-1', 'cert-4'], 'id-m2': ['cert-2', 'cert-3', 'cert-5'], 'id-g1': ['cert-3'],
  'id-s1': [], 'id-admin': [], 'id-helpdesk': [],
};
const CALLER_IDENTITY = { plain: 'id-s1', m1: 'id-m1', m2: 'id-m2', g1: 'id-g1', helpdesk: 'id-helpdesk' };
// ======================================================================

// Per certification: an item of it, a valid ReviewReassign for it (queued,
// never run), and the task made in before().
const ITEM = { 'cert-1': 'item-1', 'cert-2': 'item-21', 'cert-3': 'item-31', 'cert-nope': 'item-1' };
const REASSIGN = {
  'cert-1': { reassign: [{ id: 'item-1', type: 'ITEM' }], reassignTo: 'id-g1', reason: 'authz matrix' },
  'cert-2': { reassign: [{ id: 'item-21', type: 'ITEM' }], reassignTo: 'id-m1', reason: 'authz matrix' },
  'cert-3': { reassign: [{ id: 'item-31', type: 'ITEM' }], reassignTo: 'id-m1', reason: 'authz matrix' },
  'cert-nope': { reassign: [{ id: 'item-1', type: 'ITEM' }], reassignTo: 'id-g1', reason: 'authz matrix' },
};
const TASK = { 'cert-nope': 'no-such-task' };
// v3: the campaign of each certification (remediations), a decide that
// breaks a rule (an end date on an APPROVE), a reassign (sync) to the
// subject of the item it moves.
const CAMPAIGN = { 'cert-1': 'camp-q4', 'cert-2': 'camp-q4', 'cert-3': 'camp-src', 'cert-nope': 'camp-nope' };
const SUBJECT = { 'cert-1': 'id-s1', 'cert-2': 'id-s3', 'cert-3': 'id-s1', 'cert-nope': 'id-s1' };
const DECIDE = (cert) => [{ id: ITEM[cert], decision: 'APPROVE', bulk: false, proposedEndDate: '2030-06-30T00:00:00.000Z' }];
const V3REASSIGN = (cert) => ({ reassign: [{ id: ITEM[cert], type: 'ITEM' }], reassignTo: SUBJECT[cert], reason: 'authz matrix' });
// An identity summary of each certification (found in before(): cert-2
// and cert-3 have generated ids).
const SUMMARY = { 'cert-nope': 'no-such-summary' };
const itemsOf = (cert) => (doc.certifications.find((c) => c.id === cert)?.reviewItems || []);

// Everything a caller must not learn from an answer it is not entitled to.
// A string the caller itself sent (in the path or body) may be echoed.
function sensitiveStrings() {
  const s = new Set();
  for (const i of doc.identities) { s.add(i.name); s.add(i.email); }
  for (const g of doc.governanceGroups) s.add(g.name);
  for (const c of doc.campaigns) s.add(c.name);
  for (const c of doc.certifications) {
    s.add(c.id); s.add(c.name);
    for (const it of c.reviewItems) s.add(it.id);
    for (const sm of c.identitySummaries || []) s.add(sm.id);
  }
  for (const e of doc.entitlements) for (const p of e.permissions) s.add(p.target);
  for (const t of Object.values(TASK)) s.add(t);
  return [...s];
}

let srv, tokens, SENSITIVE;
const b64url = (x) => Buffer.from(x).toString('base64url');

before(async () => {
  srv = await startServer({ doc, args: ['--rate-limit', 'off', '--workers', '0'] });
  // Expired: minted by a second node on the same store (same signing key).
  const short = await serveOn(srv.db, ['--rate-limit', 'off', '--workers', '0', '--token-ttl', '1', '--quiet']);
  let expired;
  try {
    expired = await token(short.base, 'c-admin', SECRET);
  } finally {
    await short.stop();
  }
  const mintedAt = Date.now();
  const ids = { plain: 'c-s1', m1: 'c-m1', m2: 'c-m2', g1: 'c-g1', certAdmin: 'c-certadmin', orgAdmin: 'c-admin', helpdesk: 'c-helpdesk' };
  tokens = { none: undefined, expired };
  for (const [k, c] of Object.entries(ids)) tokens[k] = await token(srv.base, c, SECRET);
  // Another key, same (ORG_ADMIN) claims.
  const [h, p] = tokens.orgAdmin.split('.');
  tokens.otherKey = `${h}.${p}.${createHmac('sha256', randomBytes(32)).update(`${h}.${p}`).digest('base64url')}`;
  tokens.algNone = `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${p}.`;
  tokens.basic = { authorization: `Basic ${Buffer.from(`c-admin:${SECRET}`).toString('base64')}` };
  // Tasks to read: one queued on cert-1, cert-2 and cert-3 each.
  for (const c of ['cert-1', 'cert-2', 'cert-3']) {
    const r = await call(srv.base, `/beta/certifications/${c}/reassign-async`, { method: 'POST', tok: tokens.orgAdmin, body: REASSIGN[c] });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    TASK[c] = r.body.id;
  }
  // An identity summary of each certification, as the v3 reads name them.
  for (const c of ['cert-1', 'cert-2', 'cert-3']) {
    const r = await call(srv.base, `/v3/certifications/${c}/identity-summaries`, { tok: tokens.orgAdmin });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.ok(r.body.length >= 1, c);
    SUMMARY[c] = r.body[0].id;
  }
  SENSITIVE = [...sensitiveStrings(), ...['cert-1', 'cert-2', 'cert-3'].map((c) => SUMMARY[c])];
  // The expired token's exp (ttl 1 s, whole seconds) is at most 2 s after minting.
  const exp = JSON.parse(Buffer.from(expired.split('.')[1], 'base64url').toString()).exp;
  const wait = Math.max(exp * 1000 + 1200 - Date.now(), mintedAt + 2200 - Date.now(), 0);
  await sleep(wait);
  assert.ok(Date.now() / 1000 > exp + 1, 'the expired token has expired');
});
after(async () => { await srv.stop(); srv.cleanup(); });

function request(route, cert, credential) {
  const base = `/beta/certifications/${cert}`;
  // A credential is a bearer token, or an object of raw headers.
  const tok = typeof credential === 'object' ? undefined : credential;
  const headers = typeof credential === 'object' ? credential : {};
  switch (route) {
    case 'list': return { path: '/beta/certifications', opts: { tok, headers } };
    case 'reviewers': return { path: `${base}/reviewers`, opts: { tok, headers } };
    case 'permissions': return { path: `${base}/access-review-items/${ITEM[cert]}/permissions`, opts: { tok, headers } };
    case 'reassign': return { path: `${base}/reassign-async`, opts: { tok, headers, method: 'POST', body: REASSIGN[cert] } };
    case 'pending': return { path: `${base}/tasks-pending`, opts: { tok, headers } };
    case 'task': return { path: `${base}/tasks/${TASK[cert]}`, opts: { tok, headers } };
    case 'v3list': return { path: '/v3/certifications', opts: { tok, headers } };
    case 'v3get': return { path: `/v3/certifications/${cert}`, opts: { tok, headers } };
    case 'decide': return { path: `/v3/certifications/${cert}/decide`, opts: { tok, headers, method: 'POST', body: DECIDE(cert) } };
    case 'signoff': return { path: `/v3/certifications/${cert}/sign-off`, opts: { tok, headers, method: 'POST' } };
    case 'v3reassign': return { path: `/v3/certifications/${cert}/reassign`, opts: { tok, headers, method: 'POST', body: V3REASSIGN(cert) } };
    case 'v3async': return { path: `/v3/certifications/${cert}/reassign-async`, opts: { tok, headers, method: 'POST', body: REASSIGN[cert] } };
    case 'v3tasks': return { path: '/v3/certification-tasks', opts: { tok, headers } };
    case 'v3task': return { path: `/v3/certification-tasks/${TASK[cert]}`, opts: { tok, headers } };
    case 'remed': return { path: `/recert/v1/campaigns/${CAMPAIGN[cert]}/remediations`, opts: { tok, headers } };
    case 'items': return { path: `/v3/certifications/${cert}/access-review-items`, opts: { tok, headers } };
    case 'dsum': return { path: `/v3/certifications/${cert}/decision-summary`, opts: { tok, headers } };
    case 'isums': return { path: `/v3/certifications/${cert}/identity-summaries`, opts: { tok, headers } };
    case 'isum': return { path: `/v3/certifications/${cert}/identity-summaries/${SUMMARY[cert]}`, opts: { tok, headers } };
    case 'asums': return { path: `/v3/certifications/${cert}/access-summaries/ENTITLEMENT`, opts: { tok, headers } };
    case 'v3revs': return { path: `/v3/certifications/${cert}/reviewers`, opts: { tok, headers } };
    case 'v3perm': return { path: `/v3/certifications/${cert}/access-review-items/${ITEM[cert]}/permissions`, opts: { tok, headers } };
  }
  throw new Error(route);
}

// A refused answer: the right shape, and nothing the caller did not send.
function assertNoLeak(r, sent, what) {
  const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
  const leaked = SENSITIVE.filter((s) => !sent.toLowerCase().includes(s.toLowerCase()) &&
    text.toLowerCase().includes(s.toLowerCase()));
  assert.deepEqual(leaked, [], `${what}: the body leaks ${leaked.join(', ')}: ${text}`);
  assert.equal(r.headers.get('x-total-count'), null, `${what}: X-Total-Count on a ${r.status}`);
  if (r.status === 401) {
    assert.equal(typeof r.body.error, 'string', what);
    assert.deepEqual(Object.keys(r.body), ['error'], what);
    assert.equal(r.headers.get('www-authenticate'), 'Bearer', what);
  } else {
    assert.equal(r.body.detailCode, { 403: '403 Forbidden', 404: '404 Not found' }[r.status], what);
    assert.match(r.body.trackingId, /^[0-9a-f]{32}$/, what);
    assert.deepEqual(Object.keys(r.body).sort(), ['causes', 'detailCode', 'messages', 'trackingId'], what);
  }
}

// An allowed answer carries only what the caller may see.
function assertAllowedBody(route, caller, cert, r, what) {
  switch (route) {
    case 'list': {
      assert.deepEqual(r.body.map((c) => c.id).sort(), VISIBLE[caller], what);
      break;
    }
    case 'reviewers': {
      const want = { 'cert-1': ['id-m1'], 'cert-3': ['id-g1', 'id-m2'] }[cert];
      assert.deepEqual(r.body.map((x) => x.id).sort(), want, what);
      break;
    }
    case 'permissions':
      assert.equal(r.body.length, 3, what); // both items are ent-dba items
      break;
    case 'reassign':
      assert.equal(r.body.certificationId, cert, what);
      assert.equal(r.body.status, 'QUEUED', what);
      break;
    case 'pending':
      assert.ok(r.body.length >= 1, what);
      for (const t of r.body) assert.equal(t.certificationId, cert, what);
      break;
    case 'task':
      assert.equal(r.body.id, TASK[cert], what);
      assert.equal(r.body.certificationId, cert, what);
      break;
    case 'v3list':
      assert.deepEqual(r.body.map((c) => c.id).sort(), VISIBLE[caller], what);
      break;
    case 'v3get':
      assert.equal(r.body.id, cert, what);
      break;
    // The rule each 400 row breaks, in the review layer's own words.
    case 'decide':
      assert.deepEqual(r.body.messages.map((m) => m.text), ['[0].proposedEndDate: only a REVOKE may have one'], what);
      break;
    case 'signoff':
      assert.equal(r.body.messages.length, 1, what);
      assert.match(r.body.messages[0].text, new RegExp(`^certification "${cert}" has \\d+ review items? without a decision`), what);
      break;
    case 'v3reassign':
      assert.deepEqual(r.body.messages.map((m) => m.text),
        [`reassign[0]: ITEM "${ITEM[cert]}" covers the access of "${SUBJECT[cert]}", who may not review their own access`], what);
      break;
    case 'v3async':
      assert.deepEqual([r.body.type, r.body.targetType, r.body.targetId, r.body.status],
        ['REASSIGN', 'CERTIFICATION', cert, 'QUEUED'], what);
      break;
    case 'v3tasks': {
      // Only tasks on certifications the caller may read; and all of those.
      const visible = VISIBLE[caller];
      for (const t of r.body) {
        assert.equal(t.targetType, 'CERTIFICATION', what);
        assert.ok(visible.includes(t.targetId.toLowerCase()), `${what}: a task on ${t.targetId}`);
      }
      for (const c of ['cert-1', 'cert-2', 'cert-3'].filter((x) => visible.includes(x))) {
        assert.ok(r.body.some((t) => t.id === TASK[c]), `${what}: the task on ${c} is missing`);
      }
      break;
    }
    case 'v3task':
      assert.deepEqual([r.body.id, r.body.targetType, r.body.targetId], [TASK[cert], 'CERTIFICATION', cert], what);
      break;
    case 'remed':
      assert.deepEqual(r.body, [], what); // nothing is signed off in the matrix
      break;
    case 'items':
      assert.deepEqual(r.body.map((x) => x.id).sort(), itemsOf(cert).map((x) => x.id).sort(), what);
      break;
    case 'dsum':
      assert.equal(r.body.entitlementDecisionsTotal + r.body.accessProfileDecisionsTotal + r.body.roleDecisionsTotal,
        itemsOf(cert).length, what);
      break;
    case 'isums':
      assert.deepEqual(r.body.map((x) => x.identityId).sort(), [...new Set(itemsOf(cert).map((x) => x.identityId))].sort(), what);
      break;
    case 'isum':
      assert.equal(r.body.id, SUMMARY[cert], what);
      break;
    case 'asums': {
      const want = [...new Set(itemsOf(cert).filter((x) => x.accessType === 'ENTITLEMENT').map((x) => x.accessId))].sort();
      assert.deepEqual(r.body.map((x) => `${x.access.type}/${x.access.id}`).sort(), want.map((x) => `ENTITLEMENT/${x}`), what);
      break;
    }
    case 'v3revs': {
      const want = { 'cert-1': ['id-m1'], 'cert-3': ['id-g1', 'id-m2'] }[cert];
      assert.deepEqual(r.body.map((x) => x.id).sort(), want, what);
      break;
    }
    case 'v3perm':
      assert.equal(r.body.length, 3, what); // both items are ent-dba items
      break;
  }
}

test('the policy table covers every caller kind and route', () => {
  const callers = new Set(POLICY.map((row) => row[0]));
  for (const c of ['none', 'expired', 'otherKey', 'algNone', 'basic', 'plain', 'm1', 'm2', 'g1', 'certAdmin', 'orgAdmin', 'helpdesk']) {
    assert.ok(callers.has(c), c);
  }
  for (const row of POLICY) assert.equal(row.length, 2 + ROUTES.length, row.join(' '));
});

test('every route x caller answers exactly the status in POLICY, and refusals leak nothing', async () => {
  const pendingBefore = {};
  for (const c of ['cert-1', 'cert-3']) {
    pendingBefore[c] = (await call(srv.base, `/beta/certifications/${c}/tasks-pending`, { tok: tokens.orgAdmin })).body.length;
  }
  const certsBefore = (await call(srv.base, '/v3/certifications', { tok: tokens.orgAdmin })).body;
  const accepted = { 'cert-1': 0, 'cert-3': 0 };
  const wrong = [];
  for (const [caller, cert, ...statuses] of POLICY) {
    for (let k = 0; k < ROUTES.length; k++) {
      const route = ROUTES[k];
      const want = statuses[k];
      const { path, opts } = request(route, cert, tokens[caller]);
      const r = await call(srv.base, path, opts);
      const what = `${caller} ${opts.method || 'GET'} ${path}`;
      if (r.status !== want) {
        wrong.push(`${what}: ${r.status}, expected ${want} ${JSON.stringify(r.body).slice(0, 200)}`);
        continue;
      }
      const sent = path + (opts.body ? JSON.stringify(opts.body) : '');
      try {
        if (want === 200 || want === 400) assertAllowedBody(route, caller, cert, r, what);
        else assertNoLeak(r, sent, what);
      } catch (e) {
        if (e.code !== 'ERR_ASSERTION') throw e;
        wrong.push(e.message.split('\n')[0].slice(0, 400));
        continue;
      }
      if ((route === 'reassign' || route === 'v3async') && want === 200) accepted[cert]++;
    }
  }
  assert.deepEqual(wrong, [], `\n${wrong.join('\n')}`);
  // A refused reassign-async queued nothing; each accepted one queued one
  // task; decide, sign-off and reassign changed nothing.
  for (const c of ['cert-1', 'cert-3']) {
    const p = await call(srv.base, `/beta/certifications/${c}/tasks-pending`, { tok: tokens.orgAdmin });
    assert.equal(p.body.length, pendingBefore[c] + accepted[c], c);
  }
  const certsAfter = (await call(srv.base, '/v3/certifications', { tok: tokens.orgAdmin })).body;
  assert.deepEqual(certsAfter, certsBefore, 'a row changed a certification');
});

// A task id alone must not tell a caller who may not read the task which
// certification it is on (a 403 elsewhere echoes only what was sent; the
// matrix checks the same, this names the case).
test('a refused v3 certification task does not name its certification', async () => {
  for (const [caller, cert] of [['plain', 'cert-1'], ['m2', 'cert-1'], ['m1', 'cert-3'], ['g1', 'cert-2'], ['helpdesk', 'cert-3']]) {
    const path = `/v3/certification-tasks/${TASK[cert]}`;
    const r = await call(srv.base, path, { tok: tokens[caller] });
    assert.equal(r.status, 403, `${caller} ${path}`);
    assertNoLeak(r, path, `${caller} GET ${path}`);
  }
});

test('authorization is decided before the request is validated', async () => {
  // A refused caller learns nothing from validation either: a broken body,
  // an unknown item, a bad filter all answer the same 403 (or 401).
  const cases = [
    ['POST', '/beta/certifications/cert-1/reassign-async', { nonsense: true }],
    ['POST', '/beta/certifications/cert-1/reassign-async', { reassign: [{ id: 'item-21', type: 'ITEM' }], reassignTo: 'id-nobody', reason: 'x' }],
    ['GET', '/beta/certifications/cert-1/reviewers?filters=bogus+eq+%22x%22', undefined],
    ['GET', '/beta/certifications/cert-1/access-review-items/item-nope/permissions', undefined],
    ['GET', '/beta/certifications/cert-1/access-review-items/item-21/permissions', undefined],
    ['GET', '/beta/certifications/cert-1/tasks/no-such-task', undefined],
    ['POST', '/v3/certifications/cert-1/decide', { nonsense: true }],
    ['POST', '/v3/certifications/cert-1/decide', []],
    ['POST', '/v3/certifications/cert-1/decide', [{ id: 'item-21', decision: 'MAYBE' }, 'x']],
    ['POST', '/v3/certifications/cert-1/sign-off', undefined],
    ['POST', '/v3/certifications/cert-1/reassign', { nonsense: true }],
    ['POST', '/v3/certifications/cert-1/reassign', { reassign: [{ id: 'item-21', type: 'ITEM' }], reassignTo: 'id-nobody', reason: 'x' }],
    ['POST', '/v3/certifications/cert-1/reassign-async', { reassign: [], reassignTo: 7 }],
    ['GET', '/recert/v1/campaigns/camp-q4/remediations?filters=bogus+eq+%22x%22', undefined],
    ['GET', '/recert/v1/campaigns/camp-q4/remediations?limit=9999', undefined],
    ['GET', '/recert/v1/campaigns/camp-nope/remediations', undefined],
    ['GET', '/v3/certifications/cert-1/access-review-items?filters=bogus+eq+%22x%22', undefined],
    ['GET', '/v3/certifications/cert-1/access-review-items?entitlements=ent-dba&roles=role-fin', undefined],
    ['GET', '/v3/certifications/cert-1/access-review-items?sorters=nonsense&limit=-1', undefined],
    ['GET', '/v3/certifications/cert-1/decision-summary?filters=bogus+eq+%22x%22', undefined],
    ['GET', '/v3/certifications/cert-1/identity-summaries?filters=bogus+eq+%22x%22', undefined],
    ['GET', '/v3/certifications/cert-1/identity-summaries/no-such-summary', undefined],
    ['GET', '/v3/certifications/cert-1/access-summaries/BOGUS', undefined],
    ['GET', '/v3/certifications/cert-1/reviewers?filters=bogus+eq+%22x%22', undefined],
    ['GET', '/v3/certifications/cert-1/access-review-items/item-nope/permissions', undefined],
  ];
  for (const [method, path, body] of cases) {
    for (const [caller, want] of [['m2', 403], ['plain', 403], ['helpdesk', 403], ['expired', 401], ['none', 401], ['algNone', 401]]) {
      const r = await call(srv.base, path, { method, tok: tokens[caller], body });
      assert.equal(r.status, want, `${caller} ${method} ${path}: ${JSON.stringify(r.body)}`);
      assertNoLeak(r, path + (body ? JSON.stringify(body) : ''), `${caller} ${method} ${path}`);
    }
  }
});

test('an item or task is reachable only through its own certification', async () => {
  // m1 reviews cert-1: an item or task of cert-2 asked for through cert-1 is 404.
  const cases = [
    ['m1', '/beta/certifications/cert-1/access-review-items/item-21/permissions', 404],
    ['m1', '/beta/certifications/cert-1/access-review-items/item-31/permissions', 404],
    ['m1', `/beta/certifications/cert-1/tasks/${TASK['cert-2']}`, 404],
    ['m1', `/beta/certifications/cert-1/tasks/${TASK['cert-3']}`, 404],
    ['m2', `/beta/certifications/cert-2/tasks/${TASK['cert-1']}`, 404],
    ['m2', `/beta/certifications/cert-3/tasks/${TASK['cert-1']}`, 404],
    ['g1', `/beta/certifications/cert-3/tasks/${TASK['cert-1']}`, 404],
    ['g1', `/beta/certifications/cert-3/tasks/${TASK['cert-2']}`, 404],
    ['m2', '/beta/certifications/cert-2/access-review-items/item-1/permissions', 404],
    ['m1', '/v3/certifications/cert-1/access-review-items/item-21/permissions', 404],
    ['m2', '/v3/certifications/cert-2/access-review-items/item-1/permissions', 404],
    ['m1', `/v3/certifications/cert-1/identity-summaries/${SUMMARY['cert-2']}`, 404],
    ['g1', `/v3/certifications/cert-3/identity-summaries/${SUMMARY['cert-1']}`, 404],
    // ...and through the other reviewer's certification, 403.
    ['m2', `/beta/certifications/cert-1/tasks/${TASK['cert-1']}`, 403],
    ['g1', `/beta/certifications/cert-2/tasks/${TASK['cert-2']}`, 403],
    ['m1', `/beta/certifications/cert-2/tasks/${TASK['cert-2']}`, 403],
    ['m1', `/beta/certifications/cert-3/tasks/${TASK['cert-3']}`, 403],
    ['m1', '/beta/certifications/cert-2/tasks-pending', 403],
    ['plain', `/beta/certifications/cert-1/tasks/${TASK['cert-1']}`, 403],
    ['m2', `/v3/certifications/cert-1/identity-summaries/${SUMMARY['cert-1']}`, 403],
    ['m1', '/v3/certifications/cert-2/access-review-items', 403],
    ['m1', '/v3/certifications/cert-3/access-summaries/ENTITLEMENT', 403],
  ];
  for (const [caller, path, want] of cases) {
    const r = await call(srv.base, path, { tok: tokens[caller] });
    assert.equal(r.status, want, `${caller} ${path}: ${JSON.stringify(r.body)}`);
    assertNoLeak(r, path, `${caller} ${path}`);
  }
  // Case variations of the ids reach the same objects, with the same verdicts.
  const up = (s) => s.toUpperCase();
  assert.equal((await call(srv.base, `/beta/certifications/CERT-1/tasks/${up(TASK['cert-1'])}`, { tok: tokens.m1 })).status, 200);
  assert.equal((await call(srv.base, `/beta/certifications/CERT-1/tasks/${up(TASK['cert-1'])}`, { tok: tokens.m2 })).status, 403);
  assert.equal((await call(srv.base, '/beta/certifications/CERT-1/reviewers', { tok: tokens.g1 })).status, 403);
  assert.equal((await call(srv.base, '/beta/certifications/Cert-3/reviewers', { tok: tokens.g1 })).status, 200);
});

// list-certifications for a non-admin, asked every way we know.
const ids = (r) => r.body.map((c) => c.id).sort();
const inter = (a, b) => a.filter((x) => b.includes(x)).sort();
const campaignOf = Object.fromEntries(doc.certifications.map((c) => [c.id, c.campaignId]));

async function assertList(caller, query, want, what, path = '/beta/certifications') {
  const r = await call(srv.base, path, { tok: tokens[caller], query: { ...query, count: 'true' } });
  assert.equal(r.status, 200, `${what}: ${JSON.stringify(r.body)}`);
  assert.deepEqual(ids(r), [...want].sort(), what);
  assert.equal(r.headers.get('x-total-count'), String(want.length), `${what}: X-Total-Count`);
  // limit=0 asks for the count alone.
  const c = await call(srv.base, path, { tok: tokens[caller], query: { ...query, count: 'true', limit: 0 } });
  assert.equal(c.status, 200, what);
  assert.deepEqual(c.body, [], what);
  assert.equal(c.headers.get('x-total-count'), String(want.length), `${what}: X-Total-Count with limit=0`);
  const text = JSON.stringify(r.body);
  for (const other of ALL.filter((x) => !VISIBLE[caller].includes(x))) {
    const name = doc.certifications.find((x) => x.id === other).name;
    assert.ok(!text.includes(`"${other}"`) && !text.includes(name), `${what}: mentions ${other}`);
  }
}

test('list-certifications never returns or counts another reviewer\'s certification', async () => {
  for (const caller of ['plain', 'm1', 'm2', 'g1', 'helpdesk']) {
    const mine = VISIBLE[caller];
    await assertList(caller, {}, mine, `${caller} unfiltered`);
    for (const other of ALL.filter((x) => !mine.includes(x))) {
      const own = mine.map((x) => `"${x}"`);
      const cases = [
        [{ filters: `id eq "${other}"` }, []],
        [{ filters: `id eq "${other.toUpperCase()}"` }, []],
        [{ filters: `id in ("${other}")` }, []],
        [{ filters: `id in (${[`"${other}"`, ...own].join(', ')})` }, mine],
        [{ filters: `id eq "${other}" or not id eq "zzz"` }, mine],
        [{ filters: `not id eq "${other}"` }, mine],
        [{ filters: `(id eq "${other}" or id eq "${other}") and completed ne true or (completed eq true or completed eq false)` }, mine],
        [{ filters: `campaignRef.id eq "${campaignOf[other]}"` }, inter(mine, ALL.filter((x) => campaignOf[x] === campaignOf[other]))],
        [{ filters: `id eq "${other}"`, sorters: '-due', offset: 0, limit: 250 }, []],
      ];
      for (const [q, want] of cases) await assertList(caller, q, want, `${caller} ${JSON.stringify(q)}`);
    }
  }
});

test('v3 list-certifications never returns or counts another reviewer\'s certification', async () => {
  const v3 = '/v3/certifications';
  for (const caller of ['plain', 'm1', 'm2', 'g1', 'helpdesk']) {
    const mine = VISIBLE[caller];
    await assertList(caller, {}, mine, `v3 ${caller} unfiltered`, v3);
    for (const other of ALL.filter((x) => !mine.includes(x))) {
      const own = mine.map((x) => `"${x}"`);
      const cases = [
        [{ filters: `id eq "${other}"` }, []],
        [{ filters: `id eq "${other.toUpperCase()}"` }, []],
        [{ filters: `id in (${[`"${other}"`, ...own].join(', ')})` }, mine],
        [{ filters: `campaign.id eq "${campaignOf[other]}"` }, inter(mine, ALL.filter((x) => campaignOf[x] === campaignOf[other]))],
        [{ filters: `id eq "${other}"`, sorters: '-due', offset: 0, limit: 250 }, []],
        ...Object.keys(REVIEWS).filter((who) => REVIEWS[who].includes(other))
          .map((who) => [{ 'reviewer-identity': who }, inter(mine, REVIEWS[who])]),
      ];
      for (const [q, want] of cases) await assertList(caller, q, want, `v3 ${caller} ${JSON.stringify(q)}`, v3);
    }
  }
  for (const caller of ['orgAdmin', 'certAdmin']) await assertList(caller, {}, ALL, `v3 ${caller} all`, v3);
});

// GET /v3/certification-tasks for a non-admin: only tasks on certifications
// the caller reviews, however asked (the tasks of before() and of the
// matrix's accepted reassign-async rows are all still queued).
test('v3 certification-tasks never returns or counts a task on another reviewer\'s certification', async () => {
  const all = await call(srv.base, '/v3/certification-tasks', { tok: tokens.orgAdmin, query: { count: 'true' } });
  assert.equal(all.status, 200);
  const byCert = new Map();
  for (const t of all.body) byCert.set(t.targetId, [...(byCert.get(t.targetId) || []), t.id]);
  const tasksOf = (certs) => certs.flatMap((c) => byCert.get(c) || []).sort();
  assert.deepEqual([...byCert.keys()].sort(), ['cert-1', 'cert-2', 'cert-3']);
  const check = async (caller, query, want, what) => {
    const r = await call(srv.base, '/v3/certification-tasks', { tok: tokens[caller], query: { ...query, count: 'true' } });
    assert.equal(r.status, 200, `${what}: ${JSON.stringify(r.body)}`);
    assert.deepEqual(r.body.map((t) => t.id).sort(), want, what);
    assert.equal(r.headers.get('x-total-count'), String(want.length), `${what}: X-Total-Count`);
    const c = await call(srv.base, '/v3/certification-tasks', { tok: tokens[caller], query: { ...query, count: 'true', limit: 0 } });
    assert.deepEqual([c.status, c.body, c.headers.get('x-total-count')], [200, [], String(want.length)], `${what} limit=0`);
  };
  for (const caller of ['plain', 'm1', 'm2', 'g1', 'helpdesk']) {
    const mine = VISIBLE[caller].filter((c) => byCert.has(c));
    await check(caller, {}, tasksOf(mine), `${caller} unfiltered`);
    for (const other of ['cert-1', 'cert-2', 'cert-3'].filter((x) => !mine.includes(x))) {
      await check(caller, { filters: `targetId eq "${other}"` }, [], `${caller} targetId ${other}`);
      await check(caller, { filters: `targetId in ("${other}", ${[...mine, 'zzz'].map((x) => `"${x}"`).join(', ')})` }, tasksOf(mine), `${caller} targetId in`);
      await check(caller, { filters: `id eq "${TASK[other]}"` }, [], `${caller} id ${other}'s task`);
      await check(caller, { filters: 'type eq "REASSIGN"' }, tasksOf(mine), `${caller} type`);
      for (const who of Object.keys(REVIEWS).filter((x) => REVIEWS[x].includes(other))) {
        await check(caller, { 'reviewer-identity': who }, tasksOf(inter(mine, REVIEWS[who])), `${caller} reviewer-identity ${who}`);
      }
    }
    await check(caller, { 'reviewer-identity': 'me' }, tasksOf(inter(mine, REVIEWS[CALLER_IDENTITY[caller]])), `${caller} me`);
  }
  // Admins: everything; reviewer-identity narrows to that reviewer's.
  for (const caller of ['orgAdmin', 'certAdmin']) {
    await check(caller, {}, tasksOf(['cert-1', 'cert-2', 'cert-3']), `${caller} all`);
    for (const who of Object.keys(REVIEWS)) await check(caller, { 'reviewer-identity': who }, tasksOf(REVIEWS[who]), `${caller} ${who}`);
  }
});

test('reviewer-identitiy / reviewer-identity never widen what a non-admin sees', async () => {
  for (const caller of ['plain', 'm1', 'm2', 'g1', 'helpdesk']) {
    for (const who of Object.keys(REVIEWS)) {
      for (const param of ['reviewer-identitiy', 'reviewer-identity']) {
        const want = inter(VISIBLE[caller], REVIEWS[who]);
        await assertList(caller, { [param]: who }, want, `${caller} ${param}=${who}`);
        await assertList(caller, { [param]: who.toUpperCase() }, want, `${caller} ${param}=${who.toUpperCase()}`);
        for (const other of ALL.filter((x) => !VISIBLE[caller].includes(x))) {
          await assertList(caller, { [param]: who, filters: `id eq "${other}"` }, [], `${caller} ${param}=${who} id eq ${other}`);
        }
      }
    }
    await assertList(caller, { 'reviewer-identitiy': 'me' }, inter(VISIBLE[caller], REVIEWS[CALLER_IDENTITY[caller]]), `${caller} me`);
  }
  // Admins: reviewer-identitiy narrows to exactly that reviewer's.
  for (const caller of ['orgAdmin', 'certAdmin']) {
    for (const who of Object.keys(REVIEWS)) await assertList(caller, { 'reviewer-identitiy': who }, REVIEWS[who], `${caller} ${who}`);
    await assertList(caller, {}, ALL, `${caller} all`);
  }
});

test('a 401 never depends on whether the certification exists', async () => {
  // An unauthenticated caller cannot probe for ids: the same 401 for a
  // known and an unknown certification, on every route.
  for (const caller of ['none', 'expired', 'otherKey', 'algNone', 'basic']) {
    for (const route of ROUTES.slice(1)) {
      const a = request(route, 'cert-1', tokens[caller]);
      const b = request(route, 'cert-nope', tokens[caller]);
      const ra = await call(srv.base, a.path, a.opts);
      const rb = await call(srv.base, b.path, b.opts);
      assert.equal(ra.status, 401, `${caller} ${a.path}`);
      assert.equal(rb.status, 401, `${caller} ${b.path}`);
      assert.deepEqual(ra.body, rb.body, `${caller} ${route}`);
    }
  }
});

test('the server stops cleanly after the matrix', async () => {
  const code = await srv.stop();
  assert.equal(code, 0, `exit status ${code}:\n${srv.log}`);
  assert.doesNotMatch(srv.log, /Sanitizer|runtime error/, 'a sanitizer report');
});
