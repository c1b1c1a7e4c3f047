// Starts recertd on an EXISTING store (startServer in lib.mjs always makes a
// fresh temporary one). Used to restart a node on the same database, to hand
// queued tasks to a worker node, and to kill a node mid-task.
import { spawn } from 'node:child_process';
import { RECERTD, storeUrl } from './lib.mjs';

// Spawns a node without waiting for it: `ready` resolves with its base URL
// (and rejects if it exits first); kill9() works at any moment.
export function spawnOn(db, args = [], { timeoutMs = 15000 } = {}) {
  const child = spawn(RECERTD, ['serve', '--db', storeUrl(db), '--listen', '127.0.0.1:0', ...args],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((r) => child.once('exit', (code, sig) => r(code ?? sig)));
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`recertd did not start:\n${log}`)), timeoutMs);
    const onData = () => {
      const m = /on (http:\/\/[\d.]+:\d+)/.exec(log);
      if (m) { clearTimeout(timer); child.stderr.off('data', onData); resolve(m[1]); }
    };
    child.stderr.on('data', onData);
    exited.then((how) => { clearTimeout(timer); reject(new Error(`recertd exited ${how}:\n${log}`)); });
  });
  ready.catch(() => {}); // a node killed before it is ready is not an error
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    child, ready,
    get log() { return log; },
    async stop() {
      if (alive()) child.kill('SIGTERM');
      return exited;
    },
    async kill9() {
      if (alive()) child.kill('SIGKILL');
      return exited;
    },
  };
}

// Starts a node and waits until it serves.
export async function serveOn(db, args = [], opts = {}) {
  const node = spawnOn(db, args, opts);
  node.base = await node.ready;
  return node;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
