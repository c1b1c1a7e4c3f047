// POST /beta/certifications/{id}/reassign-async, GET .../tasks-pending and
// GET .../tasks/{taskId}: the task lifecycle, where reassigned work lands,
// counters, every validation error, authorization, durability of queued
// tasks across nodes, and consistency after a worker is killed mid-task.
//
// The tests that reassign from cert-1 run in file order and build on each
// other (node:test runs a file's top-level tests one after another).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, token, call } from './lib.mjs';
import { doc as baseDoc, SECRET } from './fixture.mjs';
import { serveOn, spawnOn, sleep } from './serve-on.mjs';

const SLOW = !!process.env.RECERT_TEST_SLOW;
const TASK_TIMEOUT_MS = SLOW ? 20000 : 10000;

// ---------------------------------------------------------------- fixture
// The shared org plus cert-7 (several items with the same access, for
// TARGET_SUMMARY) and cert-big (510 items: 170 identities x 3 entitlements).
const BIG_IDENTITIES = 170;
const BIG_ACCESS = ['ent-dba', 'ent-read', 'ent-git'];
const BIG_TOTAL = BIG_IDENTITIES * BIG_ACCESS.length;
const pad = (n) => String(n).padStart(3, '0');
const bigItemId = (n) => `bi-${pad(n)}`;

function makeDoc() {
  const d = structuredClone(baseDoc);
  d.certifications.push({
    id: 'cert-7', name: 'Entitlement Review for Max Manager', campaignId: 'camp-q4',
    reviewer: { type: 'IDENTITY', id: 'id-m2' }, phase: 'ACTIVE', due: '2026-12-20T00:00:00.000Z',
    signed: null, created: '2026-11-04T09:00:00.000Z',
    reviewItems: [
      { id: 'item-71', identityId: 'id-s1', accessType: 'ENTITLEMENT', accessId: 'ent-dba', decision: null, comments: null },
      { id: 'item-72', identityId: 'id-s2', accessType: 'ENTITLEMENT', accessId: 'ent-dba', decision: null, comments: null },
      { id: 'item-73', identityId: 'id-s3', accessType: 'ENTITLEMENT', accessId: 'ent-dba', decision: 'APPROVE', comments: null },
      { id: 'item-74', identityId: 'id-s3', accessType: 'ENTITLEMENT', accessId: 'ent-read', decision: null, comments: null },
      { id: 'item-75', identityId: 'id-s4', accessType: 'ENTITLEMENT', accessId: 'ent-git', decision: 'REVOKE', comments: 'no' },
    ],
  });
  const items = [];
  for (let i = 0; i < BIG_IDENTITIES; i++) {
    d.identities.push({ id: `id-b${pad(i)}`, name: `Bulk Person ${pad(i)}`, email: `b${pad(i)}@example.com`,
      managerId: 'id-m2', authorities: [] });
    BIG_ACCESS.forEach((a, k) => items.push({
      id: bigItemId(i * BIG_ACCESS.length + k), identityId: `id-b${pad(i)}`, accessType: 'ENTITLEMENT',
      accessId: a, decision: k === 0 ? 'APPROVE' : null, comments: null,
    }));
  }
  d.certifications.push({
    id: 'cert-big', name: 'Big Review for Max Manager', campaignId: 'camp-q4',
    reviewer: { type: 'IDENTITY', id: 'id-m2' }, phase: 'ACTIVE', due: '2026-12-31T23:59:59.000Z',
    signed: null, created: '2026-11-05T09:00:00.000Z', reviewItems: items,
  });
  return d;
}
const doc = makeDoc();

// ---------------------------------------------------------------- helpers
let srv, admin, certadmin, m1, m2, g1, s1, helpdesk;

before(async () => {
  srv = await startServer({ doc, args: ['--rate-limit', 'off'] });
  [admin, certadmin, m1, m2, g1, s1, helpdesk] = await Promise.all(
    ['c-admin', 'c-certadmin', 'c-m1', 'c-m2', 'c-g1', 'c-s1', 'c-helpdesk'].map((c) => token(srv.base, c, SECRET)));
});
after(async () => { await srv.stop(); srv.cleanup(); });

const reassign = (cert, body, tok = admin, base = srv.base, headers = {}) =>
  call(base, `/beta/certifications/${cert}/reassign-async`, { method: 'POST', tok, body, headers });
const items = (...ids) => ids.map((id) => ({ id, type: 'ITEM' }));

async function cert(id, base = srv.base, tok = admin) {
  const r = await call(base, '/beta/certifications', { tok, query: { filters: `id eq "${id}"` } });
  assert.equal(r.status, 200);
  assert.equal(r.body.length, 1, `certification ${id} not found`);
  return r.body[0];
}
async function allCerts(base = srv.base, tok = admin) {
  const out = [];
  for (let offset = 0; ; offset += 250) {
    const r = await call(base, '/beta/certifications', { tok, query: { limit: 250, offset } });
    assert.equal(r.status, 200);
    out.push(...r.body);
    if (r.body.length < 250) return out;
  }
}
const reassignedFrom = async (src, base = srv.base, tok = admin) =>
  (await allCerts(base, tok)).filter((c) => c.reassignment && c.reassignment.from && c.reassignment.from.id === src);

async function waitTask(certId, taskId, base = srv.base, tok = admin, ms = TASK_TIMEOUT_MS) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await call(base, `/beta/certifications/${certId}/tasks/${taskId}`, { tok });
    assert.equal(last.status, 200, JSON.stringify(last.body));
    if (last.body.status === 'SUCCESS' || last.body.status === 'ERROR') return last.body;
    assert.ok(['QUEUED', 'IN_PROGRESS'].includes(last.body.status), last.body.status);
    await sleep(40);
  }
  assert.fail(`task ${taskId} still ${last && last.body.status} after ${ms} ms`);
}

function assertTask(t, certId, status = 'QUEUED') {
  assert.deepEqual(Object.keys(t).sort(), ['certificationId', 'errors', 'id', 'status', 'type']);
  assert.equal(typeof t.id, 'string');
  assert.ok(t.id.length > 0);
  assert.equal(t.certificationId, certId);
  assert.equal(t.type, 'REASSIGN');
  assert.equal(t.status, status);
  assert.deepEqual(t.errors, []);
}

function assertError400(r, what) {
  assert.equal(r.status, 400, `${what}: ${JSON.stringify(r.body)}`);
  assert.equal(r.body.detailCode, '400.1 Bad Request Content', what);
  assert.match(r.body.trackingId, /^[0-9a-f]{32}$/);
  assert.ok(Array.isArray(r.body.messages) && r.body.messages.length >= 1, what);
  for (const m of r.body.messages) {
    assert.equal(m.locale, 'en-US');
    assert.equal(m.localeOrigin, 'DEFAULT');
    assert.equal(typeof m.text, 'string');
  }
  return r.body.messages.map((m) => m.text);
}
// Each regexp must match its own message; no message is left unexplained.
function assertProblems(r, res, what) {
  const texts = assertError400(r, what);
  assert.equal(texts.length, res.length, `${what}: ${JSON.stringify(texts)}`);
  const left = [...texts];
  for (const re of res) {
    const i = left.findIndex((t) => re.test(t));
    assert.ok(i >= 0, `${what}: no message matches ${re} in ${JSON.stringify(texts)}`);
    left.splice(i, 1);
  }
}

const counters = (c) => ({
  decisionsTotal: c.decisionsTotal, decisionsMade: c.decisionsMade,
  entitiesTotal: c.entitiesTotal, entitiesCompleted: c.entitiesCompleted, completed: c.completed,
});
const OK_BODY = { reassign: items('item-1'), reassignTo: 'id-m2', reason: 'workload' };

// ---------------------------------------------------------------- validation (no state change)
test('shape problems are all listed together', async () => {
  let r = await reassign('cert-1', { reassign: [{ id: 'item-1', type: 'BAD' }, { id: 'nope', type: 'ITEM' }], reassignTo: 'id-m2' });
  assertProblems(r, [/type/, /reason/], 'bad type + missing reason');
  r = await reassign('cert-1', {});
  assertProblems(r, [/^reassign\b.*required/, /reassignTo.*required/, /reason.*required/], 'empty object');
  r = await reassign('cert-1', {
    reassign: [{ id: 'item-1', type: 'ITEM' }, { id: 'item-1', type: 'ITEM' }, { type: 'ITEM' }, 'item-3', { id: 'item-5', type: 'item' }],
    reassignTo: 7, reason: '   ',
  });
  assertProblems(r, [/duplicate/i, /reassign\[2\]\.id/, /reassign\[3\]/, /reassign\[4\]\.type/, /reassignTo/, /reason/], 'many');
});

test('each shape problem alone is a 400', async () => {
  const cases = [
    [{ reassignTo: 'id-m2', reason: 'x' }, /reassign/],
    [{ reassign: items('item-1'), reason: 'x' }, /reassignTo/],
    [{ reassign: items('item-1'), reassignTo: 'id-m2' }, /reason/],
    [{ ...OK_BODY, reason: '' }, /reason/],
    [{ ...OK_BODY, reason: ' \t\n' }, /reason/],
    [{ ...OK_BODY, reason: null }, /reason/],
    [{ ...OK_BODY, reassignTo: '' }, /reassignTo/],
    [{ ...OK_BODY, reassignTo: { id: 'id-m2', type: 'IDENTITY' } }, /reassignTo/],
    [{ ...OK_BODY, reassign: { id: 'item-1', type: 'ITEM' } }, /array/],
    [{ ...OK_BODY, reassign: 'item-1' }, /array/],
    [{ ...OK_BODY, reassign: [] }, /reassign/],
    [{ ...OK_BODY, reassign: [{ id: 'item-1', type: 'USER' }] }, /type/],
    [{ ...OK_BODY, reassign: [{ id: 'item-1' }] }, /type/],
    [{ ...OK_BODY, reassign: [{ id: '', type: 'ITEM' }] }, /id/],
    [{ ...OK_BODY, reassign: [{ id: 5, type: 'ITEM' }] }, /id/],
    [{ ...OK_BODY, reassign: items('item-1', 'item-1') }, /duplicate/i],
    [{ ...OK_BODY, reassign: items('item-1', 'ITEM-1') }, /duplicate/i],
  ];
  for (const [body, re] of cases) {
    const r = await reassign('cert-1', body);
    assertProblems(r, [re], JSON.stringify(body));
  }
});

test('data problems are all listed together', async () => {
  const r = await reassign('cert-1', {
    reassign: [{ id: 'nope-1', type: 'ITEM' }, { id: 'item-21', type: 'ITEM' }, { id: 'is-zzz', type: 'IDENTITY_SUMMARY' },
      { id: 'ent-zzz', type: 'TARGET_SUMMARY' }, { id: 'item-2', type: 'ITEM' }],
    reassignTo: 'id-nobody', reason: 'x',
  });
  assertProblems(r, [/reassignTo.*id-nobody/, /nope-1/, /item-21/, /is-zzz/, /ent-zzz/], 'data');
  const signed = await reassign('cert-4', { reassign: items('item-41', 'item-1'), reassignTo: 'id-m1', reason: 'x' });
  assertProblems(signed, [/signed/, /reassignTo/, /item-1/], 'signed + current reviewer + foreign item');
});

test('each data problem alone is a 400', async () => {
  const cases = [
    ['cert-1', { ...OK_BODY, reassignTo: 'id-nobody' }, /id-nobody/],
    ['cert-1', { ...OK_BODY, reassignTo: 'id-m1' }, /id-m1/],
    ['cert-1', { ...OK_BODY, reassignTo: 'ID-M1' }, /already reviews|ID-M1/i],
    ['cert-1', { ...OK_BODY, reassign: items('item-21') }, /item-21/],
    ['cert-1', { ...OK_BODY, reassign: [{ id: 'is-1', type: 'ITEM' }] }, /is-1/],
    ['cert-1', { ...OK_BODY, reassign: [{ id: 'item-1', type: 'IDENTITY_SUMMARY' }] }, /item-1/],
    ['cert-1', { ...OK_BODY, reassign: [{ id: 'ent-git', type: 'TARGET_SUMMARY' }] }, /ent-git/],
    ['cert-4', { reassign: items('item-41'), reassignTo: 'id-m2', reason: 'x' }, /signed/],
  ];
  for (const [c, body, re] of cases) {
    const r = await reassign(c, body);
    assertProblems(r, [re], `${c} ${JSON.stringify(body)}`);
  }
});

test('an identity may not be made reviewer of their own access', async () => {
  const cases = [
    ['cert-1', items('item-1'), 'id-s1'],
    ['cert-1', [{ id: 'is-1', type: 'IDENTITY_SUMMARY' }], 'id-s1'],
    ['cert-7', [{ id: 'ent-dba', type: 'TARGET_SUMMARY' }], 'id-s2'],
  ];
  for (const [c, refs, to] of cases) {
    const r = await reassign(c, { reassign: refs, reassignTo: to, reason: 'x' });
    assertProblems(r, [/own access/], `${c} ${to}`);
  }
  // Nothing moved.
  assert.equal((await cert('cert-1')).decisionsTotal, 5);
});

test('malformed JSON, a non-object and a wrong Content-Type are 400', async () => {
  const raw = (body, ct = 'application/json') => reassign('cert-1', body, admin, srv.base, { 'content-type': ct });
  assertError400(await raw('{"reassign": ['), 'truncated');
  assertError400(await raw('{"reassign": [], }'), 'trailing comma');
  assertError400(await raw('[]'), 'array');
  assertError400(await raw('"x"'), 'string');
  assertError400(await raw(''), 'empty');
  assertError400(await raw('{"reason":"a","reason":"b","reassignTo":"id-m2","reassign":[{"id":"item-1","type":"ITEM"}]}'), 'duplicate key');
  const text = await raw(JSON.stringify(OK_BODY), 'text/plain');
  assert.match(assertError400(text, 'text/plain')[0], /Content-Type/i);
  assertError400(await raw(JSON.stringify(OK_BODY), 'application/x-www-form-urlencoded'), 'form');
  // None of them queued anything.
  const p = await call(srv.base, '/beta/certifications/cert-1/tasks-pending', { tok: admin });
  assert.deepEqual(p.body, []);
  assert.equal((await cert('cert-1')).decisionsTotal, 5);
});

test('more than 500 entries is 400', async () => {
  const refs = [];
  for (let i = 0; i < 501; i++) refs.push({ id: bigItemId(i), type: 'ITEM' });
  const r = await reassign('cert-big', { reassign: refs, reassignTo: 'id-m1', reason: 'too many' });
  assertProblems(r, [/500/], '501 entries');
  assert.equal((await cert('cert-big')).decisionsTotal, BIG_TOTAL);
});

test('every problem is listed, however many there are', async () => {
  // 500 entries, each with two shape problems, and both other fields missing.
  const bad = [];
  for (let i = 0; i < 500; i++) bad.push({ type: 'NOPE' });
  const r = await reassign('cert-1', { reassign: bad });
  const shape = [/^reassignTo/, /^reason/];
  bad.forEach((_, i) => shape.push(new RegExp(`^reassign\\[${i}\\]\\.id`), new RegExp(`^reassign\\[${i}\\]\\.type`)));
  assertProblems(r, shape, '1002 shape problems');
  // 500 unknown items on a signed certification, to an unknown identity.
  const refs = [];
  for (let i = 0; i < 500; i++) refs.push({ id: `missing-${i}`, type: 'ITEM' });
  const r2 = await reassign('cert-4', { reassign: refs, reassignTo: 'id-nobody', reason: 'x' });
  assertProblems(r2, [/signed/, /id-nobody/, ...refs.map((x) => new RegExp(`"${x.id}"`))], '502 data problems');
});

test('unknown certification is 404; a non-reviewer is 403; no token is 401', async () => {
  const r = await reassign('cert-nope', OK_BODY);
  assert.equal(r.status, 404);
  assert.equal(r.body.detailCode, '404 Not found');
  for (const [t, c] of [[m2, 'cert-1'], [s1, 'cert-1'], [helpdesk, 'cert-1'], [g1, 'cert-1'], [m1, 'cert-2']]) {
    const f = await reassign(c, OK_BODY, t);
    assert.equal(f.status, 403, c);
    assert.equal(f.body.detailCode, '403 Forbidden');
    assert.match(f.body.trackingId, /^[0-9a-f]{32}$/);
  }
  // Authorization is decided before the body is read.
  assert.equal((await reassign('cert-1', { nonsense: true }, s1)).status, 403);
  const n = await call(srv.base, '/beta/certifications/cert-1/reassign-async', { method: 'POST', body: OK_BODY });
  assert.equal(n.status, 401);
  const get = await call(srv.base, '/beta/certifications/cert-1/reassign-async', { tok: admin });
  assert.equal(get.status, 405);
  assert.equal(get.headers.get('allow'), 'POST');
  assert.equal((await cert('cert-1')).decisionsTotal, 5);
});

test('task endpoints: 404 for unknown certification or task, 403 for non-reviewers', async () => {
  const cases = [
    ['/beta/certifications/cert-nope/tasks-pending', admin, 404],
    ['/beta/certifications/cert-nope/tasks/abc', admin, 404],
    ['/beta/certifications/cert-1/tasks/no-such-task', admin, 404],
    ['/beta/certifications/cert-1/tasks-pending', s1, 403],
    ['/beta/certifications/cert-1/tasks-pending', m2, 403],
    ['/beta/certifications/cert-1/tasks/abc', helpdesk, 403],
    ['/beta/certifications/cert-1/tasks-pending', m1, 200],
    ['/beta/certifications/cert-3/tasks-pending', g1, 200],
    ['/beta/certifications/cert-1/tasks-pending', certadmin, 200],
  ];
  for (const [path, t, status] of cases) {
    const r = await call(srv.base, path, { tok: t });
    assert.equal(r.status, status, path);
    if (status === 200) assert.deepEqual(r.body, []);
    if (status === 404) assert.equal(r.body.detailCode, '404 Not found');
    if (status === 403) assert.equal(r.body.detailCode, '403 Forbidden');
  }
});

// ---------------------------------------------------------------- reassignment (state changes, in order)
let target1; // the certification that receives cert-1's work for id-m2

test('ITEM: the item moves, with its decision, to a new certification of the new reviewer', async () => {
  const before = await cert('cert-1');
  assert.deepEqual(counters(before), { decisionsTotal: 5, decisionsMade: 2, entitiesTotal: 2, entitiesCompleted: 0, completed: false });
  const certsBefore = (await allCerts()).length;

  const r = await reassign('cert-1', { reassign: items('item-2'), reassignTo: 'id-m2', reason: 'Max owns roles' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assertTask(r.body, 'cert-1', 'QUEUED');
  const done = await waitTask('cert-1', r.body.id);
  assertTask(done, 'cert-1', 'SUCCESS');
  assert.equal(done.id, r.body.id);

  const after = await cert('cert-1');
  assert.deepEqual(counters(after), { decisionsTotal: 4, decisionsMade: 1, entitiesTotal: 2, entitiesCompleted: 0, completed: false });
  assert.ok(after.modified > before.modified, `modified ${before.modified} -> ${after.modified}`);
  assert.equal(after.reassignment, null);

  const made = await reassignedFrom('cert-1');
  assert.equal(made.length, 1);
  assert.equal((await allCerts()).length, certsBefore + 1);
  const t = made[0];
  target1 = t.id;
  assert.notEqual(t.id, 'cert-1');
  assert.equal(typeof t.name, 'string');
  assert.ok(t.name.length > 0);
  assert.deepEqual(t.reviewer, { type: 'IDENTITY', id: 'id-m2', name: 'Max Manager', email: 'id-m2@example.com' });
  assert.deepEqual(t.reassignment, {
    from: { id: 'cert-1', name: 'Q4 Manager Review for Mia Manager', type: 'CERTIFICATION',
      reviewer: { type: 'IDENTITY', id: 'id-m1', name: 'Mia Manager', email: 'id-m1@example.com' } },
    comment: 'Max owns roles',
  });
  assert.deepEqual(t.campaignRef, before.campaignRef);
  assert.equal(t.phase, 'ACTIVE');
  assert.equal(t.due, before.due);
  assert.equal(t.signed, null);
  assert.equal(t.hasErrors, false);
  assert.deepEqual(counters(t), { decisionsTotal: 1, decisionsMade: 1, entitiesTotal: 1, entitiesCompleted: 1, completed: true });
  assert.match(t.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.match(t.modified, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

  // The item answers under its new certification only.
  assert.equal((await call(srv.base, '/beta/certifications/cert-1/access-review-items/item-2/permissions', { tok: admin })).status, 404);
  assert.equal((await call(srv.base, `/beta/certifications/${t.id}/access-review-items/item-2/permissions`, { tok: admin })).status, 200);
  // The new reviewer sees and may act on it; the old one may not.
  const mine = await call(srv.base, '/beta/certifications', { tok: m2 });
  assert.ok(mine.body.some((c) => c.id === t.id));
  const rv = await call(srv.base, `/beta/certifications/${t.id}/reviewers`, { tok: m2 });
  assert.deepEqual(rv.body.map((x) => x.id), ['id-m2']);
  assert.equal((await call(srv.base, `/beta/certifications/${t.id}/reviewers`, { tok: s1 })).status, 403);
  // The finished task stays readable, and is no longer pending.
  const pend = await call(srv.base, '/beta/certifications/cert-1/tasks-pending', { tok: admin });
  assert.deepEqual(pend.body, []);
  // ...but not through another certification.
  const other = await call(srv.base, `/beta/certifications/cert-2/tasks/${r.body.id}`, { tok: admin });
  assert.equal(other.status, 404);
  assert.equal(other.body.detailCode, '404 Not found');
  // The reassigned item cannot be reassigned again from cert-1.
  assertProblems(await reassign('cert-1', { reassign: items('item-2'), reassignTo: 'id-g1', reason: 'x' }), [/item-2/], 'moved item');
});

test('the reviewer may reassign its own certification; a second reassignment to the same reviewer reuses the target', async () => {
  assert.ok(target1, 'depends on the ITEM test');
  const certsBefore = (await allCerts()).length;
  const before = await cert(target1);
  const r = await reassign('cert-1', { reassign: items('item-1'), reassignTo: 'id-m2', reason: 'again' }, m1);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assertTask(r.body, 'cert-1');
  // The reviewer may follow its task.
  assertTask(await waitTask('cert-1', r.body.id, srv.base, m1), 'cert-1', 'SUCCESS');
  assert.equal((await allCerts()).length, certsBefore, 'no new certification');
  const made = await reassignedFrom('cert-1');
  assert.deepEqual(made.map((c) => c.id), [target1]);
  const t = await cert(target1);
  assert.deepEqual(counters(t), { decisionsTotal: 2, decisionsMade: 1, entitiesTotal: 1, entitiesCompleted: 0, completed: false });
  assert.ok(t.modified > before.modified);
  assert.deepEqual(counters(await cert('cert-1')),
    { decisionsTotal: 3, decisionsMade: 1, entitiesTotal: 1, entitiesCompleted: 0, completed: false });
});

test('IDENTITY_SUMMARY: every item of that identity moves', async () => {
  const r = await reassign('cert-1', { reassign: [{ id: 'is-2', type: 'IDENTITY_SUMMARY' }], reassignTo: 'id-g1', reason: 'Gus knows Sue' }, certadmin);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assertTask(await waitTask('cert-1', r.body.id), 'cert-1', 'SUCCESS');
  const made = await reassignedFrom('cert-1');
  assert.equal(made.length, 2);
  const t = made.find((c) => c.reviewer.id === 'id-g1');
  assert.ok(t, 'a certification for id-g1');
  assert.equal(t.reassignment.comment, 'Gus knows Sue');
  assert.deepEqual(counters(t), { decisionsTotal: 3, decisionsMade: 1, entitiesTotal: 1, entitiesCompleted: 0, completed: false });
  for (const item of ['item-3', 'item-4', 'item-5']) {
    assert.equal((await call(srv.base, `/beta/certifications/${t.id}/access-review-items/${item}/permissions`, { tok: g1 })).status, 200, item);
    assert.equal((await call(srv.base, `/beta/certifications/cert-1/access-review-items/${item}/permissions`, { tok: admin })).status, 404, item);
  }
  const c1 = await cert('cert-1');
  assert.equal(c1.decisionsTotal, 0);
  assert.equal(c1.decisionsMade, 0);
  assert.equal(c1.entitiesTotal, 0);
  assert.equal(c1.completed, true);
  // The summary left with its items.
  assertProblems(await reassign('cert-1', { reassign: [{ id: 'is-2', type: 'IDENTITY_SUMMARY' }], reassignTo: 'id-m2', reason: 'x' }),
    [/is-2/], 'moved summary');
});

test('TARGET_SUMMARY: every item with that access moves', async () => {
  const r = await reassign('cert-7', { reassign: [{ id: 'ent-dba', type: 'TARGET_SUMMARY' }], reassignTo: 'id-m1', reason: 'DBA expert' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assertTask(await waitTask('cert-7', r.body.id), 'cert-7', 'SUCCESS');
  const [t] = await reassignedFrom('cert-7');
  assert.ok(t);
  assert.equal(t.reviewer.id, 'id-m1');
  assert.deepEqual(counters(t), { decisionsTotal: 3, decisionsMade: 1, entitiesTotal: 3, entitiesCompleted: 1, completed: false });
  assert.deepEqual(counters(await cert('cert-7')),
    { decisionsTotal: 2, decisionsMade: 1, entitiesTotal: 2, entitiesCompleted: 1, completed: false });
  for (const item of ['item-71', 'item-72', 'item-73']) {
    assert.equal((await call(srv.base, `/beta/certifications/${t.id}/access-review-items/${item}/permissions`, { tok: m1 })).body.length, 3);
  }
  for (const item of ['item-74', 'item-75']) {
    assert.equal((await call(srv.base, `/beta/certifications/cert-7/access-review-items/${item}/permissions`, { tok: m2 })).status, 200);
  }
});

test('a 500-entry task succeeds and moves all 500 items', async () => {
  const refs = [];
  for (let i = 0; i < 500; i++) refs.push({ id: bigItemId(i), type: 'ITEM' });
  const r = await reassign('cert-big', { reassign: refs, reassignTo: 'id-m1', reason: 'bulk' }, m2);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assertTask(r.body, 'cert-big');
  assertTask(await waitTask('cert-big', r.body.id), 'cert-big', 'SUCCESS');
  const [t] = await reassignedFrom('cert-big');
  assert.ok(t);
  // Items 0..499: identities 0..165 entirely, 2 of identity 166's 3 items.
  assert.deepEqual(counters(t), { decisionsTotal: 500, decisionsMade: 167, entitiesTotal: 167, entitiesCompleted: 0, completed: false });
  assert.deepEqual(counters(await cert('cert-big')),
    { decisionsTotal: BIG_TOTAL - 500, decisionsMade: 3, entitiesTotal: 4, entitiesCompleted: 0, completed: false });
  for (const n of [0, 1, 250, 498, 499]) {
    assert.equal((await call(srv.base, `/beta/certifications/${t.id}/access-review-items/${bigItemId(n)}/permissions`, { tok: admin })).status, 200);
  }
  assert.equal((await call(srv.base, `/beta/certifications/cert-big/access-review-items/${bigItemId(500)}/permissions`, { tok: admin })).status, 200);
});

// ---------------------------------------------------------------- durability and crashes
test('a queued task waits on a node without workers and completes on a worker node (same store)', async () => {
  const a = await startServer({ doc, args: ['--rate-limit', 'off', '--workers', '0'] });
  let b;
  try {
    const tok = await token(a.base, 'c-admin', SECRET);
    const t1 = await reassign('cert-1', { reassign: items('item-1'), reassignTo: 'id-m2', reason: 'first' }, tok, a.base);
    assert.equal(t1.status, 200, JSON.stringify(t1.body));
    await sleep(5); // t2 is created a few milliseconds later (see the ordering test below)
    // Submitted while item-1 is still in cert-1; when it runs, t1 has moved it.
    const t2 = await reassign('cert-1', { reassign: items('item-1', 'item-3'), reassignTo: 'id-g1', reason: 'second' }, tok, a.base);
    assert.equal(t2.status, 200, JSON.stringify(t2.body));
    assertTask(t1.body, 'cert-1');
    assertTask(t2.body, 'cert-1');
    await sleep(300);
    const p = await call(a.base, '/beta/certifications/cert-1/tasks-pending', { tok });
    assert.equal(p.status, 200);
    const byId = (a, b) => (a.id < b.id ? -1 : 1);
    assert.deepEqual([...p.body].sort(byId), [t1.body, t2.body].sort(byId));
    const g = await call(a.base, `/beta/certifications/cert-1/tasks/${t1.body.id}`, { tok });
    assert.deepEqual(g.body, t1.body);
    assert.equal((await cert('cert-1', a.base, tok)).decisionsTotal, 5, 'nothing ran');
    // The reviewer sees the pending tasks too; others do not.
    const m1a = await token(a.base, 'c-m1', SECRET);
    assert.equal((await call(a.base, '/beta/certifications/cert-1/tasks-pending', { tok: m1a })).body.length, 2);
    await a.stop();

    b = await serveOn(a.db, ['--rate-limit', 'off']);
    const done1 = await waitTask('cert-1', t1.body.id, b.base, tok);
    assertTask(done1, 'cert-1', 'SUCCESS');
    const done2 = await waitTask('cert-1', t2.body.id, b.base, tok);
    assert.equal(done2.status, 'ERROR');
    assert.equal(done2.type, 'REASSIGN');
    assert.ok(done2.errors.length >= 1 && done2.errors.every((e) => typeof e === 'string'), JSON.stringify(done2.errors));
    assert.ok(done2.errors.some((e) => e.includes('item-1')), JSON.stringify(done2.errors));
    // A failed task changes nothing: item-3 stayed.
    const c1 = await cert('cert-1', b.base, tok);
    assert.equal(c1.decisionsTotal, 4);
    assert.deepEqual((await reassignedFrom('cert-1', b.base, tok)).map((c) => c.reviewer.id), ['id-m2']);
    assert.deepEqual((await call(b.base, '/beta/certifications/cert-1/tasks-pending', { tok })).body, []);
  } finally {
    if (b) await b.stop();
    await a.stop();
    a.cleanup();
  }
});

test('tasks of a certification are listed and run in submission order, even within one millisecond', async () => {
  const a = await startServer({ doc, args: ['--rate-limit', 'off', '--workers', '0'] });
  let b;
  try {
    const tok = await token(a.base, 'c-admin', SECRET);
    // Pairs submitted back to back: bi-k to id-m1, then bi-k to id-g1. In
    // submission order the first of each pair succeeds and the second finds
    // the item gone.
    const PAIRS = 30;
    const submitted = [];
    for (let k = 0; k < PAIRS; k++) {
      for (const to of ['id-m1', 'id-g1']) {
        const r = await reassign('cert-big', { reassign: items(bigItemId(k)), reassignTo: to, reason: `pair ${k}` }, tok, a.base);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        submitted.push(r.body.id);
      }
    }
    const p = await call(a.base, '/beta/certifications/cert-big/tasks-pending', { tok });
    assert.equal(p.status, 200);
    const listed = p.body.map((t) => t.id);
    const misplaced = submitted.filter((id, i) => listed[i] !== id).length;
    assert.equal(misplaced, 0, `${misplaced} of ${submitted.length} pending tasks are out of submission order`);
    await a.stop();

    b = await serveOn(a.db, ['--rate-limit', 'off']);
    const wrong = [];
    for (let i = 0; i < submitted.length; i++) {
      const t = await waitTask('cert-big', submitted[i], b.base, tok);
      const want = i % 2 ? 'ERROR' : 'SUCCESS';
      if (t.status !== want) wrong.push(`task ${i} (${bigItemId(i >> 1)}): ${t.status}, expected ${want}`);
      else if (want === 'ERROR') assert.ok(t.errors.some((e) => e.includes(bigItemId(i >> 1))), JSON.stringify(t.errors));
    }
    assert.deepEqual(wrong, []);
  } finally {
    if (b) await b.stop();
    await a.stop();
    a.cleanup();
  }
});

test('a worker killed (SIGKILL) mid-task again and again leaves the store consistent and the task finishes', async () => {
  const a = await startServer({ doc, args: ['--rate-limit', 'off', '--workers', '0'] });
  let last;
  try {
    const tok = await token(a.base, 'c-admin', SECRET);
    const refs = [];
    for (let i = 0; i < 500; i++) refs.push({ id: bigItemId(i + 10), type: 'ITEM' });
    const q = await reassign('cert-big', { reassign: refs, reassignTo: 'id-m1', reason: 'crash' }, tok, a.base);
    assert.equal(q.status, 200, JSON.stringify(q.body));
    const taskId = q.body.id;
    await a.stop();

    // Kill 0-30 ms after the spawn (during start-up, task recovery or the
    // claim) or 0-30 ms after the node serves (during the run), alternately,
    // so both fast and sanitizer builds die at every stage.
    const kills = 10;
    for (let i = 0; i < kills; i++) {
      const w = spawnOn(a.db, ['--rate-limit', 'off', '--quiet']);
      if (i % 2) await w.ready;
      await sleep(Math.floor(Math.random() * 31));
      const how = await w.kill9();
      assert.ok(how === 'SIGKILL', `node ${i} ended by ${how} before the kill:\n${w.log}`);
    }
    last = await serveOn(a.db, ['--rate-limit', 'off']);
    const done = await waitTask('cert-big', taskId, last.base, tok);
    assertTask(done, 'cert-big', 'SUCCESS');

    const made = await reassignedFrom('cert-big', last.base, tok);
    assert.equal(made.length, 1, 'exactly one target certification');
    const t = made[0];
    const src = await cert('cert-big', last.base, tok);
    assert.equal(t.decisionsTotal, 500);
    assert.equal(src.decisionsTotal, BIG_TOTAL - 500);
    assert.equal(src.decisionsTotal + t.decisionsTotal, BIG_TOTAL);
    assert.equal(src.decisionsMade + t.decisionsMade, BIG_IDENTITIES);
    // Item by item: each is in exactly one of the two certifications.
    const where = async (c, n) =>
      (await call(last.base, `/beta/certifications/${c}/access-review-items/${bigItemId(n)}/permissions`, { tok })).status;
    const wrong = [];
    const check = async (n) => {
      const inSrc = (await where('cert-big', n)) === 200;
      const inTgt = (await where(t.id, n)) === 200;
      const moved = n >= 10 && n < 510;
      if (inSrc === inTgt || inTgt !== moved) wrong.push(`${bigItemId(n)} src=${inSrc} target=${inTgt}`);
    };
    for (let start = 0; start < BIG_TOTAL; start += 30) {
      await Promise.all(Array.from({ length: Math.min(30, BIG_TOTAL - start) }, (_, k) => check(start + k)));
    }
    assert.deepEqual(wrong, []);
    assert.deepEqual((await call(last.base, '/beta/certifications/cert-big/tasks-pending', { tok })).body, []);
  } finally {
    if (last) await last.stop();
    await a.stop();
    a.cleanup();
  }
});

test('a wrong reference type says what it got', async () => {
  const r = await reassign('cert-1', { reassign: [{ id: 'item-1', type: 'FOO' }, { id: 'item-3', type: 7 },
    { id: 'item-5' }], reassignTo: 'id-m2', reason: 'x' });
  assert.equal(r.status, 400);
  const texts = r.body.messages.map((m) => m.text);
  assert.ok(texts.includes('reassign[0].type: must be ITEM, IDENTITY_SUMMARY or TARGET_SUMMARY (got "FOO")'), texts.join('\n'));
  assert.ok(texts.includes('reassign[1].type: must be ITEM, IDENTITY_SUMMARY or TARGET_SUMMARY (got a number)'));
  assert.ok(texts.includes('reassign[2].type: must be ITEM, IDENTITY_SUMMARY or TARGET_SUMMARY (got nothing)'));
});
