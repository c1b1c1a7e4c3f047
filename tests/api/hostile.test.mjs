// Hostile clients, on loopback raw sockets (node:net): slow headers and
// bodies (Slowloris), oversized headers, URLs and bodies, malformed HTTP
// (including request-smuggling framings), a thousand idle connections, and
// a flood past the rate limit. After every phase the server is alive and
// answers, and its resident memory stays under an absolute bound.
//
// Every wait is bounded and every loop has a count; nothing asserts speed.
// RECERT_TEST_SLOW=1 (sanitizer builds) scales the counts down.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { startServer, token, call } from './lib.mjs';
import { doc, SECRET } from './fixture.mjs';
import { sleep } from './serve-on.mjs';

const SLOW = !!process.env.RECERT_TEST_SLOW;
const MAX_BODY = 4096;
const IDLE_CONNECTIONS = SLOW ? 300 : 1000;
const SLOW_CLIENTS = SLOW ? 8 : 20;
const TRICKLE_MS = 200;
const HANG_ROUNDS = 10;              // good-client requests while the slow ones hang
const FLOOD = 500;
const RATE = 50;
const RATE_WINDOW_S = 10;
// Deadlines: how long we wait for an answer before calling it missing.
const ANSWER_MS = SLOW ? 15000 : 8000;
// Resident memory bound (MiB). Sanitizer builds carry shadow memory and a
// quarantine of freed blocks, so their bound is larger.
const RSS_LIMIT_MB = SLOW ? 600 : 200;

let srv, lim, port, admin;

before(async () => {
  [srv, lim] = await Promise.all([
    startServer({ doc, args: ['--rate-limit', 'off', '--max-body', String(MAX_BODY), '--workers', '0', '--quiet'] }),
    startServer({ doc, args: ['--rate-limit', `${RATE}/${RATE_WINDOW_S}`, '--workers', '0', '--quiet'] }),
  ]);
  port = Number(new URL(srv.base).port);
  admin = await token(srv.base, 'c-admin', SECRET);
});
after(async () => {
  for (const s of [srv, lim]) {
    if (!s) continue;
    await s.stop();
    s.cleanup();
  }
});

// ---------------------------------------------------------------- helpers

function rssMb(s) {
  const status = readFileSync(`/proc/${s.child.pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+) kB/m.exec(status);
  assert.ok(m, 'VmRSS in /proc/<pid>/status');
  return Number(m[1]) / 1024;
}

// Parses complete HTTP/1.1 responses (all of ours carry Content-Length).
function parseResponses(buf) {
  const out = [];
  let at = 0;
  for (;;) {
    const end = buf.indexOf('\r\n\r\n', at, 'latin1');
    if (end < 0) break;
    const head = buf.subarray(at, end).toString('latin1').split('\r\n');
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(head[0]);
    if (!m) { out.push({ status: -1, head: head[0] }); break; }
    const headers = {};
    for (const line of head.slice(1)) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    const len = Number(headers['content-length'] || 0);
    if (buf.length < end + 4 + len) break;
    const text = buf.subarray(end + 4, end + 4 + len).toString('utf8');
    let body = text;
    try { body = JSON.parse(text); } catch { /* HTML from libmicrohttpd */ }
    out.push({ status: Number(m[1]), headers, body });
    at = end + 4 + len;
  }
  return out;
}

// Sends parts on a fresh connection and collects what comes back, until
// the server closes, `responses` responses are in (when stopAfter), or the
// deadline passes. Never rejects: errors are reported.
function exchange(parts, { deadlineMs = ANSWER_MS, stopAfter = 1, target = port } = {}) {
  return new Promise((resolve) => {
    const s = net.connect(target, '127.0.0.1');
    let data = Buffer.alloc(0);
    let error = null;
    let done = false;
    const finish = (closed) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.destroy();
      resolve({ responses: parseResponses(data), closed, error, raw: data.toString('latin1', 0, 300) });
    };
    const timer = setTimeout(() => finish(false), deadlineMs);
    s.on('data', (d) => {
      data = Buffer.concat([data, d]);
      if (stopAfter && parseResponses(data).length >= stopAfter) finish(false);
    });
    s.on('error', (e) => { error = e.code || String(e); });
    s.on('close', () => finish(true));
    s.on('connect', () => {
      for (const p of parts) s.write(p);
    });
  });
}

// A well-behaved GET on its own fresh connection, with a bounded wait.
function freshGet(path, tok, base = srv.base) {
  const url = new URL(path, base);
  return new Promise((resolve) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, agent: false,
      headers: tok ? { authorization: `Bearer ${tok}` } : {}, timeout: ANSWER_MS }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        let body = text;
        try { body = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode, headers: res.headers, body });
      });
    });
    req.on('timeout', () => req.destroy(new Error('no answer within the deadline')));
    req.on('error', (e) => resolve({ status: 0, error: e.message }));
    req.end();
  });
}

async function assertAlive(s = srv, what = '') {
  assert.equal(s.child.exitCode, null, `server exited (${s.child.exitCode}) ${what}\n${s.log}`);
  assert.equal(s.child.signalCode, null, `server killed by ${s.child.signalCode} ${what}\n${s.log}`);
  const tok = s === srv ? admin : await token(s.base, 'c-admin', SECRET);
  const r = await freshGet('/beta/certifications?filters=id+eq+%22cert-1%22', tok, s.base);
  assert.equal(r.status, 200, `server does not answer ${what}: ${r.error || JSON.stringify(r.body)}`);
  assert.deepEqual(r.body.map((c) => c.id), ['cert-1'], what);
}

function assertRss(s, what) {
  const mb = rssMb(s);
  assert.ok(mb < RSS_LIMIT_MB, `${what}: VmRSS ${mb.toFixed(1)} MiB >= ${RSS_LIMIT_MB} MiB`);
  return mb;
}

// A client that sends `head` and then one byte every TRICKLE_MS, forever
// (until stop). Records whether the server answered or closed.
function trickler(head, byte = 'a') {
  const s = net.connect(port, '127.0.0.1');
  const st = { answered: false, closed: false, error: null, sent: 0, s };
  let timer = null;
  s.on('connect', () => {
    s.write(head);
    timer = setInterval(() => { if (!st.closed) { s.write(byte); st.sent++; } }, TRICKLE_MS);
  });
  s.on('data', () => { st.answered = true; });
  s.on('error', (e) => { st.error = e.code; });
  s.on('close', () => { st.closed = true; clearInterval(timer); });
  st.stop = () => { clearInterval(timer); s.destroy(); };
  return st;
}

// The well-behaved client: HANG_ROUNDS requests, each on a fresh
// connection, spread over the time the hostile ones hang.
async function wellBehaved(what) {
  const results = [];
  for (let i = 0; i < HANG_ROUNDS; i++) {
    const r = await freshGet('/beta/certifications?count=true', admin);
    results.push(r.status === 200 && r.body.length === 5 ? 'ok' : `${r.status} ${r.error || ''}`);
    await sleep(TRICKLE_MS);
  }
  assert.deepEqual(results, Array(HANG_ROUNDS).fill('ok'), `${what}: the well-behaved client was not answered`);
}

// ---------------------------------------------------------------- slow clients

test('Slowloris: clients trickling header bytes do not keep a well-behaved client waiting', async () => {
  const slow = [];
  try {
    for (let i = 0; i < SLOW_CLIENTS; i++) {
      slow.push(trickler(`GET /beta/certifications HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow-${i}: `));
    }
    await sleep(TRICKLE_MS * 2);
    await wellBehaved('slow headers');
    // The slow requests are incomplete: nobody may have answered them.
    assert.equal(slow.filter((s) => s.answered).length, 0, 'an incomplete request was answered');
    assert.ok(slow.every((s) => s.sent > 0), 'every slow client got to trickle');
  } finally {
    for (const s of slow) s.stop();
  }
  await assertAlive(srv, 'after slow headers');
});

test('slow bodies: clients trickling body bytes do not keep a well-behaved client waiting; a slow body still completes', async () => {
  const form = `grant_type=client_credentials&client_id=c-m1&client_secret=${SECRET}`;
  const head = `POST /oauth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${form.length}\r\n\r\n`;
  const slow = [];
  try {
    for (let i = 0; i < SLOW_CLIENTS; i++) {
      // Trickle the start of the body a byte at a time ('&' keeps it a valid form).
      slow.push(trickler(head, '&'));
    }
    await sleep(TRICKLE_MS * 2);
    await wellBehaved('slow bodies');
    assert.equal(slow.filter((s) => s.answered).length, 0, 'an incomplete body was answered');
    assert.equal(slow.filter((s) => s.closed).length, 0, 'the server dropped a slow but live client');
  } finally {
    for (const s of slow) s.stop();
  }
  // One slow body, finished: it is a normal request in the end.
  const parts = [head];
  for (let i = 0; i < form.length; i += 8) parts.push(form.slice(i, i + 8));
  const r = await new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let data = Buffer.alloc(0);
    const timer = setTimeout(() => { s.destroy(); resolve(null); }, ANSWER_MS + parts.length * 50);
    s.on('data', (d) => {
      data = Buffer.concat([data, d]);
      const rs = parseResponses(data);
      if (rs.length) { clearTimeout(timer); s.destroy(); resolve(rs[0]); }
    });
    s.on('error', () => {});
    s.on('connect', async () => {
      for (const p of parts) { s.write(p); await sleep(50); }
    });
  });
  assert.ok(r, 'the slowly sent token request was never answered');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(typeof r.body.access_token, 'string');
  await assertAlive(srv, 'after slow bodies');
});

// ---------------------------------------------------------------- oversized

test('a 100 KiB header value: 431 or a closed connection; the server stays up', async () => {
  const big = 'h'.repeat(100 * 1024);
  const r = await exchange([`GET /beta/certifications HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${admin}\r\nX-Big: ${big}\r\n\r\n`]);
  if (r.responses.length) assert.equal(r.responses[0].status, 431, r.raw);
  else assert.ok(r.closed, `neither answered nor closed: ${r.raw}`);
  // Many small headers adding up to more than the connection memory.
  const many = Array.from({ length: 4000 }, (_, i) => `X-H${i}: vvvvvvvvvvvvvvvv\r\n`).join('');
  const r2 = await exchange([`GET /beta/certifications HTTP/1.1\r\nHost: x\r\n${many}\r\n`]);
  if (r2.responses.length) assert.equal(r2.responses[0].status, 431, r2.raw);
  else assert.ok(r2.closed, `neither answered nor closed: ${r2.raw}`);
  await assertAlive(srv, 'after oversized headers');
});

test('the longest filter the grammar allows, every byte percent-encoded, fits the default request memory', async () => {
  // 8,192 bytes of filter (FILTER_MAX_LEN) become ~24.6 KB of request line.
  const ids = [];
  let filter = 'id in ()';
  for (let i = 0; filter.length < 8192 - 40; i++) {
    ids.push(`"cert-${String(i).padStart(24, '0')}"`);
    filter = `id in (${ids.join(',')})`;
  }
  assert.ok(filter.length <= 8192 && filter.length > 8100, String(filter.length));
  const encoded = [...Buffer.from(filter)].map((b) => '%' + b.toString(16).padStart(2, '0')).join('');
  const r = await call(srv.base, `/beta/certifications?filters=${encoded}&sorters=-due,name`, { tok: admin });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body, []);
});

test('a 100 KiB URL: 414 or a closed connection; the server stays up', async () => {
  const big = 'u'.repeat(100 * 1024);
  for (const target of [`/beta/certifications?filters=${big}`, `/beta/certifications/${big}/reviewers`]) {
    const r = await exchange([`GET ${target} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${admin}\r\n\r\n`]);
    if (r.responses.length) assert.equal(r.responses[0].status, 414, r.raw);
    else assert.ok(r.closed, `neither answered nor closed: ${r.raw}`);
  }
  await assertAlive(srv, 'after oversized URLs');
});

function assert413(res, what) {
  assert.ok(res, `${what}: no answer`);
  assert.equal(res.status, 413, `${what}: ${JSON.stringify(res.body)}`);
  assert.match(res.headers['content-type'] || '', /^application\/json/, what);
  assert.equal(res.body.detailCode, '413 Payload Too Large', what);
  assert.match(res.body.trackingId, /^[0-9a-f]{32}$/, what);
  assert.equal(res.headers['slpt-request-id'], res.body.trackingId, what);
  assert.ok(Array.isArray(res.body.messages) && res.body.messages.length >= 1, what);
  assert.ok(Array.isArray(res.body.causes), what);
}

const REASSIGN = '/beta/certifications/cert-1/reassign-async';
const chunked = (body, size = 1024) => {
  const parts = [];
  for (let i = 0; i < body.length; i += size) {
    const c = body.slice(i, i + size);
    parts.push(`${c.length.toString(16)}\r\n${c}\r\n`);
  }
  parts.push('0\r\n\r\n');
  return parts;
};

test('a body over --max-body: 413 ErrorResponseDto, with Content-Length and chunked', async () => {
  const auth = `Authorization: Bearer ${admin}\r\nContent-Type: application/json\r\n`;
  // Content-Length over the limit: refused from the headers alone.
  let r = await exchange([`POST ${REASSIGN} HTTP/1.1\r\nHost: x\r\n${auth}Content-Length: ${MAX_BODY + 1}\r\n\r\n`, ' '.repeat(512)]);
  assert413(r.responses[0], 'Content-Length max+1');
  r = await exchange([`POST ${REASSIGN} HTTP/1.1\r\nHost: x\r\n${auth}Content-Length: ${50 * 1024 * 1024}\r\n\r\n`]);
  assert413(r.responses[0], 'Content-Length 50 MiB');
  // Chunked: the size is only known while reading.
  r = await exchange([`POST ${REASSIGN} HTTP/1.1\r\nHost: x\r\n${auth}Transfer-Encoding: chunked\r\n\r\n`, ...chunked(' '.repeat(16 * 1024))]);
  assert413(r.responses[0], 'chunked 16 KiB');
  r = await exchange([`POST ${REASSIGN} HTTP/1.1\r\nHost: x\r\n${auth}Transfer-Encoding: chunked\r\n\r\n`, ...chunked(' '.repeat(MAX_BODY + 1), 700)]);
  assert413(r.responses[0], 'chunked max+1');
  // Exactly --max-body is accepted (not 413): a valid body padded with spaces.
  const body = JSON.stringify({ reassign: [{ id: 'item-1', type: 'ITEM' }], reassignTo: 'id-m2', reason: 'max body' });
  const padded = body + ' '.repeat(MAX_BODY - body.length);
  r = await exchange([`POST ${REASSIGN} HTTP/1.1\r\nHost: x\r\n${auth}Content-Length: ${MAX_BODY}\r\n\r\n${padded}`]);
  assert.equal(r.responses[0] && r.responses[0].status, 200, `Content-Length = max: ${r.raw}`);
  assert.equal(r.responses[0].body.status, 'QUEUED');
  r = await exchange([`POST ${REASSIGN} HTTP/1.1\r\nHost: x\r\n${auth}Transfer-Encoding: chunked\r\n\r\n`, ...chunked(padded, 1000)]);
  assert.equal(r.responses[0] && r.responses[0].status, 200, `chunked = max: ${r.raw}`);
  // Without a token the size check still comes first, and nothing leaks.
  r = await exchange([`POST ${REASSIGN} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`, ...chunked('x'.repeat(8 * 1024))]);
  assert413(r.responses[0], 'chunked, no token');
  await assertAlive(srv, 'after oversized bodies');
});

// ---------------------------------------------------------------- malformed HTTP

// Each must end in a 400 (505 for a version we do not speak) or in the
// connection closing without any other answer. The server stays up.
const GET = (rest = '') => `GET /beta/certifications HTTP/1.1\r\nHost: x\r\n${rest}\r\n`;
// Known limits of the HTTP library, not of recertd: these cases run and
// report as "todo" until a libmicrohttpd that exposes them is available.
const MHD_LIMIT = 'libmicrohttpd 0.9.75 (Debian 12) cuts the request line and header lines at a NUL byte and drops a header with an empty name before recertd sees them';
const MALFORMED = [
  ['a garbage request line', ['HELLO WORLD\r\n\r\n']],
  ['binary (a TLS ClientHello)', [Buffer.from('160301020001000001fc0303' + '00'.repeat(32) + '0d0a0d0a', 'hex')]],
  ['no HTTP version', ['GET /beta/certifications\r\nHost: x\r\n\r\n']],
  ['HTTP/9.9', ['GET /beta/certifications HTTP/9.9\r\nHost: x\r\n\r\n'], [400, 505]],
  ['HTTP/2.0 in an HTTP/1 request line', ['GET /beta/certifications HTTP/2.0\r\nHost: x\r\n\r\n'], [400, 505]],
  ['a header line without a colon', [GET('NoColonHere\r\n')]],
  ['a header with an empty name', [GET(': value\r\n')], [400], MHD_LIMIT],
  ['whitespace between a header name and its colon (RFC 9112 5.1: MUST 400)', [GET('Authorization : Bearer x\r\n')]],
  ['a NUL byte in a header name', [GET('X-\0A: b\r\n')]],
  ['a NUL byte in a header value (RFC 9110 5.5: MUST reject or replace)', [GET('X-A: a\0b\r\n')], [400], MHD_LIMIT],
  ['a NUL byte in the request target', ['GET /beta/certifications\0/cert-1/reviewers HTTP/1.1\r\nHost: x\r\n\r\n'], [400], MHD_LIMIT],
  ['a NUL byte in the method', ['GE\0T /beta/certifications HTTP/1.1\r\nHost: x\r\n\r\n'], [400], MHD_LIMIT],
  ['a non-numeric Content-Length', ['POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n']],
  ['a negative Content-Length', ['POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n']],
  ['a bad chunk size', ['POST /oauth/token HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n']],
];

for (const [what, parts, allowed = [400], todo] of MALFORMED) {
  test(`malformed HTTP, ${what}: ${allowed.join(' or ')} or closed; the server stays up`, { todo }, async () => {
    const r = await exchange(parts, { stopAfter: 1 });
    const statuses = r.responses.map((x) => x.status);
    if (statuses.length) {
      assert.ok(allowed.includes(statuses[0]), `answered ${statuses.join(', ')}, expected ${allowed.join(' or ')}: ${r.raw}`);
    } else {
      assert.ok(r.closed, `neither answered nor closed within the deadline: ${r.raw}`);
    }
    await assertAlive(srv, `after ${what}`);
  });
}

// Request smuggling: a message whose length two parsers could read two
// ways must be refused (or answered once and the connection closed), never
// answered as two requests on one connection.
const SMUGGLED = `GET /beta/certifications HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer AUTH\r\n\r\n`;
const SMUGGLING = [
  ['two different Content-Length values (RFC 9112 6.3: MUST 400 and close)',
    (s) => [`POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\nContent-Length: ${s.length}\r\n\r\n${s}`]],
  ['Content-Length and Transfer-Encoding together (RFC 9112 6.1: MUST close after answering)',
    (s) => [`POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${5 + s.length}\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${s}`]],
];
for (const [what, build] of SMUGGLING) {
  test(`request smuggling, ${what}`, async () => {
    const r = await exchange(build(SMUGGLED.replace('AUTH', admin)), { stopAfter: 2, deadlineMs: SLOW ? 6000 : 3000 });
    const statuses = r.responses.map((x) => x.status);
    assert.ok(statuses.length <= 1, `the hidden request was answered too: ${statuses.join(', ')}`);
    if (statuses.length === 0) assert.ok(r.closed, 'neither answered nor closed');
    else assert.ok(statuses[0] === 400 || r.closed, `answered ${statuses[0]} and kept the connection open`);
    await assertAlive(srv, `after ${what}`);
  });
}

// ---------------------------------------------------------------- many connections

test(`${IDLE_CONNECTIONS} idle connections at once: a normal request still succeeds; memory stays bounded`, async (t) => {
  const before = assertRss(srv, 'before idle connections');
  const sockets = [];
  try {
    const opened = await Promise.all(Array.from({ length: IDLE_CONNECTIONS }, () => new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      sockets.push(s);
      const timer = setTimeout(() => resolve('timeout'), ANSWER_MS);
      s.on('connect', () => { clearTimeout(timer); resolve('ok'); });
      s.on('error', (e) => { clearTimeout(timer); resolve(e.code || 'error'); });
    })));
    const failed = opened.filter((x) => x !== 'ok');
    assert.equal(failed.length, 0, `connections not opened: ${[...new Set(failed)].join(', ')}`);
    // Half of them sent part of a request line; the rest nothing at all.
    sockets.forEach((s, i) => { if (i % 2) s.write('GET /beta/cert'); });
    await sleep(200);
    const r = await freshGet('/beta/certifications?count=true', admin);
    assert.equal(r.status, 200, `with ${IDLE_CONNECTIONS} idle connections: ${r.error || JSON.stringify(r.body)}`);
    assert.equal(r.headers['x-total-count'], '5');
    const during = assertRss(srv, `with ${IDLE_CONNECTIONS} idle connections open`);
    t.diagnostic(`VmRSS ${before.toFixed(1)} -> ${during.toFixed(1)} MiB`);
  } finally {
    for (const s of sockets) s.destroy();
  }
  await sleep(200);
  await assertAlive(srv, 'after idle connections closed');
  assertRss(srv, 'after idle connections closed');
});

// ---------------------------------------------------------------- rate-limit flood

test(`a flood of ${FLOOD} requests from one client id: 429 with Retry-After past ${RATE}/${RATE_WINDOW_S}s; another client id is unaffected`, async (t) => {
  const [flooder, other] = [await token(lim.base, 'c-m1', SECRET), await token(lim.base, 'c-m2', SECRET)];
  const before = assertRss(lim, 'before the flood');
  const statuses = [];
  const bad429 = [];
  let sent = 0;
  const started = Date.now();
  const worker = async () => {
    while (sent < FLOOD) {
      sent++;
      const r = await call(lim.base, '/beta/certifications', { tok: flooder });
      statuses.push(r.status);
      if (r.status === 429) {
        const ra = r.headers.get('retry-after');
        if (!/^\d+$/.test(ra || '') || Number(ra) < 1 || Number(ra) > RATE_WINDOW_S ||
          JSON.stringify(r.body) !== JSON.stringify({ message: ' Rate Limit Exceeded ' })) {
          bad429.push(`${ra} ${JSON.stringify(r.body)}`);
        }
      }
    }
  };
  // The second client asks while the flood is under way.
  const second = (async () => {
    const out = [];
    for (let i = 0; i < 10; i++) {
      await sleep(20);
      const r = await call(lim.base, '/beta/certifications', { tok: other });
      out.push(r.status);
    }
    return out;
  })();
  await Promise.all([...Array.from({ length: 16 }, worker), second]);
  const elapsedMs = Date.now() - started;
  const ok = statuses.filter((s) => s === 200).length;
  const limited = statuses.filter((s) => s === 429).length;
  assert.equal(statuses.length, FLOOD);
  assert.equal(ok + limited, FLOOD, `other statuses: ${[...new Set(statuses)].join(', ')}`);
  assert.deepEqual(bad429, [], '429 without a proper Retry-After or body');
  // A fixed window per client id: at most RATE per window the flood touched.
  const windows = 1 + Math.floor(elapsedMs / (RATE_WINDOW_S * 1000));
  assert.ok(ok >= RATE && ok <= RATE * windows, `${ok} answered 200 over ${windows} window(s)`);
  assert.ok(limited >= FLOOD - RATE * windows, `${limited} answered 429`);
  assert.deepEqual(await second, Array(10).fill(200), 'the second client id was limited');
  assertRss(lim, 'after the flood');
  t.diagnostic(`flood: ${ok} x 200, ${limited} x 429 in ${elapsedMs} ms; VmRSS before ${before.toFixed(1)} MiB`);
  await assertAlive(lim, 'after the flood');
  await assertAlive(srv, 'after the flood (other server)');
});

test('after everything: both servers alive, answering, memory bounded; they stop cleanly', async () => {
  for (const s of [srv, lim]) {
    await assertAlive(s, 'at the end');
    assertRss(s, 'at the end');
  }
  // SIGTERM: a clean exit (under ASan this is also where leaks would show).
  for (const s of [srv, lim]) {
    const code = await s.stop();
    assert.equal(code, 0, `exit status ${code}:\n${s.log}`);
    assert.doesNotMatch(s.log, /Sanitizer|runtime error/, 'a sanitizer report');
  }
});
