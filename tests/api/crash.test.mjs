// Crash safety: a stream of reassignments (ITEM and IDENTITY_SUMMARY) and
// `recertd import --replace` runs, with the server (and some imports)
// killed with SIGKILL at random moments, round after round, on one store.
// At the end every task has finished, no review item was lost or
// duplicated, every counter agrees with the items, every import is all or
// nothing, everything acknowledged survived, and SQLite's integrity check
// passes.
//
// A second test does the same to decisions and sign-offs (batches of 250,
// mostly revocations, and the removals they schedule): see its header
// below.
//
// Bounded: a fixed number of rounds, a deadline on every wait.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RECERTD, importDoc, token, call, storeUrl, SQLITE_ONLY } from './lib.mjs';
import { doc as baseDoc, SECRET } from './fixture.mjs';
import { serveOn, spawnOn, sleep } from './serve-on.mjs';

const SLOW = !!process.env.RECERT_TEST_SLOW;
const ROUNDS = 8;
const SUBMITS = 6;                       // reassign-async requests per round
const TASK_WAIT_MS = SLOW ? 90000 : 30000;
const IMPORT_WAIT_MS = SLOW ? 60000 : 30000;
const PROBE_CONCURRENCY = 24;
const ANSWER_MS = SLOW ? 20000 : 10000;

// ---------------------------------------------------------------- the store
// The fixture plus cert-gen: 100 identities x 3 entitlements = 300 items,
// reviewed by id-m2, with explicit identity summaries (for IDENTITY_SUMMARY).
const GEN = 'cert-gen';
const PEOPLE = 100;
const ACCESS = ['ent-dba', 'ent-read', 'ent-git'];
const TOTAL = PEOPLE * ACCESS.length;
const pad = (n, w = 3) => String(n).padStart(w, '0');
const itemId = (n) => `ci-${pad(n)}`;
const personId = (p) => `id-c${pad(p)}`;
const summaryId = (p) => `cs-${pad(p)}`;
const decisionOf = (n) => (n % 3 === 0 ? 'APPROVE' : n % 7 === 0 ? 'REVOKE' : null);
const personOf = (n) => Math.floor(n / ACCESS.length);
const TARGETS = ['id-m1', 'id-g1', 'id-admin', 'id-certadmin', 'id-s1'];

function makeDoc() {
  const d = structuredClone(baseDoc);
  const items = [];
  const summaries = [];
  for (let p = 0; p < PEOPLE; p++) {
    d.identities.push({ id: personId(p), name: `Crash Person ${pad(p)}`, email: `c${pad(p)}@example.com`,
      managerId: 'id-m2', authorities: [] });
    summaries.push({ id: summaryId(p), identityId: personId(p) });
    ACCESS.forEach((a, k) => {
      const n = p * ACCESS.length + k;
      items.push({ id: itemId(n), identityId: personId(p), accessType: 'ENTITLEMENT', accessId: a,
        decision: decisionOf(n), comments: null });
    });
  }
  d.certifications.push({
    id: GEN, name: 'Generated Review for Max Manager', campaignId: 'camp-q4',
    reviewer: { type: 'IDENTITY', id: 'id-m2' }, phase: 'ACTIVE', due: '2026-12-31T23:59:59.000Z',
    signed: null, created: '2026-11-06T09:00:00.000Z', identitySummaries: summaries, reviewItems: items,
  });
  return d;
}

// The extra document of round r, imported with --replace while the server
// runs: it replaces cert-extra (40 items, r-dependent decisions) and the
// shared identities, and adds cert-extra-r with 10 new identities and 30 items.
const EXTRA_SHARED = 10;
const EXTRA_SHARED_ITEMS = 40;
const EXTRA_NEW = 10;
const EXTRA_NEW_ITEMS = 30;
const approvedIn = (r) => (r * 5) % (EXTRA_SHARED_ITEMS + 1);
function extraDoc(r) {
  const shared = Array.from({ length: EXTRA_SHARED }, (_, i) => `id-xs-${pad(i, 2)}`);
  const fresh = Array.from({ length: EXTRA_NEW }, (_, i) => `id-x${r}-${pad(i, 2)}`);
  return {
    identities: [
      ...shared.map((id) => ({ id, name: `Extra Shared ${id} round ${r}`, email: `${id}@example.com`, managerId: null, authorities: [] })),
      ...fresh.map((id) => ({ id, name: `Extra ${id}`, email: `${id}@example.com`, managerId: 'id-m1', authorities: [] })),
    ],
    campaigns: [{ id: 'camp-extra', name: `Extra Campaign round ${r}`, description: null, type: 'MANAGER',
      status: 'ACTIVE', correlatedStatus: 'CORRELATED', mandatoryCommentRequirement: 'NO_DECISIONS',
      deadline: '2027-03-01T00:00:00.000Z' }],
    certifications: [
      { id: 'cert-extra', name: `Extra Review round ${r}`, campaignId: 'camp-extra',
        reviewer: { type: 'IDENTITY', id: 'id-m1' }, phase: 'ACTIVE', due: '2027-03-01T00:00:00.000Z',
        signed: null, created: '2026-11-07T09:00:00.000Z',
        reviewItems: Array.from({ length: EXTRA_SHARED_ITEMS }, (_, i) => ({
          id: `xi-${pad(i, 2)}`, identityId: shared[i % EXTRA_SHARED], accessType: 'ENTITLEMENT',
          accessId: ACCESS[i % ACCESS.length], decision: i < approvedIn(r) ? 'APPROVE' : null, comments: null })) },
      { id: `cert-extra-${r}`, name: `Extra Review ${r}`, campaignId: 'camp-extra',
        reviewer: { type: 'IDENTITY', id: 'id-g1' }, phase: 'ACTIVE', due: '2027-03-01T00:00:00.000Z',
        signed: null, created: '2026-11-07T09:00:00.000Z',
        reviewItems: Array.from({ length: EXTRA_NEW_ITEMS }, (_, i) => ({
          id: `x${r}-${pad(i, 2)}`, identityId: fresh[i % EXTRA_NEW], accessType: 'ENTITLEMENT',
          accessId: ACCESS[i % ACCESS.length], decision: null, comments: null })) },
    ],
  };
}

// ---------------------------------------------------------------- helpers
let dir, db, admin;
const nodes = [];                         // every node started, stopped in after()
const imports = [];                       // { round, killed, code, signal }
const tasks = new Map();                  // acknowledged tasks: id -> { refs, to }

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'recert-crash-'));
  db = join(dir, 'crash.db');
  const r = importDoc(db, makeDoc());
  assert.equal(r.status, 0, r.stderr);
  const n = await serveOn(db, ['--rate-limit', 'off', '--quiet']);
  try {
    admin = await token(n.base, 'c-admin', SECRET); // valid on every node of this store
  } finally {
    await n.stop();
  }
});
after(async () => {
  for (const n of nodes) await n.kill9();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const rand = (n) => Math.floor(Math.random() * n);
const pick = (arr) => arr[rand(arr.length)];

function sqlite(sql) {
  const r = spawnSync('sqlite3', [db, sql], { encoding: 'utf8', timeout: 30000 });
  assert.equal(r.status, 0, `sqlite3 ${sql}: ${r.stderr || r.error}`);
  return r.stdout.trim();
}

// `recertd import --replace` of round r's document; resolves on exit.
function startImport(r, order = r) {
  const file = join(dir, `extra-${r}.json`);
  writeFileSync(file, JSON.stringify(extraDoc(r)));
  const child = spawn(RECERTD, ['import', '--db', storeUrl(db), '--replace', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const rec = { round: r, order, killed: false, code: null, signal: null, get stderr() { return stderr; } };
  const timer = setTimeout(() => child.kill('SIGKILL'), IMPORT_WAIT_MS);
  rec.exited = new Promise((resolve) => child.once('exit', (code, signal) => {
    clearTimeout(timer);
    rec.code = code;
    rec.signal = signal;
    resolve(rec);
  }));
  rec.kill9 = () => { if (child.exitCode === null && child.signalCode === null) { rec.killed = true; child.kill('SIGKILL'); } };
  imports.push(rec);
  return rec;
}

// One reassign-async request; records the task when acknowledged. Most
// name people no earlier request named (so most tasks have work to do);
// every sixth names people already named, so that some tasks queued
// together contend for the same items and end ERROR when they run.
const named = [];
function people(k, count) {
  const out = new Set();
  for (let i = 0; i < 50 && out.size < count; i++) {
    const p = k % 6 === 5 && named.length ? pick(named) : rand(PEOPLE);
    if (k % 6 === 5 || !named.includes(p)) out.add(p);
  }
  for (const p of out) if (!named.includes(p)) named.push(p);
  return [...out];
}
async function submit(base, k) {
  let refs;
  if (k % 2 === 0) {
    // Items of one or two people: one to three items each.
    refs = people(k, 1 + rand(2)).flatMap((p) => ACCESS.map((_, a) => p * ACCESS.length + a).filter(() => Math.random() < 0.7))
      .map((n) => ({ id: itemId(n), type: 'ITEM' }));
    if (!refs.length) refs = [{ id: itemId(people(k, 1)[0] * ACCESS.length), type: 'ITEM' }];
  } else {
    refs = people(k, 1).map((p) => ({ id: summaryId(p), type: 'IDENTITY_SUMMARY' }));
  }
  const to = pick(TARGETS);
  try {
    const r = await call(base, `/beta/certifications/${GEN}/reassign-async`,
      { method: 'POST', tok: admin, body: { reassign: refs, reassignTo: to, reason: `crash ${k}` } });
    if (r.status === 200) tasks.set(r.body.id, { refs, to });
    else assert.equal(r.status, 400, `reassign-async: ${r.status} ${JSON.stringify(r.body)}`); // an item that already moved
    return r.status;
  } catch (e) {
    if (e.code === 'ERR_ASSERTION') throw e;
    return 'killed'; // the node died under the request: no acknowledgement
  }
}

async function allCerts(base) {
  const out = [];
  for (let offset = 0; offset < 10000; offset += 250) {
    const r = await call(base, '/beta/certifications', { tok: admin, query: { limit: 250, offset, count: 'true' } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    out.push(...r.body);
    if (r.body.length < 250) {
      assert.equal(Number(r.headers.get('x-total-count')), out.length, 'X-Total-Count agrees with the list');
      return out;
    }
  }
  assert.fail('more than 10000 certifications');
}

async function mapLimit(list, limit, fn) {
  const out = new Array(list.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, async () => {
    while (next < list.length) {
      const i = next++;
      out[i] = await fn(list[i], i);
    }
  }));
  return out;
}

// Where an item answers: the certifications among `certs` that have it.
async function locate(base, certs, item) {
  const found = [];
  for (const c of certs) {
    const r = await call(base, `/beta/certifications/${c}/access-review-items/${item}/permissions`, { tok: admin });
    assert.ok(r.status === 200 || r.status === 404, `${c}/${item}: ${r.status} ${JSON.stringify(r.body)}`);
    if (r.status === 200) found.push(c);
  }
  return found;
}

// Counters a certification must show for the items found in it.
function expectedCounters(itemNumbers) {
  const byPerson = new Map();
  for (const n of itemNumbers) {
    const p = personOf(n);
    if (!byPerson.has(p)) byPerson.set(p, []);
    byPerson.get(p).push(n);
  }
  const decided = itemNumbers.filter((n) => decisionOf(n) !== null).length;
  return {
    decisionsTotal: itemNumbers.length,
    decisionsMade: decided,
    entitiesTotal: byPerson.size,
    entitiesCompleted: [...byPerson.values()].filter((ns) => ns.every((n) => decisionOf(n) !== null)).length,
    completed: decided === itemNumbers.length,
  };
}
const counters = (c) => ({ decisionsTotal: c.decisionsTotal, decisionsMade: c.decisionsMade,
  entitiesTotal: c.entitiesTotal, entitiesCompleted: c.entitiesCompleted, completed: c.completed });

// ---------------------------------------------------------------- the test

// The invariants are read with the sqlite3 shell: SQLite stores only.
test(`${ROUNDS} rounds of reassignments and imports, each ended by kill -9, leave a consistent store`, { skip: SQLITE_ONLY && 'reads the store with sqlite3' }, async (t) => {
  // How long an undisturbed import takes here, so that kills land before,
  // inside and after its transaction on fast and sanitizer builds alike.
  const probe = startImport(ROUNDS, -1); // its own data; ordered before round 0
  const t0 = Date.now();
  await probe.exited;
  const importMs = Math.max(Date.now() - t0, 5);
  assert.equal(probe.code, 0, `an undisturbed import fails: ${probe.stderr}`);

  const statuses = [];
  for (let round = 0; round < ROUNDS; round++) {
    const node = spawnOn(db, ['--rate-limit', 'off', '--quiet']);
    nodes.push(node);
    const base = await node.ready;
    const subs = Array.from({ length: SUBMITS }, (_, k) => submit(base, round * SUBMITS + k));
    const imp = startImport(round);
    // Even rounds also kill the import, at a random point of its run.
    const impKill = round % 2 === 0
      ? sleep(rand(Math.ceil(importMs * 1.2) + 1)).then(() => imp.kill9())
      : Promise.resolve();
    // The kill comes 0-50 ms after the submissions start (even rounds) or
    // after the first one is acknowledged, when tasks start to run (odd).
    if (round % 2) {
      let timer;
      await Promise.race([Promise.race(subs), new Promise((r) => { timer = setTimeout(r, ANSWER_MS); })]);
      clearTimeout(timer);
    }
    await sleep(rand(51));
    const how = await node.kill9();
    assert.equal(how, 'SIGKILL', `node ${round} ended by ${how} before the kill:\n${node.log}`);
    statuses.push(...(await Promise.all(subs)));
    await impKill;
    await imp.exited;
    assert.ok(imp.code === 0 || imp.signal === 'SIGKILL',
      `round ${round}: import exited ${imp.code} ${imp.signal}: ${imp.stderr}`);
    assert.ok(imp.signal !== 'SIGKILL' || imp.killed, `round ${round}: import ran past its deadline`);
    // The store survives every crash.
    assert.equal(sqlite('PRAGMA integrity_check'), 'ok', `integrity after round ${round}`);
  }
  t.diagnostic(`submits: ${statuses.filter((s) => s === 200).length} acknowledged, ` +
    `${statuses.filter((s) => s === 400).length} refused, ${statuses.filter((s) => s === 'killed').length} cut by the kill; ` +
    `imports: ${imports.filter((i) => i.code === 0).length} done, ${imports.filter((i) => i.killed).length} killed; import ~${importMs} ms; ` +
    `tasks resumed after a kill: ${nodes.map((n) => Number((/resuming (\d+) interrupted/.exec(n.log) || [0, 0])[1])).reduce((x, y) => x + y, 0)}`);

  // ------------------------------------------------------------ settle
  const last = await serveOn(db, ['--rate-limit', 'off', '--quiet']);
  nodes.push(last);
  const base = last.base;
  const deadline = Date.now() + TASK_WAIT_MS;
  let pending;
  for (let i = 0; i < 100000 && Date.now() < deadline; i++) {
    pending = await call(base, `/beta/certifications/${GEN}/tasks-pending`, { tok: admin });
    assert.equal(pending.status, 200);
    if (pending.body.length === 0) break;
    await sleep(100);
  }
  assert.deepEqual(pending.body.map((x) => x.status), [], `tasks still pending after ${TASK_WAIT_MS} ms`);

  // Every acknowledged task survived the crashes and ended.
  const final = new Map();
  for (const id of tasks.keys()) {
    const r = await call(base, `/beta/certifications/${GEN}/tasks/${id}`, { tok: admin });
    assert.equal(r.status, 200, `acknowledged task ${id} is gone: ${JSON.stringify(r.body)}`);
    assert.ok(r.body.status === 'SUCCESS' || r.body.status === 'ERROR', `task ${id}: ${r.body.status}`);
    if (r.body.status === 'ERROR') {
      assert.ok(r.body.errors.length >= 1, `task ${id} failed without a reason`);
      assert.ok(!r.body.errors.some((e) => /internal error/i.test(e)), `task ${id}: ${JSON.stringify(r.body.errors)}`);
    }
    final.set(id, r.body.status);
  }
  // ...and so did every task nobody heard about (acknowledgement lost in the kill).
  assert.equal(sqlite("SELECT count(*) FROM task WHERE status NOT IN ('SUCCESS', 'ERROR')"), '0', 'a task is stuck');

  // ------------------------------------------------------------ items
  const certs = await allCerts(base);
  const targets = certs.filter((c) => c.reassignment && c.reassignment.from && c.reassignment.from.id === GEN);
  const candidates = [GEN, ...targets.map((c) => c.id)];
  assert.ok(targets.length <= TARGETS.length, `${targets.length} target certifications for ${TARGETS.length} reviewers`);
  assert.equal(new Set(targets.map((c) => c.reviewer.id)).size, targets.length, 'one target certification per reviewer');
  const sum = [GEN, ...targets.map((c) => c.id)]
    .map((id) => certs.find((c) => c.id === id).decisionsTotal).reduce((a, b) => a + b, 0);
  assert.equal(sum, TOTAL, 'decisionsTotal over the source and its reassignment targets');

  const found = await mapLimit(Array.from({ length: TOTAL }, (_, n) => n), PROBE_CONCURRENCY,
    (n) => locate(base, candidates, itemId(n)));
  const misplaced = found.map((f, n) => (f.length === 1 ? null : `${itemId(n)} in [${f.join(', ')}]`)).filter(Boolean);
  assert.deepEqual(misplaced, [], 'every item is in exactly one certification');
  const where = new Map(found.map((f, n) => [n, f[0]]));
  for (const id of candidates) {
    const here = [...where].filter(([, c]) => c === id).map(([n]) => n);
    assert.deepEqual(counters(certs.find((c) => c.id === id)), expectedCounters(here), `counters of ${id}`);
  }
  // A successful ITEM task moved its items to the certification of its reviewer.
  const reviewerOf = Object.fromEntries(targets.map((c) => [c.id, c.reviewer.id]));
  for (const [id, { refs, to }] of tasks) {
    if (final.get(id) !== 'SUCCESS') continue;
    for (const ref of refs.filter((x) => x.type === 'ITEM')) {
      const n = Number(ref.id.slice(3));
      assert.equal(reviewerOf[where.get(n)], to, `task ${id} moved ${ref.id} to ${to}, it is in ${where.get(n)}`);
    }
  }
  // Summaries follow their items (checked in the store itself).
  assert.equal(sqlite('SELECT count(*) FROM review_item i LEFT JOIN identity_summary s ON s.id = i.summary_id' +
    ' WHERE s.id IS NULL OR s.certification_id <> i.certification_id OR s.identity_id <> i.identity_id'), '0',
    'an item whose summary is missing or elsewhere');
  assert.equal(sqlite('SELECT count(*) FROM identity_summary s WHERE NOT EXISTS' +
    ' (SELECT 1 FROM review_item i WHERE i.summary_id = s.id)'), '0', 'an empty identity summary');
  assert.equal(sqlite("SELECT count(*) FROM review_item WHERE id LIKE 'ci-%'"), String(TOTAL));

  // ------------------------------------------------------------ imports: all or nothing
  const byId = Object.fromEntries(certs.map((c) => [c.id, c]));
  for (const imp of imports.filter((i) => i.round < ROUNDS)) {
    const r = imp.round;
    const c = byId[`cert-extra-${r}`];
    const people = Number(sqlite(`SELECT count(*) FROM identity WHERE id LIKE 'id-x${r}-%'`));
    const items = Number(sqlite(`SELECT count(*) FROM review_item WHERE id LIKE 'x${r}-%'`));
    const what = `import of round ${r} (exit ${imp.code}, ${imp.killed ? 'killed' : 'not killed'})`;
    if (c) {
      assert.equal(people, EXTRA_NEW, `${what}: identities`);
      assert.equal(items, EXTRA_NEW_ITEMS, `${what}: items`);
      assert.deepEqual(counters(c), { decisionsTotal: EXTRA_NEW_ITEMS, decisionsMade: 0, entitiesTotal: EXTRA_NEW,
        entitiesCompleted: 0, completed: false }, what);
      assert.equal(c.name, `Extra Review ${r}`, what);
      for (let i = 0; i < EXTRA_NEW_ITEMS; i += 7) {
        const p = await call(base, `/beta/certifications/cert-extra-${r}/access-review-items/x${r}-${pad(i, 2)}/permissions`, { tok: admin });
        assert.equal(p.status, 200, `${what}: item x${r}-${pad(i, 2)}`);
      }
    } else {
      assert.equal(people, 0, `${what}: identities without their certification`);
      assert.equal(items, 0, `${what}: items without their certification`);
      assert.ok(imp.code !== 0, `${what}: the import reported success but nothing of it is in the store`);
    }
  }
  // cert-extra is some round's complete version, at least as new as the last import that reported success.
  const ex = byId['cert-extra'];
  assert.ok(ex, 'cert-extra (the probe import succeeded)');
  const lastOk = Math.max(...imports.filter((i) => i.code === 0).map((i) => i.order));
  const possible = imports.filter((i) => i.order >= lastOk && (i.code === 0 || i.killed)).map((i) => i.round);
  const versions = possible.filter((r) => ex.name === `Extra Review round ${r}`);
  assert.equal(versions.length, 1, `cert-extra is "${ex.name}", expected one of rounds ${possible.join(', ')}`);
  const v = versions[0];
  assert.deepEqual(counters(ex), { decisionsTotal: EXTRA_SHARED_ITEMS, decisionsMade: approvedIn(v),
    // A shared identity i has items i, i+10, i+20, i+30; the first approvedIn(v) items are decided.
    entitiesTotal: EXTRA_SHARED, entitiesCompleted: Math.max(0, Math.min(EXTRA_SHARED, approvedIn(v) - (EXTRA_SHARED_ITEMS - EXTRA_SHARED))),
    completed: approvedIn(v) === EXTRA_SHARED_ITEMS }, 'cert-extra counters');
  const camp = sqlite("SELECT name FROM campaign WHERE id = 'camp-extra'");
  assert.equal(camp, `Extra Campaign round ${v}`, 'the campaign is from the same import as cert-extra');
  assert.equal(sqlite(`SELECT count(*) FROM identity WHERE id LIKE 'id-xs-%' AND name LIKE '% round ${v}'`),
    String(EXTRA_SHARED), 'the shared identities are from the same import as cert-extra');

  // The fixture's own certifications are untouched.
  for (const c of baseDoc.certifications) {
    assert.equal(byId[c.id].decisionsTotal, c.reviewItems.length, c.id);
  }

  const code = await last.stop();
  assert.equal(code, 0, `the last node's exit status ${code}:\n${last.log}`);
  for (const n of nodes) assert.doesNotMatch(n.log, /Sanitizer|runtime error/, 'a sanitizer report');
  assert.equal(sqlite('PRAGMA integrity_check'), 'ok');
});

// ======================================================================
// Decisions and sign-offs under kill -9 (workflow.md §5, §6), on a store of
// their own: six certifications of 500 items (two batch slots of 250 each),
// every item an assignment of its own. Round after round a node gets a
// 250-decision batch for every slot of every unsigned certification (most
// decisions REVOKE; some with a proposedEndDate far off, some with one a
// moment away) and a sign-off of every certification but the last, and is
// killed: early, after the first answer, or after every answer while the
// workers carry out the removals. Afterwards:
//   - each slot holds exactly one batch, whole (its 250 decisions, comments,
//     end dates and decider), or no decision at all; never older than a
//     batch that was acknowledged;
//   - every counter agrees with the items;
//   - a signed certification is wholly decided and has one remediation row
//     per REVOKE (due at the end date, or at the sign-off); an unsigned one
//     has none; an acknowledged sign-off is SIGNED;
//   - once a node has run, every removal due by then happened, once: a row
//     is stamped removed exactly when its assignment is gone, a removal not
//     yet due left the assignment, and nothing else removed any;
//   - the campaign stays ACTIVE while a certification is unsigned, and
//     completes once the last is signed.
const DC = 6;
const DC_ITEMS = 500;
const SLOT = 250;
const DC_ENTS = 20;
const DC_ROUNDS = 6;
const dcCert = (c) => `dc-${c}`;
const dcItem = (c, n) => `dci-${c}-${pad(n)}`;
const dcPerson = (c, n) => `id-d${c}-${pad(Math.floor(n / DC_ENTS), 2)}`;
const dcEnt = (n) => `ent-d${pad(n % DC_ENTS, 2)}`;
const FAR = '2030-06-30T00:00:00.000Z';

function decisionsDoc() {
  const d = structuredClone(baseDoc);
  for (let k = 0; k < DC_ENTS; k++) {
    d.entitlements.push({ id: dcEnt(k), name: `Crash Ent ${k}`, source: 'Crash', attribute: 'group', value: `g${k}`, permissions: [] });
  }
  d.campaigns.push({ id: 'camp-dc', name: 'Decisions Under Fire', description: null, type: 'MANAGER',
    status: 'ACTIVE', correlatedStatus: 'CORRELATED', mandatoryCommentRequirement: 'NO_DECISIONS', deadline: null });
  for (let c = 0; c < DC; c++) {
    const people = new Set();
    const items = [];
    for (let n = 0; n < DC_ITEMS; n++) {
      people.add(dcPerson(c, n));
      items.push({ id: dcItem(c, n), identityId: dcPerson(c, n), accessType: 'ENTITLEMENT', accessId: dcEnt(n), decision: null, comments: null });
      d.assignments.push({ identityId: dcPerson(c, n), accessType: 'ENTITLEMENT', accessId: dcEnt(n) });
    }
    for (const id of people) d.identities.push({ id, name: `Decided ${id}`, email: `${id}@example.com`, managerId: 'id-m2', authorities: [] });
    d.certifications.push({ id: dcCert(c), name: `Decisions ${c}`, campaignId: 'camp-dc',
      reviewer: { type: 'IDENTITY', id: 'id-m2' }, phase: 'ACTIVE', due: null, signed: null,
      created: '2026-11-08T09:00:00.000Z', reviewItems: items });
  }
  return d;
}

// Batch v of slot (c, h): what it decides for item n, and the comment that
// names it.
const batchComment = (c, h, v) => `batch ${c}.${h}.${v}`;
const batchDecision = (n, v) => ((n + v) % 5 === 0 ? 'APPROVE' : 'REVOKE');
function batchEnd(n, v, soon) {
  if (batchDecision(n, v) !== 'REVOKE') return null;
  if ((n + v) % 7 === 1) return FAR;
  if ((n + v) % 7 === 2) return soon;
  return null;
}

test(`${DC_ROUNDS} rounds of 250-decision batches and sign-offs, each ended by kill -9, apply all or nothing and remove once`, { skip: SQLITE_ONLY && 'reads the store with sqlite3' }, async (t) => {
  const ddb = join(dir, 'decide.db');
  const r0 = importDoc(ddb, decisionsDoc());
  assert.equal(r0.status, 0, r0.stderr);
  const q = (sql) => {
    const r = spawnSync('sqlite3', ['-separator', '|', ddb, sql], { encoding: 'utf8', timeout: 30000, maxBuffer: 1 << 26 });
    assert.equal(r.status, 0, `sqlite3 ${sql}: ${r.stderr || r.error}`);
    return r.stdout.trim();
  };
  const rows = (sql) => { const out = q(sql); return out ? out.split('\n').map((l) => l.split('|')) : []; };

  // Tokens valid on every node of this store: the reviewer and an admin.
  let tokens;
  {
    const n = await serveOn(ddb, ['--rate-limit', 'off', '--quiet']);
    try {
      tokens = { 'id-m2': await token(n.base, 'c-m2', SECRET), 'id-admin': await token(n.base, 'c-admin', SECRET) };
    } finally {
      await n.stop();
    }
  }

  const lives = [];           // [started, killed] of each node, as ISO times
  const sent = new Map();     // `${c}.${h}` -> Map(version -> { by, soon, acked })
  const signAcked = new Set();
  const signedSeen = new Set(); // certifications a sign-off or a decide answer showed signed
  let latestSoon = '';
  const stats = { batches: 0, acked: 0, refused: 0, cut: 0, signOffs: 0, signed: 0 };

  // "A moment away": due after the rounds, while the next node runs (on a
  // sanitizer build requests queue longer behind the writer).
  const SOON_MS = SLOW ? 4000 : 1500;
  async function batch(base, c, h, v, soonMs = SOON_MS) {
    const soon = new Date(Date.now() + soonMs).toISOString();
    if (soon > latestSoon) latestSoon = soon;
    const by = (c + h + v) % 2 ? 'id-admin' : 'id-m2';
    const rec = { by, soon, acked: false };
    if (!sent.has(`${c}.${h}`)) sent.set(`${c}.${h}`, new Map());
    sent.get(`${c}.${h}`).set(v, rec);
    const body = [];
    for (let n = h * SLOT; n < (h + 1) * SLOT; n++) {
      const e = { id: dcItem(c, n), decision: batchDecision(n, v), bulk: true, comments: batchComment(c, h, v) };
      const end = batchEnd(n, v, soon);
      if (end) e.proposedEndDate = end;
      body.push(e);
    }
    stats.batches++;
    try {
      const r = await call(base, `/v3/certifications/${dcCert(c)}/decide`, { method: 'POST', tok: tokens[by], body });
      if (r.status === 200) {
        rec.acked = true;
        stats.acked++;
        assert.equal(r.body.decisionsTotal, DC_ITEMS);
      } else {
        assert.equal(r.status, 400, `decide ${c}.${h}.${v}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
        assert.match(r.body.messages[0].text, /is signed and can no longer be decided/, JSON.stringify(r.body.messages));
        signedSeen.add(c);
        stats.refused++;
      }
    } catch (e) {
      if (e.code === 'ERR_ASSERTION') throw e;
      stats.cut++;
    }
  }
  async function signOff(base, c) {
    stats.signOffs++;
    try {
      const r = await call(base, `/v3/certifications/${dcCert(c)}/sign-off`, { method: 'POST', tok: tokens['id-m2'] });
      if (r.status === 200) {
        assert.equal(r.body.phase, 'SIGNED');
        signAcked.add(c);
        signedSeen.add(c);
        stats.signed++;
      } else {
        assert.equal(r.status, 400, `sign-off ${c}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
        const m = r.body.messages[0].text;
        assert.match(m, /without a decision|is signed and can no longer be signed off/, m);
        if (/is signed/.test(m)) signedSeen.add(c);
      }
    } catch (e) {
      if (e.code === 'ERR_ASSERTION') throw e;
    }
  }

  for (let round = 0; round < DC_ROUNDS; round++) {
    const node = spawnOn(ddb, ['--rate-limit', 'off', '--quiet']);
    nodes.push(node);
    const started = new Date().toISOString();
    const base = await node.ready;
    const work = [];
    for (let c = 0; c < DC; c++) {
      if (signedSeen.has(c)) continue;
      for (let h = 0; h < DC_ITEMS / SLOT; h++) work.push(batch(base, c, h, round));
      if (c < DC - 1 && round > 0) work.push(signOff(base, c));
    }
    // Early (0-60 ms in), after the first answer, or after every answer
    // (the workers are then carrying out what the sign-offs scheduled).
    // Or at once when a sign-off is acknowledged, before its removals are
    // likely done.
    const mode = ['early', 'first', 'late', 'signoff', 'first', 'late'][round % 6];
    let timer;
    const deadline = new Promise((r) => { timer = setTimeout(r, ANSWER_MS); });
    const signedBefore = signAcked.size;
    if (mode === 'first') await Promise.race([Promise.race(work), deadline]);
    if (mode === 'late') await Promise.race([Promise.all(work), deadline]);
    let waiting = true;
    if (mode === 'signoff') {
      const signedNow = (async () => { while (waiting && signAcked.size === signedBefore) await sleep(1); })();
      await Promise.race([signedNow, Promise.all(work), deadline]);
    }
    waiting = false; // ends the loop above, whichever won
    clearTimeout(timer);
    if (mode !== 'signoff') await sleep(rand(mode === 'late' ? 30 : 61));
    const how = await node.kill9();
    lives.push([started, new Date().toISOString()]);
    assert.equal(how, 'SIGKILL', `decisions node ${round} ended by ${how} before the kill:\n${node.log}`);
    await Promise.all(work);
    assert.equal(q('PRAGMA integrity_check'), 'ok', `integrity after decisions round ${round}`);
  }
  t.diagnostic(`decide batches: ${stats.batches} sent, ${stats.acked} acknowledged, ${stats.refused} refused (signed), ` +
    `${stats.cut} cut by the kill; sign-offs: ${stats.signOffs} sent, ${stats.signed} acknowledged`);

  // ------------------------------------------------------------ settle
  // A node that is not killed: it carries out every removal due by now,
  // including the ones that came due while no node ran.
  const restartedAt = new Date().toISOString();
  const last = await serveOn(ddb, ['--rate-limit', 'off', '--quiet']);
  nodes.push(last);
  while (new Date().toISOString() <= latestSoon) await sleep(100);
  // Waits until every removal due by now has happened; returns that now.
  async function settled() {
    const settleBy = Date.now() + TASK_WAIT_MS;
    for (;;) {
      const at = new Date().toISOString();
      const due = Number(q(`SELECT count(*) FROM remediation WHERE removed IS NULL AND cancelled IS NULL AND remove_at <= '${at}'`));
      if (due === 0) return at;
      assert.ok(Date.now() < settleBy, `${due} removals due by ${at} still not done after ${TASK_WAIT_MS} ms`);
      await sleep(100);
    }
  }
  const now = await settled();

  // ------------------------------------------------------------ each slot: one whole batch, or nothing
  const items = new Map();   // item id -> { decision, comments, end, by, decided }
  for (const [id, decision, comments, end, by, decided] of rows(
    "SELECT id, decision, comments, proposed_end_date, decided_by, decided FROM review_item WHERE id LIKE 'dci-%'")) {
    items.set(id, { decision: decision || null, comments: comments || null, end: end || null, by: by || null, decided: decided || null });
  }
  assert.equal(items.size, DC * DC_ITEMS);
  const finalVersion = new Map();
  for (let c = 0; c < DC; c++) {
    for (let h = 0; h < DC_ITEMS / SLOT; h++) {
      const slot = `${c}.${h}`;
      const versions = sent.get(slot) || new Map();
      const its = [];
      for (let n = h * SLOT; n < (h + 1) * SLOT; n++) its.push([n, items.get(dcItem(c, n))]);
      const comments = new Set(its.map(([, it]) => it.comments));
      assert.equal(comments.size, 1, `slot ${slot} mixes batches: ${[...comments].join(', ')}`);
      const comment = [...comments][0];
      const ackedMax = Math.max(-1, ...[...versions].filter(([, r]) => r.acked).map(([v]) => v));
      if (comment === null) {
        assert.ok(its.every(([, it]) => it.decision === null && it.by === null && it.decided === null && it.end === null),
          `slot ${slot}: no batch, yet a decision`);
        assert.equal(ackedMax, -1, `slot ${slot}: batch ${ackedMax} was acknowledged but nothing of it is there`);
        continue;
      }
      const m = /^batch (\d+)\.(\d+)\.(\d+)$/.exec(comment);
      assert.ok(m && Number(m[1]) === c && Number(m[2]) === h, `slot ${slot}: comment ${comment}`);
      const v = Number(m[3]);
      const rec = versions.get(v);
      assert.ok(rec, `slot ${slot}: batch ${v} was never sent`);
      assert.ok(v >= ackedMax, `slot ${slot}: batch ${v} is there, older than the acknowledged ${ackedMax}`);
      const decided = new Set(its.map(([, it]) => it.decided));
      assert.equal(decided.size, 1, `slot ${slot}: batch ${v} was applied at ${decided.size} times`);
      for (const [n, it] of its) {
        assert.deepEqual({ decision: it.decision, end: it.end, by: it.by },
          { decision: batchDecision(n, v), end: batchEnd(n, v, rec.soon), by: rec.by }, `${dcItem(c, n)} of batch ${v}`);
      }
      finalVersion.set(slot, v);
    }
  }

  // ------------------------------------------------------------ counters
  const certRows = rows("SELECT id, phase, signed, decisions_made, decisions_total, entities_completed, entities_total, completed FROM certification WHERE id LIKE 'dc-%' ORDER BY id");
  assert.equal(certRows.length, DC);
  const admin2 = tokens['id-admin'];
  for (const [id, phase, signed, made, total, entDone, entTotal, completed] of certRows) {
    const c = Number(id.slice(3));
    const mine = [...items].filter(([k]) => k.startsWith(`dci-${c}-`)).map(([k, it]) => ({ n: Number(k.split('-')[2]), ...it }));
    const byPerson = new Map();
    for (const it of mine) {
      const p = dcPerson(c, it.n);
      byPerson.set(p, (byPerson.get(p) ?? true) && it.decision !== null);
    }
    const want = { made: mine.filter((x) => x.decision).length, total: DC_ITEMS,
      entDone: [...byPerson.values()].filter(Boolean).length, entTotal: byPerson.size };
    assert.deepEqual({ made: Number(made), total: Number(total), entDone: Number(entDone), entTotal: Number(entTotal) }, want, `counters of ${id}`);
    assert.equal(completed === '1', want.made === DC_ITEMS, `completed of ${id}`);
    const v3 = await call(last.base, `/v3/certifications/${id}`, { tok: admin2 });
    assert.equal(v3.status, 200);
    assert.deepEqual([v3.body.decisionsMade, v3.body.decisionsTotal, v3.body.identitiesCompleted, v3.body.identitiesTotal],
      [want.made, want.total, want.entDone, want.entTotal], `v3 counters of ${id}`);

    // ---------------------------------------------------------- signed <=> its remediation rows
    const rem = rows(`SELECT identity_id, access_id, remove_at, removed, comments, decided_by, decided FROM remediation WHERE certification_id = '${id}'`);
    if (phase === 'SIGNED') {
      assert.equal(want.made, DC_ITEMS, `${id} is signed with undecided items`);
      const revokes = mine.filter((x) => x.decision === 'REVOKE');
      assert.equal(rem.length, revokes.length, `${id}: ${rem.length} remediation rows for ${revokes.length} REVOKEs`);
      const byKey = new Map(rem.map((r) => [`${r[0]}/${r[1]}`, r]));
      assert.equal(byKey.size, rem.length, `${id}: a removal scheduled twice`);
      for (const it of revokes) {
        const r = byKey.get(`${dcPerson(c, it.n)}/${dcEnt(it.n)}`);
        assert.ok(r, `${dcItem(c, it.n)}: REVOKE without a remediation row`);
        assert.equal(r[2], it.end ?? signed, `${dcItem(c, it.n)}: removeAt`);
        assert.deepEqual([r[4], r[5], r[6]], [it.comments, it.by, it.decided], `${dcItem(c, it.n)}: the decision it records`);
      }
    } else {
      assert.equal(phase, 'ACTIVE', id);
      assert.equal(rem.length, 0, `${id} is not signed, yet has ${rem.length} remediation rows`);
      assert.ok(!signAcked.has(c), `${id}: its sign-off was acknowledged, yet it is ${phase}`);
    }
  }
  assert.ok(certRows.some((r) => r[1] === 'SIGNED'), 'no certification was signed: the rounds proved nothing about sign-offs');

  // ------------------------------------------------------------ removals: due ones once, others not
  const remAll = rows("SELECT identity_id, access_id, remove_at, removed FROM remediation WHERE campaign_id = 'camp-dc'");
  const held = new Set(rows("SELECT identity_id || '/' || access_id FROM assignment WHERE identity_id LIKE 'id-d%'").map((r) => r[0]));
  const removedKeys = new Set();
  for (const [who, ent, at, removed] of remAll) {
    const key = `${who}/${ent}`;
    if (at <= now) assert.ok(removed, `${key}: due at ${at}, not removed by ${now}`);
    else assert.equal(removed, '', `${key}: due at ${at}, removed early (${removed})`);
    if (removed) {
      assert.ok(removed >= at, `${key}: removed ${removed} before its time ${at}`);
      assert.ok(!held.has(key), `${key}: stamped removed, yet the assignment is there`);
      removedKeys.add(key);
    } else {
      assert.ok(held.has(key), `${key}: not due, yet the assignment is gone`);
    }
  }
  assert.equal(held.size + removedKeys.size, DC * DC_ITEMS, 'an assignment went without a removal, or a removal twice');
  // Removals that came due while a node ran, or between nodes, and were
  // carried out by a later node (after a kill).
  const resumed = remAll.filter(([, , at, removed]) => removed && [...lives, [restartedAt, '9']]
    .some(([, killed]) => at <= killed && removed > killed)).length;
  t.diagnostic(`remediation: ${remAll.length} rows, ${removedKeys.size} removed, ${resumed} of them carried out ` +
    `by a later node than the one alive when they came due; slots decided: ${finalVersion.size} of ${DC * 2}`);

  // ------------------------------------------------------------ the campaign
  assert.equal(q("SELECT status FROM campaign WHERE id = 'camp-dc'"), 'ACTIVE', `dc-${DC - 1} is not signed`);
  // The last certification decided (what is missing) and signed: the
  // campaign completes (future-dated removals do not hold it back).
  const lastCert = DC - 1;
  for (let h = 0; h < DC_ITEMS / SLOT; h++) {
    if (!finalVersion.has(`${lastCert}.${h}`)) await batch(last.base, lastCert, h, 100, 3600e3);
  }
  const s = await call(last.base, `/v3/certifications/${dcCert(lastCert)}/sign-off`, { method: 'POST', tok: tokens['id-m2'] });
  for (let c = 0; c < DC - 1; c++) {
    if (q(`SELECT phase FROM certification WHERE id = '${dcCert(c)}'`) !== 'SIGNED') {
      for (let h = 0; h < DC_ITEMS / SLOT; h++) if (!finalVersion.has(`${c}.${h}`)) await batch(last.base, c, h, 100, 3600e3);
      const r = await call(last.base, `/v3/certifications/${dcCert(c)}/sign-off`, { method: 'POST', tok: tokens['id-m2'] });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
  }
  assert.equal(s.status, 200, JSON.stringify(s.body));
  let status;
  for (let i = 0; i < 200; i++) {
    status = q("SELECT status FROM campaign WHERE id = 'camp-dc'");
    if (status === 'COMPLETED') break;
    assert.ok(status === 'ACTIVE' || status === 'COMPLETING', status);
    await sleep(50);
  }
  assert.equal(status, 'COMPLETED');
  await settled();

  const code = await last.stop();
  assert.equal(code, 0, `the last decisions node's exit status ${code}:\n${last.log}`);
  for (const n of nodes) assert.doesNotMatch(n.log, /Sanitizer|runtime error/, 'a sanitizer report');
  assert.equal(q('PRAGMA integrity_check'), 'ok');
});
