// End-to-end: SailPoint's own TypeScript SDK (sailpoint-api-client, pinned in
// package.json) against a real recertd. The SDK gets its token the way it
// does against SailPoint (a multipart POST to {SAIL_BASE_URL}/oauth/token)
// and sends every request exactly as it would to the real service.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Configuration, CertificationsBetaApi, Paginator } from 'sailpoint-api-client';
import { startServer } from '../api/lib.mjs';
import { doc, SECRET } from '../api/fixture.mjs';
import { reporter } from './report.mjs';

// Coverage for docs/compatibility.md (tests/sdk/report.mjs): each optest
// names the beta operations it exercises.
const optest = reporter(import.meta.url);

const ALL = ['cert-1', 'cert-2', 'cert-3', 'cert-4', 'cert-5'];

let srv, admin, m1;

// A CertificationsBetaApi acting as clientId. Configuration reads the
// environment in its constructor and starts fetching the token at once;
// awaiting that promise here makes a token failure fail the setup.
async function client(clientId) {
  process.env.SAIL_BASE_URL = srv.base;
  process.env.SAIL_CLIENT_ID = clientId;
  process.env.SAIL_CLIENT_SECRET = SECRET;
  const config = new Configuration();
  assert.equal(config.tokenUrl, `${srv.base}/oauth/token`);
  assert.match(await config.accessToken, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  return new CertificationsBetaApi(config);
}

before(async () => {
  srv = await startServer({ doc, args: ['--rate-limit', 'off'] });
  admin = await client('c-admin');
  m1 = await client('c-m1');
});
after(async () => { await srv?.stop(); srv?.cleanup(); });

const ids = (res) => res.data.map((c) => c.id);

// Runs fn with console.log captured (the Paginator logs every page it asks for).
async function capturingLog(fn) {
  const lines = [];
  const orig = console.log;
  console.log = (...a) => lines.push(a.join(' '));
  try { return { result: await fn(), lines }; } finally { console.log = orig; }
}

// Asserts that promise fails with an SDK (axios) error carrying status and an
// ErrorResponseDto whose first message matches text; returns the body.
async function rejectsWith(promise, status, detailCode, text) {
  let body;
  await assert.rejects(promise, (err) => {
    assert.equal(err.isAxiosError, true, String(err));
    assert.equal(err.response?.status, status, JSON.stringify(err.response?.data));
    body = err.response.data;
    return true;
  });
  assert.equal(body.detailCode, detailCode);
  assert.match(body.trackingId, /^[0-9a-f]{32}$/);
  assert.equal(body.messages[0].locale, 'en-US');
  assert.equal(body.messages[0].localeOrigin, 'DEFAULT');
  if (typeof text === 'string') assert.equal(body.messages[0].text, text);
  else assert.match(body.messages[0].text, text);
  return body;
}

optest('listCertifications with no parameters returns every CertificationDto', ['listCertifications'], async () => {
  const res = await admin.listCertifications();
  assert.equal(res.status, 200);
  assert.deepEqual(ids(res).sort(), ALL);
  assert.equal(res.headers['x-total-count'], undefined);
  const c = res.data.find((x) => x.id === 'cert-1');
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
  const g = res.data.find((x) => x.id === 'cert-3');
  assert.deepEqual(g.reviewer, { type: 'GOVERNANCE_GROUP', id: 'gg-db', name: 'DB Owners', email: null });
});

optest('listCertifications: filters, sorters, limit/offset and count', ['listCertifications'], async () => {
  assert.deepEqual(ids(await admin.listCertifications({ filters: 'phase eq "ACTIVE"' })).sort(),
    ['cert-1', 'cert-2', 'cert-3']);
  assert.deepEqual(ids(await admin.listCertifications({ filters: 'campaignRef.id eq "camp-src"' })).sort(),
    ['cert-3', 'cert-4']);
  assert.deepEqual(ids(await admin.listCertifications({ filters: 'completed eq false and phase eq "ACTIVE"' })).sort(),
    ['cert-1', 'cert-3']);
  assert.deepEqual(ids(await admin.listCertifications({ sorters: '-due' })),
    ['cert-3', 'cert-1', 'cert-2', 'cert-4', 'cert-5']);
  assert.deepEqual(ids(await admin.listCertifications({ sorters: 'name', limit: 2, offset: 1 })),
    ['cert-2', 'cert-1']);

  let res = await admin.listCertifications({ count: true, sorters: 'name', limit: 2, offset: 1 });
  assert.equal(res.headers['x-total-count'], '5');
  assert.equal(res.data.length, 2);
  res = await admin.listCertifications({ count: true, filters: 'phase eq "ACTIVE"', limit: 1 });
  assert.equal(res.headers['x-total-count'], '3');
  assert.equal(res.data.length, 1);
});

optest('listCertifications: reviewerIdentitiy (sent as reviewer-identitiy)', ['listCertifications'], async () => {
  assert.deepEqual(ids(await admin.listCertifications({ reviewerIdentitiy: 'me' })), []);
  assert.deepEqual(ids(await admin.listCertifications({ reviewerIdentitiy: 'id-m1', sorters: 'name' })),
    ['cert-1', 'cert-4']);
  assert.deepEqual(ids(await m1.listCertifications({ reviewerIdentitiy: 'me', sorters: 'name' })),
    ['cert-1', 'cert-4']);
});

optest('a reviewer sees only its own certifications', ['listCertifications'], async () => {
  const res = await m1.listCertifications({ count: true });
  assert.deepEqual(ids(res).sort(), ['cert-1', 'cert-4']);
  assert.equal(res.headers['x-total-count'], '2');
  for (const c of res.data) assert.equal(c.reviewer.id, 'id-m1');
});

optest('Paginator.paginate walks every certification exactly once', ['listCertifications'], async () => {
  // 5 results by 2: pages of 2, 2, 1; the short page ends the walk.
  let { result, lines } = await capturingLog(() =>
    Paginator.paginate(admin, admin.listCertifications, { sorters: 'due' }, 2));
  assert.deepEqual(lines, [0, 2, 4].map((o) => `Paginating call, offset = ${o}`));
  assert.deepEqual(ids(result), ['cert-5', 'cert-4', 'cert-2', 'cert-1', 'cert-3']);

  // 4 results by 2: the last page is exactly full, so an empty page ends it.
  ({ result, lines } = await capturingLog(() =>
    Paginator.paginate(admin, admin.listCertifications,
      { filters: 'id in ("cert-1","cert-2","cert-3","cert-4")', sorters: 'name' }, 2)));
  assert.deepEqual(lines, [0, 2, 4].map((o) => `Paginating call, offset = ${o}`));
  assert.deepEqual(ids(result), ['cert-2', 'cert-1', 'cert-3', 'cert-4']);

  // Every certification, once, whatever the increment.
  for (const inc of [1, 3, 5, 250]) {
    ({ result } = await capturingLog(() => Paginator.paginate(admin, admin.listCertifications, {}, inc)));
    assert.deepEqual(ids(result).sort(), ALL, `increment ${inc}`);
  }
});

optest('listCertificationReviewers: a governance group lists its members', ['listCertificationReviewers'], async () => {
  const res = await admin.listCertificationReviewers({ id: 'cert-3', sorters: 'name' });
  assert.equal(res.status, 200);
  assert.deepEqual(res.data, [
    { type: 'IDENTITY', id: 'id-g1', name: 'Gus Groupmember', email: 'id-g1@example.com' },
    { type: 'IDENTITY', id: 'id-m2', name: 'Max Manager', email: 'id-m2@example.com' },
  ]);
  const counted = await admin.listCertificationReviewers({ id: 'cert-3', count: true, limit: 1, filters: 'id eq "id-m2"' });
  assert.deepEqual(counted.data.map((r) => r.id), ['id-m2']);
  assert.equal(counted.headers['x-total-count'], '1');
});

optest('getIdentityCertificationItemPermissions, with and without a filter', ['getIdentityCertificationItemPermissions'], async () => {
  const byTarget = (a, b) => a.target.localeCompare(b.target);
  let res = await admin.getIdentityCertificationItemPermissions({ certificationId: 'cert-1', itemId: 'item-1' });
  assert.equal(res.status, 200);
  assert.deepEqual([...res.data].sort(byTarget), [
    { rights: ['SELECT', 'UPDATE', 'DELETE'], target: 'HR.EMPLOYEES' },
    { rights: ['SELECT'], target: 'SYS.GV_$TRANSACTION' },
    { rights: ['CREATE', 'SELECT'], target: 'SYS.OBJAUTH2' },
  ]);
  res = await m1.getIdentityCertificationItemPermissions({
    certificationId: 'cert-1', itemId: 'item-1',
    filters: 'rights ca ("CREATE") and target eq "SYS.OBJAUTH2"', count: true,
  });
  assert.deepEqual(res.data, [{ rights: ['CREATE', 'SELECT'], target: 'SYS.OBJAUTH2' }]);
  assert.equal(res.headers['x-total-count'], '1');
});

optest('submitReassignCertsAsync moves an item to a new certification', ['submitReassignCertsAsync', 'getIdentityCertificationTaskStatus', 'getIdentityCertificationPendingTasks', 'listCertifications'], async () => {
  const was = (await admin.listCertifications({ filters: 'id eq "cert-1"' })).data[0];
  assert.equal(was.decisionsTotal, 5);

  const reason = 'Max knows the Reader role better';
  const sub = await m1.submitReassignCertsAsync({
    id: 'cert-1',
    reviewReassignBeta: { reassign: [{ id: 'item-3', type: 'ITEM' }], reassignTo: 'id-m2', reason },
  });
  assert.equal(sub.status, 200);
  const task = sub.data;
  assert.equal(typeof task.id, 'string');
  assert.ok(task.id.length > 0);
  assert.equal(task.certificationId, 'cert-1');
  assert.equal(task.type, 'REASSIGN');
  assert.ok(['QUEUED', 'IN_PROGRESS', 'SUCCESS'].includes(task.status), task.status);
  assert.deepEqual(task.errors, []);

  // Poll the task, for 10 s at most.
  let status;
  for (const deadline = Date.now() + 10_000; ;) {
    status = (await m1.getIdentityCertificationTaskStatus({ id: 'cert-1', taskId: task.id })).data;
    if (status.status === 'SUCCESS' || status.status === 'ERROR' || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.deepEqual(status, { id: task.id, certificationId: 'cert-1', type: 'REASSIGN', status: 'SUCCESS', errors: [] });

  const pending = await admin.getIdentityCertificationPendingTasks({ id: 'cert-1' });
  assert.equal(pending.status, 200);
  assert.deepEqual(pending.data, []);

  const now = (await admin.listCertifications({ filters: 'id eq "cert-1"' })).data[0];
  assert.equal(now.decisionsTotal, 4);

  const mine = await admin.listCertifications({ reviewerIdentitiy: 'id-m2' });
  const created = mine.data.filter((c) => c.reassignment?.from?.id === 'cert-1');
  assert.equal(created.length, 1, JSON.stringify(mine.data));
  const [n] = created;
  assert.ok(!ALL.includes(n.id));
  assert.deepEqual(n.reviewer, { type: 'IDENTITY', id: 'id-m2', name: 'Max Manager', email: 'id-m2@example.com' });
  assert.equal(n.reassignment.from.type, 'CERTIFICATION');
  assert.equal(n.reassignment.from.reviewer?.id, 'id-m1');
  assert.equal(n.reassignment.comment, reason);
  assert.equal(n.campaignRef.id, 'camp-q4');
  assert.equal(n.decisionsTotal, 1);

  // The new reviewer sees it through 'me'; the old one does not.
  const m2 = await client('c-m2');
  assert.ok(ids(await m2.listCertifications({ reviewerIdentitiy: 'me' })).includes(n.id));
  assert.ok(!ids(await m1.listCertifications()).includes(n.id));
});

optest('SDK errors carry the status and the ErrorResponseDto', ['listCertificationReviewers', 'getIdentityCertificationPendingTasks', 'listCertifications'], async () => {
  await rejectsWith(admin.listCertificationReviewers({ id: 'cert-nope' }),
    404, '404 Not found', 'certification "cert-nope" does not exist');
  await rejectsWith(admin.getIdentityCertificationPendingTasks({ id: 'cert-nope' }),
    404, '404 Not found', /cert-nope/);
  await rejectsWith(admin.listCertifications({ filters: 'owner eq "x"' }),
    400, '400.1 Bad Request Content', 'filters: unknown field "owner" at position 1');
  await rejectsWith(admin.listCertifications({ sorters: 'due2' }),
    400, '400.1 Bad Request Content', 'sorters: "due2" is not sortable; use name, due, signed');
  await rejectsWith(m1.listCertificationReviewers({ id: 'cert-2' }),
    403, '403 Forbidden', /cert-2/);
});
