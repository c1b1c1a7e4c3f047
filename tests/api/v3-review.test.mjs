// The v3 review workflow (workflow.md §2, §5, §6): list and read
// certifications, decide (a batch checked whole and applied all or
// nothing), sign off, remediation of what was revoked, synchronous and
// asynchronous reassignment, certification tasks, and recert's
// remediation records. The tests of one certification run in file order
// and build on each other.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, token, call, SQLITE_ONLY } from './lib.mjs';
import { doc as baseDoc, SECRET } from './fixture.mjs';
import { sleep } from './serve-on.mjs';

const FUTURE = '2030-06-30T00:00:00.000Z';
const PAST = '2020-01-01T00:00:00.000Z';

// The shared org plus a campaign whose comments are mandatory, and the
// assignments that the items of cert-1 and cert-rv review.
function makeDoc() {
  const d = structuredClone(baseDoc);
  d.campaigns.push({ id: 'camp-rv', name: 'Commented Review', description: null, type: 'MANAGER',
    status: 'ACTIVE', correlatedStatus: 'CORRELATED', mandatoryCommentRequirement: 'ALL_DECISIONS',
    deadline: null });
  d.certifications.push({
    id: 'cert-rv', name: 'Commented Review for Max Manager', campaignId: 'camp-rv',
    reviewer: { type: 'IDENTITY', id: 'id-m2' }, phase: 'ACTIVE', due: '2026-12-20T00:00:00.000Z',
    signed: null, created: '2026-11-04T09:00:00.000Z',
    reviewItems: [
      { id: 'rv-1', identityId: 'id-s3', accessType: 'ENTITLEMENT', accessId: 'ent-dba', decision: null, comments: null },
      { id: 'rv-2', identityId: 'id-s3', accessType: 'ENTITLEMENT', accessId: 'ent-git', decision: null, comments: null },
      { id: 'rv-3', identityId: 'id-s4', accessType: 'ROLE', accessId: 'role-fin', decision: null, comments: null },
    ],
  });
  d.certifications.push({
    id: 'cert-mv', name: 'Moving Review for Max Manager', campaignId: 'camp-rv',
    reviewer: { type: 'IDENTITY', id: 'id-m2' }, phase: 'ACTIVE', due: null,
    signed: null, created: '2026-11-04T09:00:00.000Z',
    reviewItems: [['id-s4', 'ent-dba'], ['id-s3', 'ent-read'], ['id-s4', 'ent-git'], ['id-s3', 'ent-dba'],
      ['id-s4', 'ent-read'], ['id-s3', 'ent-git']].map(([identityId, accessId], i) => ({
      id: `mv-${i}`, identityId, accessType: 'ENTITLEMENT', accessId, decision: null, comments: null })),
  });
  d.assignments.push(
    { identityId: 'id-s2', accessType: 'ENTITLEMENT', accessId: 'ent-read' },
    { identityId: 'id-s2', accessType: 'ACCESS_PROFILE', accessId: 'ap-hr' },
    { identityId: 'id-s2', accessType: 'ENTITLEMENT', accessId: 'ent-dba' },
    { identityId: 'id-s3', accessType: 'ENTITLEMENT', accessId: 'ent-dba' },
    { identityId: 'id-s3', accessType: 'ENTITLEMENT', accessId: 'ent-git' },
    { identityId: 'id-s4', accessType: 'ROLE', accessId: 'role-fin' },
  );
  return d;
}

let srv, admin, certadmin, m1, m2, g1, s1;
before(async () => {
  srv = await startServer({ doc: makeDoc() });
  const t = (c) => token(srv.base, c, SECRET);
  [admin, certadmin, m1, m2, g1, s1] =
    await Promise.all(['c-admin', 'c-certadmin', 'c-m1', 'c-m2', 'c-g1', 'c-s1'].map(t));
});
after(async () => { await srv.stop(); srv.cleanup(); });

const get = (path, tok, query) => call(srv.base, path, { tok, query });
const post = (path, tok, body) => call(srv.base, path, { method: 'POST', tok, body });
const decide = (cert, tok, body) => post(`/v3/certifications/${cert}/decide`, tok, body);
const messages = (r) => r.body.messages.map((m) => m.text);
const ok = (id, decision, extra = {}) => ({ id, decision, bulk: false, ...extra });

// Reads the store itself (SQLite only): the org's assignments.
function holds(identityId, accessType, accessId) {
  const r = spawnSync('sqlite3', [srv.db, `SELECT count(*) FROM assignment WHERE identity_id = '${identityId}'
    AND access_type = '${accessType}' AND access_id = '${accessId}'`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim() === '1';
}
function campaignStatus(id) {
  const r = spawnSync('sqlite3', [srv.db, `SELECT status FROM campaign WHERE id = '${id}'`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

async function remediations(campaign, tok = admin, query) {
  const r = await get(`/recert/v1/campaigns/${campaign}/remediations`, tok, query);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

// Waits until every removal of campaign due by now has happened.
async function settled(campaign, n) {
  for (let i = 0; i < 200; i++) {
    const rows = await remediations(campaign);
    if (rows.length >= n && rows.every((x) => x.removed || x.removeAt > new Date().toISOString())) return rows;
    await sleep(50);
  }
  throw new Error(`removals of ${campaign} did not happen`);
}

// ---------------------------------------------------------------- reading

test('GET /v3/certifications: the v3 shape, only what the caller reviews', async () => {
  const all = await get('/v3/certifications', admin, { count: 'true' });
  assert.equal(all.status, 200);
  assert.equal(all.headers.get('x-total-count'), String(all.body.length));
  const c1 = all.body.find((c) => c.id === 'cert-1');
  assert.deepEqual(c1.campaign, { id: 'camp-q4', name: 'Q4 Manager Review', type: 'CAMPAIGN',
    campaignType: 'MANAGER', description: 'Quarterly', correlatedStatus: 'CORRELATED',
    mandatoryCommentRequirement: 'NO_DECISIONS' });
  assert.equal(c1.campaignRef, undefined);
  assert.deepEqual([c1.identitiesCompleted, c1.identitiesTotal, c1.decisionsMade, c1.decisionsTotal],
    [0, 2, 2, 5]);
  assert.equal(c1.entitiesTotal, undefined);
  assert.equal(c1.reviewer.id, 'id-m1');
  const mine = await get('/v3/certifications', m1);
  assert.deepEqual(mine.body.map((c) => c.id).sort(), ['cert-1', 'cert-4']);
  const group = await get('/v3/certifications', g1);
  assert.deepEqual(group.body.map((c) => c.id), ['cert-3']);
  const me = await get('/v3/certifications', admin, { 'reviewer-identity': 'me' });
  assert.deepEqual(me.body, []);
  const forM2 = await get('/v3/certifications', admin, { 'reviewer-identity': 'id-m2', sorters: 'name' });
  assert.deepEqual(forM2.body.map((c) => c.id),
    ['cert-5', 'cert-rv', 'cert-mv', 'cert-2', 'cert-3'].sort((a, b) =>
      forM2.body.find((c) => c.id === a).name.localeCompare(forM2.body.find((c) => c.id === b).name)));
});

test('GET /v3/certifications: the v3 filters', async () => {
  const f = async (filters) => (await get('/v3/certifications', admin, { filters })).body.map((c) => c.id).sort();
  assert.deepEqual(await f('campaign.id eq "camp-src"'), ['cert-3', 'cert-4']);
  assert.deepEqual(await f('campaign.id in ("camp-src", "camp-rv")'), ['cert-3', 'cert-4', 'cert-mv', 'cert-rv']);
  assert.deepEqual(await f('phase eq "STAGED"'), ['cert-5']);
  assert.deepEqual(await f('completed eq true'), ['cert-2', 'cert-4', 'cert-5']);
  assert.deepEqual(await f('id in ("cert-1", "cert-2") and phase eq "ACTIVE"'), ['cert-1', 'cert-2']);
  for (const [filters, why] of [
    ['campaignRef.id eq "camp-q4"', /unknown field "campaignRef.id"/],
    ['campaignRef.campaignType eq "MANAGER"', /unknown field/],
    ['completed ne true', /operator "ne" is not allowed on "completed"/],
  ]) {
    const r = await get('/v3/certifications', admin, { filters });
    assert.equal(r.status, 400, filters);
    assert.match(messages(r)[0], why);
  }
});

test('GET /v3/certifications/{id}: 200 for reviewers and admins, 403 for others, 404 when missing', async () => {
  const r = await get('/v3/certifications/cert-3', g1);
  assert.equal(r.status, 200);
  assert.equal(r.body.id, 'cert-3');
  assert.equal(r.body.reviewer.type, 'GOVERNANCE_GROUP');
  assert.equal(r.body.campaign.mandatoryCommentRequirement, 'REVOKE_ONLY_DECISIONS');
  assert.equal((await get('/v3/certifications/cert-3', certadmin)).status, 200);
  assert.equal((await get('/v3/certifications/cert-3', m1)).status, 403);
  assert.equal((await get('/v3/certifications/cert-3', s1)).status, 403);
  assert.equal((await get('/v3/certifications/nope', admin)).status, 404);
  assert.equal((await get('/v3/certifications/nope', s1)).status, 404);
});

// ---------------------------------------------------------------- decide

test('decide: every problem of a batch is listed with its index, and nothing is applied', async () => {
  const before = (await get('/v3/certifications/cert-1', admin)).body;
  const r = await decide('cert-1', m1, [
    ok('item-1', 'APPROVE'),                                   // fine
    { id: 'item-3', decision: 'MAYBE', bulk: false },          // bad enum
    { id: 'item-5', decision: 'REVOKE' },                      // bulk missing
    ok('item-21', 'APPROVE'),                                  // another certification's
    ok('nope', 'REVOKE'),                                      // unknown
    ok('item-1', 'REVOKE'),                                    // the same item twice
    ok('item-3', 'APPROVE', { proposedEndDate: FUTURE }),      // end date on an APPROVE
    ok('item-5', 'REVOKE', { proposedEndDate: PAST }),         // end date in the past
    ok('item-4', 'REVOKE', { proposedEndDate: 'tomorrow' }),   // not a date
    'item-2',                                                  // not an object
    ok('item-2', 'APPROVE', { comments: 7 }),                  // comment not a string
  ]);
  assert.equal(r.status, 400);
  const m = messages(r);
  const expect = [
    /^\[1\]\.decision: must be APPROVE or REVOKE \(got "MAYBE"\)$/,
    /^\[2\]\.bulk: required/,
    /^\[3\]\.id: no review item "item-21" in certification "cert-1"$/,
    /^\[4\]\.id: no review item "nope" in certification "cert-1"$/,
    /^\[5\]\.id: review item "item-1" is decided twice in this batch \(first at \[0\]\)$/,
    /^\[6\]\.proposedEndDate: only a REVOKE may have one$/,
    /^\[7\]\.proposedEndDate: 2020-01-01T00:00:00\.000Z is not in the future/,
    /^\[8\]\.proposedEndDate: must be an RFC 3339 date-time/,
    /^\[9\]: must be a ReviewDecision object \(got a string\)$/,
    /^\[10\]\.comments: must be a string \(got a number\)$/,
  ];
  for (const re of expect) assert.ok(m.some((x) => re.test(x)), `${re} in ${JSON.stringify(m)}`);
  assert.equal(m.length, expect.length, JSON.stringify(m));
  const after = (await get('/v3/certifications/cert-1', admin)).body;
  assert.deepEqual(after, before);
});

test('decide: the body is an array of 1 to 250 decisions', async () => {
  for (const [body, re] of [
    [[], /body: must list 1 to 250 decisions \(got 0\)/],
    [Array.from({ length: 251 }, () => ok('item-1', 'APPROVE')), /got 251/],
    [{ id: 'item-1', decision: 'APPROVE', bulk: true }, /body: must be a JSON array/],
  ]) {
    const r = await decide('cert-1', m1, body);
    assert.equal(r.status, 400);
    assert.match(messages(r)[0], re);
  }
  const bad = await call(srv.base, '/v3/certifications/cert-1/decide',
    { method: 'POST', tok: m1, headers: { 'content-type': 'text/plain' }, body: '[]' });
  assert.equal(bad.status, 400);
  assert.match(messages(bad)[0], /Content-Type must be application\/json/);
});

test('decide: applied whole, counters updated in v3, beta and at once', async () => {
  const r = await decide('cert-1', m1, [ok('item-1', 'APPROVE', { comments: 'still needed' }),
    ok('item-3', 'REVOKE', { comments: 'moved teams', proposedEndDate: FUTURE })]);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.id, 'cert-1');
  assert.deepEqual([r.body.decisionsMade, r.body.decisionsTotal, r.body.identitiesCompleted,
    r.body.completed], [4, 5, 1, false]);
  assert.ok(r.body.modified > '2026-11-01');
  const beta = (await get('/beta/certifications', admin, { filters: 'id eq "cert-1"' })).body[0];
  assert.deepEqual([beta.decisionsMade, beta.entitiesCompleted, beta.completed], [4, 1, false]);
  const v3 = (await get('/v3/certifications/cert-1', m1)).body;
  assert.deepEqual(v3, r.body);
});

test('decide: a decided item may be decided again until sign-off; the last decision counts', async () => {
  let r = await decide('cert-1', m1, [ok('item-4', 'APPROVE'), ok('item-5', 'REVOKE')]);
  assert.equal(r.status, 200);
  assert.equal(r.body.completed, true);
  r = await decide('cert-1', admin, [ok('item-4', 'REVOKE', { comments: 'not needed after all' })]);
  assert.equal(r.status, 200);
  assert.deepEqual([r.body.decisionsMade, r.body.completed], [5, true]);
});

test('decide: mandatory comments (ALL_DECISIONS, REVOKE_ONLY_DECISIONS); white space is no comment', async () => {
  let r = await decide('cert-rv', m2, [ok('rv-1', 'APPROVE'), ok('rv-2', 'REVOKE', { comments: ' \t ' }),
    ok('rv-3', 'APPROVE', { comments: 'ok' })]);
  assert.equal(r.status, 400);
  assert.deepEqual(messages(r), [
    '[0].comments: required: campaign "Commented Review" asks for a comment on every decision',
    '[1].comments: required: campaign "Commented Review" asks for a comment on every decision',
  ]);
  r = await decide('cert-3', g1, [ok('item-31', 'REVOKE')]);
  assert.equal(r.status, 400);
  assert.deepEqual(messages(r),
    ['[0].comments: required: campaign "Source Owner Review" asks for a comment on every REVOKE']);
  r = await decide('cert-3', g1, [ok('item-31', 'APPROVE')]);
  assert.equal(r.status, 200, 'an APPROVE needs none');
});

test('decide: only an ACTIVE certification', async () => {
  let r = await decide('cert-4', m1, [ok('item-41', 'APPROVE')]);
  assert.equal(r.status, 400);
  assert.deepEqual(messages(r), ['certification "cert-4" is signed and can no longer be decided']);
  r = await decide('cert-5', m2, [ok('x', 'APPROVE')]);
  assert.equal(r.status, 400);
  assert.equal(messages(r)[0], 'certification "cert-5" is STAGED: it can be decided only once it is ACTIVE');
});

test('decide: who may (workflow.md §2)', async () => {
  const body = [ok('item-31', 'APPROVE')];
  assert.equal((await decide('cert-3', m2, body)).status, 200, 'a member of the reviewing group');
  assert.equal((await decide('cert-3', certadmin, body)).status, 200);
  assert.equal((await decide('cert-3', m1, body)).status, 403);
  assert.equal((await decide('cert-3', s1, body)).status, 403);
  assert.equal((await decide('nope', s1, body)).status, 404);
});

// ---------------------------------------------------------------- sign-off

test('sign-off: refused while an item is undecided', async () => {
  const r = await post('/v3/certifications/cert-rv/sign-off', m2);
  assert.equal(r.status, 400);
  assert.deepEqual(messages(r), ['certification "cert-rv" has 3 review items without a decision;'
    + ' decide every item before signing off']);
  assert.equal((await post('/v3/certifications/cert-5/sign-off', m2)).status, 400);
  assert.equal((await post('/v3/certifications/cert-1/sign-off', m2)).status, 403);
});

test('sign-off: SIGNED and read-only; REVOKEs removed at once or scheduled at proposedEndDate', async () => {
  const r = await post('/v3/certifications/cert-1/sign-off', m1);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.phase, 'SIGNED');
  assert.ok(r.body.signed && r.body.signed === r.body.modified);
  const rows = await settled('camp-q4', 3);
  const byAccess = Object.fromEntries(rows.map((x) => [`${x.identityId}/${x.accessId}`, x]));
  assert.deepEqual(Object.keys(byAccess).sort(), ['id-s2/ap-hr', 'id-s2/ent-dba', 'id-s2/ent-read']);
  const later = byAccess['id-s2/ent-read'];
  assert.deepEqual({ ...later, decided: undefined }, {
    identityId: 'id-s2', accessType: 'ENTITLEMENT', accessId: 'ent-read', certificationId: 'cert-1',
    campaignId: 'camp-q4', reviewerId: 'id-m1', decidedBy: 'id-m1', comments: 'moved teams',
    decided: undefined, removeAt: FUTURE, removed: null, cancelled: null });
  const now = byAccess['id-s2/ap-hr'];
  assert.equal(now.decidedBy, 'id-admin', 'the identity whose token made the last decision');
  assert.equal(now.removeAt, r.body.signed);
  assert.ok(now.removed >= now.removeAt);
  assert.ok(now.decided <= r.body.signed);
  if (!SQLITE_ONLY) {
    assert.equal(holds('id-s2', 'ACCESS_PROFILE', 'ap-hr'), false);
    assert.equal(holds('id-s2', 'ENTITLEMENT', 'ent-dba'), false);
    assert.equal(holds('id-s2', 'ENTITLEMENT', 'ent-read'), true, 'not before its proposedEndDate');
    assert.equal(holds('id-s1', 'ENTITLEMENT', 'ent-dba'), true, 'an APPROVE changes nothing');
  }
  let d = await decide('cert-1', m1, [ok('item-1', 'REVOKE')]);
  assert.equal(d.status, 400);
  assert.match(messages(d)[0], /is signed and can no longer be decided/);
  d = await post('/v3/certifications/cert-1/sign-off', m1);
  assert.equal(d.status, 400);
  assert.match(messages(d)[0], /is signed and can no longer be signed off/);
  d = await post('/v3/certifications/cert-1/reassign', m1,
    { reassign: [{ id: 'item-1', type: 'ITEM' }], reassignTo: 'id-m2', reason: 'x' });
  assert.equal(d.status, 400);
});

test('remediations: admins only, paged, 404 for an unknown campaign', async () => {
  const page = await remediations('camp-q4', certadmin, { limit: '1', offset: '1', count: 'true' });
  assert.equal(page.length, 1);
  const all = await remediations('camp-q4');
  assert.deepEqual(page[0], all[1]);
  assert.equal((await get('/recert/v1/campaigns/camp-q4/remediations', m1)).status, 403);
  assert.equal((await get('/recert/v1/campaigns/nope/remediations', admin)).status, 404);
  assert.deepEqual(await remediations('camp-src'), [], 'imported SIGNED certifications are history');
  const bad = await get('/recert/v1/campaigns/camp-q4/remediations', admin, { filters: 'id eq "x"' });
  assert.equal(bad.status, 400);
});

test('the last signed certification completes its campaign', { skip: SQLITE_ONLY && 'reads the store with sqlite3' }, async () => {
  assert.equal(campaignStatus('camp-src'), 'ACTIVE');
  const r = await post('/v3/certifications/cert-3/sign-off', g1);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(campaignStatus('camp-src'), 'COMPLETED', 'nothing to remove: at once');
  assert.equal(campaignStatus('camp-q4'), 'ACTIVE', 'cert-2 and cert-5 are not signed');
});

// ---------------------------------------------------------------- reassign

test('reassign (sync): moves at once and answers the source certification', async () => {
  const r = await post('/v3/certifications/cert-mv/reassign', m2,
    { reassign: [{ id: 'mv-0', type: 'ITEM' }, { id: 'mv-1', type: 'ITEM' }], reassignTo: 'id-m1', reason: 'Mia knows them' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.id, 'cert-mv');
  const moved = (await get('/v3/certifications', m1, { filters: 'campaign.id eq "camp-rv"' })).body;
  assert.equal(moved.length, 1);
  assert.equal(moved[0].reassignment.from.id, 'cert-mv');
  assert.equal(moved[0].reassignment.comment, 'Mia knows them');
  assert.equal(moved[0].decisionsTotal, 2);
  assert.equal(r.body.decisionsTotal + 2, 6);
});

test('reassign (sync): at most 50 references; the beta rules', async () => {
  const refs = Array.from({ length: 51 }, (_, i) => ({ id: `x-${i}`, type: 'ITEM' }));
  let r = await post('/v3/certifications/cert-mv/reassign', m2, { reassign: refs, reassignTo: 'id-m1', reason: 'r' });
  assert.equal(r.status, 400);
  assert.match(messages(r)[0], /reassign: must list 1 to 50 items \(got 51\)/);
  r = await post('/v3/certifications/cert-mv/reassign', m2,
    { reassign: [{ id: 'mv-2', type: 'ITEM' }], reassignTo: 'id-m2', reason: 'r' });
  assert.equal(r.status, 400);
  assert.match(messages(r)[0], /already reviews certification "cert-mv"/);
});

test('reassign-async (v3): a CertificationTask, readable at /v3/certification-tasks', async () => {
  const srvNoWork = srv; // the workers run: the task ends SUCCESS
  const r = await post('/v3/certifications/cert-mv/reassign-async', m2,
    { reassign: [{ id: 'mv-2', type: 'ITEM' }], reassignTo: 'id-m1', reason: 'later' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(Object.keys(r.body).sort(), ['created', 'errors', 'id', 'status', 'targetId', 'targetType', 'type']);
  assert.deepEqual([r.body.type, r.body.targetType, r.body.targetId, r.body.status],
    ['REASSIGN', 'CERTIFICATION', 'cert-mv', 'QUEUED']);
  let task;
  for (let i = 0; i < 100; i++) {
    task = await get(`/v3/certification-tasks/${r.body.id}`, m2);
    assert.equal(task.status, 200);
    if (task.body.status === 'SUCCESS') break;
    await sleep(50);
  }
  assert.equal(task.body.status, 'SUCCESS');
  assert.deepEqual(task.body.errors, []);
  assert.equal((await get(`/v3/certification-tasks/${r.body.id}`, admin)).status, 200);
  assert.equal((await get(`/v3/certification-tasks/${r.body.id}`, m1)).status, 403);
  assert.equal((await get('/v3/certification-tasks/nope', m2)).status, 404);
  assert.ok(srvNoWork);
});

test('GET /v3/certification-tasks: pending tasks the caller may see, filtered', async () => {
  const none = await get('/v3/certification-tasks', admin, { count: 'true' });
  assert.equal(none.status, 200);
  assert.equal(none.headers.get('x-total-count'), String(none.body.length));
  assert.ok(none.body.every((t) => ['QUEUED', 'IN_PROGRESS'].includes(t.status)));
  for (const filters of ['type eq "REASSIGN"', 'targetId in ("cert-mv")', 'id eq "x"']) {
    const r = await get('/v3/certification-tasks', m2, { filters, 'reviewer-identity': 'me' });
    assert.equal(r.status, 200, filters);
  }
  const r = await get('/v3/certification-tasks', m2, { filters: 'status eq "QUEUED"' });
  assert.equal(r.status, 400);
  assert.match(messages(r)[0], /unknown field "status"/);
  const s = await get('/v3/certification-tasks', m2, { sorters: 'created' });
  assert.equal(s.status, 400);
});

test('a certification emptied by reassignment stays, completed, and can be signed off', async () => {
  const left = (await get('/v3/certifications/cert-mv/access-review-items', m2)).body.map((i) => i.id).sort();
  assert.deepEqual(left, ['mv-3', 'mv-4', 'mv-5']);
  let r = await post('/v3/certifications/cert-mv/reassign', m2,
    { reassign: left.map((id) => ({ id, type: 'ITEM' })), reassignTo: 'id-m1', reason: 'all of it' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual([r.body.decisionsTotal, r.body.identitiesTotal, r.body.completed], [0, 0, true]);
  r = await post('/v3/certifications/cert-mv/sign-off', m2);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.phase, 'SIGNED');
  assert.ok((await remediations('camp-rv')).every((x) => x.certificationId !== 'cert-mv'));
});
