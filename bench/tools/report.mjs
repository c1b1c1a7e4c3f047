#!/usr/bin/env node
// report: turns one run's measurements into a Markdown report (printed, and
// written to OUT.md): the read-workload table with the ratios to nginx and
// Prism, the other measurements, and each target of docs/performance.md
// with where recertd stands.
//
//   node report.mjs RESULTS.tsv EXTRAS.env OUT.md
import { readFileSync, writeFileSync } from 'node:fs';

const [resultsFile, extrasFile, outFile] = process.argv.slice(2);
const rows = readFileSync(resultsFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => {
  const [w, server, conns, rps, p50, p99, errors, cpu, rss, hwm, clientCpu, requests, before, other] = l.split('\t');
  return { w, server, conns: +conns, rps: +rps, p50: +p50, p99: +p99, errors: +errors, cpu: +cpu,
    rss: +rss, hwm: +hwm, clientCpu: +clientCpu, requests: +requests,
    before: before === undefined ? undefined : +before, other: other === undefined ? undefined : +other };
});
const ex = {};
for (const l of readFileSync(extrasFile, 'utf8').split('\n')) {
  const i = l.indexOf('=');
  if (i > 0) ex[l.slice(0, i)] = l.slice(i + 1);
}

const fmt = (n, d = 0) => (n === undefined || Number.isNaN(n) ? '–'
  : n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
const mb = (kb) => fmt(kb / 1024, 1);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const find = (w, server, conns) => rows.find((r) => r.w === w && r.server === server && r.conns === conns);
const NAMES = {
  1: 'W1 task status (small, 1 lookup)',
  2: 'W2 list, limit 250, filtered, sorted',
  3: `W3 as W2 + count=true, offset ${fmt(+ex.offset)}`,
  4: 'W4 reviewers of a group certification',
  5: 'W5 mixed, 50 tokens',
  10: 'W10 access-review-items, limit 250 (v3)',
};
// Server CPU per request, µs: the share of a core over the request rate.
const perReq = (x) => (x && x.rps > 0 ? fmt(x.cpu / 100 / x.rps * 1e6) : '–');
const out = [];
const p = (s = '') => out.push(s);

p(`# recertd benchmark — ${ex.date}`);
p();
p(`- Machine: ${ex.machine}`);
p(`- Software: ${ex.versions}`);
p(`- Setup: ${ex.setup}`);
p(`- recertd: ${ex.serve_cmd}`);
if (ex.busy_before !== undefined) {
  p(`- Other load on the machine with the servers idle: ${ex.busy_before} % of one core before the cells, ${ex.busy_after ?? '–'} % after`
    + (Math.max(+ex.busy_before, +(ex.busy_after ?? 0)) >= 15 ? ' — **the machine was not quiet: these numbers are skewed**' : ''));
}
p(`- Org: ${fmt(+ex.identities)} identities, ${fmt(+ex.certifications)} certifications, ${fmt(+ex.items)} review items `
  + (ex.store ? `(the store ${ex.store})` : '(recertd demo)'));
p();

const conns = [...new Set(rows.map((r) => r.conns))].sort((a, b) => a - b);
const workloads = [...new Set(rows.map((r) => r.w))].sort((a, b) => a - b);
// One cell's req/s (with its errors, if any) and a latency, or '–'.
const rate = (x) => (x ? fmt(x.rps) + (x.errors ? ` (${fmt(x.errors)} errors)` : '') : '–');
const lat = (x, v) => (x && x.requests > 0 ? fmt(v, 2) : '–');
if (rows.length) {
  p('## Read workloads');
  p();
  p('| workload | conn | recertd req/s | p50 ms | p99 ms | CPU % | CPU µs/req | RSS MB | nginx req/s | nginx p99 ms | Prism req/s | Prism p99 ms | recertd/nginx | recertd/Prism |');
  p('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const w of workloads) {
    for (const c of conns) {
      const r = find(w, 'recertd', c), n = find(w, 'nginx', c), pr = find(w, 'prism', c);
      if (!r && !n && !pr) continue;
      p(`| ${NAMES[w] ?? w} | ${c} | ${rate(r)} | ${lat(r, r?.p50)} | ${lat(r, r?.p99)} | ${r ? fmt(r.cpu) : '–'} | ${perReq(r)} | ${r ? mb(r.rss) : '–'} `
        + `| ${rate(n)} | ${lat(n, n?.p99)} | ${rate(pr)} | ${lat(pr, pr?.p99)} `
        + `| ${r && n ? fmt(r.rps / n.rps, 2) : '–'} | ${r && pr ? fmt(r.rps / pr.rps, 1) + '×' : '–'} |`);
    }
  }
  p();
  if (rows.some((r) => r.server === 'cold')) {
    p('The same requests to a second recertd on the same store with `--page-cache 0`: what a request costs when it is not '
      + 'a repeat of one answered since the data last changed (every request in the table above is such a repeat after the first).');
    p();
    p('| workload | conn | req/s | p50 ms | p99 ms | CPU % | CPU µs/req | RSS MB | /nginx | /Prism |');
    p('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const w of workloads) {
      for (const c of conns) {
        const r = find(w, 'cold', c), n = find(w, 'nginx', c), pr = find(w, 'prism', c);
        if (!r) continue;
        p(`| ${NAMES[w] ?? w} | ${c} | ${rate(r)} | ${lat(r, r.p50)} | ${lat(r, r.p99)} | ${fmt(r.cpu)} | ${perReq(r)} | ${mb(r.rss)} `
          + `| ${n ? fmt(r.rps / n.rps, 2) : '–'} | ${pr ? fmt(r.rps / pr.rps, 1) + '×' : '–'} |`);
      }
    }
    p();
  }
  p('Response bytes: ' + ['w1', 'w2', 'w3', 'w4', 'w10', 'r1', 'r2', 'r3'].filter((k) => ex['bytes_' + k])
    .map((k) => `${k} ${fmt(+ex['bytes_' + k])}`).join(', ') + ' (r1–r3: the reviewer requests of W5).');
  p();
  p('Server CPU is the share of one core used by the server process tree during the cell (utime+stime from /proc/PID/stat); '
    + 'RSS is VmRSS at the end of the cell. Client (wrk) CPU per cell: '
    + rows.map((r) => `W${r.w} ${r.server} c${r.conns} ${fmt(r.clientCpu)}%`).join(', ') + '.');
  p();
  if (rows.some((r) => r.before !== undefined)) {
    const busy = rows.filter((r) => r.before >= 15);
    p('Other load (CPU of other processes, % of one core) measured for 1 s before each cell with the servers idle, '
      + 'and during the cell as machine CPU not charged to the server or wrk (this includes interrupt time): '
      + rows.map((r) => `W${r.w} ${r.server} c${r.conns} ${fmt(r.before)}/${fmt(r.other)}`).join(', ') + '.'
      + (busy.length ? ` **${busy.length} cell(s) started with other processes using ≥ 15 % of a core: their numbers are skewed.**` : ''));
    p();
  }
}

// Workloads 8 and 9: decide and sign-off of 250-item certifications.
const rv = ex.review ? JSON.parse(ex.review) : null;
if (rv) {
  const o = ex.review_objects ? JSON.parse(ex.review_objects) : null;
  p('## Review workloads: decide and sign-off of 250-item certifications');
  p();
  p(`On the bench store itself (${fmt(+ex.certifications)} certifications`
    + (o ? ` + the ${fmt(o.certifications)} imported 250-item certifications: ${fmt(o.reviewItems)} items over assignments the store holds` : '')
    + `), one request at a time (keep-alive, client on the client CPU), recertd with its default workers. `
    + 'Latency from sending the request to the last byte of the answer; server CPU is the summed run time of '
    + "recertd's threads (/proc/PID/task/*/schedstat) read before and after each request.");
  p();
  p('| operation | runs | p50 ms | p90 ms | p99 ms | max ms | server CPU ms/op (mean, p50) | WAL frames/op | ran a checkpoint: n, p50 ms | p99 ms of the others | other load % |');
  p('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const line = (label, x, cpu, other, wal) => p(`| ${label} | ${fmt(x.n)} | ${fmt(x.p50, 2)} | ${fmt(x.p90, 2)} | ${fmt(x.p99, 2)} | ${fmt(x.max, 2)} `
    + `| ${cpu ? `${fmt(cpu.mean, 2)}, ${fmt(cpu.p50, 2)}` : '–'} | ${wal ? fmt(wal.frames.p50) : '–'} `
    + `| ${wal ? `${fmt(wal.checkpoints)}${wal.checkpoint_ms ? `, ${fmt(wal.checkpoint_ms.p50, 2)}` : ''}` : '–'} `
    + `| ${wal?.without_ms ? fmt(wal.without_ms.p99, 2) : '–'} | ${other ?? '–'} |`);
  if (rv.decide_distinct) line('W8 decide 250 (APPROVE/REVOKE alternating), each on a certification not decided before', rv.decide_distinct.latency_ms, rv.decide_distinct.cpu_ms, rv.decide_distinct.other_pct, rv.decide_distinct.wal);
  if (rv.decide_again) line('W8 decide 250 again, the same certification, every decision flipped', rv.decide_again.latency_ms, rv.decide_again.cpu_ms, rv.decide_again.other_pct, rv.decide_again.wal);
  if (rv.decide_revoke) line('W9 decide 250 REVOKE (before each sign-off)', rv.decide_revoke.latency_ms, rv.decide_revoke.cpu_ms, rv.signoff.other_pct, rv.decide_revoke.wal);
  if (rv.signoff) {
    const so = rv.signoff;
    line('W9 sign-off (250 removals scheduled); CPU: HTTP threads', so.latency_ms, so.cpu_ms, so.other_pct, so.wal);
    line(`W9 sign-off sent → all 250 removals seen \`removed\` (polled every ${rv.poll_ms} ms); CPU: the worker's`, so.removed_seen_ms, so.removal_cpu_ms, so.other_pct);
    line('W9 the rows\' `removed` − `removeAt` stamps (the worker stamps the time it began the batch)', so.removed_server_ms, null, so.other_pct);
  }
  p();
  p('WAL frames/op: 4 KB pages the request wrote to the write-ahead log (median over the requests that ran no checkpoint; '
    + "a sign-off's can include the worker's removals if they began before the answer was read). A request that ran a checkpoint "
    + "is one whose commit took the log past SQLite's auto-checkpoint threshold (1,000 frames): that connection copies the log "
    + 'back into the database and syncs both files before the request completes (seen in the WAL index, STORE-shm, read around each request).');
  p();
  if (rv.decide_distinct) p(`A decide request is ${fmt(rv.decide_distinct.request_bytes)} bytes of JSON. `
    + 'Other load: machine CPU not used by recertd or the driver during the phase, % of one core; '
    + `server / driver CPU over the phases: ${['decide_distinct', 'decide_again', 'signoff'].filter((k) => rv[k])
      .map((k) => `${k} ${rv[k].server_pct} % / ${rv[k].client_pct} %`).join(', ')}.`
    + (rv.signoff ? ` Polls per sign-off: median ${fmt(rv.signoff.polls.p50)}, max ${fmt(rv.signoff.polls.max)}.` : '')
    + (ex.review_removed ? ` After the runs none of the ${fmt(+ex.review_removed)} revoked assignments was held (checked in the store); importing the document again gave them back.` : '')
    + (ex.review_busy_before !== undefined ? ` Other processes used ${ex.review_busy_before} % of a core in the second before the phases` : '')
    + (+ex.review_attempts > 1 ? `; measured ${ex.review_attempts} times (the earlier attempts ran beside other load), the last is shown` : '')
    + (ex.review_hwm_kb ? `. Peak RSS of that recertd: ${mb(+ex.review_hwm_kb)} MB.` : '.'));
  p();
}

p('## Other measurements');
p();
const startup = (ex.startup_ms || '').split(' ').filter(Boolean).map(Number);
const idle = (ex.idle_rss_kb || '').split(' ').filter(Boolean).map(Number);
if (startup.length) p(`- Start-up to the first answered request (existing store, ${startup.length} starts): median ${fmt(median(startup), 1)} ms, max ${fmt(Math.max(...startup), 1)} ms (${startup.map((x) => fmt(x, 1)).join(', ')})`);
if (idle.length) p(`- Idle RSS 1 s after start: median ${mb(median(idle))} MB, max ${mb(Math.max(...idle))} MB`);
if (ex.load_hwm_kb) p(`- Peak RSS (VmHWM) of recertd over all read cells: ${mb(+ex.load_hwm_kb)} MB`);
if (ex.restarts) p(`- recertd was restarted ${ex.restarts} time(s) between cells: it was still working off queued requests 5 s after wrk stopped`);
let re = null;
if (ex.reassign) {
  re = JSON.parse(ex.reassign);
  p(`- Reassign 500 items, submit → SUCCESS seen by polling every 1 ms (${re.runs} runs, distinct certifications, one at a time): `
    + `min ${fmt(re.latency_ms.min, 1)} ms, median ${fmt(re.latency_ms.median, 1)} ms, max ${fmt(re.latency_ms.max, 1)} ms; `
    + `the POST itself (validates 500 refs, queues the task): median ${fmt(re.post_ms.median, 1)} ms, max ${fmt(re.post_ms.max, 1)} ms`);
  for (const [k, label] of [['sustained_big', '500-item'], ['sustained_small', 'small (≤ 4-item)']]) {
    const s = re[k];
    if (s) p(`- Sustained with 2 workers, ${fmt(s.tasks)} ${label} tasks on distinct certifications (4 submitters): `
      + `${fmt(s.tasks_per_s, 1)} tasks/s, ${fmt(s.items_per_s)} items/s (${fmt(s.seconds, 2)} s)`);
  }
  if (ex.reassign_hwm_kb) p(`- Peak RSS of recertd during the reassignment runs: ${mb(+ex.reassign_hwm_kb)} MB`);
}
if (ex.review_import_seconds) {
  const o = JSON.parse(ex.review_objects);
  p(`- Import of the review workloads' certifications into the bench store (\`--replace\`: ${fmt(o.campaigns)} campaigns, ${fmt(o.certifications)} certifications, `
    + `${fmt(o.reviewItems)} items, their ${fmt(o.assignments)} assignments already held): ${fmt(+ex.review_import_seconds, 1)} s`);
}
if (ex.import_seconds) {
  const o = JSON.parse(ex.import_objects);
  const objs = o.identities + o.certifications + o.reviewItems;
  p(`- Import (${fmt(+ex.import_doc_bytes / 1048576, 0)} MB document: ${fmt(o.identities)} identities, ${fmt(o.assignments)} assignments, `
    + `${fmt(o.certifications)} certifications, ${fmt(o.reviewItems)} review items): ${fmt(+ex.import_seconds, 1)} s, `
    + `${fmt(objs / +ex.import_seconds)} objects/s (identities + certifications + items; ${fmt((objs + o.assignments) / +ex.import_seconds)}/s with assignments), `
    + `peak RSS ${mb(+ex.import_maxrss_kb)} MB`);
}
if (ex.demo_seconds) {
  const objs = +ex.demo_identities + +ex.demo_certs + +ex.demo_items;
  p(`- Demo (${fmt(+ex.demo_identities)} identities → ${fmt(+ex.demo_certs)} certifications, ${fmt(+ex.demo_items)} items; `
    + `${fmt(+ex.demo_db_bytes / 1073741824, 2)} GB store${+ex.demo_peak_disk_bytes ? `, ${fmt(+ex.demo_peak_disk_bytes / 1073741824, 2)} GB on disk at the peak (store + write-ahead log)` : ''}): ${fmt(+ex.demo_seconds, 1)} s, ${fmt(objs / +ex.demo_seconds)} objects/s `
    + `(identities + certifications + items), peak RSS ${mb(+ex.demo_maxrss_kb)} MB (measured ${ex.demo_measured}, when the cached org was made)`);
}
p();

// Targets.
p('## Targets');
p();
p('| target | measured | |');
p('|---|---|---|');
const verdict = (ok) => (ok === undefined ? 'not measured' : ok ? 'met' : '**not met**');
const ratioTarget = (w, ref, min, label, server = 'recertd') => {
  for (const c of conns) {
    const r = find(w, server, c), n = find(w, ref, c);
    if (!r || !n) continue;
    const x = r.rps / n.rps;
    p(`| ${label} (c=${c}) | ${fmt(r.rps)} vs ${fmt(n.rps)} req/s = ${ref === 'prism' ? fmt(x, 1) + '×' : fmt(x * 100) + ' %'} | ${verdict(x >= min)} |`);
  }
};
ratioTarget('1', 'nginx', 0.5, 'W1 ≥ 50 % of nginx');
ratioTarget('2', 'nginx', 0.5, 'W2 ≥ 50 % of nginx (same bytes)');
ratioTarget('2', 'nginx', 0.5, 'W2 ≥ 50 % of nginx, without the page cache', 'cold');
for (const w of workloads) ratioTarget(w, 'prism', 20, `W${w} ≥ 20× Prism`);
for (const w of workloads) ratioTarget(w, 'prism', 20, `W${w} ≥ 20× Prism, without the page cache`, 'cold');
const scale = `${fmt(+ex.certifications)} certifications`;
for (const w of ['1', '2', '3', '4']) {
  const r = find(w, 'recertd', 32);
  if (r && r.requests === 0) p(`| W${w} p99 < 10 ms at 32 connections (${scale}) | no request completed in the cell | ${verdict(false)} |`);
  else if (r) p(`| W${w} p99 < 10 ms at 32 connections (${scale}) | ${fmt(r.p99, 2)} ms | ${verdict(r.p99 < 10)} |`);
  const k = find(w, 'cold', 32);
  if (k && k.requests > 0) p(`| W${w} p99 < 10 ms at 32 connections (${scale}), without the page cache | ${fmt(k.p99, 2)} ms | ${verdict(k.p99 < 10)} |`);
}
if (rv) {
  for (const [k, label] of [['decide_distinct', 'decide of 250 items p99 < 10 ms, distinct certifications'], ['decide_again', 'decide of 250 items p99 < 10 ms, deciding one certification again']]) {
    const x = rv[k];
    if (x) p(`| ${label} (${scale}) | p99 ${fmt(x.latency_ms.p99, 2)} ms (p50 ${fmt(x.latency_ms.p50, 2)}, max ${fmt(x.latency_ms.max, 2)}; ${fmt(x.cpu_ms.mean, 2)} ms CPU each) | ${verdict(x.latency_ms.p99 < 10)} |`);
  }
  if (rv.signoff) {
    const x = rv.signoff.latency_ms;
    p(`| sign-off of 250 revocations < 20 ms (${scale}) | p99 ${fmt(x.p99, 2)} ms (p50 ${fmt(x.p50, 2)}, max ${fmt(x.max, 2)}); removals done ${fmt(rv.signoff.removed_seen_ms.p50, 1)} ms after (p50; max ${fmt(rv.signoff.removed_seen_ms.max, 1)}) | ${verdict(x.p99 < 20)} |`);
  }
}
for (const c of conns) {
  const i = find('10', 'recertd', c);
  if (!i) continue;
  for (const [srv, label] of [['recertd', 'the certifications page (W2)'], ['cold', 'W2 without the page cache']]) {
    const w = find('2', srv, c);
    if (w) p(`| W10 ≥ 50 % of ${label}'s req/s (c=${c}) | ${fmt(i.rps)} vs ${fmt(w.rps)} req/s = ${fmt(i.rps / w.rps * 100)} %; CPU ${perReq(i)} vs ${perReq(w)} µs/req | ${verdict(i.rps / w.rps >= 0.5)} |`);
  }
}
if (re) p(`| 500-item reassignment done < 100 ms after submission | max ${fmt(re.latency_ms.max, 1)} ms (median ${fmt(re.latency_ms.median, 1)}) | ${verdict(re.latency_ms.max < 100)} |`);
if (idle.length) p(`| idle RSS < 20 MB | ${mb(Math.max(...idle))} MB | ${verdict(Math.max(...idle) < 20 * 1024)} |`);
if (ex.load_hwm_kb) p(`| RSS < 256 MB under load (${scale}) | peak ${mb(+ex.load_hwm_kb)} MB | ${verdict(+ex.load_hwm_kb < 256 * 1024)} |`);
if (startup.length) p(`| start-up to first answer < 100 ms | max ${fmt(Math.max(...startup), 1)} ms | ${verdict(Math.max(...startup) < 100)} |`);
p();
const text = out.join('\n');
writeFileSync(outFile, text + '\n');
console.log(text);
