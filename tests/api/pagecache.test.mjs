// Rendered pages are reused only while they are exactly what a fresh query
// would answer: per caller visibility, and until any write, whether made
// through this server or by another process on the same store.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, token, call, SQLITE_ONLY } from './lib.mjs';
import { doc, SECRET } from './fixture.mjs';

const PAGE = { filters: 'phase eq "ACTIVE"', sorters: '-due', count: 'true' };

let srv, bare, tok = {};
before(async () => {
  srv = await startServer({ doc, args: ['--rate-limit', 'off'] });
  bare = await startServer({ doc, args: ['--rate-limit', 'off', '--page-cache', '0'] });
  for (const c of ['c-admin', 'c-m1', 'c-m2', 'c-g1'])
    tok[c] = await token(srv.base, c, SECRET);
});
after(async () => {
  await srv.stop(); srv.cleanup();
  await bare.stop(); bare.cleanup();
});

const list = async (who, query = PAGE, base = srv.base) => {
  const t = base === srv.base ? tok[who] : await token(base, who, SECRET);
  const r = await call(base, '/beta/certifications', { tok: t, query });
  assert.equal(r.status, 200);
  return { ids: r.body.map((c) => c.id), total: r.headers.get('x-total-count'), body: r.body };
};

// Another process commits to the store the server is serving.
const sql = (statement) => {
  const r = spawnSync('sqlite3', [srv.db, statement], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
};

test('the same page twice is the same answer, with the same X-Total-Count', async () => {
  const a = await list('c-admin');
  const b = await list('c-admin');
  assert.deepEqual(b, a);
  assert.deepEqual(a.ids, ['cert-3', 'cert-1', 'cert-2']);
  assert.equal(a.total, '3');
});

test('callers with the same URI see only their own certifications', async () => {
  // Each asks the identical URI right after another caller warmed it.
  assert.deepEqual((await list('c-admin')).ids, ['cert-3', 'cert-1', 'cert-2']);
  assert.deepEqual((await list('c-m1')).ids, ['cert-1']);
  assert.deepEqual((await list('c-m2')).ids, ['cert-3', 'cert-2']);
  assert.deepEqual((await list('c-g1')).ids, ['cert-3']);
  assert.deepEqual((await list('c-m1')).ids, ['cert-1']);
  // "me" is the caller, not whoever asked the same URI first.
  const me = { ...PAGE, 'reviewer-identitiy': 'me' };
  assert.deepEqual((await list('c-m2', me)).ids, ['cert-3', 'cert-2']);
  assert.deepEqual((await list('c-admin', me)).ids, []);
});

test('a reassignment through the API shows in the next answer', async () => {
  const before = await list('c-admin');
  const r = await call(srv.base, '/beta/certifications/cert-1/reassign-async', {
    tok: tok['c-admin'], method: 'POST',
    body: { reassign: [{ id: 'item-3', type: 'ITEM' }], reassignTo: 'id-m2', reason: 'cache check' },
  });
  assert.equal(r.status, 200);
  for (let i = 0; i < 200; i++) {
    const t = await call(srv.base, `/beta/certifications/cert-1/tasks/${r.body.id}`, { tok: tok['c-admin'] });
    if (t.body.status === 'SUCCESS') break;
    assert.notEqual(t.body.status, 'ERROR');
    await new Promise((res) => setTimeout(res, 25));
  }
  const after = await list('c-admin');
  assert.equal(Number(after.total), Number(before.total) + 1);
  assert.equal(after.ids.length, before.ids.length + 1);
  const cert1 = after.body.find((c) => c.id === 'cert-1');
  assert.equal(cert1.decisionsTotal, 4);
});

// The other process is the sqlite3 shell: SQLite stores only.
test('a commit by another process shows in the next answer', { skip: SQLITE_ONLY && 'writes with sqlite3' }, async () => {
  const before = await list('c-admin');
  assert.ok(before.body.some((c) => c.name === 'Q4 Manager Review for Max Manager'));
  sql("UPDATE certification SET name = 'Renamed elsewhere' WHERE id = 'cert-2'");
  const after = await list('c-admin');
  assert.equal(after.body.find((c) => c.id === 'cert-2').name, 'Renamed elsewhere');

  // Visibility follows group membership changed elsewhere, too.
  assert.deepEqual((await list('c-g1')).ids, ['cert-3']);
  sql("DELETE FROM group_member WHERE group_id = 'gg-db' AND identity_id = 'id-g1'");
  assert.deepEqual((await list('c-g1')).ids, []);
});

test('with --page-cache 0 the answers are the same', async () => {
  const a = await list('c-m2', PAGE, bare.base);
  const b = await list('c-m2', PAGE, bare.base);
  assert.deepEqual(a.ids, ['cert-3', 'cert-2']);
  assert.deepEqual(b, a);
});

test('a bad request is never served from the cache', async () => {
  const q = { filters: 'phase eq "ACTIVE"', sorters: 'nope' };
  for (let i = 0; i < 2; i++) {
    const r = await call(srv.base, '/beta/certifications', { tok: tok['c-admin'], query: q });
    assert.equal(r.status, 400);
  }
});
