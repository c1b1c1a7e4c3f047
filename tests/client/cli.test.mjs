// The recert CLI end to end: every command and output format against real
// recertd processes on loopback (fixture.json, imported once and copied),
// every documented exit code, the configuration sources, 429 handling,
// --wait (plain lines, and a terminal through script(1)), and an in-process
// mock server for 5xx and for the exact reassignment bodies sent.
//
// RECERT_CLI and RECERTD name the binaries (tests/client/run.sh sets them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import http from 'node:http';

const here = new URL('.', import.meta.url).pathname;
const CLI = resolve(process.env.RECERT_CLI || join(here, '../../build/recert'));
const RECERTD = resolve(process.env.RECERTD || join(here, '../../build/recertd'));
const FIXTURE = join(here, 'fixture.json');
const SECRET = 'test-secret-0123456789';
const ODD_NAME = 'Zoë "Z" O\'Hara & Co. #1 (100%)';
const WEIRD_TARGET = 'Q&A #1 100% "quoted" +plus';
const TRACKING = /tracking id [0-9a-f]{32}/;

const dir = mkdtempSync(join(tmpdir(), 'recert-cli-'));
// The per-user configuration file is the test's own (none unless a test writes one).
process.env.XDG_CONFIG_HOME = join(dir, 'xdg-none');
const servers = [];
let main, rate, queue, worker, mock, mockBase;
const mockRequests = [];
let mockReplies = [];

// ------------------------------------------------------------------ harness
function serve(db, args = []) {
  const child = spawn(RECERTD, ['serve', '--db', `sqlite:${db}`, '--listen', '127.0.0.1:0', '--quiet', ...args],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  servers.push(child);
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`recertd did not start:\n${log}`)), 20000);
    child.stderr.on('data', (d) => {
      log += d;
      const m = /on (http:\/\/[\d.]+:\d+)/.exec(log);
      if (m) { clearTimeout(timer); resolve({ base: m[1], child }); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`recertd exited ${code}:\n${log}`)); });
  });
}

// Runs the CLI; resolves { code, stdout, stderr }. SAIL_* come only from env.
function run(args, { env = {}, cwd = dir, input } = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SAIL_')));
  return new Promise((resolve, reject) => {
    const child = spawn(CLI, args, { cwd, env: { ...base, ...env }, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (input !== undefined) {
      child.stdin.on('error', () => {}); // the CLI may exit before reading it all
      child.stdin.end(input);
    }
  });
}
const as = (srv, clientId = 'c-cli') => ({ SAIL_BASE_URL: srv.base, SAIL_CLIENT_ID: clientId, SAIL_CLIENT_SECRET: SECRET });
const json = (r) => { assert.equal(r.code, 0, r.stderr); return JSON.parse(r.stdout); };
const lines = (s) => s.split('\n').filter((l) => l.length);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  const db = join(dir, 'main.db');
  const r = spawnSync(RECERTD, ['import', '--db', `sqlite:${db}`, FIXTURE], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  for (const name of ['rate', 'queue']) copyFileSync(db, join(dir, `${name}.db`));
  [main, rate, queue] = await Promise.all([
    serve(db, ['--rate-limit', 'off']),
    serve(join(dir, 'rate.db'), ['--rate-limit', '3/2']),
    serve(join(dir, 'queue.db'), ['--rate-limit', 'off', '--workers', '0']),
  ]);
  mock = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      mockRequests.push({ method: req.method, url: req.url, headers: req.headers, body });
      const r = mockReplies.shift() || { status: 500, body: '{}' };
      res.writeHead(r.status, { 'content-type': 'application/json', ...(r.headers || {}) });
      res.end(r.body);
    });
  });
  await new Promise((r) => mock.listen(0, '127.0.0.1', r));
  mockBase = `http://127.0.0.1:${mock.address().port}`;
});

after(async () => {
  await Promise.all(servers.filter((c) => c.exitCode === null).map((c) => new Promise((r) => { c.once('exit', r); c.kill('SIGTERM'); })));
  if (mock) await new Promise((r) => mock.close(r));
  rmSync(dir, { recursive: true, force: true });
});

// ------------------------------------------------------------------ help and usage (exit 2)
test('recert --help, recert certifications --help and every command --help', async () => {
  let r = await run(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^usage: recert /);
  assert.match(r.stdout, /certifications reassign/);
  assert.match(r.stdout, /exit codes: 0 ok, 1 error, 2 usage/);
  r = await run(['certifications', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^usage: recert certifications COMMAND/);
  for (const cmd of ['list', 'get', 'items', 'reviewers', 'permissions', 'tasks', 'task', 'reassign']) {
    r = await run(['certifications', cmd, '-h']);
    assert.equal(r.code, 0, cmd);
    assert.match(r.stdout, new RegExp(`^usage: recert certifications ${cmd}\\b`), cmd);
    assert.equal(r.stderr, '');
  }
  for (const cmd of ['decide', 'sign-off', 'summaries', 'tasks', 'task']) {
    r = await run([cmd, '--help']);
    assert.equal(r.code, 0, cmd);
    assert.match(r.stdout, new RegExp(`^usage: recert ${cmd}\\b`), cmd);
  }
  r = await run(['--version']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^recert \d+\.\d+\.\d+ \(librecert \d+\.\d+\.\d+\)\n$/);
});

test('usage errors exit 2 with a message naming the problem, before any request', async () => {
  const cases = [
    [[], /^usage: recert/],
    [['certifications'], /^usage: recert certifications/],
    [['campaigns', 'list'], /unknown command "campaigns"/],
    [['certifications', 'lst'], /unknown command "certifications lst"/],
    [['certifications', 'list', '--bogus'], /unknown option --bogus/],
    [['certifications', 'list', '--limit'], /--limit needs a value/],
    [['certifications', 'list', '--limit', '251'], /--limit must be a whole number from 0 to 250 \(got "251"\)/],
    [['certifications', 'list', '--offset=-1'], /--offset must be a whole number/],
    [['certifications', 'list', '--count', '--all'], /--count and --all cannot be combined/],
    [['certifications', 'list', '--to', 'x'], /certifications list does not take --to/],
    [['certifications', 'list', 'extra'], /takes no arguments, no more/],
    [['certifications', 'reviewers'], /certifications reviewers takes ID/],
    [['certifications', 'task', 'c'], /certifications task takes ID TASK/],
    [['certifications', 'tasks', 'c', '--sorters', 'name'], /does not take --sorters/],
    [['-o', 'xml', 'certifications', 'list'], /--output must be json, table or ndjson \(got "xml"\)/],
    [['certifications', 'list', '--count=yes'], /--count takes no value/],
    [['certifications', 'reassign', 'c', '--item', 'i', '--reason', 'r'], /needs --to IDENTITY/],
    [['certifications', 'reassign', 'c', '--item', 'i', '--to', 't'], /needs --reason TEXT/],
    [['certifications', 'reassign', 'c', '--to', 't', '--reason', 'r'], /at least one --item/],
    [['certifications', 'reassign', 'c', '--item', '', '--to', 't', '--reason', 'r'], /--item needs a non-empty id/],
    [['certifications', 'reassign', 'c', '--item', 'i', '--to', 't', '--reason', 'r', '--wait-timeout', '0'], /--wait-timeout must be/],
  ];
  for (const [args, re] of cases) {
    // A base URL nothing listens on: a usage error must not need the network.
    const r = await run(args, { env: { SAIL_BASE_URL: 'http://127.0.0.1:9', SAIL_ACCESS_TOKEN: 't' } });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
  }
});

// ------------------------------------------------------------------ certifications list
test('list: pretty JSON by default, as the server sent it', async () => {
  const r = await run(['certifications', 'list', '--filters', 'id eq "cert-1"'], { env: as(main) });
  const certs = json(r);
  assert.equal(certs.length, 1);
  assert.equal(certs[0].id, 'cert-1');
  assert.equal(certs[0].campaignRef.name, 'Q4 Manager Review');
  assert.equal(certs[0].decisionsTotal, 6);
  assert.ok('created' in certs[0], 'fields outside the beta schema are kept');
  assert.match(r.stdout, /^\[\n  \{\n    "id": "cert-1",\n/);
});

test('list -o table: aligned columns, long fields cut to 40 characters', async () => {
  const r = await run(['-o', 'table', 'certifications', 'list', '--filters', 'campaignRef.id eq "camp-src"', '--sorters', 'name'], { env: as(main) });
  assert.equal(r.code, 0, r.stderr);
  const rows = lines(r.stdout);
  assert.equal(rows.length, 3);
  assert.match(rows[0], /^ID\s+NAME\s+CAMPAIGN\s+PHASE\s+REVIEWER\s+DECISIONS\s+DUE$/);
  const col = (name) => rows[0].indexOf(name);
  for (const row of rows.slice(1)) {
    assert.equal(row[col('NAME') - 1], ' ');
    assert.notEqual(row[col('NAME')], ' ', 'NAME column starts at the same place in every row');
    assert.notEqual(row[col('PHASE')], ' ');
  }
  assert.match(rows[1], /^cert-3\s+Source Owner Review for Big Group\s+Source Owner Review\s+ACTIVE\s+Big Group\s+0\/1\s+2027-01-15T12:00:00.000Z$/);
  const long = rows[2].slice(col('NAME'), col('CAMPAIGN')).trimEnd();
  assert.equal(long, 'Source Owner Review for Mia Manager, ...'); // 37 characters and "..."
  assert.equal([...long].length, 40);
  assert.match(rows[2], /SIGNED\s+Mia Manager\s+1\/1/);
});

test('list -o ndjson: one object per line', async () => {
  const r = await run(['certifications', 'list', '-o', 'ndjson', '--filters', 'campaignRef.id eq "camp-page"', '--sorters', 'name'], { env: as(main) });
  assert.equal(r.code, 0, r.stderr);
  const objs = lines(r.stdout).map((l) => JSON.parse(l));
  assert.deepEqual(objs.map((c) => c.id), ['cert-p1', 'cert-p2', 'cert-p3', 'cert-p4', 'cert-p5', 'cert-p6', 'cert-p7']);
});

test('list --count prints the total; --limit/--offset/--sorters select a page', async () => {
  let r = await run(['certifications', 'list', '--count', '--filters', 'campaignRef.id eq "camp-page"'], { env: as(main) });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '7\n');
  r = await run(['certifications', 'list', '--count', '-o', 'table', '--filters', 'id in ("cert-p1","cert-p2","nope")'], { env: as(main) });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '2\n');
  r = await run(['certifications', 'list', '--filters', 'campaignRef.id eq "camp-page"', '--sorters', '-due', '--limit', '2', '--offset', '1'], { env: as(main) });
  assert.deepEqual(json(r).map((c) => c.id), ['cert-p6', 'cert-p5']);
});

test('list --all walks every page (-v shows each request)', async () => {
  const r = await run(['certifications', 'list', '--all', '--limit', '2', '-v', '-o', 'ndjson', '--filters', 'campaignRef.id eq "camp-page"', '--sorters', 'name'], { env: as(main) });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(lines(r.stdout).length, 7);
  const gets = lines(r.stderr).filter((l) => /^recert: GET .*\/beta\/certifications\?/.test(l));
  assert.deepEqual(gets.map((l) => /offset=(\d+)/.exec(l)[1]), ['0', '2', '4', '6']);
  assert.ok(gets.every((l) => / -> 200 \(\d+ ms\)$/.test(l)));
  assert.match(r.stderr, /^recert: POST http:\/\/127\.0\.0\.1:\d+\/oauth\/token -> 200/m);
  assert.doesNotMatch(r.stderr, new RegExp(SECRET), 'the secret is never printed');
});

test('list --reviewer me lists the caller\'s own certifications', async () => {
  const r = await run(['certifications', 'list', '--reviewer', 'me', '--filters', 'campaignRef.id in ("camp-src","camp-page")'], { env: as(main, 'c-m1') });
  const certs = json(r);
  assert.deepEqual(certs.map((c) => c.id), ['cert-4']);
});

// ------------------------------------------------------------------ reviewers and permissions
test('reviewers: all formats, --all across pages, filters with quotes, &, # and %', async () => {
  let r = await run(['certifications', 'reviewers', 'cert-3', '--all', '--limit', '2', '--sorters', 'name', '-o', 'ndjson'], { env: as(main) });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(lines(r.stdout).map((l) => JSON.parse(l).id), ['id-g2', 'id-g3', 'id-g1', 'id-g4', 'id-odd']);
  r = await run(['certifications', 'reviewers', 'cert-3', '--filters', `name eq "${ODD_NAME.replaceAll('"', '\\"')}"`], { env: as(main) });
  assert.deepEqual(json(r).map((x) => [x.id, x.name]), [['id-odd', ODD_NAME]]);
  r = await run(['certifications', 'reviewers', 'cert-3', '--count'], { env: as(main) });
  assert.equal(r.stdout, '5\n');
  r = await run(['certifications', 'reviewers', 'cert-3', '-o', 'table', '--filters', 'id eq "id-odd"'], { env: as(main) });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(lines(r.stdout).map((l) => l.split(/\s{2,}/)), [['ID', 'NAME', 'EMAIL', 'TYPE'],
    ['id-odd', ODD_NAME, 'odd+tag@example.com', 'IDENTITY']]);
});

test('permissions: filters, table, --all and --count', async () => {
  let r = await run(['certifications', 'permissions', 'cert-1', 'item-1', '--filters', `target eq "${WEIRD_TARGET.replaceAll('"', '\\"')}"`], { env: as(main) });
  assert.deepEqual(json(r), [{ rights: ['SELECT'], target: WEIRD_TARGET }]);
  r = await run(['certifications', 'permissions', 'cert-1', 'item-1', '-o', 'table', '--filters', 'target eq "HR.EMPLOYEES"'], { env: as(main) });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(lines(r.stdout).map((l) => l.split(/\s{2,}/)), [['TARGET', 'RIGHTS'], ['HR.EMPLOYEES', 'SELECT,UPDATE,DELETE']]);
  r = await run(['certifications', 'permissions', 'cert-1', 'item-1', '--all', '--limit', '2', '-v'], { env: as(main) });
  assert.equal(json(r).length, 5);
  assert.equal(lines(r.stderr).filter((l) => /GET .*\/permissions\?/.test(l)).length, 3);
  r = await run(['certifications', 'permissions', 'cert-1', 'item-1', '--count'], { env: as(main) });
  assert.equal(r.stdout, '5\n');
});

// ------------------------------------------------------------------ tasks, task, reassign
test('reassign (queued on a node without workers), tasks and task', async () => {
  let r = await run(['certifications', 'reassign', 'cert-p1', '--item', 'item-p1', '--to', 'id-m1', '--reason', 'queued'], { env: as(queue) });
  const task = json(r);
  assert.equal(task.status, 'QUEUED');
  assert.equal(task.certificationId, 'cert-p1');
  assert.equal(task.type, 'REASSIGN');
  r = await run(['certifications', 'tasks', 'cert-p1'], { env: as(queue) });
  assert.deepEqual(json(r).map((t) => t.id), [task.id]);
  r = await run(['certifications', 'task', 'cert-p1', task.id], { env: as(queue) });
  assert.deepEqual(json(r), task);
  r = await run(['certifications', 'task', 'cert-p1', task.id, '-o', 'table'], { env: as(queue) });
  assert.deepEqual(lines(r.stdout).map((l) => l.split(/\s{2,}/)), [['ID', 'CERTIFICATION', 'TYPE', 'STATUS', 'ERRORS'],
    [task.id, 'cert-p1', 'REASSIGN', 'QUEUED', '-']]);
  r = await run(['certifications', 'tasks', 'cert-p1', '-o', 'ndjson'], { env: as(queue) });
  assert.deepEqual(lines(r.stdout).map((l) => JSON.parse(l)), [task]);
  r = await run(['certifications', 'tasks', 'cert-p2'], { env: as(queue) });
  assert.equal(r.stdout, '[]\n');
});

test('reassign --wait times out with exit 10 while no worker runs the task', async () => {
  const r = await run(['certifications', 'reassign', 'cert-p2', '--item', 'item-p2', '--to', 'id-m1', '--reason', 'r', '--wait', '--wait-timeout', '1'], { env: as(queue) });
  assert.equal(r.code, 10, r.stderr);
  assert.match(r.stderr, /^recert: task [0-9a-f]+: QUEUED$/m);
  assert.match(r.stderr, /still QUEUED after 1 s/);
  assert.equal(JSON.parse(r.stdout).status, 'QUEUED');
});

test('reassign --wait exits 9 when the task ends in ERROR', async () => {
  // First task moves item-23 away; the second, waited on, then fails. Both
  // are queued on the node without workers; a worker node on the same
  // store runs them once the second is queued.
  let r = await run(['certifications', 'reassign', 'cert-2', '--item', 'item-23', '--to', 'id-m1', '--reason', 'first'], { env: as(queue) });
  assert.equal(r.code, 0, r.stderr);
  const waiting = run(['certifications', 'reassign', 'cert-2', '--item', 'item-23', '--to', 'id-g1', '--reason', 'second', '--wait', '--wait-timeout', '60'], { env: as(queue) });
  for (let i = 0; i < 100; i++) {
    r = await run(['certifications', 'tasks', 'cert-2'], { env: as(queue) });
    if (json(r).length === 2) break;
    await sleep(50);
  }
  assert.equal(json(r).length, 2);
  worker = await serve(join(dir, 'queue.db'), ['--rate-limit', 'off']);
  r = await waiting;
  assert.equal(r.code, 9, r.stderr);
  const task = JSON.parse(r.stdout);
  assert.equal(task.status, 'ERROR');
  assert.match(r.stderr, /^recert: task [0-9a-f]+: QUEUED$/m);
  assert.match(r.stderr, /^recert: task [0-9a-f]+: ERROR$/m);
  assert.match(r.stderr, /ended in ERROR\nrecert: {3}.*item-23/);
});

test('reassign --wait on a terminal redraws one progress line', async () => {
  const cmd = [CLI, 'certifications', 'reassign', 'cert-1', '--item', 'item-6', '--to', 'id-m2', '--reason', 'tty', '--wait', '--wait-timeout', '60', '-o', 'table']
    .map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8', env: { ...process.env, ...as(main) }, timeout: 30000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /\r\x1b\[K[|/\\-] task [0-9a-f]+: (QUEUED|IN_PROGRESS|SUCCESS) {2}\d+\.\d s/);
  assert.match(r.stdout, /\r\x1b\[Krecert: task [0-9a-f]+: SUCCESS \(\d+\.\d s\)\r?\n/);
  assert.match(r.stdout, /REASSIGN\s+SUCCESS/);
});

test('reassign --wait (not a terminal): plain lines, final task on stdout, exit 0', async () => {
  const r = await run(['certifications', 'reassign', 'cert-1', '--identity-summary', 'is-1', '--to', 'id-g1', '--reason', 'all of Sam', '--wait', '--wait-timeout', '60'], { env: as(main) });
  assert.equal(r.code, 0, r.stderr);
  const task = JSON.parse(r.stdout);
  assert.equal(task.status, 'SUCCESS');
  assert.doesNotMatch(r.stderr, /\r|\x1b/);
  assert.match(r.stderr, new RegExp(`^recert: task ${task.id}: SUCCESS$`, 'm'));
  const moved = json(await run(['certifications', 'list', '--filters', 'campaignRef.id eq "camp-q4"'], { env: as(main) }))
    .filter((c) => c.reassignment && c.reassignment.comment === 'all of Sam');
  assert.equal(moved.length, 1);
  assert.equal(moved[0].reviewer.id, 'id-g1');
  assert.equal(moved[0].reassignment.from.id, 'cert-1');
});

test('reassign sends the references in order; --from-file takes lines or JSON', async () => {
  const env = { SAIL_BASE_URL: mockBase, SAIL_ACCESS_TOKEN: 'tok' };
  const task = '{"id":"t1","certificationId":"c 1","type":"REASSIGN","status":"QUEUED","errors":[]}';
  writeFileSync(join(dir, 'refs.txt'), '# from a review\nITEM item-9\n  target_summary  ent-1  \n\nitem-10 # trailing comment\n');
  mockReplies = [{ status: 200, body: task }];
  mockRequests.length = 0;
  let r = await run(['certifications', 'reassign', 'c 1', '--item', 'a', '--target-summary', 'b', '--identity-summary', 'c',
    '--item', 'd', '--from-file', 'refs.txt', '--to', 'id-2', '--reason', 'why "now" & #1'], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(mockRequests.length, 1);
  assert.equal(mockRequests[0].method, 'POST');
  assert.equal(mockRequests[0].url, '/beta/certifications/c%201/reassign-async');
  assert.equal(mockRequests[0].headers.authorization, 'Bearer tok');
  assert.equal(mockRequests[0].headers['content-type'], 'application/json');
  assert.match(mockRequests[0].headers['user-agent'], /^recert\/\d+\.\d+\.\d+$/);
  assert.deepEqual(JSON.parse(mockRequests[0].body), {
    reassign: [{ id: 'a', type: 'ITEM' }, { id: 'b', type: 'TARGET_SUMMARY' }, { id: 'c', type: 'IDENTITY_SUMMARY' },
      { id: 'd', type: 'ITEM' }, { id: 'item-9', type: 'ITEM' }, { id: 'ent-1', type: 'TARGET_SUMMARY' }, { id: 'item-10', type: 'ITEM' }],
    reassignTo: 'id-2', reason: 'why "now" & #1',
  });

  // A ReviewReassign body on stdin; flags win over the file.
  mockReplies = [{ status: 200, body: task }];
  mockRequests.length = 0;
  const body = { reassign: [{ id: 'x', type: 'identity_summary' }], reassignTo: 'from-file', reason: 'file reason' };
  r = await run(['certifications', 'reassign', 'c', '--from-file', '-', '--to', 'from-flag'], { env, input: JSON.stringify(body) });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(mockRequests[0].body), { reassign: [{ id: 'x', type: 'IDENTITY_SUMMARY' }], reassignTo: 'from-flag', reason: 'file reason' });

  for (const [text, re] of [['ITEM a b\n', /refs: line 1: expected `\[TYPE\] ID`/], ['USER a\n', /line 1/],
    ['[{"id":"a"}]', /reference 1 needs an "id" and a "type"/], ['{"reassign": 3}', /expected a ReviewReassign object/],
    ['{"reassign": [', /refs: line 1:/]]) {
    writeFileSync(join(dir, 'refs'), text);
    r = await run(['certifications', 'reassign', 'c', '--from-file', 'refs', '--to', 't', '--reason', 'r'], { env });
    assert.equal(r.code, 2, text);
    assert.match(r.stderr, re, text);
  }
  r = await run(['certifications', 'reassign', 'c', '--from-file', 'no-such-file', '--to', 't', '--reason', 'r'], { env });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no-such-file: No such file or directory/);
});

// ------------------------------------------------------------------ configuration
test('configuration: flags over the environment over ./config.json', async () => {
  const list = ['certifications', 'tasks', 'cert-1'];
  // Flags win over a wrong environment.
  let r = await run([...list, '--base-url', main.base, '--client-id', 'c-cli', '--client-secret', SECRET],
    { env: { SAIL_BASE_URL: 'http://127.0.0.1:9', SAIL_CLIENT_ID: 'x', SAIL_CLIENT_SECRET: 'y' } });
  assert.equal(r.code, 0, r.stderr);
  // ./config.json alone (base URL given with /beta, as people paste it).
  const cfgDir = mkdtempSync(join(dir, 'cfg-'));
  writeFileSync(join(cfgDir, 'config.json'), JSON.stringify({ BaseURL: `${main.base}/beta`, ClientId: 'c-cli', ClientSecret: SECRET }));
  r = await run(list, { cwd: cfgDir });
  assert.equal(r.code, 0, r.stderr);
  // The environment wins over ./config.json, and the two are never mixed.
  writeFileSync(join(cfgDir, 'config.json'), JSON.stringify({ BaseURL: 'http://127.0.0.1:9', ClientId: 'c-cli', ClientSecret: SECRET }));
  r = await run(list, { cwd: cfgDir, env: as(main) });
  assert.equal(r.code, 0, r.stderr);
  r = await run(list, { cwd: cfgDir, env: { SAIL_CLIENT_ID: 'c-cli', SAIL_CLIENT_SECRET: SECRET } });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^recert: no base URL/);
  // Nothing at all.
  r = await run(list);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no base URL: pass one, set SAIL_BASE_URL, or put BaseURL in \.\/config\.json/);
  r = await run(list, { env: { SAIL_BASE_URL: main.base } });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no credentials/);
  r = await run(list, { env: { SAIL_BASE_URL: 'ftp://x', SAIL_ACCESS_TOKEN: 't' } });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /must start with https:\/\/ or http:\/\//);
  writeFileSync(join(cfgDir, 'config.json'), '{"BaseURL": ');
  r = await run(list, { cwd: cfgDir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /\.\/config\.json: line 1:/);
});

// ------------------------------------------------------------------ error exit codes
test('exit 1: the server cannot be reached', async () => {
  const r = await run(['certifications', 'tasks', 'cert-1', '--retries', '0'], { env: { SAIL_BASE_URL: 'http://127.0.0.1:9', SAIL_ACCESS_TOKEN: 't' } });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^recert: network failure: http:\/\/127\.0\.0\.1:9: .+/);
});

test('exit 3: credentials refused; exit 4: forbidden; exit 5: not found; exit 6: bad request', async () => {
  let r = await run(['certifications', 'list'], { env: { ...as(main), SAIL_CLIENT_SECRET: 'wrong' } });
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /^recert: authentication failed: invalid_client: Bad credentials$/m);
  assert.match(r.stderr, /^recert: HTTP 401, tracking id [0-9a-f]{32}$/m);
  assert.doesNotMatch(r.stderr, /wrong/);
  r = await run(['certifications', 'list'], { env: { SAIL_BASE_URL: main.base, SAIL_ACCESS_TOKEN: 'not-a-jwt' } });
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /^recert: authentication failed: .+/m);

  r = await run(['certifications', 'reviewers', 'cert-1'], { env: as(main, 'c-s1') });
  assert.equal(r.code, 4, r.stderr);
  assert.match(r.stderr, /^recert: forbidden: .*cert-1/m);
  assert.match(r.stderr, /HTTP 403 "403 Forbidden", tracking id [0-9a-f]{32}/);

  r = await run(['certifications', 'task', 'cert-1', 'no-such-task'], { env: as(main) });
  assert.equal(r.code, 5, r.stderr);
  assert.match(r.stderr, /^recert: not found: .*no-such-task/m);
  assert.match(r.stderr, /HTTP 404 "404 Not found"/);
  assert.match(r.stderr, TRACKING);

  r = await run(['certifications', 'list', '--filters', 'phase sw "A"'], { env: as(main) });
  assert.equal(r.code, 6, r.stderr);
  assert.match(r.stderr, /^recert: bad request: filters: .*"sw".*"phase"/m);
  assert.match(r.stderr, /HTTP 400 "400.1 Bad Request Content", tracking id [0-9a-f]{32}/);
  assert.equal(r.stdout, '');
  r = await run(['certifications', 'reassign', 'cert-1', '--item', 'nope', '--to', 'id-m2', '--reason', 'x'], { env: as(main) });
  assert.equal(r.code, 6, r.stderr);
  assert.match(r.stderr, /nope/);
});

test('a 429 is waited out (Retry-After) and the listing completes', async () => {
  const r = await run(['certifications', 'list', '--all', '--limit', '2', '-v', '-o', 'ndjson', '--filters', 'campaignRef.id eq "camp-page"'], { env: as(rate, 'c-cli-rl') });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(lines(r.stdout).length, 7);
  assert.match(r.stderr, /-> 429 \(\d+ ms\), retrying in [12]000 ms/);
});

test('exit 7: still rate limited after the allowed retries', async () => {
  const limited = { status: 429, headers: { 'retry-after': '30' }, body: '{"message":" Rate Limit Exceeded "}' };
  mockReplies = [limited];
  mockRequests.length = 0;
  const r = await run(['certifications', 'tasks', 'c', '--retries', '0'], { env: { SAIL_BASE_URL: mockBase, SAIL_ACCESS_TOKEN: 'tok' } });
  assert.equal(r.code, 7, r.stderr);
  assert.equal(mockRequests.length, 1);
  assert.match(r.stderr, /^recert: rate limited: Rate Limit Exceeded$/m);
  assert.match(r.stderr, /^recert: HTTP 429, retry after 30 s$/m);
});

test('exit 8: a server error, with its message and tracking id', async () => {
  const dto = JSON.stringify({ detailCode: '500.0 Internal Fault', trackingId: 'b21b1f7ce4da4d639f2c62a57171b427',
    messages: [{ locale: 'en-US', localeOrigin: 'DEFAULT', text: 'An internal fault occurred.' }] });
  mockReplies = [{ status: 500, body: dto }, { status: 503, body: dto }];
  mockRequests.length = 0;
  const r = await run(['certifications', 'tasks', 'c', '--retries', '1', '-v'], { env: { SAIL_BASE_URL: mockBase, SAIL_ACCESS_TOKEN: 'tok' } });
  assert.equal(r.code, 8, r.stderr);
  assert.equal(mockRequests.length, 2, 'a GET is retried after a 5xx');
  assert.match(r.stderr, /^recert: server error: An internal fault occurred\.$/m);
  assert.match(r.stderr, /HTTP 503 "500.0 Internal Fault", tracking id b21b1f7ce4da4d639f2c62a57171b427/);

  // The POST is not repeated after a 5xx.
  mockReplies = [{ status: 500, body: dto }];
  mockRequests.length = 0;
  const p = await run(['certifications', 'reassign', 'c', '--item', 'i', '--to', 't', '--reason', 'r'], { env: { SAIL_BASE_URL: mockBase, SAIL_ACCESS_TOKEN: 'tok' } });
  assert.equal(p.code, 8);
  assert.equal(mockRequests.length, 1);

  // --wait: a failing poll ends the wait with the poll's error.
  mockReplies = [{ status: 200, body: '{"id":"t9","certificationId":"c","type":"REASSIGN","status":"QUEUED","errors":[]}' },
    { status: 500, body: dto }];
  mockRequests.length = 0;
  const w = await run(['certifications', 'reassign', 'c', '--item', 'i', '--to', 't', '--reason', 'r', '--wait', '--retries', '0'],
    { env: { SAIL_BASE_URL: mockBase, SAIL_ACCESS_TOKEN: 'tok' } });
  assert.equal(w.code, 8, w.stderr);
  assert.deepEqual(mockRequests.map((q) => `${q.method} ${q.url}`), ['POST /beta/certifications/c/reassign-async', 'GET /beta/certifications/c/tasks/t9']);
  assert.match(w.stderr, /^recert: task t9: QUEUED\nrecert: server error: An internal fault occurred\./m);
  assert.equal(w.stdout, '');
});

// ------------------------------------------------------------------ newcomer issues
// Runs the CLI on a terminal (script(1) gives it a pty); stdout and stderr
// both arrive in stdout. Asynchronous, so the in-process mock can answer.
function runPty(args, env) {
  const cmd = [CLI, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SAIL_')));
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', cmd, '/dev/null'], { cwd: dir, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stdout += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}
const has = (prog) => spawnSync('sh', ['-c', `command -v ${prog}`]).status === 0;

// The commands and options recert documents in its own help.
async function helpTables() {
  const top = await run(['--help']);
  const topCommands = [...new Set([...top.stdout.matchAll(/^ {2}([a-z][a-z-]*) /gm)].map((m) => m[1]))];
  const certs = await run(['certifications', '--help']);
  const commands = [...certs.stdout.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]);
  const globals = [...new Set(top.stdout.match(/--[a-z][a-z-]+/g))];
  const perCommand = {};
  for (const c of commands) {
    const h = await run(['certifications', c, '--help']);
    perCommand[c] = [...new Set(h.stdout.match(/--[a-z][a-z-]+/g) || [])];
  }
  // recert's own commands (decide, sign-off, ...)
  for (const c of topCommands.filter((w) => !['certifications', 'completion'].includes(w))) {
    const h = await run([c, '--help']);
    assert.equal(h.code, 0, c);
    assert.match(h.stdout, new RegExp(`^usage: recert ${c}\\b`), c);
    perCommand[`recert ${c}`] = [...new Set(h.stdout.match(/--[a-z][a-z-]+/g) || [])];
  }
  return { topCommands, commands, globals, perCommand };
}

test('completion: bash completes commands, subcommands, options and -o values', async () => {
  const r = await run(['completion', 'bash']);
  assert.equal(r.code, 0, r.stderr);
  const script = join(dir, 'recert.bash');
  writeFileSync(script, r.stdout);
  const cases = [
    [['recert', ''], ['certifications', 'completion', 'decide', 'sign-off', 'summaries', 'tasks', 'task']],
    [['recert', 'cert'], ['certifications']],
    [['recert', 'certifications', 'l'], ['list']],
    [['recert', '-o', 'table', 'certifications', 're'], ['reviewers', 'reassign']],
    [['recert', 'certifications', 'list', '--rev'], ['--reviewer']],
    [['recert', 'certifications', 'reassign', 'c', '--wa'], ['--wait', '--wait-timeout']],
    [['recert', 'certifications', 'tasks', 'c', '--wa'], []],
    [['recert', 'certifications', 'list', '-o', ''], ['json', 'table', 'wide', 'ndjson']],
    [['recert', 'certifications', 'list', '--output', '=', 'w'], ['wide']],
    [['recert', '--profile', 'x', 'completion', ''], ['bash', 'zsh', 'fish']],
    [['recert', '--no'], ['--no-truncate']],
  ];
  for (const [words, want] of cases) {
    const quoted = words.map((w) => `'${w}'`).join(' ');
    const b = spawnSync('bash', ['-c', `source '${script}' && COMP_WORDS=(${quoted}) && COMP_CWORD=${words.length - 1} && _recert && printf '%s\\n' "\${COMPREPLY[@]}" && complete -p recert`], { encoding: 'utf8' });
    assert.equal(b.status, 0, b.stderr);
    const out = lines(b.stdout);
    assert.equal(out.pop(), 'complete -F _recert recert');
    assert.deepEqual(out.sort(), [...want].sort(), words.join(' '));
  }
});

test('completion: every command and option of the help is in the bash, zsh and fish scripts', async () => {
  const t = await helpTables();
  assert.deepEqual(t.topCommands.filter((c) => ['certifications', 'completion'].includes(c)).sort(), ['certifications', 'completion']);
  assert.ok(t.commands.length >= 6, t.commands.join(','));
  for (const shell of ['bash', 'zsh', 'fish']) {
    const r = await run(['completion', shell]);
    assert.equal(r.code, 0, r.stderr);
    const text = r.stdout;
    const word = (w) => new RegExp(`(^|[\\s'"(=|])${w.replace(/[-]/g, '\\-')}($|[\\s'")|;])`, 'm');
    for (const c of [...t.topCommands, ...t.commands, 'json', 'table', 'wide', 'ndjson', 'bash', 'zsh', 'fish'])
      assert.match(text, word(c), `${shell}: ${c}`);
    const opt = (o) => shell === 'fish' ? word(`-l ${o.slice(2)}`) : word(o);
    for (const o of t.globals) assert.match(text, opt(o), `${shell}: ${o}`);
    for (const [c, opts] of Object.entries(t.perCommand))
      for (const o of opts) assert.match(text, opt(o), `${shell} ${c}: ${o}`);
    if (shell === 'bash' || has(shell)) {
      const file = join(dir, `recert.${shell}`);
      writeFileSync(file, text);
      const n = spawnSync(shell, ['-n', file], { encoding: 'utf8' });
      assert.equal(n.status, 0, `${shell} -n: ${n.stderr}`);
    }
  }
  if (has('fish')) {
    const file = join(dir, 'recert.fish');
    const complete = (line) => lines(spawnSync('fish', ['-c', `source '${file}'; complete -C '${line}'`], { encoding: 'utf8' }).stdout)
      .map((l) => l.split('\t')[0]).sort();
    assert.deepEqual(complete('recert certifications l'), ['list']);
    assert.deepEqual(complete('recert certifications list --rev'), ['--reviewer']);
    assert.deepEqual(complete('recert -o '), ['json', 'ndjson', 'table', 'wide']);
  }
  let r = await run(['completion', 'tcsh']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown shell "tcsh"/);
  r = await run(['completion', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^usage: recert completion bash\|zsh\|fish/);
});

test('did you mean: a mistyped command, subcommand, option, shell or format, exit 2', async () => {
  const cases = [
    [['certifications', 'lst'], /^recert: unknown command "certifications lst"; did you mean "list"\?/],
    [['certifications', 'reviwers', 'c'], /did you mean "reviewers"\?/],
    [['certifications', 'tsk', 'c', 't'], /did you mean "task"\?/],
    [['certfications', 'list'], /^recert: unknown command "certfications"; did you mean "certifications"\?/],
    [['cert', 'list'], /unknown command "cert"; did you mean "certifications"\?/],
    [['certifications', 'list', '--filter', 'x'], /^recert: unknown option --filter; did you mean --filters\?/],
    [['certifications', 'list', '--reveiwer=me'], /^recert: unknown option --reveiwer; did you mean --reviewer\?/],
    [['completion', 'bsh'], /unknown shell "bsh"; did you mean "bash"\?/],
    [['-o', 'tabel', 'certifications', 'list'], /did you mean "table"\?/],
  ];
  for (const [args, re] of cases) {
    const r = await run(args, { env: { SAIL_BASE_URL: 'http://127.0.0.1:9', SAIL_ACCESS_TOKEN: 't' } });
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, re, args.join(' '));
  }
  for (const args of [['certifications', 'list', '--bogus'], ['campaigns', 'list'], ['certifications', 'xyz']]) {
    const r = await run(args);
    assert.equal(r.code, 2);
    assert.doesNotMatch(r.stderr, /did you mean/, args.join(' '));
  }
});

test('profiles: ~/.config/recert/config.json, --profile, RECERT_PROFILE; flags > environment > profile', async () => {
  const xdg = mkdtempSync(join(dir, 'xdg-'));
  mkdirSync(join(xdg, 'recert'));
  const file = join(xdg, 'recert', 'config.json');
  const cfg = { default: 'local', profiles: {
    local: { baseUrl: main.base, clientId: 'c-cli', clientSecret: SECRET },
    member: { baseUrl: main.base, clientId: 'c-m1', clientSecret: SECRET },
    down: { baseUrl: 'http://127.0.0.1:9', clientId: 'c-cli', clientSecret: SECRET },
  } };
  writeFileSync(file, JSON.stringify(cfg), { mode: 0o600 });
  chmodSync(file, 0o600);
  const empty = mkdtempSync(join(dir, 'cwd-'));
  const env = { XDG_CONFIG_HOME: xdg };
  const count = ['certifications', 'list', '--count', '--retries', '0'];
  let r = await run(count, { env, cwd: empty });
  assert.equal(r.code, 0, r.stderr);
  const all = Number(r.stdout);
  r = await run([...count, '--profile', 'member'], { env, cwd: empty });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(Number(r.stdout) < all, 'a reviewer sees fewer certifications than the admin');
  r = await run(count, { env: { ...env, RECERT_PROFILE: 'member' }, cwd: empty });
  assert.equal(r.stdout, `${Number(r.stdout)}\n`);
  assert.ok(Number(r.stdout) < all);
  // The environment wins over the profile file, flags over both; --profile over the environment.
  r = await run(count, { env: { ...env, RECERT_PROFILE: 'down', ...as(main) }, cwd: empty });
  assert.equal(r.code, 0, r.stderr);
  r = await run([...count, '--profile', 'down'], { env: { ...env, ...as(main) }, cwd: empty });
  assert.equal(r.code, 1, 'the named profile is used, not the environment');
  r = await run([...count, '--profile', 'down', '--base-url', main.base], { env, cwd: empty });
  assert.equal(r.code, 0, r.stderr);
  // ./config.json (SailPoint's SDK file) comes before the default profile.
  writeFileSync(join(empty, 'config.json'), JSON.stringify({ BaseURL: 'http://127.0.0.1:9', ClientId: 'x', ClientSecret: 'y' }));
  r = await run(count, { env, cwd: empty });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /127\.0\.0\.1:9/);
  rmSync(join(empty, 'config.json'));
  // Mistakes are named.
  r = await run([...count, '--profile', 'prod'], { env, cwd: empty });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /config\.json: no profile "prod" \(profiles: local, member, down\)/);
  r = await run(count, { env: { ...env, RECERT_PROFILE: 'prod' }, cwd: empty });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no profile "prod"/);
  writeFileSync(file, JSON.stringify({ default: 'a', profiles: { a: { baseURL: main.base } } }));
  r = await run(count, { env, cwd: empty });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /profile "a": unknown key "baseURL"/);
  // A file others may read is refused: it holds a secret.
  writeFileSync(file, JSON.stringify(cfg));
  chmodSync(file, 0o644);
  r = await run(count, { env, cwd: empty });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /config\.json is accessible by others \(mode 644\) and holds secrets: refused; run chmod 600 /);
  assert.equal(r.stdout, '');
  // No file: the message says where one would go; --profile without a file is an error.
  r = await run(count, { env: { XDG_CONFIG_HOME: join(dir, 'nowhere') }, cwd: empty });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /or put BaseURL in \.\/config\.json or a profile in .*nowhere\/recert\/config\.json$/m);
  r = await run([...count, '--profile', 'x'], { env: { XDG_CONFIG_HOME: join(dir, 'nowhere') }, cwd: empty });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /profile "x": .*nowhere\/recert\/config\.json does not exist/);
});

test('-o wide and --no-truncate: table cells are not cut', async () => {
  const args = ['certifications', 'list', '--filters', 'campaignRef.id eq "camp-src"', '--sorters', 'name'];
  const cut = await run([...args, '-o', 'table'], { env: as(main) });
  assert.match(cut.stdout, /Source Owner Review for Mia Manager, \.\.\./);
  const full = json(await run(args, { env: as(main) }))[1].name;
  assert.ok([...full].length > 40);
  for (const extra of [['-o', 'wide'], ['-o', 'table', '--no-truncate']]) {
    const r = await run([...args, ...extra], { env: as(main) });
    assert.equal(r.code, 0, r.stderr);
    const rows = lines(r.stdout);
    assert.match(rows[0], /^ID\s+NAME\s+CAMPAIGN\s+PHASE\s+REVIEWER\s+DECISIONS\s+DUE$/);
    assert.ok(rows[2].includes(` ${full} `), extra.join(' '));
    assert.doesNotMatch(r.stdout, /\.\.\./);
    assert.equal(rows[1].indexOf('Source Owner Review '), rows[2].indexOf(full), 'columns stay aligned');
  }
  // --no-truncate leaves JSON alone.
  const r = await run([...args, '--no-truncate'], { env: as(main) });
  assert.equal(r.stdout, (await run(args, { env: as(main) })).stdout);
});

test('a retry that waits says so on a terminal (429 from the API and the token endpoint, 5xx), silent otherwise', async () => {
  const env = { SAIL_BASE_URL: mockBase, SAIL_ACCESS_TOKEN: 'tok' };
  const limited = { status: 429, headers: { 'retry-after': '1' }, body: '{"message":"Rate Limit Exceeded"}' };
  const ok = { status: 200, body: '[]' };
  mockReplies = [limited, ok];
  let r = await runPty(['certifications', 'tasks', 'c'], env);
  assert.equal(r.code, 0, r.stdout);
  assert.match(r.stdout, /recert: rate limited; retrying in 1 s \(attempt 2 of 4\)\r?\n/);
  mockReplies = [{ status: 503, body: '{}' }, ok];
  r = await runPty(['certifications', 'tasks', 'c', '--retries', '1'], env);
  assert.equal(r.code, 0, r.stdout);
  assert.match(r.stdout, /recert: server error \(HTTP 503\); retrying in \d+(\.\d)? s \(attempt 2 of 2\)/);
  mockReplies = [limited, { status: 200, body: '{"access_token":"t","expires_in":600}' }, ok];
  mockRequests.length = 0;
  r = await runPty(['certifications', 'tasks', 'c'], { SAIL_BASE_URL: mockBase, SAIL_CLIENT_ID: 'id', SAIL_CLIENT_SECRET: 's' });
  assert.equal(r.code, 0, r.stdout);
  assert.equal(mockRequests[0].url, '/oauth/token');
  assert.match(r.stdout, /recert: rate limited; retrying in 1 s \(attempt 2 of 4\)/);
  // Not a terminal: unchanged, nothing on stderr.
  mockReplies = [limited, ok];
  r = await run(['certifications', 'tasks', 'c'], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, '[]\n');
  // A terminal with -v: the -v lines only, as before.
  mockReplies = [limited, ok];
  r = await runPty(['certifications', 'tasks', 'c', '-v'], env);
  assert.match(r.stdout, /-> 429 \(\d+ ms\), retrying in 1000 ms/);
  assert.doesNotMatch(r.stdout, /rate limited; retrying/);
});

test('an invalid response is reported once, without a doubled prefix', async () => {
  mockReplies = [{ status: 200, body: '[{"id": 3}]' }];
  const r = await run(['certifications', 'tasks', 'c'], { env: { SAIL_BASE_URL: mockBase, SAIL_ACCESS_TOKEN: 'tok' } });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^recert: invalid response: \[0\]\.id: expected a string, got a number$/m);
  assert.doesNotMatch(r.stderr, /invalid response: invalid response/);
});

test('--reviewer with a name or an email is refused before any request, exit 2', async () => {
  const env = { SAIL_BASE_URL: mockBase, SAIL_ACCESS_TOKEN: 'tok' };
  for (const v of ['Anna Bauer', 'anna.bauer@example.com', '']) {
    mockRequests.length = 0;
    const r = await run(['certifications', 'list', '--reviewer', v], { env });
    assert.equal(r.code, 2, v);
    assert.match(r.stderr, /--reviewer wants an identity id or "me" \(got ".*"\); the API cannot look identities up by name/);
    assert.equal(mockRequests.length, 0);
  }
  const r = await run(['certifications', 'list', '--reviewer', 'id-m1', '--count'], { env: as(main) });
  assert.equal(r.code, 0, r.stderr);
});

test('permissions --filters: SailPoint\'s one-and/or rule is checked before sending, in the server\'s words', async () => {
  // What recertd itself answers, straight over HTTP.
  const tok = await (await fetch(`${main.base}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=client_credentials&client_id=c-cli&client_secret=${SECRET}` })).json();
  const server = async (f) => {
    const res = await fetch(`${main.base}/beta/certifications/cert-1/access-review-items/item-1/permissions?filters=${encodeURIComponent(f)}`,
      { headers: { authorization: `Bearer ${tok.access_token}` } });
    assert.equal(res.status, 400);
    return (await res.json()).messages[0].text;
  };
  const env = { SAIL_BASE_URL: mockBase, SAIL_ACCESS_TOKEN: 'tok' };
  for (const f of ['target eq "a" and rights ca ("X") or target sw "b"', 'target eq "a" or target sw "b"', 'owner eq "x"']) {
    const said = await server(f);
    mockRequests.length = 0;
    const r = await run(['certifications', 'permissions', 'c', 'i', '--filters', f], { env });
    assert.equal(r.code, 2, f);
    assert.equal(mockRequests.length, 0, 'nothing was sent');
    assert.equal(r.stderr, `recert: ${said}\n`, f);
  }
  // An allowed expression is sent as written.
  const f = 'rights ca ("SELECT") and target sw "HR."';
  mockReplies = [{ status: 200, body: '[]' }];
  mockRequests.length = 0;
  const r = await run(['certifications', 'permissions', 'c', 'i', '--filters', f], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(new URL(mockRequests[0].url, mockBase).searchParams.get('filters'), f);
});

// ------------------------------------------------------------------ v3: get, items, decide, sign-off, summaries, tasks
// A server of its own (a copy of the main store): these tests decide, sign off and reassign.
let v3srv;
async function v3() {
  if (!v3srv) {
    const db = join(dir, 'v3.db');
    copyFileSync(join(dir, 'main.db'), db);
    v3srv = await serve(db, ['--rate-limit', 'off']);
  }
  return v3srv;
}
const onMock = () => ({ SAIL_BASE_URL: mockBase, SAIL_ACCESS_TOKEN: 'tok' });
// recertd does not serve the route yet (a 404 "no such resource", not a missing
// certification): the test is marked todo, saying what it waits for.
async function waitingFor(t, srv, args, route) {
  const r = await run(args, { env: as(srv, 'c-admin') });
  if (r.code === 5 && /no such resource/.test(r.stderr)) {
    t.todo(`WAITING for recertd to serve ${route}`);
    return true;
  }
  return false;
}
const v3cert = (extra = {}) => JSON.stringify({ id: 'c-1', name: 'N', phase: 'ACTIVE', decisionsMade: 1, decisionsTotal: 9, ...extra });

test('v3 usage errors exit 2, naming the argument or the file line, before any request', async () => {
  const csv = join(dir, 'bad.csv');
  writeFileSync(csv, 'id,decision,comments\nitem-1,APPROVE,ok\n\n# a comment\nitem-2,maybe,x\n');
  const quoted = join(dir, 'quoted.csv');
  writeFileSync(quoted, 'item-1,APPROVE,"never closed\n');
  const header = join(dir, 'header.csv');
  writeFileSync(header, 'id,decison\nitem-1,APPROVE\n');
  const wide = join(dir, 'wide.csv');
  writeFileSync(wide, 'item-1,REVOKE,c,2099-01-01T00:00:00Z,true,extra\n');
  const dup = join(dir, 'dup.json');
  writeFileSync(dup, JSON.stringify([{ id: 'item-9', decision: 'APPROVE', bulk: true }, { id: 'item-1', decision: 'REVOKE' }]));
  const typo = join(dir, 'typo.json');
  writeFileSync(typo, JSON.stringify([{ id: 'item-1', decision: 'APPROVE' }, { id: 'item-2', decison: 'APPROVE' }]));
  const endApprove = join(dir, 'end.csv');
  writeFileSync(endApprove, 'item-1,APPROVE,,2099-01-01T00:00:00Z\n');
  const ids = Array.from({ length: 51 }, (_, i) => `i${i}`).join('\n');
  const many = join(dir, 'many.txt');
  writeFileSync(many, ids);
  const cases = [
    [['decide', 'c'], /^recert: decide needs decisions: --approve ITEM, --revoke ITEM or --file FILE/],
    [['decide'], /^recert: decide takes ID/],
    [['decid', 'c'], /unknown command "decid"; did you mean "decide"\?/],
    [['decide', 'c', '--approve', ''], /--approve needs a non-empty item id/],
    [['decide', 'c', '--approve', 'a', '--revoke', 'a'], /item "a" is decided twice \(--approve a and --revoke a\)/],
    [['decide', 'c', '--approve', 'item-1', '--file', dup], new RegExp(`item "item-1" is decided twice \\(--approve item-1 and ${dup} decision 2\\)`)],
    [['decide', 'c', '--file', csv], new RegExp(`^recert: ${csv} line 5: the decision must be APPROVE or REVOKE \\(got "maybe"\\)`)],
    [['decide', 'c', '--file', quoted], new RegExp(`${quoted} line 1: a quoted field is not closed`)],
    [['decide', 'c', '--file', header], new RegExp(`${header} line 1: unknown column "decison"; did you mean "decision"\\?`)],
    [['decide', 'c', '--file', wide], new RegExp(`${wide} line 1: 6 fields, more than the 5 columns`)],
    [['decide', 'c', '--file', typo], new RegExp(`${typo} decision 2: unknown field "decison"; did you mean "decision"\\?`)],
    [['decide', 'c', '--file', endApprove], /line 1: proposedEndDate is for a REVOKE, not an APPROVE/],
    [['decide', 'c', '--file', join(dir, 'missing.csv')], /missing\.csv: No such file or directory/],
    [['decide', 'c', '--revoke', 'a', '--end-date', 'tomorrow'], /--end-date must be an RFC 3339 date-time such as 2027-01-31T00:00:00Z \(got "tomorrow"\)/],
    [['decide', 'c', '--approve', 'a', '--end-date', '2099-01-01T00:00:00Z'], /--end-date is the removal date of revokes, and none of the decisions is a REVOKE/],
    [['decide', 'c', '--approve', 'a', '--batch-size', '251'], /--batch-size must be a whole number from 1 to 250 \(got "251"\)/],
    [['decide', 'c', '--approve', 'a', '--filters', 'x'], /decide does not take --filters/],
    [['sign-off'], /^recert: sign-off takes ID/],
    [['task'], /^recert: task takes TASK/],
    [['tasks', '--sorters', 'name'], /tasks does not take --sorters/],
    [['certifications', 'items', 'c', '--entitlements', 'e', '--roles', 'r'], /--entitlements and --roles cannot be combined: the API takes one of --entitlements, --access-profiles and --roles at a time/],
    [['certifications', 'items', 'c', '--access-profiles', ''], /--access-profiles wants comma-separated ids/],
    [['certifications', 'get'], /certifications get takes ID/],
    [['summaries', 'c', '--type', 'entitlemnt'], /--type must be ENTITLEMENT, ACCESS_PROFILE or ROLE \(got "entitlemnt"\); did you mean "ENTITLEMENT"\?/],
    [['summaries', 'c', '--type', 'ROLE', '--decisions'], /summaries takes one of --type, --decisions and --identity-summary \(got --type, --decisions\)/],
    [['summaries', 'c', '--decisions', '--limit', '3'], /summaries --decisions takes --filters only, not --limit/],
    [['summaries', 'c', '--identity-summary', 's', '--all'], /summaries --identity-summary ID shows one summary and takes none of --all/],
    [['certifications', 'reassign', 'c', '--item', 'i', '--to', 't', '--reason', 'r', '--sync', '--wait'], /--sync reassigns at once: it takes no --wait/],
    [['certifications', 'reassign', 'c', '--from-file', many, '--to', 't', '--reason', 'r', '--sync'], /--sync moves at most 50 references at once \(got 51\)/],
  ];
  for (const [args, re] of cases) {
    const r = await run(args, { env: { SAIL_BASE_URL: 'http://127.0.0.1:9', SAIL_ACCESS_TOKEN: 't' } });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
  }
});

test('certifications get and sign-off print the v3 certification; decide from arguments', async () => {
  const srv = await v3();
  let r = await run(['certifications', 'get', 'cert-1', '-o', 'table'], { env: as(srv, 'c-m1') });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^ID +NAME +CAMPAIGN +PHASE +REVIEWER +DECISIONS +DUE +SIGNED\ncert-1 +Q4 Manager Review for Mia Manager +Q4 Manager Review +ACTIVE +Mia Manager +2\/6 /);
  const c = json(await run(['certifications', 'get', 'cert-1'], { env: as(srv, 'c-m1') }));
  assert.equal(c.campaign.id, 'camp-q4');
  r = await run(['sign-off', 'cert-1'], { env: as(srv, 'c-m1') });
  assert.equal(r.code, 6, 'not every item is decided');
  assert.match(r.stderr, /^recert: bad request: /m);
  r = await run(['decide', 'cert-1', '--approve', 'item-1', '--revoke', 'item-3', '--comment', 'checked, with HR'], { env: as(srv, 'c-m1') });
  const after = json(r);
  assert.equal(after.decisionsMade, 4);
  assert.equal(r.stderr, '', 'one batch: no progress lines');
  r = await run(['decide', 'cert-1', '--approve', 'item-5', '--revoke', 'item-6', '-o', 'ndjson'], { env: as(srv, 'c-m1') });
  assert.equal(JSON.parse(r.stdout).decisionsMade, 6);
  r = await run(['sign-off', 'cert-1', '-o', 'table'], { env: as(srv, 'c-m1') });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\ncert-1 .* SIGNED +Mia Manager +6\/6 +\S+ +\d{4}-\d\d-\d\dT/);
  r = await run(['decide', 'cert-1', '--approve', 'item-1'], { env: as(srv, 'c-m1') });
  assert.equal(r.code, 6);
  assert.match(r.stderr, /batch 1 of 1 \(decisions 1-1: --approve item-1 to --approve item-1\) failed:/);
  assert.match(r.stderr, /no batch was applied before it; batch 1 was not applied$/m);
  r = await run(['certifications', 'get', 'cert-2'], { env: as(srv, 'c-m1') });
  assert.equal(r.code, 4, 'forbidden: not the reviewer');
});

test('decide from a CSV file in batches: progress, and a failed batch says what was applied', async () => {
  const srv = await v3();
  const file = join(dir, 'decisions.csv');
  writeFileSync(file, [
    'id,comments,decision', // a header names the columns, in any order
    'item-21,"ok, still needed",APPROVE',
    'item-22,,approve',
    '# the next one does not exist, says this comment, REVOKE',
    'no-such-item,,REVOKE',
    'item-24,"gone ""today""",REVOKE',
  ].join('\r\n') + '\r\n');
  let r = await run(['decide', 'cert-2', '--file', file, '--batch-size', '2'], { env: as(srv, 'c-admin') });
  assert.equal(r.code, 6, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^recert: batch 1 of 2: 2 decisions applied \(2 of 4\)$/m);
  assert.match(r.stderr, new RegExp(`^recert: batch 2 of 2 \\(decisions 3-4: ${file} line 5 to ${file} line 6\\) failed:$`, 'm'));
  assert.match(r.stderr, /^recert: bad request: .*no-such-item/m);
  assert.match(r.stderr, new RegExp(`^recert:   \\[0\\] is decision 3: ${file} line 5 \\(item "no-such-item"\\)$`, 'm'));
  assert.match(r.stderr, /^recert: batch 1 \(decisions 1-2\) was applied; batch 2 was not applied$/m);
  const c = json(await run(['certifications', 'get', 'cert-2'], { env: as(srv, 'c-admin') }));
  assert.equal(c.decisionsMade, 2, 'the first batch stays applied');

  // JSON: the API's own array; --comment fills the decisions without one.
  const jf = join(dir, 'decisions.json');
  writeFileSync(jf, JSON.stringify([{ id: 'item-23', decision: 'APPROVE', bulk: false }, { id: 'item-24', decision: 'REVOKE', comments: 'own' }]));
  r = await run(['decide', 'cert-2', '--file', jf, '--comment', 'default', '--batch-size', '1', '-o', 'table'], { env: as(srv, 'c-admin') });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(lines(r.stderr), ['recert: batch 1 of 2: 1 decision applied (1 of 2)', 'recert: batch 2 of 2: 1 decision applied (2 of 2)']);
  assert.match(r.stdout, /\ncert-2 .* 4\/4 /);
  // From stdin.
  r = await run(['decide', 'cert-2', '--file', '-'], { env: as(srv, 'c-admin'), input: 'item-21,REVOKE,changed my mind\n' });
  assert.equal(json(r).decisionsMade, 4);
});

test('decide splits at 250 and sends each ReviewDecision as written (mock)', async () => {
  const file = join(dir, 'six-hundred.json');
  const decisions = Array.from({ length: 600 }, (_, i) => ({ id: `i-${i}`, decision: i % 2 ? 'REVOKE' : 'APPROVE' }));
  decisions[1].proposedEndDate = '2099-01-01T00:00:00Z';
  decisions[2].comments = 'mine';
  decisions[3].bulk = false;
  writeFileSync(file, JSON.stringify(decisions));
  mockReplies = [{ status: 200, body: v3cert() }, { status: 200, body: v3cert() }, { status: 200, body: v3cert({ decisionsMade: 600 }) }];
  mockRequests.length = 0;
  let r = await run(['decide', 'c 1', '--file', file, '--comment', 'bulk review'], { env: onMock() });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(json(r).decisionsMade, 600);
  assert.deepEqual(mockRequests.map((q) => `${q.method} ${q.url}`), Array(3).fill('POST /v3/certifications/c%201/decide'));
  const bodies = mockRequests.map((q) => JSON.parse(q.body));
  assert.deepEqual(bodies.map((b) => b.length), [250, 250, 100]);
  assert.deepEqual(bodies[0].slice(0, 4), [
    { id: 'i-0', decision: 'APPROVE', bulk: true, comments: 'bulk review' },
    { id: 'i-1', decision: 'REVOKE', bulk: true, comments: 'bulk review', proposedEndDate: '2099-01-01T00:00:00Z' },
    { id: 'i-2', decision: 'APPROVE', bulk: true, comments: 'mine' },
    { id: 'i-3', decision: 'REVOKE', bulk: false, comments: 'bulk review' },
  ]);
  assert.equal(bodies[2][99].id, 'i-599');
  assert.deepEqual(lines(r.stderr), ['recert: batch 1 of 3: 250 decisions applied (250 of 600)',
    'recert: batch 2 of 3: 250 decisions applied (500 of 600)', 'recert: batch 3 of 3: 100 decisions applied (600 of 600)']);

  // A 5xx in batch 2: not repeated, and it may or may not have been applied.
  mockReplies = [{ status: 200, body: v3cert() }, { status: 503, body: '{"messages":[{"text":"overloaded"}]}' }];
  mockRequests.length = 0;
  r = await run(['decide', 'c', '--file', file], { env: onMock() });
  assert.equal(r.code, 8, r.stderr);
  assert.equal(mockRequests.length, 2);
  assert.match(r.stderr, new RegExp(`batch 2 of 3 \\(decisions 251-500: ${file} decision 251 to ${file} decision 500\\) failed:`));
  assert.match(r.stderr, /^recert: batch 1 \(decisions 1-250\) was applied; batch 2 may or may not have been applied \(no usable answer\): check with recert certifications items c; the 100 decisions after it were not sent$/m);
  // A single decision is not bulk.
  mockReplies = [{ status: 200, body: v3cert() }];
  mockRequests.length = 0;
  r = await run(['decide', 'c', '--revoke', 'x', '--end-date', '2099-01-01T00:00:00+02:00'], { env: onMock() });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(mockRequests[0].body), [{ id: 'x', decision: 'REVOKE', bulk: false, proposedEndDate: '2099-01-01T00:00:00+02:00' }]);
});

test('reassign --sync moves at once and prints the certification; tasks and task (v3)', async () => {
  const srv = await v3();
  let r = await run(['certifications', 'reassign', 'cert-3', '--item', 'item-31', '--to', 'id-m1', '--reason', 'now', '--sync', '-o', 'table'], { env: as(srv, 'c-admin') });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^ID .*\ncert-3 .* 0\/0 /);
  // An async reassignment on a node without workers stays pending: tasks lists it.
  const db = join(dir, 'v3-queue.db');
  copyFileSync(join(dir, 'main.db'), db);
  const q = await serve(db, ['--rate-limit', 'off', '--workers', '0']);
  const t = json(await run(['certifications', 'reassign', 'cert-2', '--item', 'item-22', '--to', 'id-m1', '--reason', 'later'], { env: as(q, 'c-admin') }));
  r = await run(['tasks', '-o', 'table', '--filters', 'targetId eq "cert-2"'], { env: as(q, 'c-admin') });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^ID +TYPE +TARGET TYPE +TARGET +STATUS +CREATED +ERRORS\n/);
  assert.match(r.stdout, new RegExp(`\\n${t.id} +REASSIGN +CERTIFICATION +cert-2 +QUEUED +\\d{4}-`));
  r = await run(['tasks', '--count'], { env: as(q, 'c-admin') });
  assert.equal(r.stdout, '1\n');
  r = await run(['tasks', '--reviewer', 'me', '--all', '-o', 'ndjson'], { env: as(q, 'c-m2') });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(lines(r.stdout).map((l) => JSON.parse(l).id), [t.id]);
  const one = json(await run(['task', t.id], { env: as(q, 'c-admin') }));
  assert.equal(one.status, 'QUEUED');
  assert.equal(one.targetId, 'cert-2');
  r = await run(['task', 'no-such-task'], { env: as(q, 'c-admin') });
  assert.equal(r.code, 5);
});

test('certifications items: table, JSON, filters, --entitlements, --count, --all', async (t) => {
  const srv = await v3();
  if (await waitingFor(t, srv, ['certifications', 'items', 'cert-p1'], 'GET /v3/certifications/{id}/access-review-items')) return;
  let r = await run(['certifications', 'items', 'cert-p1', '-o', 'table'], { env: as(srv, 'c-admin') });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^ID +IDENTITY +TYPE +ACCESS +SOURCE +DECISION +COMMENTS\nitem-p1 +\S.* ENTITLEMENT +\S/);
  const items = json(await run(['certifications', 'items', 'cert-p2'], { env: as(srv, 'c-admin') }));
  assert.equal(items.length, 1);
  assert.equal(items[0].id, 'item-p2');
  assert.equal(items[0].accessSummary.access.type, 'ENTITLEMENT');
  r = await run(['certifications', 'items', 'cert-p3', '--count', '--filters', 'completed eq false'], { env: as(srv, 'c-admin') });
  assert.equal(r.stdout, '1\n', r.stderr);
  r = await run(['certifications', 'items', 'cert-p3', '--count', '--entitlements', 'ent-dba,ent-git'], { env: as(srv, 'c-admin') });
  assert.equal(r.stdout, '0\n', r.stderr);
  r = await run(['certifications', 'items', 'cert-p3', '--all', '--limit', '1', '-o', 'ndjson', '-v'], { env: as(srv, 'c-admin') });
  assert.equal(lines(r.stdout).length, 1, r.stderr);
  assert.match(r.stderr, /GET http:\S+\/v3\/certifications\/cert-p3\/access-review-items\?limit=1&offset=0 /);
  r = await run(['certifications', 'items', 'cert-p3', '--filters', 'bogus eq 1'], { env: as(srv, 'c-admin') });
  assert.equal(r.code, 6);
});

test('summaries: identities by default, --type, --decisions, --identity-summary', async (t) => {
  const srv = await v3();
  for (const [args, route] of [[['summaries', 'cert-p4'], 'GET /v3/certifications/{id}/identity-summaries'],
    [['summaries', 'cert-p4', '--type', 'ENTITLEMENT'], 'GET /v3/certifications/{id}/access-summaries/{type}'],
    [['summaries', 'cert-p4', '--decisions'], 'GET /v3/certifications/{id}/decision-summary']])
    if (await waitingFor(t, srv, args, route)) return;
  let r = await run(['summaries', 'cert-p4', '-o', 'table'], { env: as(srv, 'c-admin') });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^ID +NAME +IDENTITY +COMPLETED\n\S+ +.* id-s3 +false\n$/);
  const ids = json(await run(['summaries', 'cert-p4'], { env: as(srv, 'c-admin') }));
  assert.equal(ids.length, 1);
  const one = json(await run(['summaries', 'cert-p4', '--identity-summary', ids[0].id], { env: as(srv, 'c-admin') }));
  assert.deepEqual(one, ids[0]);
  r = await run(['summaries', 'cert-p4', '--type', 'entitlement', '-o', 'table'], { env: as(srv, 'c-admin') });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^TYPE +ID +NAME +SOURCE\nENTITLEMENT +ent-read +/);
  r = await run(['summaries', 'cert-p4', '--type', 'ROLE', '--count'], { env: as(srv, 'c-admin') });
  assert.equal(r.stdout, '0\n', r.stderr);
  r = await run(['summaries', 'cert-p4', '--decisions', '-o', 'table'], { env: as(srv, 'c-admin') });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^TYPE +MADE +TOTAL +APPROVED +REVOKED\nENTITLEMENT +0 +1 +0 +0\nACCESS_PROFILE +0 +0 +0 +0\nROLE +0 +0 +0 +0\nACCOUNT +0 +0 +0 +0\n$/);
  const ds = json(await run(['summaries', 'cert-p4', '--decisions'], { env: as(srv, 'c-admin') }));
  assert.equal(ds.entitlementDecisionsTotal, 1);
});

test('completion knows the v3 commands, their options and --type values', async () => {
  const r = await run(['completion', 'bash']);
  const script = join(dir, 'recert-v3.bash');
  writeFileSync(script, r.stdout);
  const cases = [
    [['recert', 'd'], ['decide']],
    [['recert', 's'], ['sign-off', 'summaries']],
    [['recert', 'certifications', 'i'], ['items']],
    [['recert', 'certifications', 'g'], ['get']],
    [['recert', 'decide', 'c', '--app'], ['--approve']],
    [['recert', 'decide', 'c', '--b'], ['--base-url', '--batch-size']],
    [['recert', 'summaries', 'c', '--type', ''], ['ENTITLEMENT', 'ACCESS_PROFILE', 'ROLE']],
    [['recert', 'summaries', 'c', '--de'], ['--decisions']],
    [['recert', 'certifications', 'items', 'c', '--ro'], ['--roles']],
    [['recert', 'certifications', 'reassign', 'c', '--sy'], ['--sync']],
    [['recert', 'tasks', '--rev'], ['--reviewer']],
    [['recert', 'task', 't', '--rev'], []],
  ];
  for (const [words, want] of cases) {
    const quoted = words.map((w) => `'${w}'`).join(' ');
    const b = spawnSync('bash', ['-c', `source '${script}' && COMP_WORDS=(${quoted}) && COMP_CWORD=${words.length - 1} && _recert && printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
    assert.equal(b.status, 0, b.stderr);
    assert.deepEqual(lines(b.stdout).sort(), [...want].sort(), words.join(' '));
  }
  const f = spawnSync('bash', ['-c', `source '${script}' && cd '${dir}' && COMP_WORDS=(recert decide c --file 'decisions.c') && COMP_CWORD=4 && _recert && printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
  assert.deepEqual(lines(f.stdout), ['decisions.csv']);
});

test('items and summaries against the spec\'s shapes (mock): cells, pages, the paths and queries sent', async () => {
  const item = (id, extra = {}) => ({ id, completed: false, newAccess: true, decision: null, comments: null,
    identitySummary: { id: 'is-1', name: 'Alison Ferguso', identityId: 'id-1', completed: false },
    accessSummary: { access: { type: 'ENTITLEMENT', id: 'e-1', name: 'CN=Engineering' },
      entitlement: { id: 'e-1', name: 'CN=Engineering', sourceName: 'ODS-AD-Source', account: { nativeIdentity: 'CN=A' } } }, ...extra });
  mockReplies = [
    { status: 200, body: JSON.stringify([item('i-1'), item('i-2', { decision: 'REVOKE', completed: true, comments: 'gone' })]) },
    { status: 200, headers: { 'x-total-count': '3' }, body: JSON.stringify([item('i-1'), item('i-2')]) },
    { status: 200, body: JSON.stringify([item('i-3')]) },
  ];
  mockRequests.length = 0;
  let r = await run(['certifications', 'items', 'c1', '-o', 'table', '--roles', 'r-1,r-2', '--sorters', '-access.name'], { env: onMock() });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, [
    'ID   IDENTITY        TYPE         ACCESS          SOURCE         DECISION  COMMENTS',
    'i-1  Alison Ferguso  ENTITLEMENT  CN=Engineering  ODS-AD-Source  -         -',
    'i-2  Alison Ferguso  ENTITLEMENT  CN=Engineering  ODS-AD-Source  REVOKE    gone', ''].join('\n'));
  r = await run(['certifications', 'items', 'c1', '--all', '--limit', '2', '--count', '-o', 'ndjson'], { env: onMock() });
  assert.equal(r.code, 2, 'count and all');
  r = await run(['certifications', 'items', 'c1', '--all', '--limit', '2', '-o', 'ndjson'], { env: onMock() });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(lines(r.stdout).map((l) => JSON.parse(l).id), ['i-1', 'i-2', 'i-3']);
  assert.deepEqual(mockRequests.map((q) => q.url), [
    '/v3/certifications/c1/access-review-items?sorters=-access.name&roles=r-1%2Cr-2',
    '/v3/certifications/c1/access-review-items?limit=2&offset=0',
    '/v3/certifications/c1/access-review-items?limit=2&offset=2']);

  const summary = { id: 'is-1', name: 'Alison Ferguso', identityId: 'id-1', completed: true };
  const access = { access: { type: 'ROLE', id: 'r-1', name: 'Auditors' }, role: { id: 'r-1', name: 'Auditors', accessProfiles: [{ id: 'ap', entitlements: [{ id: 'e' }] }] } };
  const ds = { entitlementDecisionsMade: 3, entitlementDecisionsTotal: 5, entitlementsApproved: 2, entitlementsRevoked: 1,
    roleDecisionsTotal: 1, accountsRevoked: 0 };
  mockReplies = [{ status: 200, body: JSON.stringify([summary]) }, { status: 200, body: JSON.stringify(summary) },
    { status: 200, body: JSON.stringify([access]) }, { status: 200, body: JSON.stringify(ds) }, { status: 200, body: JSON.stringify(ds) }];
  mockRequests.length = 0;
  r = await run(['summaries', 'c1', '-o', 'table', '--filters', 'completed eq true'], { env: onMock() });
  assert.equal(r.stdout, 'ID    NAME            IDENTITY  COMPLETED\nis-1  Alison Ferguso  id-1      true\n', r.stderr);
  r = await run(['summaries', 'c1', '--identity-summary', 'is 1', '-o', 'table'], { env: onMock() });
  assert.match(r.stdout, /\nis-1  Alison Ferguso  id-1      true\n$/, r.stderr);
  r = await run(['summaries', 'c1', '--type', 'role', '-o', 'table'], { env: onMock() });
  assert.equal(r.stdout, 'TYPE  ID   NAME      SOURCE\nROLE  r-1  Auditors  -\n', r.stderr);
  r = await run(['summaries', 'c1', '--decisions', '-o', 'table', '--filters', 'identitySummary.id eq "is-1"'], { env: onMock() });
  assert.equal(r.stdout, ['TYPE            MADE  TOTAL  APPROVED  REVOKED', 'ENTITLEMENT     3     5      2         1',
    'ACCESS_PROFILE  0     0      0         0', 'ROLE            0     1      0         0', 'ACCOUNT         0     0      0         0', ''].join('\n'), r.stderr);
  r = await run(['summaries', 'c1', '--decisions', '-o', 'ndjson'], { env: onMock() });
  assert.deepEqual(JSON.parse(r.stdout), ds);
  assert.deepEqual(mockRequests.map((q) => q.url), [
    '/v3/certifications/c1/identity-summaries?filters=completed%20eq%20true',
    '/v3/certifications/c1/identity-summaries/is%201',
    '/v3/certifications/c1/access-summaries/ROLE',
    '/v3/certifications/c1/decision-summary?filters=identitySummary.id%20eq%20%22is-1%22',
    '/v3/certifications/c1/decision-summary']);
});
