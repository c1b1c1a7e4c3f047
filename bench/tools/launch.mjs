#!/usr/bin/env node
// launch: starts a server and measures the time to its first answered request.
//
//   node launch.mjs HOST:PORT PATH LOG -- COMMAND ARGS...
//
// Spawns COMMAND detached (stdout and stderr appended to LOG), then tries, as
// fast as it can, to connect to HOST:PORT and send "GET PATH"; the first
// HTTP status line received ends the measurement (any status: a 401 is an
// answered request). Prints "BENCH_LAUNCH pid=PID ms=MS status=CODE" and exits,
// leaving the server running: the caller owns it and stops it by PID.
// Gives up (killing the child) after 30 s.
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import net from 'node:net';

const argv = process.argv.slice(2);
const sep = argv.indexOf('--');
if (sep !== 3 || argv.length < 5) {
  console.error('usage: launch.mjs HOST:PORT PATH LOG -- COMMAND ARGS...');
  process.exit(2);
}
const [addr, path, log] = argv;
const [host, port] = [addr.slice(0, addr.lastIndexOf(':')), Number(addr.slice(addr.lastIndexOf(':') + 1))];
const fd = openSync(log, 'a');

const t0 = process.hrtime.bigint();
const child = spawn(argv[4], argv.slice(5), { detached: true, stdio: ['ignore', fd, fd] });
child.on('exit', (code, sig) => {
  console.error(`launch: ${argv[4]} exited early (${code ?? sig}); see ${log}`);
  process.exit(1);
});
child.unref();

const giveUp = setTimeout(() => {
  console.error('launch: no answer in 30 s');
  try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ }
  process.exit(1);
}, 30000);

function attempt() {
  const s = net.connect({ host, port });
  let got = '';
  s.setNoDelay(true);
  s.on('connect', () => s.write(`GET ${path} HTTP/1.1\r\nHost: ${addr}\r\nConnection: close\r\n\r\n`));
  s.on('data', (d) => {
    got += d.toString('latin1');
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(got);
    if (m) {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      clearTimeout(giveUp);
      child.removeAllListeners('exit');
      s.destroy();
      console.log(`BENCH_LAUNCH pid=${child.pid} ms=${ms.toFixed(2)} status=${m[1]}`);
      process.exit(0);
    }
  });
  s.on('error', () => { /* retried on close */ });
  s.on('close', () => { if (!/^HTTP/.test(got)) setTimeout(attempt, 0.2); });
}
attempt();
