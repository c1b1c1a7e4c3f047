// Starts recertd on an EXISTING store (startServer in lib.mjs always makes a
// fresh temporary one). Used to restart a node on the same database, to hand
// queued tasks to a worker node, and to kill a node mid-task.
import { spawn } from 'node:child_process';
import { RECERTD } from './lib.mjs';

export async function serveOn(db, args = [], { timeoutMs = 15000 } = {}) {
  const child = spawn(RECERTD, ['serve', '--db', `sqlite:${db}`, '--listen', '127.0.0.1:0', ...args],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`recertd did not start:\n${log}`)), timeoutMs);
    const onData = () => {
      const m = /on (http:\/\/[\d.]+:\d+)/.exec(log);
      if (m) { clearTimeout(timer); child.stderr.off('data', onData); resolve(m[1]); }
    };
    child.stderr.on('data', onData);
    child.once('exit', (code, sig) => { clearTimeout(timer); reject(new Error(`recertd exited ${code ?? sig}:\n${log}`)); });
  });
  const exited = new Promise((r) => child.once('exit', (code, sig) => r(code ?? sig)));
  return {
    base, child,
    get log() { return log; },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
