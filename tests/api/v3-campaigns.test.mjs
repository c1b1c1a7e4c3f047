// v3 campaigns (workflow.md §2-4, §7): list and get (imported campaigns
// keep their status), create with the generation task (MANAGER, SEARCH by
// identityIds with accessConstraints and a reviewer, the no-self-review
// rule, nothing to review), activate, complete (APPROVE and REVOKE),
// delete, patch. The certifications a campaign should get are computed
// here from the fixture, never asked of the server. The tests run in file
// order and build on each other.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, token, call, SQLITE_ONLY } from './lib.mjs';
import { doc as baseDoc, SECRET } from './fixture.mjs';
import { sleep } from './serve-on.mjs';

const FUTURE = '2031-03-31T00:00:00.000Z';
const PAST = '2020-01-01T00:00:00.000Z';

function makeDoc() {
  const d = structuredClone(baseDoc);
  d.assignments.push(
    { identityId: 'id-s2', accessType: 'ENTITLEMENT', accessId: 'ent-read' },
    { identityId: 'id-s2', accessType: 'ACCESS_PROFILE', accessId: 'ap-hr' },
    { identityId: 'id-s3', accessType: 'ENTITLEMENT', accessId: 'ent-dba' },
    { identityId: 'id-s3', accessType: 'ENTITLEMENT', accessId: 'ent-git' },
    { identityId: 'id-s4', accessType: 'ROLE', accessId: 'role-fin' },
    { identityId: 'id-m2', accessType: 'ENTITLEMENT', accessId: 'ent-read' },
    // No manager: left out of MANAGER campaigns (one INFO alert).
    { identityId: 'id-admin', accessType: 'ENTITLEMENT', accessId: 'ent-git' },
  );
  return d;
}
const DOC = makeDoc();
// The org's assignments as the tests change them (a REVOKE removes one).
let held = DOC.assignments.map((a) => ({ ...a }));
const ident = Object.fromEntries(DOC.identities.map((i) => [i.id, i]));

let srv, admin, certadmin, m1, helpdesk;
before(async () => {
  srv = await startServer({ doc: DOC, args: ['--rate-limit', 'off'] });
  const t = (c) => token(srv.base, c, SECRET);
  [admin, certadmin, m1, helpdesk] = await Promise.all(['c-admin', 'c-certadmin', 'c-m1', 'c-helpdesk'].map(t));
});
after(async () => { await srv.stop(); srv.cleanup(); });

const get = (path, tok, query) => call(srv.base, path, { tok, query });
const post = (path, tok, body) => call(srv.base, path, { method: 'POST', tok, body });
const patch = (path, tok, body, type = 'application/json-patch+json') =>
  call(srv.base, path, { method: 'PATCH', tok, body: JSON.stringify(body), headers: { 'content-type': type } });
const messages = (r) => r.body.messages.map((m) => m.text);
const create = (body) => post('/v3/campaigns', admin, { description: null, ...body });

function sql(query) {
  const r = spawnSync('sqlite3', ['-json', srv.db, query], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim() ? JSON.parse(r.stdout) : [];
}

async function until(what, fn) {
  for (let i = 0; i < 400; i++) {
    const v = await fn();
    if (v) return v;
    await sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}
const campaign = async (id, detail) => (await get(`/v3/campaigns/${id}`, admin, detail ? { detail } : undefined)).body;
const settledIn = (id, ...statuses) => until(`campaign ${id} in ${statuses}`, async () => {
  const c = await campaign(id);
  return statuses.includes(c.status) ? c : null;
});
const certsOf = async (id) =>
  (await get('/v3/certifications', admin, { filters: `campaign.id eq "${id}"`, limit: '250' })).body;

// The expected certifications of a generation, from the fixture alone:
// reviewer id -> sorted "identity/type/access" strings.
function expected({ identityIds, reviewer, constraints } = {}) {
  const out = {};
  const subjects = identityIds ?? DOC.identities.map((i) => i.id);
  const members = reviewer?.type === 'GOVERNANCE_GROUP'
    ? DOC.governanceGroups.find((g) => g.id === reviewer.id).memberIds : [];
  for (const id of subjects) {
    const access = held.filter((a) => a.identityId === id && (!constraints || constraints.some((k) =>
      k.type === a.accessType && (k.operator === 'ALL' || k.ids.includes(a.accessId)))));
    if (!access.length) continue;
    let by = reviewer ? reviewer.id : ident[id].managerId;
    if (reviewer && (reviewer.id === id || members.includes(id))) by = ident[id].managerId;
    if (!by) continue;
    for (const a of access) (out[by] ??= []).push(`${a.identityId}/${a.accessType}/${a.accessId}`);
  }
  for (const k of Object.keys(out)) out[k].sort();
  return out;
}
// What the store holds for a campaign, in the same form (SQLite only).
function generated(campaignId) {
  const out = {};
  for (const r of sql(`SELECT c.reviewer_id AS r, i.identity_id AS i, i.access_type AS t, i.access_id AS a
      FROM certification c JOIN review_item i ON i.certification_id = c.id WHERE c.campaign_id = '${campaignId}'`)) {
    (out[r.r] ??= []).push(`${r.i}/${r.t}/${r.a}`);
  }
  for (const k of Object.keys(out)) out[k].sort();
  return out;
}
const texts = (c, level) => c.alerts.filter((a) => a.level === level).map((a) => a.localizations[0].text);

// ---------------------------------------------------------------- reads

test('GET /v3/campaigns: imported campaigns keep their status; counts from their certifications', async () => {
  const r = await get('/v3/campaigns', admin, { count: 'true' });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('x-total-count'), '2');
  const byId = Object.fromEntries(r.body.map((c) => [c.id, c]));
  for (const c of DOC.campaigns) {
    const certs = DOC.certifications.filter((x) => x.campaignId === c.id);
    assert.deepEqual(
      [byId[c.id].name, byId[c.id].status, byId[c.id].type, byId[c.id].deadline, byId[c.id].description],
      [c.name, c.status, c.type, c.deadline, c.description]);
    assert.equal(byId[c.id].totalCertifications, certs.length);
    assert.equal(byId[c.id].completedCertifications, certs.filter((x) => x.phase === 'SIGNED').length);
    assert.deepEqual(byId[c.id].alerts, []);
    assert.equal(byId[c.id].modified, undefined, 'SLIM by default');
  }
  const full = await get('/v3/campaigns', admin, { detail: 'FULL' });
  assert.equal(full.body[0].mandatoryCommentRequirement !== undefined, true);
  assert.ok(full.body.every((c) => c.modified && c.sunsetCommentsRequired === true));
});

test('GET /v3/campaigns: filters, sorters, paging; bad parameters are 400s', async () => {
  const ids = async (query) => (await get('/v3/campaigns', admin, query)).body.map((c) => c.id);
  assert.deepEqual(await ids({ filters: 'name sw "q4"' }), ['camp-q4']);
  assert.deepEqual(await ids({ filters: 'name eq "source owner review"' }), ['camp-src']);
  assert.deepEqual(await ids({ filters: 'status in ("ACTIVE", "STAGED")', sorters: 'name' }), ['camp-q4', 'camp-src']);
  assert.deepEqual(await ids({ filters: 'id eq "camp-src"' }), ['camp-src']);
  assert.deepEqual(await ids({ sorters: '-name' }), ['camp-src', 'camp-q4']);
  assert.deepEqual(await ids({ sorters: 'name', limit: '1', offset: '1' }), ['camp-src']);
  for (const [query, why] of [
    [{ filters: 'type eq "MANAGER"' }, /unknown field "type"/],
    [{ filters: 'name co "Q"' }, /operator "co" is not allowed on "name"/],
    [{ sorters: 'deadline' }, /deadline/],
    [{ detail: 'BIG' }, /detail: must be SLIM or FULL \(got "BIG"\)/],
  ]) {
    const r = await get('/v3/campaigns', admin, query);
    assert.equal(r.status, 400, JSON.stringify(query));
    assert.match(messages(r).join('\n'), why);
  }
});

test('campaigns: ORG_ADMIN and CERT_ADMIN only; 404 for an unknown campaign', async () => {
  assert.equal((await get('/v3/campaigns', certadmin)).status, 200);
  for (const tok of [m1, helpdesk]) {
    assert.equal((await get('/v3/campaigns', tok)).status, 403);
    assert.equal((await get('/v3/campaigns/camp-q4', tok)).status, 403);
    assert.equal((await post('/v3/campaigns', tok, { name: 'x', description: null, type: 'MANAGER' })).status, 403);
    assert.equal((await post('/v3/campaigns/camp-q4/activate', tok)).status, 403);
    assert.equal((await post('/v3/campaigns/delete', tok, { ids: ['camp-q4'] })).status, 403);
  }
  const r = await get('/v3/campaigns/camp-nope', admin);
  assert.equal(r.status, 404);
  assert.match(messages(r)[0], /no campaign "camp-nope"/);
  const one = await get('/v3/campaigns/camp-src', certadmin, { detail: 'FULL' });
  assert.equal(one.status, 200);
  assert.equal(one.body.correlatedStatus, 'UNCORRELATED');
  assert.equal(one.body.mandatoryCommentRequirement, 'REVOKE_ONLY_DECISIONS');
});

// ---------------------------------------------------------------- create

test('POST /v3/campaigns: each shape problem is a 400 naming the field and the value', async () => {
  for (const [body, why] of [
    [{ description: null, type: 'MANAGER' }, /^name: required$/],
    [{ name: 'x', type: 'MANAGER' }, /^description: required \(a string, or null\)$/],
    [{ name: 'x', description: null }, /^type: required$/],
    [{ name: 7, description: null, type: 'MANAGER' }, /^name: must be a non-empty string \(got a number\)$/],
    [{ name: 'x', description: null, type: 'WEEKLY' },
      /^type: must be MANAGER, SOURCE_OWNER, SEARCH, ROLE_COMPOSITION or MACHINE_ACCOUNT \(got "WEEKLY"\)$/],
    [{ name: 'x', description: null, type: 'MANAGER', deadline: 'soon' }, /^deadline: must be an RFC 3339 date-time.*\(got "soon"\)$/],
    [{ name: 'x', description: null, type: 'MANAGER', deadline: PAST }, /^deadline: 2020-01-01T00:00:00.000Z is not in the future/],
    [{ name: 'x', description: null, type: 'MANAGER', autoRevokeAllowed: 'yes' }, /^autoRevokeAllowed: must be true or false \(got a string\)$/],
    [{ name: 'x', description: null, type: 'MANAGER', mandatoryCommentRequirement: 'SOME' },
      /^mandatoryCommentRequirement: must be ALL_DECISIONS, REVOKE_ONLY_DECISIONS or NO_DECISIONS \(got "SOME"\)$/],
    [{ name: 'x', description: null, type: 'ROLE_COMPOSITION' }, /campaign type ROLE_COMPOSITION is not supported/],
    [{ name: 'x', description: null, type: 'MACHINE_ACCOUNT' }, /campaign type MACHINE_ACCOUNT is not supported/],
    [{ name: 'x', description: null, type: 'SEARCH' }, /^searchCampaignInfo: required for a SEARCH campaign$/],
    [{ name: 'x', description: null, type: 'SEARCH', searchCampaignInfo: { type: 'IDENTITY', query: 'name:a*' } },
      /^searchCampaignInfo.query: search queries are not supported/],
    [{ name: 'x', description: null, type: 'SEARCH', searchCampaignInfo: { type: 'IDENTITY', identityIds: ['id-s1', 'id-zz'] } },
      /^searchCampaignInfo.identityIds\[1\]: no identity "id-zz"$/],
    [{ name: 'x', description: null, type: 'SEARCH', searchCampaignInfo: { type: 'IDENTITY', identityIds: ['id-s1'],
      accessConstraints: [{ type: 'ENTITLEMENT', operator: 'SELECTED' }] } },
      /^searchCampaignInfo.accessConstraints\[0\].ids: required with operator SELECTED/],
    [{ name: 'x', description: null, type: 'SEARCH', searchCampaignInfo: { type: 'IDENTITY', identityIds: ['id-s1'],
      reviewer: { type: 'GOVERNANCE_GROUP', id: 'gg-none' } } }, /^searchCampaignInfo.reviewer.id: no governance group "gg-none"$/],
  ]) {
    const r = await post('/v3/campaigns', admin, body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.ok(messages(r).some((m) => why.test(m)), `${JSON.stringify(body)}: ${messages(r)}`);
  }
  const total = (await get('/v3/campaigns', admin, { count: 'true' })).headers.get('x-total-count');
  assert.equal(total, '2', 'nothing was created');
});

let mgr; // the MANAGER campaign, no deadline
test('create MANAGER: 202 PENDING with a CAMPAIGN_CREATE task; generated in one go to STAGED', async () => {
  const r = await create({ name: 'Spring Review', description: 'all managers', type: 'MANAGER',
    deadline: null, shinyNewField: { ignored: true }, autoRevokeAllowed: false });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  assert.equal(r.body.status, 'PENDING');
  assert.equal(r.body.name, 'Spring Review');
  assert.equal(r.body.deadline, null);
  assert.equal(r.body.totalCertifications, 0);
  assert.equal(r.body.shinyNewField, undefined);
  mgr = r.body.id;
  assert.match(mgr, /^[0-9a-f]{32}$/);
  const c = await settledIn(mgr, 'STAGED', 'ERROR');
  assert.equal(c.status, 'STAGED');
  const want = expected();
  assert.equal(c.totalCertifications, Object.keys(want).length);
  assert.equal(c.completedCertifications, 0);
  // One identity holding access has no manager (id-admin).
  assert.deepEqual(texts(c, 'INFO'), ['1 identity holding access has no manager and is not reviewed']);
  const certs = await certsOf(mgr);
  assert.deepEqual(certs.map((x) => x.reviewer.id).sort(), Object.keys(want).sort());
  for (const cert of certs) {
    const items = want[cert.reviewer.id];
    assert.equal(cert.phase, 'STAGED');
    assert.equal(cert.name, `Spring Review for ${ident[cert.reviewer.id].name}`);
    assert.equal(cert.decisionsTotal, items.length);
    assert.equal(cert.decisionsMade, 0);
    assert.equal(cert.identitiesTotal, new Set(items.map((s) => s.split('/')[0])).size);
    assert.equal(cert.completed, false);
    assert.equal(cert.campaign.campaignType, 'MANAGER');
  }
  if (!SQLITE_ONLY) assert.deepEqual(generated(mgr), want);
  // The task is readable and ended SUCCESS.
  if (!SQLITE_ONLY) {
    const [task] = sql(`SELECT id FROM task WHERE target_id = '${mgr}' AND type = 'CAMPAIGN_CREATE'`);
    const t = await get(`/v3/certification-tasks/${task.id}`, admin);
    assert.equal(t.status, 200);
    assert.deepEqual([t.body.type, t.body.targetType, t.body.targetId, t.body.status],
      ['CAMPAIGN_CREATE', 'CAMPAIGN', mgr, 'SUCCESS']);
    assert.equal((await get(`/v3/certification-tasks/${task.id}`, m1)).status, 403);
  }
});

test('create SEARCH: identityIds narrowed by accessConstraints, one certification per manager', async () => {
  const info = { type: 'IDENTITY', identityIds: ['id-s1', 'id-s2', 'id-s3', 'id-m2'],
    accessConstraints: [{ type: 'ENTITLEMENT', operator: 'SELECTED', ids: ['ent-dba', 'ent-read'] },
      { type: 'ROLE', operator: 'ALL' }] };
  const r = await create({ name: 'Search A', type: 'SEARCH', deadline: FUTURE, searchCampaignInfo: info });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  assert.deepEqual(r.body.searchCampaignInfo, info);
  const c = await settledIn(r.body.id, 'STAGED', 'ERROR');
  assert.equal(c.status, 'STAGED');
  const want = expected({ identityIds: info.identityIds, constraints: info.accessConstraints });
  assert.equal(c.totalCertifications, Object.keys(want).length);
  assert.deepEqual(c.alerts, []);
  const certs = await certsOf(r.body.id);
  for (const cert of certs) {
    assert.equal(cert.decisionsTotal, want[cert.reviewer.id].length);
    assert.equal(cert.due, FUTURE);
  }
  if (!SQLITE_ONLY) assert.deepEqual(generated(r.body.id), want);
  const full = await campaign(r.body.id, 'FULL');
  assert.deepEqual(full.searchCampaignInfo, info);
});

test('create SEARCH with a reviewer: no self-review (to the manager, WARN; without a manager, ERROR)', async () => {
  // id-s3 reviews; its own access goes to its manager id-m2.
  let info = { type: 'IDENTITY', identityIds: ['id-s3', 'id-s4'], reviewer: { type: 'IDENTITY', id: 'id-s3' } };
  let r = await create({ name: 'Peer Review', type: 'SEARCH', searchCampaignInfo: info });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  let c = await settledIn(r.body.id, 'STAGED', 'ERROR');
  let want = expected({ identityIds: info.identityIds, reviewer: info.reviewer });
  assert.deepEqual(Object.keys(want).sort(), ['id-m2', 'id-s3']);
  assert.deepEqual(texts(c, 'WARN'), ['identity "Sid Subject" (id-s3) would review their own access; it is'
    + ' reviewed by their manager "Max Manager" (id-m2) instead']);
  assert.equal(c.totalCertifications, 2);
  if (!SQLITE_ONLY) assert.deepEqual(generated(r.body.id), want);

  // A governance group reviews; its member id-m2 goes to id-admin.
  info = { type: 'IDENTITY', identityIds: ['id-m2', 'id-s1'], reviewer: { type: 'GOVERNANCE_GROUP', id: 'gg-db' } };
  r = await create({ name: 'Group Review', type: 'SEARCH', searchCampaignInfo: info });
  c = await settledIn(r.body.id, 'STAGED', 'ERROR');
  want = expected({ identityIds: info.identityIds, reviewer: info.reviewer });
  assert.deepEqual(Object.keys(want).sort(), ['gg-db', 'id-admin']);
  const certs = await certsOf(r.body.id);
  const group = certs.find((x) => x.reviewer.id === 'gg-db');
  assert.equal(group.reviewer.type, 'GOVERNANCE_GROUP');
  assert.equal(group.name, 'Group Review for DB Owners');
  assert.equal(texts(c, 'WARN').length, 1);
  if (!SQLITE_ONLY) assert.deepEqual(generated(r.body.id), want);

  // id-admin has no manager: its access is left out, and nothing is left.
  info = { type: 'IDENTITY', identityIds: ['id-admin'], reviewer: { type: 'IDENTITY', id: 'id-admin' } };
  r = await create({ name: 'Self Review', type: 'SEARCH', searchCampaignInfo: info });
  c = await settledIn(r.body.id, 'STAGED', 'ERROR');
  assert.equal(c.status, 'ERROR');
  assert.deepEqual(texts(c, 'ERROR'), [
    'identity "Ada Admin" (id-admin) would review their own access and has no manager to review it instead; that access is not reviewed',
    'campaign "Self Review" has nothing to review: none of the 1 identity of searchCampaignInfo.identityIds holds any access']);
  assert.equal(c.totalCertifications, 0);
});

test('create: nothing to review is an ERROR campaign with an alert; its task ended ERROR', async () => {
  const r = await create({ name: 'Empty', type: 'SEARCH',
    searchCampaignInfo: { type: 'IDENTITY', identityIds: ['id-certadmin'] } });
  const c = await settledIn(r.body.id, 'STAGED', 'ERROR');
  assert.equal(c.status, 'ERROR');
  assert.equal(texts(c, 'ERROR').length, 1);
  assert.match(texts(c, 'ERROR')[0], /has nothing to review/);
  if (!SQLITE_ONLY) {
    const [task] = sql(`SELECT id FROM task WHERE target_id = '${r.body.id}'`);
    const t = await get(`/v3/certification-tasks/${task.id}`, admin);
    assert.equal(t.body.status, 'ERROR');
    assert.match(t.body.errors[0].text, /has nothing to review/);
  }
});

// ---------------------------------------------------------------- patch, activate

test('PATCH: application/json-patch+json only; STAGED paths; a 400 names the path', async () => {
  const path = `/v3/campaigns/${mgr}`;
  let r = await patch(path, admin, [{ op: 'replace', path: '/name', value: 'x' }], 'application/json');
  assert.equal(r.status, 400);
  assert.match(messages(r)[0], /Content-Type must be application\/json-patch\+json/);
  r = await patch(path, admin, [{ op: 'replace', path: '/type', value: 'SEARCH' }]);
  assert.equal(r.status, 400);
  assert.match(messages(r)[0], /^\[0\].path: \/type cannot be changed while campaign "[0-9a-f]+" is STAGED/);
  r = await patch(path, admin, [{ op: 'replace', path: '/deadline', value: PAST }]);
  assert.equal(r.status, 400);
  assert.match(messages(r)[0], /^\[0\].value: \/deadline 2020-01-01T00:00:00.000Z is not in the future/);
  r = await patch(path, admin, [{ op: 'replace', path: '/autoRevokeAllowed', value: 'yes' },
    { op: 'move', path: '/name', from: '/description' }]);
  assert.deepEqual(messages(r), ['[0].value: /autoRevokeAllowed must be true or false',
    '[1].op: must be replace, add or remove (got "move")']);
  r = await patch('/v3/campaigns/camp-nope', admin, [{ op: 'replace', path: '/name', value: 'x' }]);
  assert.equal(r.status, 404);
  r = await patch(path, admin, [{ op: 'replace', path: '/name', value: 'Spring Review 2' },
    { op: 'replace', path: '/description', value: null }, { op: 'replace', path: '/autoRevokeAllowed', value: true },
    { op: 'add', path: '/emailNotificationEnabled', value: true }]);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual([r.body.name, r.body.description, r.body.autoRevokeAllowed, r.body.emailNotificationEnabled,
    r.body.recommendationsEnabled, r.body.deadline], ['Spring Review 2', null, true, true, false, null]);
  assert.equal(r.body.modified, undefined, 'the answer is a SlimCampaign');
});

let activated;
test('activate: STAGED only, before the deadline; ACTIVATING, then ACTIVE with ACTIVE certifications', async () => {
  let r = await post('/v3/campaigns/camp-q4/activate', admin);
  assert.equal(r.status, 400);
  assert.match(messages(r)[0], /campaign "camp-q4" is ACTIVE: only a STAGED campaign can be activated/);
  assert.equal((await post('/v3/campaigns/camp-nope/activate', admin)).status, 404);
  r = await post(`/v3/campaigns/${mgr}/activate`, admin, { timeZone: 'Mars/Olympus' });
  assert.equal(r.status, 400);
  assert.match(messages(r)[0], /^timeZone: must be Z or an ISO 8601 offset/);
  r = await post(`/v3/campaigns/${mgr}/activate`, certadmin, { timeZone: '-08:00' });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  assert.deepEqual([r.body.type, r.body.targetType, r.body.targetId], ['ACTIVATE_CAMPAIGN', 'CAMPAIGN', mgr]);
  activated = r.body.id;
  const again = await post(`/v3/campaigns/${mgr}/activate`, admin);
  assert.equal(again.status, 400, 'ACTIVATING or ACTIVE by now');
  await settledIn(mgr, 'ACTIVE');
  assert.ok((await certsOf(mgr)).every((c) => c.phase === 'ACTIVE'));
  const t = await get(`/v3/certification-tasks/${activated}`, admin);
  assert.equal(t.body.status, 'SUCCESS');
  // ACTIVE: only the deadline may change.
  r = await patch(`/v3/campaigns/${mgr}`, admin, [{ op: 'replace', path: '/name', value: 'late' }]);
  assert.equal(r.status, 400);
  assert.match(messages(r)[0], /\/name cannot be changed while campaign "[0-9a-f]+" is ACTIVE \(ACTIVE allows \/deadline\)/);
});

test('activate: a deadline that passed is a 400 (patch a later one first)', async () => {
  const r = await create({ name: 'Due Soon', type: 'SEARCH', deadline: new Date(Date.now() + 1500).toISOString(),
    searchCampaignInfo: { type: 'IDENTITY', identityIds: ['id-s1'] } });
  const id = r.body.id;
  await settledIn(id, 'STAGED');
  await sleep(1600);
  let a = await post(`/v3/campaigns/${id}/activate`, admin);
  assert.equal(a.status, 400);
  assert.match(messages(a)[0], /cannot be activated: its deadline .* is not in the future/);
  const p = await patch(`/v3/campaigns/${id}`, admin, [{ op: 'replace', path: '/deadline', value: FUTURE }]);
  assert.equal(p.status, 200);
  assert.equal(p.body.deadline, FUTURE);
  assert.ok((await certsOf(id)).every((c) => c.due === FUTURE), 'certifications follow the deadline');
  // The options may be left out as the JSON null (the Go SDK sends that).
  a = await call(srv.base, `/v3/campaigns/${id}/activate`,
    { method: 'POST', tok: admin, headers: { 'content-type': 'application/json' }, body: 'null' });
  assert.equal(a.status, 202, JSON.stringify(a.body));
  await settledIn(id, 'ACTIVE');
});

// ---------------------------------------------------------------- complete

test('complete: ACTIVE and past due (or no deadline) only; REVOKE only with autoRevokeAllowed', async () => {
  let r = await post('/v3/campaigns/camp-q4/complete', admin, {});
  assert.equal(r.status, 400);
  assert.match(messages(r)[0], /campaign "camp-q4" is not past due: its deadline 2026-12-31T23:59:59.000Z is after now/);
  r = await post(`/v3/campaigns/${mgr}/complete`, admin, { autoCompleteAction: 'MAYBE' });
  assert.equal(r.status, 400);
  assert.match(messages(r)[0], /^autoCompleteAction: must be APPROVE or REVOKE \(got "MAYBE"\)$/);
  const staged = (await get('/v3/campaigns', admin, { filters: 'name eq "Search A"' })).body[0];
  r = await post(`/v3/campaigns/${staged.id}/complete`, admin);
  assert.equal(r.status, 400);
  assert.match(messages(r)[0], /is STAGED: only an ACTIVE campaign can be completed/);
});

test('complete APPROVE: every undecided item approved ("auto-completed"), every certification signed, COMPLETED', async () => {
  const before = await certsOf(mgr);
  // One decision made by its reviewer first: it is kept.
  const c1 = before.find((c) => c.reviewer.id === 'id-m1');
  let firstItem;
  if (!SQLITE_ONLY) {
    [firstItem] = sql(`SELECT id FROM review_item WHERE certification_id = '${c1.id}' ORDER BY id LIMIT 1`);
    const d = await post(`/v3/certifications/${c1.id}/decide`, m1, [{ id: firstItem.id, decision: 'APPROVE', bulk: false, comments: 'mine' }]);
    assert.equal(d.status, 200, JSON.stringify(d.body));
  }
  const r = await post(`/v3/campaigns/${mgr}/complete`, admin);
  assert.equal(r.status, 202, JSON.stringify(r.body));
  assert.equal(r.body.type, 'COMPLETE_CAMPAIGN');
  const c = await settledIn(mgr, 'COMPLETED');
  assert.equal(c.completedCertifications, c.totalCertifications);
  const after = await certsOf(mgr);
  assert.ok(after.every((x) => x.phase === 'SIGNED' && x.completed && x.decisionsMade === x.decisionsTotal));
  if (!SQLITE_ONLY) {
    const rows = sql(`SELECT i.id, i.decision, i.comments, i.decided_by FROM review_item i JOIN certification c
      ON c.id = i.certification_id WHERE c.campaign_id = '${mgr}'`);
    for (const row of rows) {
      if (row.id === firstItem.id) assert.deepEqual([row.decision, row.comments, row.decided_by], ['APPROVE', 'mine', 'id-m1']);
      else assert.deepEqual([row.decision, row.comments, row.decided_by], ['APPROVE', 'auto-completed', 'id-admin']);
    }
  }
  assert.deepEqual((await get(`/recert/v1/campaigns/${mgr}/remediations`, admin)).body, []);
});

let revoked;
test('complete REVOKE: undecided items revoked and remediated, then COMPLETED', async () => {
  const info = { type: 'IDENTITY', identityIds: ['id-s3'],
    accessConstraints: [{ type: 'ENTITLEMENT', operator: 'SELECTED', ids: ['ent-dba'] }] };
  let r = await create({ name: 'Revoke Me', type: 'SEARCH', autoRevokeAllowed: true, searchCampaignInfo: info });
  revoked = r.body.id;
  await settledIn(revoked, 'STAGED');
  if (!SQLITE_ONLY) assert.deepEqual(generated(revoked), expected({ identityIds: info.identityIds, constraints: info.accessConstraints }));
  assert.equal((await post(`/v3/campaigns/${revoked}/activate`, admin)).status, 202);
  await settledIn(revoked, 'ACTIVE');
  r = await post(`/v3/campaigns/${revoked}/complete`, admin, { autoCompleteAction: 'REVOKE' });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  await settledIn(revoked, 'COMPLETED');
  const rows = (await get(`/recert/v1/campaigns/${revoked}/remediations`, admin)).body;
  assert.equal(rows.length, 1);
  assert.deepEqual([rows[0].identityId, rows[0].accessType, rows[0].accessId, rows[0].comments, rows[0].decidedBy],
    ['id-s3', 'ENTITLEMENT', 'ent-dba', 'auto-completed', 'id-admin']);
  assert.ok(rows[0].removed);
  held = held.filter((a) => !(a.identityId === 'id-s3' && a.accessId === 'ent-dba'));
  if (!SQLITE_ONLY) {
    assert.equal(sql(`SELECT count(*) AS n FROM assignment WHERE identity_id = 'id-s3' AND access_id = 'ent-dba'`)[0].n, 0);
  }
});

test('a campaign generated after a removal no longer sees that access', async () => {
  const r = await create({ name: 'After Revoke', type: 'MANAGER' });
  await settledIn(r.body.id, 'STAGED');
  if (!SQLITE_ONLY) assert.deepEqual(generated(r.body.id), expected());
});

// ---------------------------------------------------------------- delete

test('delete: shape, unknown ids (404), and campaigns still at work (400); nothing queued then', async () => {
  for (const [body, status, why] of [
    [{}, 400, /^ids: required/],
    [{ ids: [] }, 400, /^ids: must be an array of 1 or more campaign ids \(got an empty array\)$/],
    [{ ids: [7] }, 400, /^ids\[0\]: must be a non-empty string \(got a number\)$/],
    [{ ids: ['camp-q4', 'camp-nope'] }, 404, /^ids\[1\]: no campaign "camp-nope"$/],
    [{ ids: ['camp-q4', 'CAMP-Q4'] }, 400, /^ids\[1\]: campaign "CAMP-Q4" is listed twice \(first at ids\[0\]\)$/],
  ]) {
    const r = await post('/v3/campaigns/delete', admin, body);
    assert.equal(r.status, status, JSON.stringify(body));
    assert.match(messages(r)[0], why);
  }
  if (!SQLITE_ONLY) {
    // A campaign being worked on (set so here; the API moves through these
    // states too fast to catch).
    spawnSync('sqlite3', [srv.db, "UPDATE campaign SET status = 'COMPLETING' WHERE id = 'camp-src'"]);
    const r = await post('/v3/campaigns/delete', admin, { ids: ['camp-src'] });
    assert.equal(r.status, 400);
    assert.match(messages(r)[0], /^ids\[0\]: campaign "camp-src" is COMPLETING and cannot be deleted until it is STAGED, ACTIVE, COMPLETED or ERROR$/);
    spawnSync('sqlite3', [srv.db, "UPDATE campaign SET status = 'ACTIVE' WHERE id = 'camp-src'"]);
    assert.equal(sql("SELECT count(*) AS n FROM task WHERE type = 'CAMPAIGN_DELETE'")[0].n, 0);
  }
});

test('delete: campaign, certifications and items gone (404); tasks and remediation records stay, future removals cancelled', async () => {
  // camp-q4: a reviewer revokes with a future end date and signs off every
  // certification but one; the remaining one is signed too.
  const certs = await certsOf('camp-q4');
  const cert1 = certs.find((c) => c.id === 'cert-1');
  let r = await post('/v3/certifications/cert-1/decide', admin, ['item-1', 'item-2', 'item-3', 'item-4', 'item-5']
    .map((id) => ({ id, decision: id === 'item-5' ? 'REVOKE' : 'APPROVE', bulk: false,
      ...(id === 'item-5' ? { proposedEndDate: FUTURE } : {}) })));
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal((await post('/v3/certifications/cert-1/sign-off', admin)).status, 200);
  assert.ok(cert1);
  const rows = (await get('/recert/v1/campaigns/camp-q4/remediations', admin)).body;
  assert.equal(rows.length, 1);
  assert.equal(rows[0].cancelled, null);
  r = await post('/v3/campaigns/delete', admin, { ids: ['camp-q4', revoked] });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  assert.deepEqual(r.body, {});
  await until('camp-q4 gone', async () => (await get('/v3/campaigns/camp-q4', admin)).status === 404);
  await until('revoked campaign gone', async () => (await get(`/v3/campaigns/${revoked}`, admin)).status === 404);
  for (const id of ['cert-1', 'cert-2', 'cert-5']) assert.equal((await get(`/v3/certifications/${id}`, admin)).status, 404);
  const gone = await get('/v3/certifications', admin, { filters: 'campaign.id eq "camp-q4"' });
  assert.deepEqual([gone.status, gone.body], [200, []]);
  const kept = (await get('/recert/v1/campaigns/camp-q4/remediations', admin)).body;
  assert.equal(kept.length, 1);
  assert.equal(kept[0].removed, null);
  assert.ok(kept[0].cancelled, 'the future removal is cancelled');
  const done = (await get(`/recert/v1/campaigns/${revoked}/remediations`, admin)).body;
  assert.ok(done[0].removed && done[0].cancelled === null, 'a removal that happened stays as it was');
  if (!SQLITE_ONLY) {
    assert.equal(sql("SELECT count(*) AS n FROM review_item WHERE certification_id IN ('cert-1', 'cert-2', 'cert-5')")[0].n, 0);
    const tasks = sql("SELECT id FROM task WHERE type = 'CAMPAIGN_DELETE'");
    assert.equal(tasks.length, 2);
    for (const t of tasks) {
      const task = await get(`/v3/certification-tasks/${t.id}`, admin);
      assert.equal(task.status, 200);
      assert.equal(task.body.status, 'SUCCESS');
    }
  }
  const list = await get('/v3/campaigns', admin);
  assert.ok(!list.body.some((c) => c.id === 'camp-q4' || c.id === revoked));
});
