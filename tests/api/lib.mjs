// Test harness: starts a real recertd on a free loopback port with a fresh
// temporary store, imports a fixture, and offers small HTTP helpers.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const RECERTD = process.env.RECERTD || new URL('../../build/recertd', import.meta.url).pathname;

// The store URL for a test's database file. By default a SQLite file in the
// test's temporary folder; RECERT_TEST_STORE runs the suites against another
// backend: a URL in which {name} is replaced by a name unique to the test
// (e.g. postgresql://recert@127.0.0.1/{name}; the backend creates what it
// needs). Tests that open the file itself (sqlite3, integrity checks) say so
// with SQLITE_ONLY.
export const SQLITE_ONLY = !!process.env.RECERT_TEST_STORE;
export function storeUrl(db) {
  const tmpl = process.env.RECERT_TEST_STORE;
  if (!tmpl) return `sqlite:${db}`;
  const name = db.replace(/^.*\/(recert-[^/]+)\/[^/]+$/, '$1').replace(/[^A-Za-z0-9_]/g, '_').toLowerCase();
  return tmpl.replaceAll('{name}', name);
}

export function importDoc(db, doc, args = []) {
  const dir = mkdtempSync(join(tmpdir(), 'recert-doc-'));
  const file = join(dir, 'org.json');
  writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
  const r = spawnSync(RECERTD, ['import', '--db', storeUrl(db), ...args, file], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  return r;
}

// Starts recertd; resolves when it prints its address.
export async function startServer({ doc, args = [], env = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'recert-test-'));
  const db = join(dir, 'test.db');
  if (doc) {
    const r = importDoc(db, doc);
    if (r.status !== 0) throw new Error(`import failed: ${r.stderr}`);
  }
  const child = spawn(RECERTD, ['serve', '--db', storeUrl(db), '--listen', '127.0.0.1:0', ...args],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`recertd did not start:\n${log}`)), 15000);
    const look = () => {
      const m = /on (http:\/\/[\d.]+:\d+)/.exec(log);
      if (m) { clearTimeout(timer); child.stderr.off('data', look); resolve(m[1]); }
    };
    child.stderr.on('data', look);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`recertd exited ${code}:\n${log}`)); });
  });
  const server = {
    base, db, dir, child,
    get log() { return log; },
    // Stops the server and insists on a clean exit: under ASan a leak or
    // any other report at shutdown is a non-zero exit, and fails the suite.
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await done;
      }
      if (child.exitCode !== 0) {
        throw new Error(`recertd exited with ${child.exitCode ?? child.signalCode}:\n${log.slice(-4000)}`);
      }
      return child.exitCode;
    },
    cleanup() { rmSync(dir, { recursive: true, force: true }); },
  };
  return server;
}

export async function token(base, clientId, clientSecret) {
  const res = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
  });
  if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`);
  return (await res.json()).access_token;
}

// GET/POST returning { status, headers, body (parsed JSON or text) }.
export async function call(base, path, { method = 'GET', tok, headers = {}, body, query } = {}) {
  let url = `${base}${path}`;
  if (query) url += '?' + Object.entries(query).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const h = { ...headers };
  if (tok) h.authorization = `Bearer ${tok}`;
  let payload = body;
  if (body !== undefined && typeof body !== 'string') {
    payload = JSON.stringify(body);
    if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['content-type'] = 'application/json';
  }
  const res = await fetch(url, { method, headers: h, body: payload });
  const text = await res.text();
  let parsed = text;
  try { parsed = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, body: parsed };
}
