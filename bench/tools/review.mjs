#!/usr/bin/env node
// review: the decide and sign-off benchmarks (workloads 8 and 9) on the
// 250-item certifications of gen-review.mjs.
//
//   node review.mjs BASE_URL TOKEN META.json SERVER_PID DECIDE_N AGAIN_N SIGNOFF_N [STORE.db]
//
// One request at a time (closed loop, keep-alive), timed from sending the
// request to the last byte of the answer:
//
//   decide, distinct: DECIDE_N certifications, each decided once: one POST
//     .../decide of 250 ReviewDecisions (APPROVE and REVOKE alternating,
//     bulk true, a comment each) on a certification none of whose items was
//     decided yet;
//   decide, again: AGAIN_N times on the first of them, every item's
//     decision flipped each time (an item may be decided again until
//     sign-off, and each time all 250 rows change);
//   sign-off: SIGNOFF_N certifications (each alone in its campaign): decide
//     all 250 REVOKE (timed as "decide, 250 REVOKE"), then POST
//     .../sign-off, which schedules 250 removals that the workers carry out;
//     the time until the removals are done is taken twice: as the client
//     sees it (sign-off sent -> first poll of GET /recert/v1/campaigns/{id}/
//     remediations that shows all 250 rows `removed`) and as the server
//     wrote it (latest `removed` − `removeAt`, i.e. the sign-off time; ms
//     resolution). The poll is cheap (the campaign's last record, limit=1,
//     every POLL_MS ms, default 1); once it shows `removed` the 250 rows are
//     read in full and each must be removed, else polling goes on.
//
// Server CPU: the sum_exec_runtime (ns) of each of the server's threads
// (/proc/PID/task/*/schedstat), read before and after every request: the
// HTTP threads (libmicrohttpd's, named MHD-*) and the others (the workers,
// which carry out removals) apart. Machine CPU used by neither the server
// nor this process over each phase is reported as other load.
//
// SQLite checkpoints: with STORE.db, the WAL index (STORE.db-shm) is read
// around each decide and sign-off: its mxFrame (frames in the log) and
// nBackfill (frames copied back into the database by a checkpoint). A
// request during which nBackfill grew ran a checkpoint (SQLite's
// auto-checkpoint runs in the connection that commits past 1,000 frames),
// and such requests are counted and also left out in a second set of
// percentiles; frames per request are the log pages it wrote.
//
// Prints one line "BENCH_REVIEW {json}".
import { readFileSync, readdirSync, openSync, readSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import http from 'node:http';

const [base, token, metaFile, pidArg, decideArg, againArg, signoffArg, storeFile] = process.argv.slice(2);
const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
const PID = Number(pidArg);
const DECIDE = Number(decideArg), AGAIN = Number(againArg), SIGNOFF = Number(signoffArg);
const POLL_MS = Number(process.env.BENCH_POLL_MS || 1);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const url = new URL(base);
const now = () => Number(process.hrtime.bigint()) / 1e6;

function request(method, path, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? null : Buffer.from(JSON.stringify(body));
    const t0 = now();
    const req = http.request({ agent, host: url.hostname, port: url.port, method, path,
      headers: { Authorization: `Bearer ${token}`,
        ...(data ? { 'Content-Type': 'application/json', 'Content-Length': data.length } : { 'Content-Length': 0 }) } },
    (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => {
        const ms = now() - t0;
        const text = Buffer.concat(parts).toString();
        let json = null;
        try { json = JSON.parse(text); } catch { /* reported by the caller */ }
        resolve({ status: res.statusCode, headers: res.headers, json, text, ms, sent: data ? data.length : 0 });
      });
    });
    req.on('error', reject);
    req.setTimeout(30000, () => req.destroy(new Error(`timeout: ${method} ${path}`)));
    req.end(data ?? undefined);
  });
}
const expect = (r, status, what) => {
  if (r.status !== status) throw new Error(`${what}: HTTP ${r.status} ${r.text.slice(0, 400)}`);
  return r;
};

// Server CPU (ns) by thread kind.
function serverCpu() {
  let httpNs = 0, otherNs = 0;
  for (const t of readdirSync(`/proc/${PID}/task`)) {
    let comm, ss;
    try {
      comm = readFileSync(`/proc/${PID}/task/${t}/comm`, 'utf8');
      ss = readFileSync(`/proc/${PID}/task/${t}/schedstat`, 'utf8');
    } catch { continue; } // a thread that just ended
    const ns = Number(ss.split(' ')[0]);
    if (comm.startsWith('MHD')) httpNs += ns; else otherNs += ns;
  }
  return { http: httpNs, other: otherNs };
}
const delta = (a, b) => ({ http: (b.http - a.http) / 1e6, other: (b.other - a.other) / 1e6 }); // ms

// Machine busy ticks (all CPUs), for the other load of a phase.
const tck = 100; // USER_HZ
function machineTicks() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return f[0] + f[1] + f[2] + f[5] + f[6] + f[7]; // user nice system irq softirq steal
}
function phase() {
  const m0 = machineTicks(), c0 = serverCpu(), u0 = process.cpuUsage(), t0 = now();
  return () => {
    const seconds = (now() - t0) / 1000;
    const machineMs = (machineTicks() - m0) / tck * 1000;
    const d = delta(c0, serverCpu());
    const u = process.cpuUsage(u0);
    const clientMs = (u.user + u.system) / 1000;
    const other = Math.max(0, machineMs - d.http - d.other - clientMs) / (seconds * 1000) * 100;
    return { seconds: +seconds.toFixed(3), other_pct: Math.round(other),
      server_pct: Math.round((d.http + d.other) / (seconds * 1000) * 100), client_pct: Math.round(clientMs / (seconds * 1000) * 100) };
  };
}

// The WAL index header (sqlite3 wal.c: WalIndexHdr, twice, then
// WalCkptInfo), native byte order.
let shmFd = null;
function wal() {
  if (!storeFile) return null;
  try {
    if (shmFd === null) shmFd = openSync(`${storeFile}-shm`, 'r');
    const b = Buffer.alloc(100);
    if (readSync(shmFd, b, 0, 100, 0) < 100) return null;
    return { mxFrame: b.readUInt32LE(16), nBackfill: b.readUInt32LE(96) };
  } catch { return null; }
}
// What a request did to the log: frames written, and whether it checkpointed.
function walDelta(a, b) {
  if (!a || !b) return null;
  return { frames: b.mxFrame >= a.mxFrame ? b.mxFrame - a.mxFrame : b.mxFrame, checkpoint: b.nBackfill > a.nBackfill };
}

const r3 = (x) => +x.toFixed(3);
function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const pct = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p / 100 * s.length) - 1))];
  return { n: s.length, min: r3(s[0]), p50: r3(pct(50)), p90: r3(pct(90)), p99: r3(pct(99)), max: r3(s[s.length - 1]),
    mean: r3(s.reduce((a, b) => a + b, 0) / s.length) };
}

const decisions = (items, pick, comment) => items.map((id, i) => {
  const decision = pick(i);
  return { id, decision, bulk: true, comments: `${comment} ${decision.toLowerCase()} ${i}` };
});

// One decide, timed, with the server CPU it took.
async function decide(cert, body, lat, cpu, log) {
  const w0 = wal(), c0 = serverCpu();
  const r = expect(await request('POST', `/v3/certifications/${cert}/decide`, body), 200, `decide ${cert}`);
  const d = delta(c0, serverCpu());
  if (r.json.decisionsMade !== r.json.decisionsTotal) throw new Error(`decide ${cert}: ${r.json.decisionsMade} of ${r.json.decisionsTotal} decided`);
  lat.push(r.ms);
  cpu.push(d.http + d.other);
  log?.push({ ms: r.ms, wal: walDelta(w0, wal()) });
  return r;
}
// Checkpoints among a phase's requests, and the percentiles without them.
function ckpt(log) {
  const known = log.filter((x) => x.wal);
  if (!known.length) return undefined;
  const with_ = known.filter((x) => x.wal.checkpoint), without = known.filter((x) => !x.wal.checkpoint);
  return { requests: known.length, checkpoints: with_.length,
    checkpoint_ms: with_.length ? stats(with_.map((x) => x.ms)) : null,
    without_ms: without.length ? stats(without.map((x) => x.ms)) : null,
    frames: stats(without.map((x) => x.wal.frames)) };
}

async function main() {
  if (meta.decide.length < DECIDE || meta.signoff.length < SIGNOFF) throw new Error('the document has too few certifications');
  const result = { items: meta.items, poll_ms: POLL_MS };
  // Warm-up: the token, the connection.
  for (let i = 0; i < 5; i++) expect(await request('GET', `/v3/certifications/${meta.read.cert}`), 200, 'warm-up');

  // Decide, each on a certification not decided before.
  let lat = [], cpu = [], log = [], bytes = 0, end = phase();
  for (const c of meta.decide.slice(0, DECIDE)) {
    const body = decisions(c.items, (i) => (i % 2 ? 'REVOKE' : 'APPROVE'), 'bench:');
    bytes = (await decide(c.cert, body, lat, cpu, log)).sent;
  }
  if (DECIDE) result.decide_distinct = { latency_ms: stats(lat), cpu_ms: stats(cpu), request_bytes: bytes, wal: ckpt(log), ...end() };

  // Decide again, on the same certification, every decision flipped.
  lat = []; cpu = []; log = []; end = phase();
  const again = meta.decide[0];
  for (let k = 1; k <= AGAIN; k++) {
    await decide(again.cert, decisions(again.items, (i) => ((i + k) % 2 ? 'REVOKE' : 'APPROVE'), 'bench: again'), lat, cpu, log);
  }
  if (AGAIN) result.decide_again = { latency_ms: stats(lat), cpu_ms: stats(cpu), wal: ckpt(log), ...end() };

  // Sign-off with 250 revocations, then the removals.
  const revLat = [], revCpu = [], revLog = [], signLat = [], signCpu = [], signLog = [], seenMs = [], serverMs = [], workerCpu = [], polls = [];
  end = phase();
  for (const c of meta.signoff.slice(0, SIGNOFF)) {
    await decide(c.cert, decisions(c.items, () => 'REVOKE', 'bench: revoke'), revLat, revCpu, revLog);
    const rem = `/recert/v1/campaigns/${c.campaign}/remediations`;
    const before = +expect(await request('GET', `${rem}?limit=1&count=true`), 200, 'remediations').headers['x-total-count'];
    const w0 = wal(), c0 = serverCpu();
    const t0 = now();
    const s = expect(await request('POST', `/v3/certifications/${c.cert}/sign-off`), 200, `sign-off ${c.cert}`);
    const c1 = serverCpu();
    // (The worker may already be removing: its frames can show here.)
    signLog.push({ ms: s.ms, wal: walDelta(w0, wal()) });
    if (s.json.phase !== 'SIGNED') throw new Error(`sign-off ${c.cert}: phase ${s.json.phase}`);
    signLat.push(s.ms);
    signCpu.push(delta(c0, c1).http);
    let n = 0, rows = null;
    for (;;) {
      n++;
      const last = expect(await request('GET', `${rem}?offset=${before + meta.items - 1}&limit=1`), 200, 'remediations');
      if (last.json.length && last.json[0].removed) {
        rows = expect(await request('GET', `${rem}?offset=${before}&limit=${meta.items}`), 200, 'remediations').json;
        if (rows.length === meta.items && rows.every((x) => x.removed)) break;
      }
      if (now() - t0 > 60000) throw new Error(`removals of ${c.cert} not done after 60 s`);
      if (POLL_MS > 0) await sleep(POLL_MS);
    }
    seenMs.push(now() - t0);
    const c2 = serverCpu();
    workerCpu.push(delta(c0, c2).other);
    polls.push(n);
    if (rows.some((x) => x.certificationId !== c.cert || x.removeAt !== s.json.signed)) {
      throw new Error(`remediations of ${c.campaign}: rows of another sign-off (${JSON.stringify(rows[0])})`);
    }
    const signed = Date.parse(s.json.signed);
    serverMs.push(Math.max(...rows.map((x) => Date.parse(x.removed))) - signed);
  }
  if (SIGNOFF) {
    result.decide_revoke = { latency_ms: stats(revLat), cpu_ms: stats(revCpu), wal: ckpt(revLog) };
    result.signoff = { latency_ms: stats(signLat), cpu_ms: stats(signCpu), wal: ckpt(signLog), removed_seen_ms: stats(seenMs),
      removed_server_ms: stats(serverMs), removal_cpu_ms: stats(workerCpu), polls: stats(polls), ...end() };
  }
  console.log('BENCH_REVIEW ' + JSON.stringify(result));
  agent.destroy();
}

main().catch((e) => { console.error('review:', e.message); agent.destroy(); process.exit(1); });
