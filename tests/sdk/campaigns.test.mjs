// v3 campaigns through SailPoint's own TypeScript SDK (sailpoint-api-client,
// its v3 CertificationCampaignsApi, with CertificationsApi for the
// certifications a campaign generates) against a real recertd on
// tests/sdk/campaign-fixture.mjs: create (MANAGER; SEARCH with identityIds,
// accessConstraints and a reviewer) and the CAMPAIGN_CREATE task, STAGED;
// list (filters, sorters, count, SLIM and FULL) and get; updateCampaign (the
// SDK's JSON Patch, application/json-patch+json); startCampaign to ACTIVE;
// completeCampaign to COMPLETED; deleteCampaigns, then 404; and the errors
// (400 for a bad type and an unsupported one, 403 for a non-admin, 404).
//
// The TypeScript SDK does not validate what it receives (its models are
// types only), so the checks here compare the bodies themselves, key sets
// included; the Python and Go suites are the ones whose models reject a
// wrong shape. The tests share one server and run in file order.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Configuration, CertificationCampaignsApi, CertificationsApi } from 'sailpoint-api-client';
import { startServer } from '../api/lib.mjs';
import { campaignDoc, SECRET, FUTURE, SEARCH_INFO, MANAGER_CERTS, SEARCH_CERTS, MANAGER_INFO } from './campaign-fixture.mjs';
import { reporter } from './report.mjs';

const optest = reporter(import.meta.url);
const DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const HEX = /^[0-9a-f]{32}$/;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const SLIM_KEYS = ['alerts', 'autoRevokeAllowed', 'completedCertifications', 'correlatedStatus', 'created', 'deadline',
  'description', 'emailNotificationEnabled', 'id', 'name', 'recommendationsEnabled', 'status', 'totalCertifications', 'type'];
const FULL_KEYS = [...SLIM_KEYS, 'mandatoryCommentRequirement', 'modified', 'sunsetCommentsRequired'].sort();
const TASK_KEYS = ['created', 'errors', 'id', 'status', 'targetId', 'targetType', 'type'];

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
  await config.accessToken;
  return (clients[key] = { campaigns: new CertificationCampaignsApi(config), certs: new CertificationsApi(config) });
}

before(async () => { srv = await startServer({ doc: campaignDoc(), args: ['--rate-limit', 'off'] }); });
after(async () => { await srv?.stop(); srv?.cleanup(); });

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
  assert.match(body.trackingId, HEX);
  for (const m of body.messages) assert.deepEqual([m.locale, m.localeOrigin], ['en-US', 'DEFAULT']);
  return body.messages.map((m) => m.text);
}

async function admin() { return (await client('c-admin')).campaigns; }

// Polls getCampaign until the campaign is in one of statuses.
async function settled(id, ...statuses) {
  const api = await admin();
  for (let i = 0; ; i++) {
    const c = (await api.getCampaign({ id })).data;
    if (statuses.includes(c.status)) return c;
    assert.ok(i < 200, `campaign ${id} still ${c.status}`);
    await sleep(25);
  }
}

// A task a campaign operation answered (the SDK types it `object`): a CertificationTask.
function isTask(res, type, targetId) {
  assert.equal(res.status, 202);
  const t = res.data;
  assert.deepEqual(Object.keys(t).sort(), TASK_KEYS);
  assert.deepEqual([t.type, t.targetType, t.targetId, t.errors], [type, 'CAMPAIGN', targetId, []]);
  assert.ok(['QUEUED', 'IN_PROGRESS', 'SUCCESS'].includes(t.status), t.status);
  assert.match(t.id, HEX);
  assert.match(t.created, DATE);
  return t;
}

// reviewer id -> [decisionsTotal, identitiesTotal] of a campaign's certifications, all in phase.
async function certsOf(id, phase) {
  const res = await (await client('c-admin')).certs.listIdentityCertifications({ filters: `campaign.id eq "${id}"`, count: true });
  assert.equal(res.status, 200);
  const out = {};
  for (const c of res.data) {
    assert.equal(c.phase, phase, JSON.stringify(c));
    assert.equal(c.campaign.id, id);
    out[c.reviewer.id] = [c.decisionsTotal, c.identitiesTotal];
  }
  assert.equal(res.headers['x-total-count'], String(res.data.length));
  return { counts: out, certs: res.data };
}

let mgr, search; // the MANAGER campaign (no deadline) and the SEARCH one

optest('createCampaign MANAGER and SEARCH: 202 PENDING, generated to STAGED', ['v3.createCampaign', 'v3.getCampaign',
  'v3.listIdentityCertifications'], async () => {
  const api = await admin();
  let res = await api.createCampaign({ campaign: { name: 'SDK Manager Review', description: 'every manager',
    type: 'MANAGER', mandatoryCommentRequirement: 'REVOKE_ONLY_DECISIONS', emailNotificationEnabled: false } });
  assert.equal(res.status, 202);
  const m = res.data;
  assert.deepEqual(Object.keys(m).sort(), FULL_KEYS);
  assert.match(m.id, HEX);
  assert.deepEqual([m.name, m.description, m.type, m.status, m.deadline, m.totalCertifications, m.completedCertifications,
    m.alerts, m.mandatoryCommentRequirement, m.correlatedStatus, m.autoRevokeAllowed],
  ['SDK Manager Review', 'every manager', 'MANAGER', 'PENDING', null, 0, 0, [], 'REVOKE_ONLY_DECISIONS', 'CORRELATED', false]);
  assert.match(m.created, DATE);
  mgr = m.id;

  res = await api.createCampaign({ campaign: { name: 'SDK Search Review', description: null, type: 'SEARCH',
    deadline: FUTURE, searchCampaignInfo: SEARCH_INFO } });
  assert.equal(res.status, 202);
  assert.deepEqual(Object.keys(res.data).sort(), [...FULL_KEYS, 'searchCampaignInfo'].sort());
  assert.deepEqual([res.data.status, res.data.deadline, res.data.description], ['PENDING', FUTURE, null]);
  assert.deepEqual(res.data.searchCampaignInfo, SEARCH_INFO);
  search = res.data.id;

  const mc = await settled(mgr, 'STAGED', 'ERROR');
  assert.equal(mc.status, 'STAGED');
  assert.equal(mc.totalCertifications, Object.keys(MANAGER_CERTS).length);
  assert.deepEqual(mc.alerts, [{ level: 'INFO', localizations: [{ locale: 'en-US', localeOrigin: 'DEFAULT', text: MANAGER_INFO }] }]);
  assert.deepEqual((await certsOf(mgr, 'STAGED')).counts, MANAGER_CERTS);
  const sc = await settled(search, 'STAGED', 'ERROR');
  assert.deepEqual([sc.status, sc.totalCertifications, sc.alerts], ['STAGED', 1, []]);
  const { counts, certs } = await certsOf(search, 'STAGED');
  assert.deepEqual(counts, SEARCH_CERTS);
  assert.deepEqual([certs[0].name, certs[0].due, certs[0].campaign.campaignType], ['SDK Search Review for Max Manager', FUTURE, 'SEARCH']);
});

optest('createCampaign queues a CAMPAIGN_CREATE task (getPendingCertificationTasks, getCertificationTask)',
  ['v3.createCampaign', 'v3.getCampaign', 'v3.getPendingCertificationTasks', 'v3.getCertificationTask'], async () => {
    // With no workers the task stays QUEUED and the campaign PENDING.
    const idle = await startServer({ doc: campaignDoc(), args: ['--rate-limit', 'off', '--workers', '0'] });
    try {
      const a = await client('c-admin', idle);
      const c = (await a.campaigns.createCampaign({ campaign: { name: 'Queued', description: null, type: 'MANAGER' } })).data;
      const p = await a.certs.getPendingCertificationTasks({ filters: `targetId eq "${c.id}"`, count: true });
      assert.equal(p.headers['x-total-count'], '1');
      const [t] = p.data;
      assert.deepEqual(Object.keys(t).sort(), TASK_KEYS);
      assert.deepEqual([t.type, t.targetType, t.targetId, t.status, t.errors], ['CAMPAIGN_CREATE', 'CAMPAIGN', c.id, 'QUEUED', []]);
      assert.deepEqual((await a.certs.getCertificationTask({ id: t.id })).data, t);
      assert.equal((await a.campaigns.getCampaign({ id: c.id })).data.status, 'PENDING');
    } finally {
      await idle.stop();
      idle.cleanup();
    }
  });

optest('getActiveCampaigns: filters, sorters, paging, count, SLIM and FULL; getCampaign SLIM and FULL',
  ['v3.getActiveCampaigns', 'v3.getCampaign'], async () => {
    const api = await admin();
    const ids = (res) => res.data.map((c) => c.id);
    let res = await api.getActiveCampaigns({ count: true });
    assert.equal(res.status, 200);
    assert.equal(res.headers['x-total-count'], '4');
    for (const c of res.data) assert.deepEqual(Object.keys(c).sort(), SLIM_KEYS, 'SLIM by default');
    res = await api.getActiveCampaigns({ filters: 'name sw "SDK"', sorters: 'name', detail: 'SLIM' });
    assert.deepEqual(ids(res), [mgr, search]);
    assert.deepEqual(Object.keys(res.data[1]).sort(), SLIM_KEYS);
    res = await api.getActiveCampaigns({ filters: 'name sw "SDK"', sorters: '-name', detail: 'FULL' });
    assert.deepEqual(ids(res), [search, mgr]);
    assert.deepEqual(Object.keys(res.data[0]).sort(), [...FULL_KEYS, 'searchCampaignInfo'].sort());
    assert.deepEqual(Object.keys(res.data[1]).sort(), FULL_KEYS);
    assert.deepEqual(res.data[0].searchCampaignInfo, SEARCH_INFO);
    assert.match(res.data[0].modified, DATE);
    assert.deepEqual(ids(await api.getActiveCampaigns({ filters: 'status eq "STAGED"', sorters: 'name', limit: 1, offset: 1 })), [search]);
    assert.deepEqual(ids(await api.getActiveCampaigns({ filters: `id eq "${mgr}"` })), [mgr]);
    assert.deepEqual(ids(await api.getActiveCampaigns({ filters: 'status in ("ACTIVE")', sorters: 'name' })), ['camp-q4', 'camp-src']);

    const slim = (await api.getCampaign({ id: search })).data;
    assert.deepEqual(Object.keys(slim).sort(), SLIM_KEYS);
    const full = (await api.getCampaign({ id: search, detail: 'FULL' })).data;
    assert.deepEqual(full, res.data[0]);
    assert.deepEqual(Object.fromEntries(SLIM_KEYS.map((k) => [k, full[k]])), slim);
    assert.deepEqual([full.sunsetCommentsRequired, full.mandatoryCommentRequirement], [true, 'NO_DECISIONS']);
    const imported = (await api.getCampaign({ id: 'camp-src', detail: 'FULL' })).data;
    assert.deepEqual([imported.type, imported.status, imported.correlatedStatus, imported.description],
      ['SOURCE_OWNER', 'ACTIVE', 'UNCORRELATED', null]);
  });

optest('updateCampaign: the SDK\'s JSON Patch (application/json-patch+json) on a STAGED campaign', ['v3.updateCampaign',
  'v3.getCampaign', 'v3.listIdentityCertifications'], async () => {
  const api = await admin();
  let res = await api.updateCampaign({ id: mgr, jsonPatchOperation: [
    { op: 'replace', path: '/name', value: 'SDK Manager Review (patched)' },
    { op: 'replace', path: '/description', value: null },
    { op: 'replace', path: '/autoRevokeAllowed', value: true },
    { op: 'add', path: '/emailNotificationEnabled', value: true },
    { op: 'replace', path: '/recommendationsEnabled', value: false },
  ] });
  assert.equal(res.status, 200);
  assert.equal(res.config.headers['Content-Type'], 'application/json-patch+json');
  assert.equal(JSON.parse(res.config.data)[1].value, null);
  assert.deepEqual(Object.keys(res.data).sort(), SLIM_KEYS, 'the answer is a SlimCampaign');
  assert.deepEqual([res.data.name, res.data.description, res.data.autoRevokeAllowed, res.data.emailNotificationEnabled,
    res.data.recommendationsEnabled, res.data.status, res.data.deadline],
  ['SDK Manager Review (patched)', null, true, true, false, 'STAGED', null]);
  assert.deepEqual((await api.getCampaign({ id: mgr })).data, res.data);

  // remove, and a deadline (the certifications follow it).
  res = await api.updateCampaign({ id: search, jsonPatchOperation: [
    { op: 'replace', path: '/description', value: 'patched' }, { op: 'remove', path: '/description' },
    { op: 'replace', path: '/deadline', value: '2031-06-30T00:00:00.000Z' }] });
  assert.deepEqual([res.data.description, res.data.deadline], [null, '2031-06-30T00:00:00.000Z']);
  assert.equal((await certsOf(search, 'STAGED')).certs[0].due, '2031-06-30T00:00:00.000Z');

  assert.deepEqual(await rejects(api.updateCampaign({ id: mgr, jsonPatchOperation: [{ op: 'replace', path: '/type', value: 'SEARCH' },
    { op: 'copy', path: '/name', from: '/description' }] }), 400, '400.1 Bad Request Content'), [
    `[0].path: /type cannot be changed while campaign "${mgr}" is STAGED (STAGED allows /name, /description, /recommendationsEnabled, /deadline, /emailNotificationEnabled, /autoRevokeAllowed)`,
    '[1].op: must be replace, add or remove (got "copy")']);
  await rejects(api.updateCampaign({ id: 'camp-nope', jsonPatchOperation: [{ op: 'replace', path: '/name', value: 'x' }] }),
    404, '404 Not found');
});

optest('startCampaign: 202 with the ACTIVATE_CAMPAIGN task, then ACTIVE with ACTIVE certifications', ['v3.startCampaign',
  'v3.getCampaign', 'v3.updateCampaign', 'v3.listIdentityCertifications', 'v3.getCertificationTask'], async () => {
  const a = await client('c-admin');
  const t = isTask(await a.campaigns.startCampaign({ id: mgr, activateCampaignOptions: { timeZone: '-08:00' } }),
    'ACTIVATE_CAMPAIGN', mgr);
  isTask(await a.campaigns.startCampaign({ id: search }), 'ACTIVATE_CAMPAIGN', search);
  const c = await settled(mgr, 'ACTIVE');
  assert.deepEqual([c.name, c.totalCertifications, c.completedCertifications], ['SDK Manager Review (patched)', 2, 0]);
  await settled(search, 'ACTIVE');
  for (let i = 0; ; i++) {
    const st = (await a.certs.getCertificationTask({ id: t.id })).data;
    if (st.status === 'SUCCESS') break;
    assert.ok(i < 200, JSON.stringify(st));
    await sleep(25);
  }
  assert.deepEqual((await certsOf(mgr, 'ACTIVE')).counts, MANAGER_CERTS);
  assert.deepEqual((await certsOf(search, 'ACTIVE')).counts, SEARCH_CERTS);
  // The reviewers see them.
  const m1 = (await client('c-m1')).certs;
  const mine = (await m1.listIdentityCertifications({ reviewerIdentity: 'me', filters: `campaign.id eq "${mgr}"` })).data;
  assert.deepEqual(mine.map((x) => [x.name, x.reviewer.id, x.phase, x.decisionsTotal]),
    [['SDK Manager Review for Mia Manager', 'id-m1', 'ACTIVE', 4]]);
  assert.deepEqual(mine[0].campaign, { id: mgr, name: 'SDK Manager Review (patched)', type: 'CAMPAIGN', campaignType: 'MANAGER',
    description: null, correlatedStatus: 'CORRELATED', mandatoryCommentRequirement: 'REVOKE_ONLY_DECISIONS' });

  // Once ACTIVE: not again; only the deadline may change.
  assert.match((await rejects(a.campaigns.startCampaign({ id: mgr }), 400, '400.1 Bad Request Content'))[0],
    /is ACTIVE: only a STAGED campaign can be activated/);
  assert.match((await rejects(a.campaigns.updateCampaign({ id: mgr, jsonPatchOperation: [{ op: 'replace', path: '/name', value: 'late' }] }),
    400, '400.1 Bad Request Content'))[0], /\/name cannot be changed while campaign "[0-9a-f]+" is ACTIVE \(ACTIVE allows \/deadline\)/);
  const p = await a.campaigns.updateCampaign({ id: search, jsonPatchOperation: [{ op: 'replace', path: '/deadline', value: FUTURE }] });
  assert.deepEqual([p.data.status, p.data.deadline], ['ACTIVE', FUTURE]);
});

optest('completeCampaign: a campaign not past due is a 400; one without a deadline goes to COMPLETED, every certification signed',
  ['v3.completeCampaign', 'v3.getCampaign', 'v3.listIdentityCertifications'], async () => {
    const a = await client('c-admin');
    assert.match((await rejects(a.campaigns.completeCampaign({ id: search }), 400, '400.1 Bad Request Content'))[0],
      /is not past due: its deadline 2031-03-31T00:00:00.000Z is after now/);
    assert.match((await rejects(a.campaigns.completeCampaign({ id: mgr, campaignCompleteOptions: { autoCompleteAction: 'MAYBE' } }),
      400, '400.1 Bad Request Content'))[0], /^autoCompleteAction: must be APPROVE or REVOKE \(got "MAYBE"\)$/);
    isTask(await a.campaigns.completeCampaign({ id: mgr, campaignCompleteOptions: { autoCompleteAction: 'APPROVE' } }),
      'COMPLETE_CAMPAIGN', mgr);
    const c = await settled(mgr, 'COMPLETED');
    assert.deepEqual([c.totalCertifications, c.completedCertifications], [2, 2]);
    const { certs } = await certsOf(mgr, 'SIGNED');
    for (const x of certs) {
      assert.deepEqual([x.completed, x.decisionsMade], [true, x.decisionsTotal]);
      assert.match(x.signed, DATE);
    }
  });

optest('deleteCampaigns: 202 {}, then the campaigns and their certifications are 404', ['v3.deleteCampaigns', 'v3.getCampaign',
  'v3.getActiveCampaigns', 'v3.listIdentityCertifications'], async () => {
  const a = await client('c-admin');
  const certIds = [...(await certsOf(mgr, 'SIGNED')).certs, ...(await certsOf(search, 'ACTIVE')).certs].map((c) => c.id);
  const res = await a.campaigns.deleteCampaigns({ campaignsDeleteRequest: { ids: [mgr, search] } });
  assert.deepEqual([res.status, res.data], [202, {}]);
  for (const id of [mgr, search]) {
    for (let i = 0; ; i++) {
      try { await a.campaigns.getCampaign({ id }); } catch (e) {
        if (e.response?.status === 404) break;
        throw e;
      }
      assert.ok(i < 200, `${id} not deleted`);
      await sleep(25);
    }
    assert.deepEqual(await rejects(a.campaigns.getCampaign({ id }), 404, '404 Not found'), [`no campaign "${id}"`]);
  }
  for (const id of certIds) await rejects(a.certs.getIdentityCertification({ id }), 404, '404 Not found');
  assert.deepEqual((await a.campaigns.getActiveCampaigns({ filters: 'name sw "SDK"' })).data, []);
  assert.deepEqual(await rejects(a.campaigns.deleteCampaigns({ campaignsDeleteRequest: { ids: [mgr] } }), 404, '404 Not found'),
    [`ids[0]: no campaign "${mgr}"`]);
});

optest('errors: 400 for a bad type and an unsupported one, 403 for a non-admin, 404', ['v3.createCampaign', 'v3.getActiveCampaigns',
  'v3.getCampaign', 'v3.updateCampaign', 'v3.startCampaign', 'v3.completeCampaign', 'v3.deleteCampaigns'], async () => {
  const a = await admin();
  assert.deepEqual(await rejects(a.createCampaign({ campaign: { name: 'x', description: null, type: 'WEEKLY' } }), 400,
    '400.1 Bad Request Content'), ['type: must be MANAGER, SOURCE_OWNER, SEARCH, ROLE_COMPOSITION or MACHINE_ACCOUNT (got "WEEKLY")']);
  assert.deepEqual(await rejects(a.createCampaign({ campaign: { name: 'x', description: null, type: 'ROLE_COMPOSITION' } }), 400,
    '400.1 Bad Request Content'),
  ['type: campaign type ROLE_COMPOSITION is not supported (recert generates MANAGER and SEARCH campaigns)']);
  assert.match((await rejects(a.createCampaign({ campaign: { name: 'x', description: null, type: 'SEARCH',
    searchCampaignInfo: { type: 'IDENTITY', query: 'name:a*' } } }), 400, '400.1 Bad Request Content'))[0], /^searchCampaignInfo.query: /);
  await rejects(a.getActiveCampaigns({ filters: 'type eq "MANAGER"' }), 400, '400.1 Bad Request Content');
  await rejects(a.getCampaign({ id: 'camp-nope' }), 404, '404 Not found');
  await rejects(a.startCampaign({ id: 'camp-nope' }), 404, '404 Not found');
  await rejects(a.completeCampaign({ id: 'camp-nope' }), 404, '404 Not found');

  const m1 = (await client('c-m1')).campaigns;
  await rejects(m1.getActiveCampaigns(), 403, '403 Forbidden');
  await rejects(m1.getCampaign({ id: 'camp-q4' }), 403, '403 Forbidden');
  await rejects(m1.createCampaign({ campaign: { name: 'x', description: null, type: 'MANAGER' } }), 403, '403 Forbidden');
  await rejects(m1.updateCampaign({ id: 'camp-q4', jsonPatchOperation: [{ op: 'replace', path: '/deadline', value: FUTURE }] }),
    403, '403 Forbidden');
  await rejects(m1.startCampaign({ id: 'camp-q4' }), 403, '403 Forbidden');
  await rejects(m1.completeCampaign({ id: 'camp-q4' }), 403, '403 Forbidden');
  await rejects(m1.deleteCampaigns({ campaignsDeleteRequest: { ids: ['camp-q4'] } }), 403, '403 Forbidden');
  assert.equal((await a.getActiveCampaigns({ count: true })).headers['x-total-count'], '2', 'nothing created, camp-q4 kept');
});
