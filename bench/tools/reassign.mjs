#!/usr/bin/env node
// reassign: the asynchronous reassignment benchmark (workload 6).
//
//   node reassign.mjs BASE_URL TOKEN META.json RUNS BIG_SUSTAINED SMALL_SUSTAINED CONCURRENCY
//
// Latency: RUNS times, one after another, each on a distinct big
// certification: POST .../reassign-async with 500 ITEM refs, then poll
// GET .../tasks/{id} (every POLL_MS ms, keep-alive) until SUCCESS. Reports
// submit-to-SUCCESS as the client sees it (POST sent -> first poll that
// answers SUCCESS; resolution about POLL_MS + one poll) and the POST's own
// latency (validation of the 500 refs and the task insert). The task object
// of the API carries no timestamps, so there is no server-side view.
//
// Sustained: submits BIG_SUSTAINED 500-item tasks (then SMALL_SUSTAINED
// 4-item tasks), CONCURRENCY submissions in flight, each on a distinct
// certification, and waits until every task is SUCCESS; tasks/s = tasks /
// (last SUCCESS seen - first submission).
//
// Prints one line "BENCH_REASSIGN {json}".
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import http from 'node:http';

const [base, token, metaFile, runsArg, bigArg, smallArg, concArg] = process.argv.slice(2);
const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
const RUNS = Number(runsArg || 10), BIG = Number(bigArg || 0), SMALL = Number(smallArg || 0);
const CONC = Number(concArg || 4);
const POLL_MS = Number(process.env.BENCH_POLL_MS || 1);
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
const url = new URL(base);

function request(method, path, body) {
  return new Promise((resolve, reject) => {
    const data = body ? JSON.stringify(body) : null;
    const req = http.request({ agent, host: url.hostname, port: url.port, method, path,
      headers: { Authorization: `Bearer ${token}`, ...(data ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) } : {}) } },
    (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString();
        let json = null;
        try { json = JSON.parse(text); } catch { /* reported below */ }
        resolve({ status: res.statusCode, json, text });
      });
    });
    req.on('error', reject);
    req.setTimeout(30000, () => req.destroy(new Error('timeout')));
    if (data) req.write(data);
    req.end();
  });
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

async function submit(cert, items) {
  const body = { reassign: items.map((id) => ({ id, type: 'ITEM' })), reassignTo: meta.delegate, reason: 'bench' };
  const r = await request('POST', `/beta/certifications/${cert}/reassign-async`, body);
  if (r.status !== 202 && r.status !== 200) throw new Error(`reassign-async on ${cert}: ${r.status} ${r.text.slice(0, 300)}`);
  return r.json;
}

async function waitDone(cert, taskId, deadlineMs) {
  for (;;) {
    const r = await request('GET', `/beta/certifications/${cert}/tasks/${taskId}`);
    if (r.status !== 200) throw new Error(`task ${taskId}: ${r.status} ${r.text.slice(0, 300)}`);
    if (r.json.status === 'SUCCESS') return { t: now(), task: r.json };
    if (r.json.status === 'ERROR') throw new Error(`task ${taskId} failed: ${JSON.stringify(r.json.errors)}`);
    if (now() > deadlineMs) throw new Error(`task ${taskId} not done in time (status ${r.json.status})`);
    if (POLL_MS > 0) await sleep(POLL_MS);
  }
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const r2 = (x) => +x.toFixed(2);
  return { n: s.length, min: r2(s[0]), median: r2(s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2), max: r2(s[s.length - 1]) };
};

async function main() {
  const big = meta.big.slice();
  if (big.length < RUNS + BIG) throw new Error(`need ${RUNS + BIG} big certifications, the document has ${big.length}`);
  // Latency: one at a time.
  const total = [], post = [];
  for (let i = 0; i < RUNS; i++) {
    const c = big.shift();
    const t0 = now();
    const task = await submit(c.cert, c.items.slice(0, 500));
    const t1 = now();
    const done = await waitDone(c.cert, task.id, t0 + 60000);
    total.push(done.t - t0);
    post.push(t1 - t0);
  }
  const result = { runs: RUNS, items_per_task: 500, latency_ms: stats(total), post_ms: stats(post) };

  async function sustained(jobs) {
    // jobs: [{cert, items}]; CONC submissions in flight; then wait for all.
    const t0 = now();
    const submitted = [];
    let next = 0;
    await Promise.all(Array.from({ length: CONC }, async () => {
      while (next < jobs.length) {
        const j = jobs[next++];
        const task = await submit(j.cert, j.items);
        submitted.push({ cert: j.cert, id: task.id });
      }
    }));
    const tSubmitted = now();
    // Wait for completion of each (in submission order; polling is cheap
    // compared with the work), then take the time of the last SUCCESS.
    let last = 0;
    for (const s of submitted) {
      const d = await waitDone(s.cert, s.id, t0 + 600000);
      last = Math.max(last, d.t);
    }
    const seconds = (last - t0) / 1000;
    const items = jobs.reduce((a, j) => a + j.items.length, 0);
    return { tasks: jobs.length, items, seconds: +seconds.toFixed(3), submit_seconds: +((tSubmitted - t0) / 1000).toFixed(3),
      tasks_per_s: +(jobs.length / seconds).toFixed(1), items_per_s: Math.round(items / seconds) };
  }
  if (BIG > 0) result.sustained_big = await sustained(big.splice(0, BIG).map((c) => ({ cert: c.cert, items: c.items.slice(0, 500) })));
  if (SMALL > 0) {
    if (meta.small.length < SMALL) throw new Error(`need ${SMALL} small certifications, the document has ${meta.small.length}`);
    result.sustained_small = await sustained(meta.small.slice(0, SMALL).map((s) => ({ cert: s.cert, items: s.items })));
  }
  console.log('BENCH_REASSIGN ' + JSON.stringify(result));
  agent.destroy();
}

main().catch((e) => { console.error('reassign:', e.message); agent.destroy(); process.exit(1); });
