// Coverage for docs/compatibility.md, shared by the TypeScript SDK suites
// (tests/sdk/*.test.mjs). optest(name, operations, fn) is a test that
// records, when it ends, which operations it exercised and whether it
// passed (keys as scripts/sdk-matrix.mjs reads them: a beta operationId,
// `v3.` + a v3 one, `recert.` + one of recert's extensions). When the file's
// tests are done, its records are merged into build/sdk/typescript.json
// (SDK_REPORT_DIR).
//
// `node --test` runs every file in a process of its own, all children of
// one runner: records of the same runner (process.ppid) are merged, an
// older file is replaced. The report is complete only when every
// tests/sdk/*.test.mjs file of the run added a passing, unfiltered record.
import { test, after } from 'node:test';
import { mkdirSync, readFileSync, writeFileSync, readdirSync, existsSync, rmdirSync, renameSync } from 'node:fs';
import { join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { RECERTD } from '../api/lib.mjs';

// The operations this recertd serves, as report keys.
let servedKeys;
export function served(key) {
  if (!servedKeys) {
    servedKeys = new Set(JSON.parse(execFileSync(RECERTD, ['operations'], { encoding: 'utf8' }))
      .map((o) => (o.api === 'beta' ? o.operationId : `${o.api}.${o.operationId}`)));
  }
  return servedKeys.has(key);
}

export function reporter(fileUrl) {
  const file = basename(fileURLToPath(fileUrl));
  const opStats = {};
  let failed = false;
  function optest(name, opIds, fn) {
    const record = (ok) => {
      if (!ok) failed = true;
      for (const op of opIds) {
        const st = (opStats[op] ??= { passed: 0, failed: 0, tests: [] });
        st[ok ? 'passed' : 'failed'] += 1;
        if (!st.tests.includes(name)) st.tests.push(name);
      }
    };
    test(name, async (t) => {
      try { await fn(t); } catch (e) { record(false); throw e; }
      record(true);
    });
  }
  after(() => {
    const dir = process.env.SDK_REPORT_DIR || fileURLToPath(new URL('../../build/sdk', import.meta.url));
    mkdirSync(dir, { recursive: true });
    const out = join(dir, 'typescript.json');
    const lock = `${out}.lock`;
    for (let i = 0; ; i++) {
      try { mkdirSync(lock); break; } catch (e) {
        if (e.code !== 'EEXIST' || i > 500) throw e;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      }
    }
    try {
      const version = JSON.parse(readFileSync(new URL('./node_modules/sailpoint-api-client/package.json', import.meta.url))).version;
      let r = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : null;
      if (!r || r.run !== process.ppid) {
        r = { sdk: 'TypeScript', package: 'sailpoint-api-client', version, run: process.ppid, files: {}, operations: {} };
      }
      r.generated = new Date().toISOString();
      r.files[file] = { complete: !failed && !process.execArgv.some((a) => a.startsWith('--test-name-pattern')) };
      for (const [op, st] of Object.entries(opStats)) {
        const m = (r.operations[op] ??= { passed: 0, failed: 0, tests: [] });
        m.passed += st.passed;
        m.failed += st.failed;
        m.tests.push(...st.tests.filter((t) => !m.tests.includes(t)));
      }
      const all = readdirSync(fileURLToPath(new URL('.', import.meta.url))).filter((f) => f.endsWith('.test.mjs'));
      r.complete = all.every((f) => r.files[f]?.complete);
      writeFileSync(`${out}.tmp`, JSON.stringify(r, null, 2) + '\n');
      renameSync(`${out}.tmp`, out);
    } finally {
      rmdirSync(lock);
    }
  });
  return optest;
}
