// POST /oauth/token: every request encoding SailPoint's clients use, the
// response and JWT shapes, every error, and bearer-token verification
// (restart, expiry, forgery, alg none), plus what the log must never hold.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { startServer, token, call } from './lib.mjs';
import { doc, SECRET } from './fixture.mjs';
import { serveOn, sleep } from './serve-on.mjs';

let srv;
const extra = []; // servers started on srv's db, stopped in after()

before(async () => {
  srv = await startServer({ doc, args: ['--rate-limit', 'off'] });
});
after(async () => {
  for (const s of extra) await s.stop();
  await srv.stop();
  srv.cleanup();
});

const CREDS = { grant_type: 'client_credentials', client_id: 'c-m1', client_secret: SECRET };

async function post(path, { headers = {}, body } = {}, base = srv.base) {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers, body });
  const text = await res.text();
  let parsed = text;
  try { parsed = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, body: parsed };
}
const urlencoded = (o) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(o).toString(),
});
const qs = (o) => '?' + new URLSearchParams(o).toString();

// Like the npm form-data package (used by the TypeScript SDK): a boundary of
// 26 dashes and 24 digits, CRLF line ends, a closing "--boundary--".
function multipart(fields) {
  let digits = '';
  for (let i = 0; i < 24; i++) digits += Math.floor(Math.random() * 10);
  const boundary = '--------------------------' + digits;
  let body = '';
  for (const [k, v] of Object.entries(fields)) {
    body += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  }
  body += `--${boundary}--\r\n`;
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body };
}

const b64url = (s) => Buffer.from(s).toString('base64url');
const decodePart = (p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));

function assertTokenOk(r, identityId = 'id-m1') {
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(typeof r.body.access_token, 'string');
  assert.match(r.body.access_token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  assert.equal(r.body.identity_id, identityId);
}

async function certsWith(tok, base = srv.base) {
  return call(base, '/beta/certifications', { tok });
}

test('urlencoded body (Python SDK)', async () => {
  const r = await post('/oauth/token', urlencoded(CREDS));
  assertTokenOk(r);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.equal(r.headers.get('cache-control'), 'no-store');
});

test('multipart/form-data body (TypeScript SDK, form-data package)', async () => {
  const r = await post('/oauth/token', multipart(CREDS));
  assertTokenOk(r);
  const bad = await post('/oauth/token', multipart({ ...CREDS, client_secret: 'wrong' }));
  assert.equal(bad.status, 401);
  assert.equal(bad.body.error, 'invalid_client');
});

test('grant_type in the query, credentials in an urlencoded body (sailpoint-cli)', async () => {
  const r = await post('/oauth/token' + qs({ grant_type: 'client_credentials' }),
    urlencoded({ client_id: 'c-m1', client_secret: SECRET }));
  assertTokenOk(r);
});

test('everything in the query string with an empty body', async () => {
  const r = await post('/oauth/token' + qs(CREDS));
  assertTokenOk(r);
  const bad = await post('/oauth/token' + qs({ ...CREDS, client_secret: 'nope' }));
  assert.equal(bad.status, 401);
});

test('grant_type is matched case-insensitively (the docs write CLIENT_CREDENTIALS)', async () => {
  const r = await post('/oauth/token', urlencoded({ ...CREDS, grant_type: 'CLIENT_CREDENTIALS' }));
  assertTokenOk(r);
});

test('HTTP Basic client credentials (RFC 6749 §2.3.1)', async () => {
  // c-certadmin:secret is 34 bytes, so its base64 carries "==" padding.
  for (const [id, identity] of [['c-m1', 'id-m1'], ['c-certadmin', 'id-certadmin']]) {
    const basic = Buffer.from(`${id}:${SECRET}`).toString('base64');
    const r = await post('/oauth/token', {
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    assertTokenOk(r, identity);
  }
});

test('wrong Basic credentials: 401 invalid_client with a WWW-Authenticate Basic challenge (RFC 6749 §5.2)', async () => {
  const basic = Buffer.from(`c-m1:wrong-secret`).toString('base64');
  const r = await post('/oauth/token', {
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  assert.equal(r.status, 401);
  assert.equal(r.body.error, 'invalid_client');
  assert.match(r.headers.get('www-authenticate') || '', /^Basic/i);
});

test('token response has every documented field', async () => {
  const before = Math.floor(Date.now() / 1000);
  const r = await post('/oauth/token', urlencoded(CREDS));
  assertTokenOk(r);
  const b = r.body;
  assert.equal(b.token_type, 'bearer');
  assert.equal(b.expires_in, 749);
  assert.equal(typeof b.scope, 'string');
  assert.ok(b.scope.length > 0);
  assert.match(b.tenant_id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  for (const k of ['org', 'pod', 'user_id', 'jti', 'accessType']) assert.equal(typeof b[k], 'string', k);
  for (const k of ['strong_auth', 'strong_auth_supported', 'internal', 'enabled']) assert.equal(typeof b[k], 'boolean', k);
  assert.equal(b.identity_id, 'id-m1');
  assert.ok(!('refresh_token' in b) || typeof b.refresh_token === 'string');

  const parts = b.access_token.split('.');
  assert.equal(parts.length, 3);
  assert.deepEqual(decodePart(parts[0]), { alg: 'HS256', typ: 'JWT' });
  const p = decodePart(parts[1]);
  assert.equal(p.identity_id, 'id-m1');
  assert.equal(p.user_name, 'Mia Manager');
  assert.equal(p.client_id, 'c-m1');
  assert.deepEqual(p.authorities, []);
  assert.ok(Array.isArray(p.scope) && p.scope.length > 0 && p.scope.every((s) => typeof s === 'string'));
  assert.deepEqual(p.scope, b.scope.split(' '));
  assert.ok(Number.isInteger(p.exp));
  const after = Math.ceil(Date.now() / 1000);
  assert.ok(p.exp >= before + 749 - 1 && p.exp <= after + 749 + 1, `exp ${p.exp}`);
  assert.equal(p.jti, b.jti);
  assert.equal(p.tenant_id, b.tenant_id);
  assert.equal(p.org, b.org);
  assert.equal(p.pod, b.pod);
  // Each token is distinct.
  const again = await post('/oauth/token', urlencoded(CREDS));
  assert.notEqual(again.body.jti, b.jti);
  assert.notEqual(again.body.access_token, b.access_token);
});

test('the JWT carries the user level in authorities', async () => {
  const t = await token(srv.base, 'c-admin', SECRET);
  const p = decodePart(t.split('.')[1]);
  assert.deepEqual(p.authorities, ['ORG_ADMIN']);
  assert.equal(p.identity_id, 'id-admin');
  assert.equal(p.user_name, 'Ada Admin');
  const c = decodePart((await token(srv.base, 'c-certadmin', SECRET)).split('.')[1]);
  assert.deepEqual(c.authorities, ['CERT_ADMIN']);
});

test('wrong secret and unknown client: 401 invalid_client', async () => {
  for (const body of [{ ...CREDS, client_secret: 'wrong' }, { ...CREDS, client_id: 'no-such-client' },
    { ...CREDS, client_secret: SECRET.toUpperCase() }]) {
    const r = await post('/oauth/token', urlencoded(body));
    assert.equal(r.status, 401, JSON.stringify(body));
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.equal(r.body.error, 'invalid_client');
    assert.equal(typeof r.body.error_description, 'string');
    assert.ok(r.body.error_description.length > 0);
    assert.equal(r.body.access_token, undefined);
  }
});

test('missing parameters: 400 invalid_request', async () => {
  const cases = [
    [{ client_id: 'c-m1', client_secret: SECRET }, /grant_type/],
    [{ grant_type: 'client_credentials', client_secret: SECRET }, /client_id/],
    [{ grant_type: 'client_credentials', client_id: 'c-m1' }, /client_secret/],
    [{ grant_type: 'client_credentials', client_id: 'c-m1', client_secret: '' }, /client_secret/],
    [{ grant_type: '', client_id: 'c-m1', client_secret: SECRET }, /grant_type/],
  ];
  for (const [body, re] of cases) {
    const r = await post('/oauth/token', urlencoded(body));
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.body.error, 'invalid_request', JSON.stringify(body));
    assert.match(r.body.error_description, re);
  }
  const empty = await post('/oauth/token');
  assert.equal(empty.status, 400);
  assert.equal(empty.body.error, 'invalid_request');
});

test('unsupported grant types: 400 unsupported_grant_type', async () => {
  for (const g of ['password', 'authorization_code', 'refresh_token', 'nonsense']) {
    const r = await post('/oauth/token', urlencoded({ ...CREDS, grant_type: g }));
    assert.equal(r.status, 400, g);
    assert.equal(r.body.error, 'unsupported_grant_type', g);
    assert.equal(typeof r.body.error_description, 'string');
  }
});

test('a JSON body is not a token request: 400 invalid_request', async () => {
  const r = await post('/oauth/token', { headers: { 'content-type': 'application/json' }, body: JSON.stringify(CREDS) });
  assert.equal(r.status, 400);
  assert.equal(r.body.error, 'invalid_request');
  assert.equal(typeof r.body.error_description, 'string');
});

test('GET /oauth/token is 405', async () => {
  const r = await call(srv.base, '/oauth/token' + qs(CREDS));
  assert.equal(r.status, 405);
  assert.equal(r.headers.get('allow'), 'POST');
});

test('a token is accepted on /beta/certifications and identifies its caller', async () => {
  const t = await token(srv.base, 'c-m1', SECRET);
  const r = await certsWith(t);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.map((c) => c.id).sort(), ['cert-1', 'cert-4']);
  const lower = await call(srv.base, '/beta/certifications', { headers: { authorization: `bearer ${t}` } });
  assert.equal(lower.status, 200, 'the auth scheme is case-insensitive (RFC 7235)');
});

test('a token survives a server restart on the same store', async () => {
  const own = await startServer({ doc, args: ['--rate-limit', 'off'] });
  let second;
  try {
    const t = await token(own.base, 'c-m2', SECRET);
    assert.equal((await certsWith(t, own.base)).status, 200);
    await own.stop();
    second = await serveOn(own.db, ['--rate-limit', 'off']);
    const r = await certsWith(t, second.base);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.map((c) => c.id).sort(), ['cert-2', 'cert-3', 'cert-5']);
    // A token from another store (another signing key) is refused here.
    const foreign = await token(srv.base, 'c-m2', SECRET);
    const f = await certsWith(foreign, second.base);
    assert.equal(f.status, 401);
    assert.match(f.body.error, /^JWT validation failed: /);
  } finally {
    if (second) await second.stop();
    await own.stop();
    own.cleanup();
  }
});

test('--token-ttl sets expires_in and exp; an expired token is 401', async () => {
  const s = await startServer({ doc, args: ['--rate-limit', 'off', '--token-ttl', '1'] });
  try {
    const r = await post('/oauth/token', urlencoded(CREDS), s.base);
    assertTokenOk(r);
    assert.equal(r.body.expires_in, 1);
    const p = decodePart(r.body.access_token.split('.')[1]);
    const now = Date.now() / 1000;
    assert.ok(p.exp <= Math.ceil(now) + 1 && p.exp >= Math.floor(now) - 1, `exp ${p.exp} now ${now}`);
    await sleep(2200);
    const e = await certsWith(r.body.access_token, s.base);
    assert.equal(e.status, 401);
    assert.match(e.body.error, /^JWT validation failed: .*expired/i);
    assert.equal(e.headers.get('www-authenticate'), 'Bearer');
  } finally {
    await s.stop();
    s.cleanup();
  }
  const t = await startServer({ doc, args: ['--rate-limit', 'off', '--token-ttl', '3600'] });
  try {
    const r = await post('/oauth/token', urlencoded(CREDS), t.base);
    assert.equal(r.body.expires_in, 3600);
    const p = decodePart(r.body.access_token.split('.')[1]);
    assert.ok(Math.abs(p.exp - (Date.now() / 1000 + 3600)) < 5, `exp ${p.exp}`);
  } finally {
    await t.stop();
    t.cleanup();
  }
});

test('a token signed with another key is 401', async () => {
  const real = await token(srv.base, 'c-admin', SECRET);
  const [h, p] = real.split('.');
  const key = randomBytes(32);
  const sig = createHmac('sha256', key).update(`${h}.${p}`).digest('base64url');
  const r = await certsWith(`${h}.${p}.${sig}`);
  assert.equal(r.status, 401);
  assert.match(r.body.error, /^JWT validation failed: /);
  // Same key, but claims changed (privilege escalation attempt).
  const claims = decodePart(p);
  const forged = b64url(JSON.stringify({ ...claims, identity_id: 'id-m1' }));
  const r2 = await certsWith(`${h}.${forged}.${real.split('.')[2]}`);
  assert.equal(r2.status, 401);
  // The genuine token works, so the 401s come from the signature.
  assert.equal((await certsWith(real)).status, 200);
});

test('an alg "none" token is 401', async () => {
  const real = await token(srv.base, 'c-admin', SECRET);
  const [, p, s] = real.split('.');
  for (const header of [{ alg: 'none', typ: 'JWT' }, { alg: 'NONE', typ: 'JWT' }, { typ: 'JWT' }]) {
    const h = b64url(JSON.stringify(header));
    for (const t of [`${h}.${p}.`, `${h}.${p}`, `${h}.${p}.${s}`]) {
      const r = await certsWith(t);
      assert.equal(r.status, 401, `${JSON.stringify(header)} ${t.split('.').length}`);
      assert.match(r.body.error, /^JWT validation failed: /);
    }
  }
});

test('the log never holds a client secret or an access token', async () => {
  const s = await startServer({ doc, args: ['--rate-limit', 'off'] });
  const wrong = 'Wr0ng-s3cret-xyz';
  const tokens = [];
  try {
    let r = await post('/oauth/token' + qs(CREDS), {}, s.base);
    assertTokenOk(r);
    tokens.push(r.body.access_token);
    r = await post('/oauth/token' + qs({ grant_type: 'client_credentials' }),
      urlencoded({ client_id: 'c-admin', client_secret: SECRET }), s.base);
    tokens.push(r.body.access_token);
    r = await post('/oauth/token', multipart({ ...CREDS, client_id: 'c-m2' }), s.base);
    tokens.push(r.body.access_token);
    r = await post('/oauth/token' + qs({ ...CREDS, client_secret: wrong }), {}, s.base);
    assert.equal(r.status, 401);
    r = await post('/oauth/token', urlencoded({ ...CREDS, client_secret: wrong }), s.base);
    assert.equal(r.status, 401);
    r = await post('/oauth/token' + qs({ grant_type: 'password', client_id: 'c-m1', client_secret: wrong }), {}, s.base);
    assert.equal(r.status, 400);
    r = await call(s.base, '/oauth/token' + qs(CREDS));
    assert.equal(r.status, 405);
    for (const t of tokens) {
      assert.equal((await call(s.base, '/beta/certifications', { tok: t, query: { access_token: t } })).status, 200);
      assert.equal((await call(s.base, '/beta/nothing', { tok: t })).status, 404);
    }
    const tampered = tokens[0].slice(0, -3) + 'AAA';
    assert.equal((await call(s.base, '/beta/certifications', { tok: tampered })).status, 401);
  } finally {
    await s.stop();
  }
  try {
    const log = s.log;
    assert.match(log, /POST \/oauth\/token 200/, 'requests are logged');
    assert.match(log, /POST \/oauth\/token 401/);
    for (const secret of [SECRET, wrong, encodeURIComponent(SECRET), encodeURIComponent(wrong)]) {
      assert.ok(!log.includes(secret), `log holds secret ${secret}`);
    }
    for (const t of tokens) {
      for (const part of t.split('.').slice(1)) assert.ok(!log.includes(part), 'log holds a token part');
    }
  } finally {
    s.cleanup();
  }
});
