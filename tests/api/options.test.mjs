// recertd's command line: options from the one table, their errors naming
// the flag or the variable at fault, --version, listen addresses (IPv6 in
// brackets), a port in use, and the warning when serve makes a new store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RECERTD, startServer, call, token } from './lib.mjs';
import { doc, SECRET } from './fixture.mjs';

const run = (args, env = {}) => spawnSync(RECERTD, args, {
  encoding: 'utf8', timeout: 10000, env: { ...process.env, ...env },
});

test('--version and version print the version', () => {
  for (const a of [['--version'], ['version']]) {
    const r = run(a);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^recertd \d+\.\d+\.\d+\n$/);
  }
});

test('serve --help lists every option with its variable and default', () => {
  const r = run(['serve', '--help']);
  assert.equal(r.status, 0);
  for (const [flag, env] of [['--db', 'RECERT_DB'], ['--listen', 'RECERT_LISTEN'], ['--threads', 'RECERT_THREADS'],
    ['--rate-limit', 'RECERT_RATE_LIMIT'], ['--page-cache', 'RECERT_PAGE_CACHE'], ['--quiet', 'RECERT_QUIET']]) {
    assert.match(r.stdout, new RegExp(`${flag}\\b`), flag);
    assert.match(r.stdout, new RegExp(`env ${env}\\b`), env);
  }
});

test('a bad value names the flag, or the variable it came from', () => {
  let r = run(['serve', '--rate-limit', 'lots']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--rate-limit must be N\/SECONDS/);
  r = run(['serve'], { RECERT_RATE_LIMIT: 'lots' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /RECERT_RATE_LIMIT must be N\/SECONDS/);
  r = run(['serve'], { RECERT_THREADS: 'x' });
  assert.match(r.stderr, /RECERT_THREADS must be an integer from 1 to 256 \(got "x"\)/);
  r = run(['serve', '--listen', 'nowhere:1']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--listen: listen host "nowhere" is not an IPv4 address/);
});

test('a listen address is checked before any store is opened', () => {
  const dir = mkdtempSync(join(tmpdir(), 'recert-opt-'));
  const r = run(['serve', '--db', `sqlite:${join(dir, 'x.db')}`, '--listen', 'nowhere:1']);
  assert.equal(r.status, 2);
  assert.ok(!existsSync(join(dir, 'x.db')), 'no store was made');
  rmSync(dir, { recursive: true, force: true });
});

test('serve on a path with no store warns that it serves a new, empty one', async () => {
  const srv = await startServer();
  try {
    assert.match(srv.log, /WARNING: there was no store at .*; serving a new, empty one/);
  } finally { await srv.stop(); srv.cleanup(); }
  const full = await startServer({ doc });
  try {
    assert.doesNotMatch(full.log, /WARNING/);
  } finally { await full.stop(); full.cleanup(); }
});

test('a port in use is one line that says so', async () => {
  const srv = await startServer({ doc });
  try {
    const listen = srv.base.replace('http://', '');
    const dir = mkdtempSync(join(tmpdir(), 'recert-opt-'));
    const r = run(['serve', '--db', `sqlite:${join(dir, 'y.db')}`, '--listen', listen]);
    rmSync(dir, { recursive: true, force: true });
    assert.equal(r.status, 1);
    const lines = r.stderr.trim().split('\n').filter((l) => !/WARNING/.test(l));
    assert.deepEqual(lines, [`recertd: cannot listen on ${listen}: Address already in use`]);
  } finally { await srv.stop(); srv.cleanup(); }
});

test('an IPv6 listen address in brackets is served', async (t) => {
  const probe = run(['serve', '--help']);
  assert.equal(probe.status, 0);
  const dir = mkdtempSync(join(tmpdir(), 'recert-opt-'));
  const { spawn } = await import('node:child_process');
  const child = spawn(RECERTD, ['serve', '--db', `sqlite:${join(dir, 'v6.db')}`, '--listen', '[::1]:0', '--quiet'],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const base = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), 10000);
    child.stderr.on('data', () => {
      const m = /on (http:\/\/\[::1\]:\d+)/.exec(log);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', () => { clearTimeout(timer); resolve(null); });
  });
  try {
    if (!base && /Cannot assign requested address|not available/i.test(log)) {
      t.skip('this machine has no IPv6 loopback');
      return;
    }
    assert.ok(base, `no address printed:\n${log}`);
    const r = await fetch(`${base}/beta/certifications`);
    assert.equal(r.status, 401);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an offset too large for the API says it is out of range', async () => {
  const srv = await startServer({ doc, args: ['--rate-limit', 'off'] });
  try {
    const tok = await token(srv.base, 'c-admin', SECRET);
    for (const [offset, text] of [
      ['9223372036854775807', 'offset: 9223372036854775807 is out of range (at most 2147483647)'],
      ['99999999999999999999', 'offset: "99999999999999999999" is out of range (at most 2147483647)'],
      ['-5', 'offset: must be 0 or more'],
      ['x1', 'offset: "x1" is not an integer'],
    ]) {
      const r = await call(srv.base, '/beta/certifications', { tok, query: { offset } });
      assert.equal(r.status, 400, offset);
      assert.equal(r.body.messages[0].text, text);
    }
  } finally { await srv.stop(); srv.cleanup(); }
});

test('recertd(8) describes every option the commands take', async () => {
  const { readFileSync } = await import('node:fs');
  const man = readFileSync(new URL('../../docs/man/recertd.8', import.meta.url), 'utf8').replace(/\\-/g, '-');
  for (const cmd of ['serve', 'import', 'demo']) {
    const help = run([cmd, '--help']).stdout;
    for (const [, flag] of help.matchAll(/^ {2}(--[a-z-]+)/gm)) {
      if (flag === '--help') continue;
      assert.ok(man.includes(`.BR ${flag} `) || man.includes(`.B ${flag}\n`), `${cmd} ${flag} is not in recertd.8`);
    }
  }
});

test('import --print-ids prints the id made for each object given none, after the summary', async () => {
  const { writeFileSync } = await import('node:fs');
  const dir = mkdtempSync(join(tmpdir(), 'recert-opt-'));
  const file = join(dir, 'org.json');
  writeFileSync(file, JSON.stringify({ campaigns: [
    { id: 'given', name: 'G', type: 'MANAGER', status: 'ACTIVE' },
    { name: 'Made', type: 'MANAGER', status: 'ACTIVE' }] }));
  const r = run(['import', '--db', `sqlite:${join(dir, 'p.db')}`, '--print-ids', file]);
  rmSync(dir, { recursive: true, force: true });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[0], /^imported 0 identities, .* 2 campaigns,/);
  assert.equal(lines.length, 2);
  assert.match(lines[1], /^campaigns\[1\] [0-9a-f]{32}$/);
});
