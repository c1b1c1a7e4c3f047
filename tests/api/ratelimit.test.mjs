// Rate limiting (--rate-limit N/S): SailPoint's 429 body and Retry-After,
// per-client-id budgets on the API, and the token endpoint limited per
// client id and per source address. Waits stay short (Retry-After only).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, call } from './lib.mjs';
import { doc, SECRET } from './fixture.mjs';
import { sleep } from './serve-on.mjs';

const LIMIT = 5;
const WINDOW = 2;
// Token requests hash a secret (slow on sanitizer builds): their tests use a
// long window so that six requests always fall into one window.
const TOKEN_WINDOW = 30;

// Two servers shared by the tests; every test uses its own client ids and
// source addresses, so no test eats another's budget.
let api, tok;
before(async () => {
  [api, tok] = await Promise.all([
    startServer({ doc, args: ['--rate-limit', `${LIMIT}/${WINDOW}`] }),
    startServer({ doc, args: ['--rate-limit', `${LIMIT}/${TOKEN_WINDOW}`] }),
  ]);
});
after(async () => {
  for (const s of [api, tok]) { await s.stop(); s.cleanup(); }
});
let nextAddr = 100;
// A token fetched from a fresh source address, leaving 127.0.0.1's budget alone.
async function freshToken(srv, clientId) {
  const r = await tokenFrom(srv, `127.0.0.${nextAddr++}`, clientId);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.access_token;
}

const list = (srv, tok) => call(srv.base, '/beta/certifications', { tok });

function assert429(r, what = '', window = WINDOW) {
  assert.equal(r.status, 429, `${what} ${JSON.stringify(r.body)}`);
  assert.deepEqual(r.body, { message: ' Rate Limit Exceeded ' });
  assert.match(r.headers.get('content-type') || '', /^application\/json/);
  const ra = r.headers.get('retry-after');
  assert.match(ra || '', /^\d+$/, 'Retry-After is integer seconds');
  assert.ok(Number(ra) >= 1 && Number(ra) <= window, `Retry-After ${ra}`);
  return Number(ra);
}

// POST /oauth/token from a chosen loopback source address (127.0.0.0/8).
function tokenFrom(srv, localAddress, clientId, secret = SECRET) {
  const url = new URL(`${srv.base}/oauth/token`);
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }).toString();
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress,
      agent: false,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        let parsed = text;
        try { parsed = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode, headers: new Headers(res.headers), body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('the request past the limit in a window is 429 with Retry-After', async () => {
  const srv = api;
  const m1 = await freshToken(srv, 'c-m1');
  for (let i = 1; i <= LIMIT; i++) {
    const r = await list(srv, m1);
    assert.equal(r.status, 200, `request ${i}`);
  }
  assert429(await list(srv, m1), 'request 6');
  // Still limited, on any beta endpoint.
  assert429(await call(srv.base, '/beta/certifications/cert-1/reviewers', { tok: m1 }), 'reviewers');
});

test('two client ids have separate budgets, even for the same identity\'s requests', async () => {
  const srv = api;
  const [m1, m2] = [await freshToken(srv, 'c-m2'), await freshToken(srv, 'c-g1')];
  for (let i = 0; i < LIMIT; i++) assert.equal((await list(srv, m1)).status, 200);
  assert429(await list(srv, m1));
  for (let i = 1; i <= LIMIT; i++) assert.equal((await list(srv, m2)).status, 200, `m2 request ${i}`);
  assert429(await list(srv, m2));
});

test('after waiting Retry-After seconds requests succeed again', async () => {
  const srv = api;
  const m1 = await freshToken(srv, 'c-helpdesk');
  for (let i = 0; i < LIMIT; i++) assert.equal((await list(srv, m1)).status, 200);
  const wait = assert429(await list(srv, m1));
  await sleep(wait * 1000 + 50);
  for (let i = 1; i <= LIMIT; i++) assert.equal((await list(srv, m1)).status, 200, `after wait ${i}`);
  assert429(await list(srv, m1));
});

test('/oauth/token is limited per client id', async () => {
  const srv = tok;
  // One request per source address, so only the client id budget counts.
  for (let i = 1; i <= LIMIT; i++) {
    const r = await tokenFrom(srv, `127.0.0.${10 + i}`, 'c-m1');
    assert.equal(r.status, 200, `token ${i}: ${JSON.stringify(r.body)}`);
  }
  const r = await tokenFrom(srv, '127.0.0.30', 'c-m1');
  assert429(r, 'token 6 for c-m1', TOKEN_WINDOW);
  assert.equal(r.body.access_token, undefined);
  // Another client id from a fresh address is not affected.
  assert.equal((await tokenFrom(srv, '127.0.0.31', 'c-s1')).status, 200);
});

test('/oauth/token is limited per source address (guessing secrets across client ids)', async () => {
  const srv = tok;
  const ids = ['c-admin', 'no-such-1', 'no-such-2', 'no-such-3', 'no-such-4'];
  for (const id of ids) {
    const r = await tokenFrom(srv, '127.0.0.50', id, id.startsWith('no-') ? 'guess' : SECRET);
    assert.equal(r.status, id.startsWith('no-') ? 401 : 200, id);
  }
  // The 6th from the same address, with a client id never used before.
  assert429(await tokenFrom(srv, '127.0.0.50', 'c-g1'), 'token 6 from one address', TOKEN_WINDOW);
  // The same client id from another address is fine.
  assert.equal((await tokenFrom(srv, '127.0.0.51', 'c-g1')).status, 200);
});

test('a limited token request with a correct secret gets no token; the API limit is separate', async () => {
  const srv = tok;
  const toks = [];
  for (let i = 0; i < LIMIT; i++) toks.push((await tokenFrom(srv, '127.0.0.60', 'c-certadmin')).body.access_token);
  assert429(await tokenFrom(srv, '127.0.0.60', 'c-certadmin'), 'token 6', TOKEN_WINDOW);
  // Token requests do not use the API budget of the client id.
  for (let i = 1; i <= LIMIT; i++) assert.equal((await list(srv, toks[0])).status, 200, `api ${i}`);
  assert429(await list(srv, toks[1]), 'any token of the same client id shares the budget', TOKEN_WINDOW);
});
