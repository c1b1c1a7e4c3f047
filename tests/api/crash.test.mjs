// Crash safety: a stream of reassignments (ITEM and IDENTITY_SUMMARY) and
// `recertd import --replace` runs, with the server (and some imports)
// killed with SIGKILL at random moments, round after round, on one store.
// At the end every task has finished, no review item was lost or
// duplicated, every counter agrees with the items, every import is all or
// nothing, everything acknowledged survived, and SQLite's integrity check
// passes.
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
