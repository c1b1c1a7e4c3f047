// A whole v3 review through SailPoint's own TypeScript SDK (sailpoint-api-client,
// its v3 CertificationsApi and CertificationSummariesApi) against a real
// recertd on tests/sdk/review-fixture.mjs: list, read, the items, decide,
// the counters and summaries, sign-off and the remediation it causes
// (GET /recert/v1/campaigns/{id}/remediations, a recert extension no SDK
// has: plain HTTP with the SDK's own token); reassignment (sync and async),
// certification tasks, reviewers, item permissions, and the errors.
//
// The TypeScript SDK does not validate what it receives (its models are
// types only), so the checks here compare the bodies themselves; the Python
// and Go suites are the ones whose models reject a wrong shape.
//
// Operations recertd does not serve yet (`recertd operations`) are skipped
// and not recorded; the matrix then shows them as "not served".
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Configuration, CertificationsApi, CertificationSummariesApi } from 'sailpoint-api-client';
import { startServer } from '../api/lib.mjs';
import { reviewDoc, SECRET, FUTURE } from './review-fixture.mjs';
import { reporter, served } from './report.mjs';

const optest = reporter(import.meta.url);
const PAST = '2020-01-01T00:00:00.000Z';
const DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let srv;
const clients = {};

// The v3 APIs acting as clientId, configured from SAIL_* as a user would.
async function client(clientId, server = srv) {
  const key = `${server.base} ${clientId}`;
  if (clients[key]) return clients[key];
  process.env.SAIL_BASE_URL = server.base;
  process.env.SAIL_CLIENT_ID = clientId;
  process.env.SAIL_CLIENT_SECRET = SECRET;
  const config = new Configuration();
  const token = await config.accessToken;
  assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  return (clients[key] = { certs: new CertificationsApi(config), summaries: new CertificationSummariesApi(config), token });
}

before(async () => { srv = await startServer({ doc: reviewDoc(), args: ['--rate-limit', 'off'] }); });
after(async () => { await srv?.stop(); srv?.cleanup(); });

const ids = (res) => res.data.map((x) => x.id);

// Asserts that promise fails with an SDK (axios) error of status whose body is
// an ErrorResponseDto; returns the message texts.
async function rejects(promise, status, detailCode) {
  let body;
  await assert.rejects(promise, (err) => {
    assert.equal(err.isAxiosError, true, String(err));
    assert.equal(err.response?.status, status, JSON.stringify(err.response?.data));
    body = err.response.data;
    return true;
  });
  assert.deepEqual(Object.keys(body).sort(), ['causes', 'detailCode', 'messages', 'trackingId']);
  assert.equal(body.detailCode, detailCode);
  assert.match(body.trackingId, /^[0-9a-f]{32}$/);
  for (const m of body.messages) assert.deepEqual([m.locale, m.localeOrigin], ['en-US', 'DEFAULT']);
  return body.messages.map((m) => m.text);
}

// GET /recert/v1/campaigns/{id}/remediations with the SDK client's token.
async function remediations(who, campaign) {
  const r = await fetch(`${srv.base}/recert/v1/campaigns/${campaign}/remediations`,
    { headers: { authorization: `Bearer ${who.token}` } });
  return { status: r.status, body: await r.json() };
}

const e2eOps = ['v3.listIdentityCertifications', 'v3.getIdentityCertification', 'v3.makeIdentityDecision',
  'v3.signOffIdentityCertification', 'recert.listRemediations',
  ...['v3.listIdentityAccessReviewItems', 'v3.getIdentityDecisionSummary', 'v3.getIdentitySummaries',
    'v3.getIdentitySummary', 'v3.getIdentityAccessSummaries'].filter(served)];

optest('a whole review: list, read, items, decide, summaries, sign-off, remediation', e2eOps, async () => {
  const m1 = await client('c-m1');
  const api = m1.certs;

  // List: reviewer-identity=me, filters, sorters, count.
  let res = await api.listIdentityCertifications({ reviewerIdentity: 'me', sorters: 'name' });
  assert.equal(res.status, 200);
  assert.deepEqual(ids(res), ['cert-e2e', 'cert-1', 'cert-4']);
  assert.deepEqual(ids(await api.listIdentityCertifications({ reviewerIdentity: 'me', sorters: '-due' })),
    ['cert-e2e', 'cert-1', 'cert-4']);
  res = await api.listIdentityCertifications({ reviewerIdentity: 'me', count: true,
    filters: 'campaign.id eq "camp-e2e" and phase eq "ACTIVE"' });
  assert.deepEqual(ids(res), ['cert-e2e']);
  assert.equal(res.headers['x-total-count'], '1');
  assert.deepEqual(ids(await api.listIdentityCertifications({ filters: 'completed eq false', sorters: 'due' })),
    ['cert-1', 'cert-e2e']);

  // Get one: the whole IdentityCertificationDto.
  const got = (await api.getIdentityCertification({ id: 'cert-e2e' })).data;
  assert.deepEqual(got, {
    id: 'cert-e2e', name: 'End-to-End Review for Mia Manager',
    campaign: { id: 'camp-e2e', name: 'End-to-End Review', type: 'CAMPAIGN', campaignType: 'MANAGER',
      description: 'SDK walk-through', correlatedStatus: 'CORRELATED', mandatoryCommentRequirement: 'REVOKE_ONLY_DECISIONS' },
    phase: 'ACTIVE', due: '2027-03-31T00:00:00.000Z', signed: null,
    reviewer: { type: 'IDENTITY', id: 'id-m1', name: 'Mia Manager', email: 'id-m1@example.com' },
    reassignment: null, hasErrors: false, errorMessage: null, completed: false,
    decisionsMade: 0, decisionsTotal: 4, identitiesCompleted: 0, identitiesTotal: 2,
    created: '2026-11-05T09:00:00.000Z', modified: got.modified,
  });
  assert.match(got.modified, DATE);
  assert.deepEqual(res.data[0], got);

  // The items, with a filter and a sorter.
  if (served('v3.listIdentityAccessReviewItems')) {
    const items = await api.listIdentityAccessReviewItems({ id: 'cert-e2e', sorters: 'access.name', count: true,
      filters: 'access.type eq "ENTITLEMENT"' });
    assert.equal(items.status, 200);
    assert.deepEqual(ids(items), ['e2e-1', 'e2e-3']);
    assert.equal(items.headers['x-total-count'], '2');
    const [dba] = items.data;
    assert.equal(dba.completed, false);
    assert.equal(dba.decision ?? null, null);
    assert.deepEqual(dba.identitySummary, { id: 'is-e1', name: 'Sam Subject', identityId: 'id-s1', completed: false });
    assert.deepEqual(dba.accessSummary.access, { type: 'ENTITLEMENT', id: 'ent-dba', name: 'DBA' });
    assert.equal(dba.accessSummary.entitlement.id, 'ent-dba');
    assert.equal(dba.accessSummary.entitlement.sourceName, 'Oracle HR');
    assert.deepEqual(ids(await api.listIdentityAccessReviewItems({ id: 'cert-e2e', entitlements: 'ent-read' })), ['e2e-3']);
    assert.deepEqual(ids(await api.listIdentityAccessReviewItems({ id: 'cert-e2e',
      filters: 'identitySummary.name sw "Sam"', sorters: '-access.name' })), ['e2e-2', 'e2e-1']);
    const all = await api.listIdentityAccessReviewItems({ id: 'cert-e2e' });
    const types = Object.fromEntries(all.data.map((i) => [i.id, i.accessSummary.access.type]));
    assert.deepEqual(types, { 'e2e-1': 'ENTITLEMENT', 'e2e-2': 'ROLE', 'e2e-3': 'ENTITLEMENT', 'e2e-4': 'ACCESS_PROFILE' });
    assert.equal(all.data.find((i) => i.id === 'e2e-2').accessSummary.role.id, 'role-fin');
    assert.equal(all.data.find((i) => i.id === 'e2e-4').accessSummary.accessProfile.id, 'ap-hr');
  }

  // Decide: an APPROVE and a REVOKE, with comments.
  res = await api.makeIdentityDecision({ id: 'cert-e2e', reviewDecision: [
    { id: 'e2e-1', decision: 'APPROVE', bulk: false, comments: 'still needed' },
    { id: 'e2e-3', decision: 'REVOKE', bulk: true, comments: 'moved teams' },
  ] });
  assert.equal(res.status, 200);
  assert.equal(res.data.id, 'cert-e2e');
  assert.deepEqual([res.data.decisionsMade, res.data.decisionsTotal, res.data.identitiesCompleted, res.data.completed],
    [2, 4, 0, false]);
  assert.deepEqual((await api.getIdentityCertification({ id: 'cert-e2e' })).data, res.data);

  if (served('v3.listIdentityAccessReviewItems')) {
    const done = await api.listIdentityAccessReviewItems({ id: 'cert-e2e', filters: 'completed eq true', sorters: 'access.name' });
    assert.deepEqual(done.data.map((i) => [i.id, i.decision, i.comments, i.completed]),
      [['e2e-1', 'APPROVE', 'still needed', true], ['e2e-3', 'REVOKE', 'moved teams', true]]);
  }
  const sum = m1.summaries;
  if (served('v3.getIdentityDecisionSummary')) {
    const ds = await sum.getIdentityDecisionSummary({ id: 'cert-e2e' });
    assert.equal(ds.status, 200);
    assert.deepEqual(ds.data, {
      entitlementDecisionsMade: 2, accessProfileDecisionsMade: 0, roleDecisionsMade: 0, accountDecisionsMade: 0,
      entitlementDecisionsTotal: 2, accessProfileDecisionsTotal: 1, roleDecisionsTotal: 1, accountDecisionsTotal: 0,
      entitlementsApproved: 1, entitlementsRevoked: 1, accessProfilesApproved: 0, accessProfilesRevoked: 0,
      rolesApproved: 0, rolesRevoked: 0, accountsApproved: 0, accountsRevoked: 0,
    });
    const one = await sum.getIdentityDecisionSummary({ id: 'cert-e2e', filters: 'identitySummary.id eq "is-e2"' });
    assert.deepEqual([one.data.entitlementDecisionsTotal, one.data.entitlementsRevoked, one.data.accessProfileDecisionsTotal,
      one.data.roleDecisionsTotal], [1, 1, 1, 0]);
  }
  if (served('v3.getIdentitySummaries')) {
    const is = await sum.getIdentitySummaries({ id: 'cert-e2e', sorters: 'name', count: true });
    assert.equal(is.headers['x-total-count'], '2');
    assert.deepEqual(is.data, [
      { id: 'is-e1', name: 'Sam Subject', identityId: 'id-s1', completed: false },
      { id: 'is-e2', name: 'Sue Subject', identityId: 'id-s2', completed: false },
    ]);
    assert.deepEqual(ids(await sum.getIdentitySummaries({ id: 'cert-e2e', filters: 'name sw "Sue"' })), ['is-e2']);
  }
  if (served('v3.getIdentitySummary')) {
    assert.deepEqual((await sum.getIdentitySummary({ id: 'cert-e2e', identitySummaryId: 'is-e2' })).data,
      { id: 'is-e2', name: 'Sue Subject', identityId: 'id-s2', completed: false });
  }
  if (served('v3.getIdentityAccessSummaries')) {
    const ents = await sum.getIdentityAccessSummaries({ id: 'cert-e2e', type: 'ENTITLEMENT', sorters: 'access.name' });
    assert.equal(ents.status, 200);
    assert.deepEqual(ents.data.map((a) => a.access), [
      { type: 'ENTITLEMENT', id: 'ent-dba', name: 'DBA' }, { type: 'ENTITLEMENT', id: 'ent-read', name: 'Reader' }]);
    assert.deepEqual(ents.data.map((a) => a.entitlement?.id), ['ent-dba', 'ent-read']);
    const roles = await sum.getIdentityAccessSummaries({ id: 'cert-e2e', type: 'ROLE', filters: 'completed eq false' });
    assert.deepEqual(roles.data.map((a) => [a.access.id, a.role?.id]), [['role-fin', 'role-fin']]);
    const aps = await sum.getIdentityAccessSummaries({ id: 'cert-e2e', type: 'ACCESS_PROFILE', filters: 'completed eq true' });
    assert.deepEqual(aps.data, []);
  }

  // Sign-off needs every item decided.
  assert.deepEqual(await rejects(api.signOffIdentityCertification({ id: 'cert-e2e' }), 400, '400.1 Bad Request Content'),
    ['certification "cert-e2e" has 2 review items without a decision; decide every item before signing off']);
  res = await api.makeIdentityDecision({ id: 'cert-e2e', reviewDecision: [
    { id: 'e2e-2', decision: 'APPROVE', bulk: false },
    { id: 'e2e-4', decision: 'REVOKE', bulk: false, comments: 'until the project ends', proposedEndDate: FUTURE },
  ] });
  assert.deepEqual([res.data.decisionsMade, res.data.identitiesCompleted, res.data.completed], [4, 2, true]);
  if (served('v3.getIdentitySummaries')) {
    assert.deepEqual((await sum.getIdentitySummaries({ id: 'cert-e2e', filters: 'completed eq true' })).data.map((s) => s.id).sort(),
      ['is-e1', 'is-e2']);
  }
  if (served('v3.getIdentityDecisionSummary')) {
    const ds = (await sum.getIdentityDecisionSummary({ id: 'cert-e2e' })).data;
    assert.deepEqual([ds.rolesApproved, ds.accessProfilesRevoked, ds.roleDecisionsMade, ds.accessProfileDecisionsMade], [1, 1, 1, 1]);
  }

  // Sign off.
  const signed = (await api.signOffIdentityCertification({ id: 'cert-e2e' })).data;
  assert.equal(signed.id, 'cert-e2e');
  assert.equal(signed.phase, 'SIGNED');
  assert.match(signed.signed, DATE);
  assert.deepEqual((await api.getIdentityCertification({ id: 'cert-e2e' })).data, signed);
  assert.deepEqual(await rejects(api.makeIdentityDecision({ id: 'cert-e2e',
    reviewDecision: [{ id: 'e2e-1', decision: 'REVOKE', bulk: false, comments: 'no' }] }), 400, '400.1 Bad Request Content'),
  ['certification "cert-e2e" is signed and can no longer be decided']);
  assert.deepEqual(ids(await api.listIdentityCertifications({ reviewerIdentity: 'me', filters: 'phase eq "SIGNED"', sorters: 'name' })),
    ['cert-e2e', 'cert-4']);

  // The remediation: the REVOKE due now is carried out, the dated one waits.
  const admin = await client('c-admin');
  let rows;
  for (let i = 0; ; i++) {
    const r = await remediations(admin, 'camp-e2e');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    rows = r.body.sort((a, b) => a.accessId.localeCompare(b.accessId));
    if (rows.length === 2 && rows[1].removed) break;
    assert.ok(i < 200, `not removed: ${JSON.stringify(rows)}`);
    await sleep(50);
  }
  const common = { identityId: 'id-s2', certificationId: 'cert-e2e', campaignId: 'camp-e2e', reviewerId: 'id-m1',
    decidedBy: 'id-m1', cancelled: rows[0].cancelled };
  assert.deepEqual(rows, [
    { ...common, accessType: 'ACCESS_PROFILE', accessId: 'ap-hr', comments: 'until the project ends',
      decided: rows[0].decided, removeAt: FUTURE, removed: null },
    { ...common, accessType: 'ENTITLEMENT', accessId: 'ent-read', comments: 'moved teams',
      decided: rows[1].decided, removeAt: signed.signed, removed: rows[1].removed, cancelled: rows[1].cancelled },
  ]);
  for (const r of rows) {
    assert.match(r.decided, DATE);
    assert.ok(!r.cancelled, JSON.stringify(r));
  }
  assert.match(rows[1].removed, DATE);
  // Remediation records are for admins only.
  const denied = await remediations(m1, 'camp-e2e');
  assert.equal(denied.status, 403);
  assert.equal(denied.body.detailCode, '403 Forbidden');
});

optest('reassignIdentityCertifications (sync) moves an item at once', ['v3.reassignIdentityCertifications', 'v3.listIdentityCertifications'], async () => {
  const m1 = await client('c-m1');
  const reason = 'Max knows the Reader role better';
  const res = await m1.certs.reassignIdentityCertifications({ id: 'cert-1',
    reviewReassign: { reassign: [{ id: 'item-3', type: 'ITEM' }], reassignTo: 'id-m2', reason } });
  assert.equal(res.status, 200);
  assert.equal(res.data.id, 'cert-1');
  assert.deepEqual([res.data.decisionsTotal, res.data.phase, res.data.reviewer.id], [4, 'ACTIVE', 'id-m1']);

  const m2 = await client('c-m2');
  const mine = await m2.certs.listIdentityCertifications({ reviewerIdentity: 'me' });
  const moved = mine.data.filter((c) => c.reassignment?.from?.id === 'cert-1');
  assert.equal(moved.length, 1, JSON.stringify(mine.data));
  const [n] = moved;
  assert.equal(n.reassignment.comment, reason);
  assert.equal(n.reassignment.from.type, 'CERTIFICATION');
  assert.equal(n.reassignment.from.reviewer.id, 'id-m1');
  assert.deepEqual([n.campaign.id, n.reviewer.id, n.decisionsTotal, n.phase, n.signed], ['camp-q4', 'id-m2', 1, 'ACTIVE', null]);
});

optest('submitReassignCertsAsync returns a CertificationTask; getCertificationTask; getPendingCertificationTasks',
  ['v3.submitReassignCertsAsync', 'v3.getCertificationTask', 'v3.getPendingCertificationTasks'], async () => {
    const admin = (await client('c-admin')).certs;
    const sub = await admin.submitReassignCertsAsync({ id: 'cert-2',
      reviewReassign: { reassign: [{ id: 'item-21', type: 'ITEM' }], reassignTo: 'id-m1', reason: 'async' } });
    assert.equal(sub.status, 200);
    const task = sub.data;
    assert.deepEqual(Object.keys(task).sort(), ['created', 'errors', 'id', 'status', 'targetId', 'targetType', 'type']);
    assert.deepEqual([task.type, task.targetType, task.targetId, task.errors], ['REASSIGN', 'CERTIFICATION', 'cert-2', []]);
    assert.ok(['QUEUED', 'IN_PROGRESS', 'SUCCESS'].includes(task.status), task.status);
    assert.match(task.created, DATE);
    let st;
    for (let i = 0; ; i++) {
      st = (await admin.getCertificationTask({ id: task.id })).data;
      if (st.status === 'SUCCESS' || st.status === 'ERROR') break;
      assert.ok(i < 200, JSON.stringify(st));
      await sleep(50);
    }
    assert.deepEqual(st, { ...task, status: 'SUCCESS' });
    assert.deepEqual((await admin.getPendingCertificationTasks({ filters: 'targetId eq "cert-2"' })).data, []);

    // With no workers the task stays QUEUED, and pending.
    const idle = await startServer({ doc: reviewDoc(), args: ['--rate-limit', 'off', '--workers', '0'] });
    try {
      const a = (await client('c-admin', idle)).certs;
      const m2 = (await client('c-m2', idle)).certs;
      const t = (await m2.submitReassignCertsAsync({ id: 'cert-2',
        reviewReassign: { reassign: [{ id: 'item-22', type: 'ITEM' }], reassignTo: 'id-m1', reason: 'queued' } })).data;
      assert.equal(t.status, 'QUEUED');
      const p = await a.getPendingCertificationTasks({ filters: 'targetId eq "cert-2" and type eq "REASSIGN"', count: true });
      assert.deepEqual(p.data, [t]);
      assert.equal(p.headers['x-total-count'], '1');
      assert.deepEqual((await m2.getPendingCertificationTasks({ reviewerIdentity: 'me' })).data, [t]);
      assert.deepEqual((await a.getPendingCertificationTasks({ reviewerIdentity: 'me' })).data, []);
      assert.deepEqual((await m2.getCertificationTask({ id: t.id })).data, t);
    } finally {
      await idle.stop();
      idle.cleanup();
    }
  });

if (served('v3.listCertificationReviewers')) {
  optest('listCertificationReviewers (v3): a governance group lists its members', ['v3.listCertificationReviewers'], async () => {
    const admin = (await client('c-admin')).certs;
    const res = await admin.listCertificationReviewers({ id: 'cert-3', sorters: 'name' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.data, [
      { type: 'IDENTITY', id: 'id-g1', name: 'Gus Groupmember', email: 'id-g1@example.com' },
      { type: 'IDENTITY', id: 'id-m2', name: 'Max Manager', email: 'id-m2@example.com' },
    ]);
    const f = await admin.listCertificationReviewers({ id: 'cert-3', filters: 'email sw "id-m"', count: true });
    assert.deepEqual(ids(f), ['id-m2']);
    assert.equal(f.headers['x-total-count'], '1');
  });
}

if (served('v3.getIdentityCertificationItemPermissions')) {
  optest('getIdentityCertificationItemPermissions (v3)', ['v3.getIdentityCertificationItemPermissions'], async () => {
    const m1 = (await client('c-m1')).certs;
    const res = await m1.getIdentityCertificationItemPermissions({ certificationId: 'cert-e2e', itemId: 'e2e-1' });
    assert.equal(res.status, 200);
    assert.deepEqual([...res.data].sort((a, b) => a.target.localeCompare(b.target)), [
      { rights: ['SELECT', 'UPDATE', 'DELETE'], target: 'HR.EMPLOYEES' },
      { rights: ['SELECT'], target: 'SYS.GV_$TRANSACTION' },
      { rights: ['CREATE', 'SELECT'], target: 'SYS.OBJAUTH2' },
    ]);
    const f = await m1.getIdentityCertificationItemPermissions({ certificationId: 'cert-e2e', itemId: 'e2e-1',
      filters: 'target sw "SYS." and rights ca ("CREATE")', count: true });
    assert.deepEqual(f.data, [{ rights: ['CREATE', 'SELECT'], target: 'SYS.OBJAUTH2' }]);
    assert.equal(f.headers['x-total-count'], '1');
  });
}

const errOps = ['v3.makeIdentityDecision', 'v3.getIdentityCertification', 'v3.signOffIdentityCertification',
  'v3.getCertificationTask', 'v3.reassignIdentityCertifications',
  ...['v3.listIdentityAccessReviewItems', 'v3.getIdentityDecisionSummary'].filter(served)];

optest('errors: a bad decide batch lists every problem; 403; 404', errOps, async () => {
  const m1 = (await client('c-m1')).certs;
  const admin = (await client('c-admin')).certs;
  const before = (await admin.getIdentityCertification({ id: 'cert-1' })).data;
  const texts = await rejects(m1.makeIdentityDecision({ id: 'cert-1', reviewDecision: [
    { id: 'item-1', decision: 'APPROVE', bulk: false },
    { id: 'item-5', decision: 'REVOKE', bulk: false, proposedEndDate: PAST },
    { id: 'item-21', decision: 'APPROVE', bulk: false },
    { id: 'item-1', decision: 'REVOKE', bulk: false },
    { id: 'item-4', decision: 'APPROVE', bulk: false, proposedEndDate: FUTURE },
  ] }), 400, '400.1 Bad Request Content');
  assert.deepEqual(texts.map((t) => t.replace(/ \(.*now.*\)$/, '')), [
    '[1].proposedEndDate: 2020-01-01T00:00:00.000Z is not in the future',
    '[2].id: no review item "item-21" in certification "cert-1"',
    '[3].id: review item "item-1" is decided twice in this batch (first at [0])',
    '[4].proposedEndDate: only a REVOKE may have one',
  ]);
  assert.deepEqual((await admin.getIdentityCertification({ id: 'cert-1' })).data, before, 'nothing applied');

  await rejects(m1.getIdentityCertification({ id: 'cert-2' }), 403, '403 Forbidden');
  await rejects(m1.makeIdentityDecision({ id: 'cert-2', reviewDecision: [{ id: 'item-21', decision: 'APPROVE', bulk: false }] }),
    403, '403 Forbidden');
  await rejects(m1.signOffIdentityCertification({ id: 'cert-2' }), 403, '403 Forbidden');
  await rejects(m1.reassignIdentityCertifications({ id: 'cert-2',
    reviewReassign: { reassign: [{ id: 'item-21', type: 'ITEM' }], reassignTo: 'id-m1', reason: 'x' } }), 403, '403 Forbidden');
  assert.deepEqual(await rejects(admin.getIdentityCertification({ id: 'cert-nope' }), 404, '404 Not found'),
    ['certification "cert-nope" does not exist']);
  await rejects(admin.makeIdentityDecision({ id: 'cert-nope', reviewDecision: [{ id: 'x', decision: 'APPROVE', bulk: false }] }),
    404, '404 Not found');
  await rejects(admin.signOffIdentityCertification({ id: 'cert-nope' }), 404, '404 Not found');
  await rejects(admin.getCertificationTask({ id: 'task-nope' }), 404, '404 Not found');
  if (served('v3.listIdentityAccessReviewItems')) {
    await rejects(admin.listIdentityAccessReviewItems({ id: 'cert-nope' }), 404, '404 Not found');
    await rejects(m1.listIdentityAccessReviewItems({ id: 'cert-2' }), 403, '403 Forbidden');
    await rejects(admin.listIdentityAccessReviewItems({ id: 'cert-1', entitlements: 'ent-dba', roles: 'role-fin' }),
      400, '400.1 Bad Request Content');
  }
  if (served('v3.getIdentityDecisionSummary')) {
    await rejects((await client('c-m1')).summaries.getIdentityDecisionSummary({ id: 'cert-2' }), 403, '403 Forbidden');
  }
});
