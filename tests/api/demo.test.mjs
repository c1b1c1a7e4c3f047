// recertd demo: the same credentials on every run (kept in a file beside the
// store, mode 0600, since the store holds only hashes), new ones on request,
// and the kept secrets work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RECERTD, token } from './lib.mjs';
import { serveOn } from './serve-on.mjs';

const demo = (db, args = []) => {
  const r = spawnSync(RECERTD, ['demo', '--db', `sqlite:${db}`, '--identities', '20', ...args],
    { encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 0, r.stderr);
  const secret = (who) => new RegExp(`^${who} .*client_secret=([0-9a-f]+) identity_id=(\\S+)$`, 'm').exec(r.stdout);
  return { out: r.stdout, admin: secret('ORG_ADMIN')[1], adminId: secret('ORG_ADMIN')[2], reviewer: secret('reviewer')[1] };
};

test('demo credentials stay the same until --new-secrets, and are kept for this user only', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'recert-demo-'));
  const db = join(dir, 'd.db');
  const file = `${db}.credentials.json`;
  try {
    const first = demo(db);
    assert.match(first.out, /^created a demo org/);
    assert.match(first.out, new RegExp(`^credentials written to ${file}$`, 'm'));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const kept = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(kept.admin.clientSecret, first.admin);
    assert.equal(kept.admin.identityId, first.adminId);

    const again = demo(db);
    assert.match(again.out, /^the demo org exists; its client secrets are unchanged$/m);
    assert.equal(again.admin, first.admin);
    assert.equal(again.reviewer, first.reviewer);

    const node = await serveOn(db, ['--quiet']);
    try {
      assert.ok(await token(node.base, 'recert-demo-admin', first.admin));
      assert.ok(await token(node.base, 'recert-demo-reviewer', first.reviewer));
    } finally { await node.stop(); }

    const fresh = demo(db, ['--new-secrets']);
    assert.match(fresh.out, /^the demo org exists; issued new client secrets$/m);
    assert.notEqual(fresh.admin, first.admin);
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).admin.clientSecret, fresh.admin);
    // A kept secret that no longer verifies is replaced, not printed.
    assert.equal(demo(db).admin, fresh.admin);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('a new demo store reuses the secrets a kept file names', () => {
  const dir = mkdtempSync(join(tmpdir(), 'recert-demo-'));
  const db = join(dir, 'd.db');
  try {
    const first = demo(db);
    rmSync(db); // the store goes; its credentials file stays
    for (const f of ['-wal', '-shm']) if (existsSync(db + f)) rmSync(db + f);
    const second = demo(db);
    assert.match(second.out, /^created a demo org/);
    assert.equal(second.admin, first.admin);
    const other = demo(join(dir, 'e.db'), ['--credentials', join(dir, 'elsewhere.json')]);
    assert.ok(existsSync(join(dir, 'elsewhere.json')));
    assert.notEqual(other.admin, first.admin);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('the demo org shows every state, the same for the same seed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'recert-demo-'));
  try {
    const views = [];
    for (const name of ['a.db', 'b.db']) {
      const db = join(dir, name);
      const d = demo(db, ['--identities', '200', '--seed', '7']);
      const node = await serveOn(db, ['--quiet', '--rate-limit', 'off']);
      try {
        const tok = await token(node.base, 'recert-demo-admin', d.admin);
        const get = async (q) => {
          const r = await fetch(`${node.base}/beta/certifications?${q}`, { headers: { authorization: `Bearer ${tok}` } });
          assert.equal(r.status, 200);
          return r.json();
        };
        const all = await get('sorters=-due,name');
        // One certification was signed off through the workflow when the
        // demo was made: its sign-off time is that moment, after every fixed
        // date of the demo (imported sign-offs are on 2 and 3 December 2026).
        const live = all.filter((c) => c.signed && c.signed >= '2026-12-04');
        assert.equal(live.length, 1, 'one certification signed off through the workflow');
        views.push(all.map((c) => [c.id, c.name, c.phase, c.due, live.includes(c) ? 'now' : c.signed,
          c.decisionsMade, c.decisionsTotal, c.reassignment && c.reassignment.from.id]));
        const rem = await fetch(`${node.base}/recert/v1/campaigns/${live[0].campaignRef.id}/remediations`,
          { headers: { authorization: `Bearer ${tok}` } });
        assert.equal(rem.status, 200);
        const removals = await rem.json();
        assert.ok(removals.length > 0, 'its revocations were remediated');
        assert.ok(removals.every((x) => x.certificationId === live[0].id && x.removed), JSON.stringify(removals));
        const phases = new Set(all.map((c) => c.phase));
        assert.deepEqual([...phases].sort(), ['ACTIVE', 'SIGNED', 'STAGED']);
        for (const c of all.filter((x) => x.phase === 'SIGNED')) {
          assert.ok(c.signed, `${c.id} is signed with a date`);
          assert.equal(c.decisionsMade, c.decisionsTotal, `${c.id}: every item decided`);
        }
        assert.ok(all.some((c) => c.phase === 'ACTIVE' && c.completed), 'a decided, unsigned certification');
        assert.ok(all.some((c) => c.phase === 'ACTIVE' && c.decisionsMade > 0 && !c.completed), 'one under way');
        assert.ok(new Set(all.map((c) => c.due)).size > 5, 'due dates vary');
        const moved = all.filter((c) => c.reassignment);
        assert.equal(moved.length, 1);
        assert.ok(all.some((c) => c.id === moved[0].reassignment.from.id), 'it points at its source');
        assert.equal((await get('filters=phase%20eq%20%22SIGNED%22')).length, all.filter((c) => c.phase === 'SIGNED').length);
      } finally { await node.stop(); }
    }
    assert.deepEqual(views[0], views[1]);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
